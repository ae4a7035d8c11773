"""Documenting the groups: report templates, group reports, inputs, photos.

Templates are data: a ``ReportTemplate`` is an ordered list of
``TemplateSection``s (a help question, plain text or a list, required or
not). Arena ships four built-ins (data migration ``0002_builtin_templates``);
an organiser copies one into the arena and edits it, or makes a new one.

A ``GroupReport`` documents one group on the wall. Its section texts live in
``content`` (``{"<section pk>": "text" | ["item", …]}``); every save that
changes something makes a ``ReportRevision`` (who, when, the whole content),
and a save must name the revision it started from, so two editors never
silently overwrite each other (``reports.documentation.services.save_report``).

``Input``s (innspill) are first-class: what the arena produces and what the
report and later traceability work count.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arena.models import StoredImage


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
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind, default=SectionKind.TEXT)
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
    status = models.CharField(max_length=12, choices=ReportStatus, default=ReportStatus.DRAFT)
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
    addressee = models.CharField(_("addressed to"), max_length=12, choices=Addressee, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Cross-cutting themes (``sessions.models.Theme``, kind "cross") the
    # organiser attached this input to: their walls collect inputs from every group.
    themes = models.ManyToManyField(
        "programme.Theme", blank=True, related_name="inputs", verbose_name=_("themes")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self) -> str:
        return self.title


class Photo(StoredImage):
    """A photo of the group's big sheets, stored only in the sizes made on
    upload (never the original: it carries GPS and is 12 MP)."""

    report = models.ForeignKey(GroupReport, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
