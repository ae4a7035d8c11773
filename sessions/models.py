"""An arena's programme: agenda items per day, open-space sessions, spaces.

An open-space session is an ``AgendaItem`` of kind ``open_space``; its
``session_number`` (1, 2, 3 … across the whole arena, in time order) is the
first half of a topic's code ``<session>.<space>``. The number is kept by
``sessions.services.renumber_sessions`` whenever the agenda changes.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    BREAK = "break", _("Break")
    OPEN_SPACE = "open_space", _("Open-space session")
    # A council meeting (seed 001): a short introduction by named presenters,
    # then a discussion of it (``AgendaItem.follows``).
    INTRODUCTION = "introduction", _("Introduction")
    DISCUSSION = "discussion", _("Discussion")


class AgendaItemQuerySet(models.QuerySet):
    def sessions(self) -> "AgendaItemQuerySet":
        return self.filter(kind=ItemKind.OPEN_SPACE)

    def for_arena(self, arena) -> "AgendaItemQuerySet":
        return self.filter(day__arena=arena)


class AgendaItem(models.Model):
    day = models.ForeignKey(
        "arena.ArenaDay", on_delete=models.CASCADE, related_name="items", verbose_name=_("day")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind, default=ItemKind.PLENARY)
    title = models.CharField(_("title"), max_length=300)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    presenters = models.CharField(
        _("presenters"), max_length=300, blank=True, help_text=_("Optional; separate with commas.")
    )
    stream_url = models.URLField(_("stream link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    session_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # A discussion names the introduction it discusses (same day); deleting
    # the introduction keeps the discussion.
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussions",
        limit_choices_to={"kind": "introduction"},
        verbose_name=_("follows the introduction"),
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "start", "end", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} {self.title}"

    @property
    def is_session(self) -> bool:
        return self.kind == ItemKind.OPEN_SPACE

    def clean(self) -> None:
        """End after start; open-space sessions of one day never overlap.

        Two sessions at once would put two groups' topics under one time on
        the wall and make ``<session>.<space>`` codes ambiguous for people
        choosing a group.
        """
        if self.follows_id and self.kind != ItemKind.DISCUSSION:
            self.follows = None  # only a discussion follows an introduction
        if self.follows_id and (
            self.follows.kind != ItemKind.INTRODUCTION or self.follows.day_id != self.day_id
        ):
            raise ValidationError(
                {"follows": _("A discussion follows an introduction on the same day.")}
            )
        if self.start is None or self.end is None:
            return
        if self.end <= self.start:
            raise ValidationError({"end": _("The end time must be after the start time.")})
        if self.kind == ItemKind.OPEN_SPACE and self.day_id:
            clash = (
                AgendaItem.objects.sessions()
                .filter(day_id=self.day_id, start__lt=self.end, end__gt=self.start)
                .exclude(pk=self.pk)
                .first()
            )
            if clash:
                raise ValidationError(
                    _(
                        "This session overlaps “%(title)s” (%(start)s–%(end)s). "
                        "Open-space sessions on one day cannot overlap."
                    )
                    % {
                        "title": clash.title,
                        "start": f"{clash.start:%H:%M}",
                        "end": f"{clash.end:%H:%M}",
                    }
                )

    @property
    def presenter_list(self) -> list[str]:
        return [p.strip() for p in self.presenters.split(",") if p.strip()]

    @property
    def is_discussion(self) -> bool:
        return self.kind == ItemKind.DISCUSSION

    @property
    def is_introduction(self) -> bool:
        return self.kind == ItemKind.INTRODUCTION


def material_path(instance: "PresenterMaterial", filename: str) -> str:
    """Under MEDIA_ROOT's ``private/`` folder (never served as a static
    file: only through the material views, which check who asks), under a
    random name; the title keeps what people read."""
    return f"private/material/{secrets.token_urlsafe(12)}.pdf"


class PresenterMaterial(models.Model):
    """A presenter's slides or notes for an agenda item, as a PDF.

    Members read it on the arena page, observers on the observers' page of a
    council meeting. The file goes with the row (``arena.deletion.files_go_with``,
    connected below), by any path: a delete, a cascade from the item or the arena.
    """

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("PDF file"), upload_to=material_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("presenter's material")
        verbose_name_plural = _("presenters' material")

    def __str__(self) -> str:
        return self.title

    def stored_files(self) -> list[str]:
        return [self.file.name] if self.file else []


def cell_code(session: "AgendaItem", space: "Space") -> str:
    """The code of a cell of the wall, ``<session>.<space>`` ("2.3"): the one
    place it is formatted (``Group.code``, the wall's ``Cell.code``; read back
    by ``proposals.wall.parse_code``)."""
    return f"{session.session_number}.{space.number}"


class Space(models.Model):
    """A numbered table or room; the second half of a topic's code."""

    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="spaces")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "number"], name="space_unique_number")
        ]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")

    def __str__(self) -> str:
        return f"{self.number} – {self.name}" if self.name else str(self.number)


class ThemeKind(models.TextChoices):
    AREA = "area", _("Main area: groups belong to it")
    CROSS = "cross", _("Cross-cutting theme: inputs from every group")


class ReportPlace(models.TextChoices):
    """Where a cross-cutting theme's wall prints in the arena's report."""

    AFTER_DAYS = "after_days", _("After the days")
    BEFORE_APPENDICES = "before_appendices", _("Before appendix 1")
    APPENDIX = "appendix", _("As an appendix")


class Theme(models.Model):
    """A level above groups, ordered by hand by the organiser (``position``).

    A main area (``ThemeKind.AREA``, "Om arbeidsdeltakelse") holds groups
    (``proposals.Group.theme``) and asks a guiding question. A cross-cutting
    theme (``ThemeKind.CROSS``) collects inputs from every group
    (``reports.Input.themes``) on a wall of its own, printed in the report
    where ``report_place`` says. Deleting a theme never deletes what hangs on
    it: groups lose their theme (``SET_NULL``), inputs their link.
    """

    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="themes")
    kind = models.CharField(_("kind"), max_length=10, choices=ThemeKind, default=ThemeKind.AREA)
    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(
        _("guiding question"),
        max_length=500,
        blank=True,
        help_text=_("Optional: the question the groups of this theme work on."),
    )
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    report_place = models.CharField(
        _("place in the report"),
        max_length=20,
        choices=ReportPlace,
        default=ReportPlace.AFTER_DAYS,
        help_text=_("For a cross-cutting theme: where its wall prints in the report."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title

    @property
    def is_cross(self) -> bool:
        return self.kind == ThemeKind.CROSS


def _material_files_go_with_rows() -> None:
    # Connected here rather than in ``sessions.apps`` (not this change's file):
    # ``files_go_with`` only connects a post_delete receiver, safe at import.
    from arena.deletion import files_go_with  # arena.deletion loads the admin's collector

    files_go_with(PresenterMaterial, PresenterMaterial.stored_files)


_material_files_go_with_rows()


from sessions.signup_models import *  # noqa: E402,F401,F403
