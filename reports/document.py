"""The arena's report as a document: the organiser's text, the HTML, the PDF
versions, publishing.

- The text (``ArenaReportText``, its quotes and photos) is edited here; photos
  go through ``arena.images`` like the groups' photos (only the processed
  sizes are stored, never the original).
- :func:`report_html` renders ``templates/reports/arena_report.html`` from
  ``reports.assembly.assemble``: the same HTML is the preview (``for_pdf=False``:
  photos through the access-checked views) and the PDF's source (``for_pdf=True``:
  photos as ``/media/<print copy>``, read by ``arena.pdf.SafeFetcher``).
- :func:`start_generation` hashes the PDF's HTML; the same hash as the latest
  finished version of that language means nothing changed and that version is
  reused. Otherwise a ``ReportVersion`` (queued) is made and
  ``reports.tasks.generate_report_pdf`` enqueued; :func:`generate` (run by the
  task) updates status, progress and step while WeasyPrint works, and stores
  the PDF with its size and sha256 through the default storage.
- Publishing gives the chosen version a public, unguessable link
  (``/r/<token>/``, ``secrets.token_urlsafe(24)``); unpublishing forgets the
  token, so the old link is dead for good (404).
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
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena import images
from arena.models import Arena

from .assembly import ArenaReport, assemble
from .models import (
    ArenaReportText,
    ImagePlacement,
    ReportImage,
    ReportQuote,
    ReportVersion,
    VersionStatus,
)

logger = logging.getLogger(__name__)

TEMPLATE = "reports/arena_report.html"
PDF_VARIANT = "pdf/ua-1"
TEXT_FIELDS = ("title", "subtitle", "organisers", "date_text", "place", "introduction", "closing")
MARKDOWN_MAX = 20000
#: The progress row is written at most this often while WeasyPrint lays out pages.
PROGRESS_EVERY_S = 1.0


class DocumentError(Exception):
    """Something the organiser asked cannot be done; ``str()`` is for the user."""


def _fit(value: str, limit: int, field) -> str:
    """``value`` stripped if it fits in ``limit`` characters, else
    ``DocumentError`` naming the field and the limit: never cut to fit."""
    from django.utils.formats import number_format
    from django.utils.text import capfirst

    value = (value or "").strip()
    if len(value) > limit:
        raise DocumentError(
            _("“%(field)s” has %(length)s characters; it can have at most %(limit)s.")
            % {
                "field": capfirst(str(field)),
                "length": number_format(len(value), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    return value


def _label(model, name: str):
    return model._meta.get_field(name).verbose_name


# --- the text ---------------------------------------------------------------------


def text_for(arena: Arena) -> ArenaReportText:
    text, _created = ArenaReportText.objects.get_or_create(arena=arena)
    return text


@transaction.atomic
def save_text(
    arena: Arena, user, *, day_summaries: dict | None = None, **fields
) -> ArenaReportText:
    text = ArenaReportText.objects.select_for_update().get(pk=text_for(arena).pk)
    for name in TEXT_FIELDS:
        if name in fields:
            limit = (
                MARKDOWN_MAX
                if name in ("introduction", "closing")
                else ArenaReportText._meta.get_field(name).max_length
            )
            setattr(text, name, _fit(fields[name], limit, _label(ArenaReportText, name)))
    if day_summaries is not None:
        days = {str(pk) for pk in arena.days.values_list("pk", flat=True)}
        text.day_summaries = {
            str(k): _fit(v, MARKDOWN_MAX, _("day summary"))
            for k, v in day_summaries.items()
            if str(k) in days and (v or "").strip()
        }
    text.updated_at = timezone.now()
    text.updated_by = user
    text.save()
    return text


@transaction.atomic
def add_quote(arena: Arena, *, quote: str, name: str = "", role: str = "", anonymous=False):
    quote = (quote or "").strip()
    if not quote:
        raise DocumentError(_("Write the quote first."))
    text = text_for(arena)
    last = text.quotes.aggregate(m=Max("position"))["m"]
    return ReportQuote.objects.create(
        text=text,
        quote=_fit(quote, 2000, _label(ReportQuote, "quote")),
        name="" if anonymous else _fit(name, 120, _label(ReportQuote, "name")),
        role=_fit(role, 200, _label(ReportQuote, "role")),
        anonymous=bool(anonymous),
        position=0 if last is None else last + 1,
    )


def add_image(
    arena: Arena,
    uploaded,
    *,
    caption: str = "",
    credit: str = "",
    placement: str = ImagePlacement.INTRODUCTION,
    cover: bool = False,
) -> ReportImage:
    """Process an uploaded photo (``arena.images``) and keep its three sizes
    under ``arena-report/<arena pk>/``. Raises ``PhotoError`` for the user."""
    if placement not in ImagePlacement.values:
        placement = ImagePlacement.INTRODUCTION
    caption = _fit(caption, 300, _label(ReportImage, "caption"))
    credit = _fit(credit, 120, _label(ReportImage, "credit"))
    processed = images.process_photo(uploaded)
    names = images.save_processed(
        default_storage, secrets.token_urlsafe(9), processed, folder=f"arena-report/{arena.pk}"
    )
    try:
        with transaction.atomic():
            text = text_for(arena)
            last = text.images.aggregate(m=Max("position"))["m"]
            image = ReportImage.objects.create(
                text=text,
                web=names["web"],
                print_version=names["print"],
                thumb=names["thumb"],
                width=processed.width,
                height=processed.height,
                caption=caption,
                credit=credit,
                placement=placement,
                position=0 if last is None else last + 1,
            )
            if cover:
                ArenaReportText.objects.filter(pk=text.pk).update(cover=image)
            return image
    except Exception:
        for name in names.values():
            default_storage.delete(name)
        raise


@transaction.atomic
def update_image(image: ReportImage, *, caption: str, credit: str, placement: str, cover: bool):
    image.caption = _fit(caption, 300, _label(ReportImage, "caption"))
    image.credit = _fit(credit, 120, _label(ReportImage, "credit"))
    if placement in ImagePlacement.values:
        image.placement = placement
    image.save(update_fields=["caption", "credit", "placement"])
    text = image.text
    if cover and text.cover_id != image.pk:
        ArenaReportText.objects.filter(pk=text.pk).update(cover=image)
    elif not cover and text.cover_id == image.pk:
        ArenaReportText.objects.filter(pk=text.pk).update(cover=None)
    return image


@transaction.atomic
def delete_image(image: ReportImage) -> None:
    """Remove the row; its files follow after commit (``arena.deletion.files_go_with``)."""
    image.delete()


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


# --- versions ----------------------------------------------------------------------


def latest_done(arena: Arena, language: str | None = None) -> ReportVersion | None:
    qs = ReportVersion.objects.filter(arena=arena, status=VersionStatus.DONE)
    if language:
        qs = qs.filter(language=language)
    return qs.order_by("-number").first()


@dataclass
class Started:
    version: ReportVersion
    reused: bool  # True: nothing changed, ``version`` is an earlier one


def start_generation(arena: Arena, user, language: str) -> Started:
    """Queue a new PDF version of the report in ``language``, unless the
    content is the same as that of the latest version in that language (or of
    one already queued or running): then that version is returned."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise DocumentError(_("Choose one of the languages."))
    digest = content_hash(html_for(arena, language))
    with transaction.atomic():
        Arena.objects.select_for_update().filter(pk=arena.pk).first()
        same = (
            ReportVersion.objects.filter(arena=arena, language=language, content_hash=digest)
            .exclude(status=VersionStatus.FAILED)
            .order_by("-number")
            .first()
        )
        latest = latest_done(arena, language)
        if (
            same is not None
            and not same.is_stuck  # a stuck one is not "on its way": make a new one
            and (not same.is_finished or (latest and latest.pk == same.pk))
        ):
            return Started(version=same, reused=True)
        last = ReportVersion.objects.filter(arena=arena).aggregate(m=Max("number"))["m"] or 0
        version = ReportVersion.objects.create(
            arena=arena,
            number=last + 1,
            language=language,
            created_by=user,
            content_hash=digest,
            step=_("Waiting for a worker"),
        )
    _enqueue(version.pk)
    version.refresh_from_db()
    return Started(version=version, reused=False)


def _enqueue(version_pk: int) -> None:
    from .tasks import generate_report_pdf

    try:
        result = generate_report_pdf.enqueue(version_pk)
    except Exception as error:  # the queue is unreachable: say so on the page
        logger.exception("report: could not enqueue version %s", version_pk)
        _fail(version_pk, _("Could not queue the generation: %(error)s") % {"error": error})
    else:
        ReportVersion.objects.filter(pk=version_pk, task_id="").update(task_id=str(result.id)[:64])


def retry_generation(arena: Arena, version: ReportVersion) -> ReportVersion:
    """“Try again” for a failed version or a stuck one (``ReportVersion.is_stuck``):
    queue it again, as it is now. A run left behind by a worker that comes
    back to life writes nothing more (``_update``'s ``attempt``)."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk, arena=arena)
        if not version.can_retry:
            raise DocumentError(
                _("Version %(n)d is being made: wait a moment.") % {"n": version.number}
            )
        _update(
            version.pk,
            attempts=F("attempts") + 1,  # the run left behind (if any) is no longer the latest
            status=VersionStatus.QUEUED,
            progress=0,
            step=_("Waiting for a worker"),
            error="",
            finished_at=None,
            task_id="",
        )
    _enqueue(version.pk)
    version.refresh_from_db()
    return version


#: A status write is tried this many times, waiting WRITE_BACKOFF_S, then twice
#: as long … between tries ("database is locked", a dropped connection).
WRITE_ATTEMPTS = 5
WRITE_BACKOFF_S = 0.5


def _update(
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
    """``_update`` for writes that matter (claimed, done, failed): retried."""
    return _with_retries(lambda: _update(version_pk, **fields))


def _progress(version_pk: int, attempt: int | None, **fields) -> None:
    """Progress is for the eye: a write that fails is skipped, never the PDF."""
    try:
        _update(version_pk, attempt=attempt, **fields)
    except DatabaseError:
        logger.info("report: progress of version %s not written", version_pk, exc_info=True)


def _fail(
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
    from arena.pdf import render_pdf

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
        pdf = render_pdf(
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
    from pypdf import PdfReader

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
            _fail(version_pk, _reason(error), if_status=VersionStatus.QUEUED)
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
            _fail(version_pk, _reason(error), attempt=attempt)
        if not isinstance(error, Exception):
            raise


# --- publishing ----------------------------------------------------------------------


@transaction.atomic
def publish(arena: Arena, version: ReportVersion) -> ArenaReportText:
    if version.arena_id != arena.pk or version.status != VersionStatus.DONE:
        raise DocumentError(_("Only a finished version can be published."))
    text = ArenaReportText.objects.select_for_update().get(pk=text_for(arena).pk)
    if not text.public_token:
        text.public_token = secrets.token_urlsafe(24)
    text.published_version = version
    text.save(update_fields=["public_token", "published_version"])
    return text


@transaction.atomic
def unpublish(arena: Arena) -> None:
    ArenaReportText.objects.filter(arena=arena).update(public_token="", published_version=None)


def published_by_token(token: str) -> ReportVersion | None:
    if not token or len(token) < 20:
        return None
    text = (
        ArenaReportText.objects.select_related("published_version")
        .filter(public_token=token)
        .exclude(published_version=None)
        .first()
    )
    if text is None or not secrets.compare_digest(text.public_token, token):
        return None
    return text.published_version
