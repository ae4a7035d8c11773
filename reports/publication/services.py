"""The arena's report as a document: the organiser's text, its quotes and
photos, PDF versions, publishing.

- The text (``ArenaReportText``, its quotes and photos) is edited here; photos
  go through ``arena.images.store_upload`` like the groups' photos (only the
  processed sizes are stored, never the original).
- :func:`start_generation` hashes the PDF's HTML (``generation.html_for``);
  the same hash as the latest finished version of that language means nothing
  changed and that version is reused. Otherwise a ``ReportVersion`` (queued)
  is made and ``reports.publication.tasks.generate_report_pdf`` enqueued; the
  task runs ``generation.generate``.
- Publishing gives the chosen version a public, unguessable link
  (``/r/<token>/``, ``secrets.token_urlsafe(24)``); unpublishing forgets the
  token, so the old link is dead for good (404). Both write an audit line
  naming who did it (``arena_report.publish`` / ``arena_report.unpublish``).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arena import images
from arena.models import Arena, record_audit
from reports.documentation.services import check_length
from reports.models import (
    ArenaReportText,
    ImagePlacement,
    ReportImage,
    ReportQuote,
    ReportVersion,
    VersionStatus,
)

from .generation import content_hash, fail_version, html_for, update_version
from .tasks import generate_report_pdf

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "subtitle", "organisers", "date_text", "place", "introduction", "closing")
MARKDOWN_MAX = 20000


class DocumentError(Exception):
    """Something the organiser asked cannot be done; ``str()`` is for the user."""


def _fit(value: str, limit: int, field) -> str:
    """``value`` stripped if it fits in ``limit`` characters, else
    ``DocumentError`` naming the field and the limit: never cut to fit."""
    return check_length((value or "").strip(), limit, field, error=DocumentError)


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

    def write(upload: images.StoredUpload) -> ReportImage:
        text = text_for(arena)
        last = text.images.aggregate(m=Max("position"))["m"]
        image = ReportImage.objects.create(
            text=text,
            **upload.fields(),
            caption=caption,
            credit=credit,
            placement=placement,
            position=0 if last is None else last + 1,
        )
        if cover:
            ArenaReportText.objects.filter(pk=text.pk).update(cover=image)
        return image

    return images.store_upload(uploaded, write, folder=f"arena-report/{arena.pk}")


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
    try:
        result = generate_report_pdf.enqueue(version_pk)
    except Exception as error:  # the queue is unreachable: say so on the page
        logger.exception("report: could not enqueue version %s", version_pk)
        fail_version(version_pk, _("Could not queue the generation: %(error)s") % {"error": error})
    else:
        ReportVersion.objects.filter(pk=version_pk, task_id="").update(task_id=str(result.id)[:64])


def retry_generation(arena: Arena, version: ReportVersion) -> ReportVersion:
    """“Try again” for a failed version or a stuck one (``ReportVersion.is_stuck``):
    queue it again, as it is now. A run left behind by a worker that comes
    back to life writes nothing more (``update_version``'s ``attempt``)."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk, arena=arena)
        if not version.can_retry:
            raise DocumentError(
                _("Version %(n)d is being made: wait a moment.") % {"n": version.number}
            )
        update_version(
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


# --- publishing ----------------------------------------------------------------------


@transaction.atomic
def publish(arena: Arena, version: ReportVersion, user) -> ArenaReportText:
    if version.arena_id != arena.pk or version.status != VersionStatus.DONE:
        raise DocumentError(_("Only a finished version can be published."))
    text = ArenaReportText.objects.select_for_update().get(pk=text_for(arena).pk)
    if not text.public_token:
        text.public_token = secrets.token_urlsafe(24)
    text.published_version = version
    text.save(update_fields=["public_token", "published_version"])
    # The token (the secret part of the link) is not written down.
    record_audit(arena, user, "arena_report.publish", _audit_target(version))
    return text


@transaction.atomic
def unpublish(arena: Arena, user) -> None:
    text = (
        # of "self": PostgreSQL locks no row on the nullable side of the join
        ArenaReportText.objects.select_for_update(of=("self",))
        .select_related("published_version")
        .filter(arena=arena)
        .first()
    )
    if text is None or not (text.public_token or text.published_version_id):
        return  # nothing was public: nothing changes, no audit line
    version = text.published_version
    text.public_token, text.published_version = "", None
    text.save(update_fields=["public_token", "published_version"])
    target = _audit_target(version) if version is not None else ""
    record_audit(arena, user, "arena_report.unpublish", target)


def _audit_target(version: ReportVersion) -> str:
    return f"ReportVersion {version.pk}: {version.number} ({version.language})"


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
