"""The arena's report (issue 5): the organiser's text, its photos and
quotes, and the generated PDF versions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.models import StoredImage


class ArenaReportText(models.Model):
    """The organiser's own text of the arena's report: title page, introduction,
    a summary per day, the closing (Markdown, sanitised when shown). Everything
    else in the report is assembled from data (``reports.publication.assembly``)."""

    arena = models.OneToOneField(
        "arena.Arena", on_delete=models.CASCADE, related_name="report_text"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    organisers = models.CharField(_("organiser and partners"), max_length=500, blank=True)
    date_text = models.CharField(_("date"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), max_length=20000, blank=True)
    #: ``{"<ArenaDay pk>": "markdown"}``
    day_summaries = models.JSONField(default=dict, blank=True)
    closing = models.TextField(_("closing"), max_length=20000, blank=True)
    cover = models.ForeignKey(
        "ReportImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Set while published: the public link is ``/r/<token>/``.
    public_token = models.CharField(max_length=64, blank=True, db_index=True)
    published_version = models.ForeignKey(
        "ReportVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.title or str(self.arena)


class ImagePlacement(models.TextChoices):
    INTRODUCTION = "introduction", _("After the introduction")
    DAYS = "days", _("With the days")
    CLOSING = "closing", _("After the closing")


class ReportImage(StoredImage):
    """A photo in the report's own text (made by ``arena.images``: only the
    processed sizes are stored, never the original)."""

    text = models.ForeignKey(ArenaReportText, on_delete=models.CASCADE, related_name="images")
    placement = models.CharField(
        _("where"),
        max_length=20,
        choices=ImagePlacement,
        default=ImagePlacement.INTRODUCTION,
    )

    class Meta:
        ordering = ["position", "pk"]


class ReportQuote(models.Model):
    """A participant's voice: what they said, with name and role or anonymous."""

    text = models.ForeignKey(ArenaReportText, on_delete=models.CASCADE, related_name="quotes")
    quote = models.TextField(_("quote"), max_length=2000)
    name = models.CharField(_("name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.quote[:40]


class VersionStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportVersion(models.Model):
    """One generated PDF of the arena's report (or the run making it)."""

    arena = models.ForeignKey(
        "arena.Arena", on_delete=models.CASCADE, related_name="report_versions"
    )
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=5)
    status = models.CharField(max_length=10, choices=VersionStatus, default=VersionStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    #: sha256 of the assembled HTML: the same content makes the same hash.
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: The last sign of life: queued, claimed by a worker, progress, tried again.
    updated_at = models.DateTimeField(default=timezone.now)
    #: Counts starts by a worker and "Try again"s; a run writes only while it is the latest.
    attempts = models.PositiveSmallIntegerField(default=0)

    #: Queued or running without a sign of life for this long: shown as stuck,
    #: with "Try again" (``reports.publication.services.retry_generation``).
    STUCK_AFTER = datetime.timedelta(minutes=5)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "number"], name="report_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.arena} v{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in (VersionStatus.DONE, VersionStatus.FAILED)

    @property
    def is_stuck(self) -> bool:
        """Queued or running, but nothing has happened for ``STUCK_AFTER``
        (no worker, or a worker that died with it)."""
        return (
            self.status in (VersionStatus.QUEUED, VersionStatus.RUNNING)
            and self.updated_at is not None
            and timezone.now() - self.updated_at > self.STUCK_AFTER
        )

    @property
    def can_retry(self) -> bool:
        return self.status == VersionStatus.FAILED or self.is_stuck
