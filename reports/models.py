"""Documenting the groups: report templates, group reports, inputs, photos.

Templates are data: a ``ReportTemplate`` is an ordered list of
``TemplateSection``s (a help question, plain text or a list, required or
not). Arena ships four built-ins (data migration ``0002_builtin_templates``);
an organiser copies one into the arena and edits it, or makes a new one.

A ``GroupReport`` documents one group on the wall. Its section texts live in
``content`` (``{"<section pk>": "text" | ["item", …]}``); every save that
changes something makes a ``ReportRevision`` (who, when, the whole content),
and a save must name the revision it started from, so two editors never
silently overwrite each other (``reports.services.save_report``).

``Input``s (innspill) are first-class: what the arena produces and what the
report and later traceability work count.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SectionKind(models.TextChoices):
    TEXT = "text", _("Plain text")
    LIST = "list", _("A list")


class ReportTemplateQuerySet(models.QuerySet):
    def available_to(self, arena) -> "ReportTemplateQuerySet":
        """The built-ins and the arena's own templates."""
        return self.filter(models.Q(arena=None) | models.Q(arena=arena))


class ReportTemplate(models.Model):
    arena = models.ForeignKey(
        "arena.Arena",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_templates",
        help_text="Empty for the built-in templates every arena can use.",
    )
    key = models.SlugField(max_length=50, blank=True, help_text="Set on built-ins only.")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    action_sheet = models.BooleanField(
        _("add the action sheet"),
        default=False,
        help_text=_(
            "Immediate next step, who coordinates, date of the next meeting, who takes part."
        ),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["arena_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(arena=None) & ~models.Q(key=""),
                name="report_template_unique_builtin_key",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.arena_id is None


class TemplateSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=120)
    help_question = models.CharField(_("help question"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SectionKind.choices, default=SectionKind.TEXT
    )
    required = models.BooleanField(
        pgettext_lazy("report template section", "required"), default=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")


class GroupReport(models.Model):
    """The documentation of one group. It protects its group (``PROTECT``):
    nothing deletes a report by a cascade; the group must move instead."""

    group = models.OneToOneField("proposals.Group", on_delete=models.PROTECT, related_name="report")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="+")
    documenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documenting",
        verbose_name=_("support facilitator"),
    )
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    return_comment = models.TextField(_("comment"), blank=True)
    content = models.JSONField(default=dict, blank=True)
    action_sheet = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who moved the report along its workflow, and when (each change also
    # writes a line to the arena's audit trail).
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who has the report open right now (a heartbeat while editing), so a
    # second editor sees it before typing.
    editing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    editing_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group__session__session_number", "group__space__number"]
        verbose_name = _("group report")
        verbose_name_plural = _("group reports")

    #: What to do about a report that stops its group's delete (``arena.deletion``).
    deletion_hint = _(
        "A group report is never deleted with its group: move the group to another cell instead."
    )

    def __str__(self) -> str:
        return f"{self.group}"


class ReportRevision(models.Model):
    report = models.ForeignKey(GroupReport, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    action_sheet = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="revision_unique_number")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.report} r{self.number}"


class ReportParticipant(models.Model):
    """Who took part in the group (pre-filled from 'I'm going')."""

    report = models.ForeignKey(GroupReport, on_delete=models.CASCADE, related_name="participants")
    participant = models.ForeignKey(
        "arena.Participant", on_delete=models.CASCADE, related_name="reports"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "participant"], name="report_participant_once"
            )
        ]
        verbose_name = _("group report participant")
        verbose_name_plural = _("group report participants")

    def __str__(self) -> str:
        return f"{self.participant} in {self.report}"


class Addressee(models.TextChoices):
    NATIONAL = "national", _("National authorities")
    SERVICES = "services", _("The services")
    OWN = "own", _("Own organisation")


class Input(models.Model):
    """An input (innspill) to the strategy: the arena's product."""

    report = models.ForeignKey(GroupReport, on_delete=models.CASCADE, related_name="inputs")
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    addressee = models.CharField(
        _("addressed to"), max_length=12, choices=Addressee.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self) -> str:
        return self.title


class InputComment(models.Model):
    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="comments")
    participant = models.ForeignKey(
        "arena.Participant", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("on an input", "comment")
        verbose_name_plural = pgettext_lazy("on an input", "comments")

    def __str__(self) -> str:
        return self.text[:40]


class Photo(models.Model):
    """A photo of the group's big sheets, stored only in the sizes made on
    upload (never the original: it carries GPS and is 12 MP)."""

    report = models.ForeignKey(GroupReport, on_delete=models.CASCADE, related_name="photos")
    web = models.CharField(max_length=200)
    print_version = models.CharField(max_length=200)
    thumb = models.CharField(max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.web


class Vote(models.Model):
    """Dot-voting on the inputs (convergence)."""

    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="votes")
    title = models.CharField(_("title"), max_length=200)
    dots_per_participant = models.PositiveSmallIntegerField(_("dots per participant"), default=5)
    cap_per_input = models.PositiveSmallIntegerField(_("most dots on one input"), default=2)
    blind = models.BooleanField(_("hide results until closed"), default=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def results_visible(self) -> bool:
        return not self.blind or not self.is_open


class Dot(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="dots")
    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="dots")
    participant = models.ForeignKey("arena.Participant", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["vote", "participant"])]
        verbose_name = _("dot")
        verbose_name_plural = _("dots")

    def __str__(self) -> str:
        return f"{self.participant} → {self.input}"


# --- the arena's report (issue 5) ---------------------------------------------------


class ArenaReportText(models.Model):
    """The organiser's own text of the arena's report: title page, introduction,
    a summary per day, the closing (Markdown, sanitised when shown). Everything
    else in the report is assembled from data (``reports.assembly``)."""

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


class ReportImage(models.Model):
    """A photo in the report's own text (made by ``arena.images``: only the
    processed sizes are stored, never the original)."""

    text = models.ForeignKey(ArenaReportText, on_delete=models.CASCADE, related_name="images")
    web = models.CharField(max_length=200)
    print_version = models.CharField(max_length=200)
    thumb = models.CharField(max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    placement = models.CharField(
        _("where"),
        max_length=20,
        choices=ImagePlacement.choices,
        default=ImagePlacement.INTRODUCTION,
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.web


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
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.QUEUED
    )
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
    #: with "Try again" (``reports.document.retry_generation``).
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
