"""An arena's programme: agenda items per day, open-space sessions, spaces.

An open-space session is an ``AgendaItem`` of kind ``open_space``; its
``session_number`` (1, 2, 3 … across the whole arena, in time order) is the
first half of a topic's code ``<session>.<space>``. The number is kept by
``sessions.services.renumber_sessions`` whenever the agenda changes.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    BREAK = "break", _("Break")
    OPEN_SPACE = "open_space", _("Open-space session")


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
