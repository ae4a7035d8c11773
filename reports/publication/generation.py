"""Making one PDF version of the arena's report (run by the task
``reports.publication.tasks.generate_report_pdf``).

- :func:`report_html` renders ``templates/reports/arena_report.html`` from
  ``reports.publication.assembly.assemble``: the same HTML is the preview
  (``for_pdf=False``: photos through the access-checked views) and the PDF's
  source (``for_pdf=True``: photos as ``/media/<print copy>``, read by
  ``arena.pdf.SafeFetcher``).
- :func:`generate` updates status, progress and step while WeasyPrint works,
  and stores the PDF with its size and sha256 through the default storage.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena import pdf as pdf_renderer  # called through the module: tests replace render_pdf
from arena.models import Arena
from reports.models import ReportVersion, VersionStatus

from .assembly import ArenaReport, assemble

logger = logging.getLogger(__name__)

TEMPLATE = "reports/arena_report.html"
PDF_VARIANT = "pdf/ua-1"
#: The progress row is written at most this often while WeasyPrint lays out pages.
PROGRESS_EVERY_S = 1.0


# --- the HTML -----------------------------------------------------------------------


def report_html(report: ArenaReport, *, language: str, for_pdf: bool = True) -> str:
    """The report as one HTML document in ``language`` (any UI language)."""
    with translation.override(language):
        return render_to_string(
            TEMPLATE, {"report": report, "language": language, "for_pdf": for_pdf}
        )


def html_for(arena: Arena, language: str, *, for_pdf: bool = True) -> str:
    """Assemble and render in ``language`` (dates in the data are formatted in it too)."""
    with translation.override(language):
        return report_html(assemble(arena), language=language, for_pdf=for_pdf)


def content_hash(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


#: A status write is tried this many times, waiting WRITE_BACKOFF_S, then twice
#: as long … between tries ("database is locked", a dropped connection).
WRITE_ATTEMPTS = 5
WRITE_BACKOFF_S = 0.5


def update_version(
    version_pk: int, *, attempt: int | None = None, if_status: str | None = None, **fields
) -> int:
    """Write a version's fields and its sign of life, once. With ``attempt``,
    only while that run is the version's latest (a run left behind by "Try
    again" writes nothing); with ``if_status``, only while it has that status.
    Returns the number of rows written."""
    rows = ReportVersion.objects.filter(pk=version_pk)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    if if_status is not None:
        rows = rows.filter(status=if_status)
    return rows.update(updated_at=timezone.now(), **fields)


def _with_retries(work):
    """``work()``, tried again on database errors; the last error is raised."""
    for n in range(WRITE_ATTEMPTS):
        try:
            return work()
        except DatabaseError:
            if n == WRITE_ATTEMPTS - 1:
                raise
            logger.warning("report: database error, trying again", exc_info=True)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection: the next query opens a new one
            time.sleep(WRITE_BACKOFF_S * 2**n)


def _write(version_pk: int, **fields) -> int:
    """``update_version`` for writes that matter (claimed, done, failed): retried."""
    return _with_retries(lambda: update_version(version_pk, **fields))


def _progress(version_pk: int, attempt: int | None, **fields) -> None:
    """Progress is for the eye: a write that fails is skipped, never the PDF."""
    try:
        update_version(version_pk, attempt=attempt, **fields)
    except DatabaseError:
        logger.info("report: progress of version %s not written", version_pk, exc_info=True)


def fail_version(
    version_pk: int, message: str, *, attempt: int | None = None, if_status: str | None = None
) -> bool:
    """Mark the version failed with ``message`` (shown with "Try again").
    Never raises: False if even the retried write failed (the version then
    shows as stuck after ``ReportVersion.STUCK_AFTER``)."""
    try:
        _write(
            version_pk,
            attempt=attempt,
            if_status=if_status,
            status=VersionStatus.FAILED,
            error=message[:2000],
            step=_("Failed"),
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("report: could not mark version %s failed", version_pk)
        return False
    return True


def _reason(error: BaseException) -> str:
    """Why a version failed, for the organiser."""
    if isinstance(error, DatabaseError):
        return _("The database was busy or unreachable (%(error)s). Try again.") % {"error": error}
    if not isinstance(error, Exception):  # the worker was stopped
        return _("The worker was stopped while making it. Try again.")
    return f"{type(error).__name__}: {error}"


class _Progress(logging.Handler):
    """Follows WeasyPrint's progress log ("Step 5 - Creating layout - Page 12")
    in this thread: records when each step started and moves the version's
    progress at most once a second."""

    def __init__(self, version_pk: int | None, pages_hint: int, attempt: int | None = None):
        super().__init__(logging.INFO)
        self.thread = threading.get_ident()
        self.version_pk = version_pk
        self.attempt = attempt
        self.pages_hint = max(1, pages_hint)
        self.marks: dict[str, float] = {}
        self.last_write = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if threading.get_ident() != self.thread:
            return
        message = record.getMessage()
        step = message.split(" - ")[0]  # "Step 5"
        self.marks.setdefault(step, time.perf_counter())
        if self.version_pk is None:
            return
        now = time.monotonic()
        if now - self.last_write < PROGRESS_EVERY_S and step != "Step 6":
            return
        self.last_write = now
        if step == "Step 5":
            try:
                page = int(message.rsplit("Page ", 1)[1].split()[0])
            except (IndexError, ValueError):
                page = 0
            percent = 30 + min(50, int(50 * page / self.pages_hint))
            text = _("Laying out page %(n)d") % {"n": page}
        elif step in ("Step 6", "Step 7"):
            percent, text = 85, _("Writing the PDF")
        else:
            percent, text = 25, _("Preparing the layout")
        _progress(self.version_pk, self.attempt, progress=percent, step=text)


@dataclass
class Rendered:
    pdf: bytes
    html: str
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


def render_report(
    arena: Arena,
    language: str,
    *,
    version_pk: int | None = None,
    attempt: int | None = None,
    **options,
) -> Rendered:
    """Assemble, render the HTML and make the PDF (tagged, PDF/UA-1, with the
    document's title and language). ``timings``: assembly, html, layout, write
    (seconds). With ``version_pk`` (and the run's ``attempt``), the version's
    progress follows."""
    t0 = time.perf_counter()
    with translation.override(language):
        report = assemble(arena)
        t1 = time.perf_counter()
        html = report_html(report, language=language)
        t2 = time.perf_counter()
    if version_pk:
        _progress(version_pk, attempt, progress=20, step=_("Preparing the layout"))
    hint = 12 + 2 * len(report.inputs) // 3 + 2 * len(report.reported_groups)
    progress = _Progress(version_pk, hint, attempt)
    progress_logger = logging.getLogger("weasyprint.progress")
    old_level, old_propagate = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(progress)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False  # one line per page: not for the worker's log
    try:
        pdf = pdf_renderer.render_pdf(
            html,
            title=report.title,
            lang=language,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            # No dpi/jpeg_quality by default: photos go in byte for byte as the
            # print copies made on upload (arena.images.PRINT_SIZE); those
            # options make WeasyPrint decode and re-encode every photo twice.
            **options,
        )
    finally:
        progress_logger.removeHandler(progress)
        progress_logger.setLevel(old_level)
        progress_logger.propagate = old_propagate
    t3 = time.perf_counter()
    write_start = progress.marks.get("Step 6", t3)
    from pypdf import PdfReader  # ~0.1 s to import: only the worker counts pages

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return Rendered(
        pdf=pdf,
        html=html,
        pages=pages,
        timings={
            "assembly": t1 - t0,
            "html": t2 - t1,
            "layout": write_start - t2,
            "write": t3 - write_start,
        },
    )


def generate(version_pk: int) -> None:
    """The work of one version (run by the task): render, store, record.

    Never leaves a version "queued" or "running" for good and never raises
    an ``Exception`` into the worker: any error, a database error included
    ("database is locked"), marks the version failed with its reason
    (status writes are retried); if even that cannot be written, the version
    shows as stuck after ``ReportVersion.STUCK_AFTER``. Either way the
    organiser sees it and can try again (``retry_generation``).
    """
    language = None
    try:
        version = _with_retries(
            lambda: ReportVersion.objects.select_related("arena").filter(pk=version_pk).first()
        )
        if version is None or version.status != VersionStatus.QUEUED:
            return  # deleted, or already taken by another worker
        language = version.language
        attempt = version.attempts + 1
        with translation.override(language):
            claimed = _write(
                version_pk,
                attempt=version.attempts,
                if_status=VersionStatus.QUEUED,
                status=VersionStatus.RUNNING,
                attempts=attempt,
                progress=5,
                step=_("Assembling the report"),
            )
        if not claimed:
            return
    except Exception as error:
        logger.exception("report: version %s could not be started", version_pk)
        with translation.override(language or translation.get_language()):
            # Only a version still waiting: one this run never claimed may be done.
            fail_version(version_pk, _reason(error), if_status=VersionStatus.QUEUED)
        return
    name = ""
    try:
        with translation.override(language):
            rendered = render_report(
                version.arena, language, version_pk=version_pk, attempt=attempt
            )
            _progress(version_pk, attempt, progress=90, step=_("Storing the PDF"))
            digest = hashlib.sha256(rendered.pdf).hexdigest()
            name = default_storage.save(
                f"arena-report/{version.arena_id}/report-v{version.number}-"
                f"{secrets.token_urlsafe(9)}.pdf",
                ContentFile(rendered.pdf),
            )
            written = _write(
                version_pk,
                attempt=attempt,
                status=VersionStatus.DONE,
                progress=100,
                step=_("Done"),
                error="",
                file=name,
                size=len(rendered.pdf),
                pages=rendered.pages,
                sha256=digest,
                content_hash=content_hash(rendered.html),
                finished_at=timezone.now(),
            )
        if not written:  # tried again meanwhile: the newer run records its own PDF
            default_storage.delete(name)
    except BaseException as error:  # SystemExit too: the worker stopped mid-run
        logger.exception("report: version %s failed", version_pk)
        if name:
            try:
                default_storage.delete(name)
            except Exception:
                logger.exception("report: could not remove %s", name)
        with translation.override(language):
            fail_version(version_pk, _reason(error), attempt=attempt)
        if not isinstance(error, Exception):
            raise
