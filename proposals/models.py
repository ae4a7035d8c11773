"""Topics posted in the circle and their groups on the programme wall.

A ``Topic`` is what a participant (the convener) posts from a phone. Placed on
the wall it becomes a ``Group``: one cell (session × space), and the cell holds
one group only (a database constraint, so two facilitators racing for a cell
cannot both win). Topics merged into another ("1. OG 7.") share its group.
A topic's code ``<session>.<space>`` is derived from where its group sits now,
so it follows the group when it moves.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sessions.models import cell_code

TITLE_MAX = 200
DESCRIPTION_MAX = 2000


class TopicKind(models.TextChoices):
    NEW = "new", _("a) New topic")
    DEEPENING = "deepening", _("b) Deepening of an earlier input")
    IMPLEMENTATION = "implementation", _("c) Implementation proposal for an earlier input")


class TopicStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be read out")
    READ_OUT = "read_out", pgettext_lazy("topic status", "Read out")
    PLACED = "placed", _("On the wall")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not taken up")


class TopicQuerySet(models.QuerySet):
    def in_queue(self) -> "TopicQuerySet":
        return self.filter(status__in=[TopicStatus.WAITING, TopicStatus.READ_OUT])


class Topic(models.Model):
    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="topics")
    convener = models.ForeignKey(
        "arena.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("convener"),
    )
    convener_name = models.CharField(
        _("convener's name"),
        max_length=80,
        blank=True,
        help_text=_("Used when a facilitator posts on someone's behalf."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("a few lines"), max_length=DESCRIPTION_MAX, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind, default=TopicKind.NEW)
    builds_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("builds on"),
    )
    day = models.ForeignKey(
        "arena.ArenaDay", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=TopicStatus, default=TopicStatus.WAITING)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_topics"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["arena", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def convener_display(self) -> str:
        if self.convener_id and self.convener.display_name:
            return self.convener.display_name
        return self.convener_name

    @property
    def public_convener(self) -> str:
        """The convener as the room sees them (phones, projectors, printed
        sheets, broadcasts): a participant by ``Participant.public_name`` (the
        name only with consent); a name a facilitator typed for someone
        (``convener_name``) as typed. ``convener_display`` is for staff screens."""
        if self.convener_id and self.convener.display_name:
            return self.convener.public_name
        return self.convener_name

    @property
    def wall_group(self):
        """The group this topic meets in: its own, or the one it was merged into."""
        topic = self.merged_into if self.merged_into_id else self
        return getattr(topic, "group", None)


class Group(models.Model):
    """A topic placed on the wall: one cell, one group.

    A group is never deleted by a cascade from its session or space
    (``PROTECT``): it may hold documentation (a group report protects its
    group in turn), so deleting a space, an agenda item or a day that holds
    groups is refused with a message naming them (``arena.deletion``).
    """

    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="groups")
    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="group")
    session = models.ForeignKey(
        "programme.AgendaItem", on_delete=models.PROTECT, related_name="groups"
    )
    space = models.ForeignKey("programme.Space", on_delete=models.PROTECT, related_name="groups")
    moved_from = models.ForeignKey(
        "programme.Space", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    # The main area the group belongs to (``sessions.models.Theme``); a
    # deleted theme leaves its groups on the wall without one.
    theme = models.ForeignKey(
        "programme.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("theme"),
    )
    #: The organiser's order of the groups of one main area (the report
    #: prints them so); 0 for all until someone orders them: the wall's order.
    theme_position = models.PositiveSmallIntegerField(default=0, editable=False)
    # True only inside a swap or an undo, while rows trade cells in one
    # transaction; never seen outside it.
    parked = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["session__session_number", "space__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "space"],
                condition=models.Q(parked=False),
                name="group_one_per_cell",
            )
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    #: What to do about groups that stop a delete (``arena.deletion``).
    deletion_hint = _(
        "Move them to other cells first (a group without a group report can also be "
        "taken off the wall)."
    )

    def __str__(self) -> str:
        return f"{self.code} {self.topic}"

    @property
    def code(self) -> str:
        """``<session>.<space>``, where the group sits now (``sessions.models.cell_code``)."""
        return cell_code(self.session, self.space)

    @property
    def deletion_label(self) -> str:
        return f"{self.code} “{self.topic.title}”"


class Attendance(models.Model):
    """'I'm going': one group per participant per session (the law of two feet
    lets them change at any time, which replaces the row)."""

    participant = models.ForeignKey(
        "arena.Participant", on_delete=models.CASCADE, related_name="attendances"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey("programme.AgendaItem", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "session"], name="attendance_one_group_per_session"
            )
        ]
        verbose_name = _("“I'm going” mark")
        verbose_name_plural = _("“I'm going” marks")

    def __str__(self) -> str:
        return f"{self.participant} → {self.group}"


class WallAction(models.Model):
    """One facilitator action on the wall, with what it changed, for undo.

    ``before`` holds the affected topics' state before the action:
    ``[{"topic": pk, "title": …, "description": …, "status": …, "merged_into": pk|None,
    "group": {"session": pk, "space": pk, "moved_from": pk|None}|None}]``.
    """

    arena = models.ForeignKey("arena.Arena", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=20)
    description = models.CharField(max_length=300)
    before = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.description


from proposals.challenge_models import *  # noqa: E402,F401,F403
