"""The arena itself, who may do what in it, and the people who join it.

An ``Arena`` is one event (e.g. "Åpen arena 2020"). Signed-in users take part
through a ``Membership`` with one ``Role``; participants have no account and
are ``Participant`` rows reached through a signed token (see
``arena.participants``).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# Join codes avoid letters and digits that are easy to confuse when read off a
# projector (0/O, 1/I/L) and are shown in groups of four: "K7QM-3FXR".
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    """An 8-character code from a 31-letter alphabet: 31^8 ≈ 8.5e11 codes."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """What a person typed → the stored form (upper case, no spaces or dashes)."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


class Format(models.TextChoices):
    OPEN_SPACE = "open_space", _("Open Space")
    CHALLENGE_GROUPS = "challenge_groups", _("Pre-registered challenge groups")
    # 2012: café tables describe challenges (round 1), the tables are re-mixed
    # and each new group writes numbered keys to one challenge (round 2).
    CAFE = "cafe", _("Café of challenges and keys")
    # 2013: groups present on visual templates; a wall collects main areas.
    MAIN_AREAS = "main_areas", _("Main areas with visual templates")
    # 2020: a digital meeting of the national council: a timed agenda of short
    # introductions, each followed by a discussion; observers follow a stream.
    COUNCIL = "council", _("Council meeting")


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    FACILITATOR = "facilitator", _("Facilitator")
    SUPPORT = "support", _("Support facilitator")
    READER = "reader", _("Reader (directorate)")


class Capability(models.TextChoices):
    """What a role may do; views ask for a capability, never for a role."""

    VIEW = "view", _("See the arena")
    MANAGE = "manage", _("Set up the arena and invite people")
    FACILITATE = "facilitate", _("Run the programme wall")
    DOCUMENT = "document", _("Document groups")
    READ_REPORT = "read_report", _("Read and download the report")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ORGANISER: frozenset(Capability.values),
    Role.FACILITATOR: frozenset(
        {Capability.VIEW, Capability.FACILITATE, Capability.DOCUMENT, Capability.READ_REPORT}
    ),
    Role.SUPPORT: frozenset({Capability.VIEW, Capability.DOCUMENT}),
    Role.READER: frozenset({Capability.VIEW, Capability.READ_REPORT}),
}


class ArenaQuerySet(models.QuerySet):
    def for_user(self, user) -> "ArenaQuerySet":
        """Arenas in which ``user`` has a role; everything else is invisible."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Arena(models.Model):
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    guiding_questions = models.TextField(
        _("guiding questions"), blank=True, help_text=_("One question per line.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # The head-count as the organiser has it: phones are not people (many in
    # the room never join with one), so the report's key figures use these.
    registered_count = models.PositiveIntegerField(
        _("registered"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("How many registered for the arena."),
    )
    attending_count = models.PositiveIntegerField(
        _("attended"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("How many were there (counted in the room). The report's key figures use it."),
    )
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.OPEN_SPACE)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("The language participants see first."),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=JOIN_CODE_LENGTH,
        unique=True,
        default=new_join_code,
        editable=False,
        validators=[RegexValidator(f"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$")],
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Bumped in the same transaction as every change to the programme wall, so a
    # screen that reconnects can tell whether what it shows is stale.
    wall_version = models.PositiveIntegerField(default=0, editable=False)
    # A facilitator can close the door for a while (a flood of fake phones, or
    # simply the end of the arena): the join page then says so and creates no one.
    joining_paused = models.BooleanField(_("joining paused"), default=False)

    objects = ArenaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arena:detail", args=[self.pk])

    @property
    def questions(self) -> list[str]:
        return [q.strip() for q in self.guiding_questions.splitlines() if q.strip()]

    @property
    def display_join_code(self) -> str:
        half = JOIN_CODE_LENGTH // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    @property
    def join_path(self) -> str:
        return reverse("join_code", args=[self.join_code])

    @property
    def current_announcement(self):
        return Announcement.objects.current(self).first()


class ArenaDay(models.Model):
    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "date"], name="arena_day_unique_date")
        ]
        verbose_name = _("day")
        verbose_name_plural = _("days")

    def __str__(self) -> str:
        return f"{self.arena} {self.date:%Y-%m-%d}"

    @property
    def number(self) -> int:
        """1 for the arena's first day, 2 for the next (by date)."""
        return self.arena.days.filter(date__lt=self.date).count() + 1


class Perspective(models.Model):
    """A perspective a participant brings ("Pårørende", "Veileder i Nav")."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="perspectives")
    label = models.CharField(_("label"), max_length=100)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1e6fd9",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1e6fd9."))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "label"], name="perspective_unique_label_per_arena"
            )
        ]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self) -> str:
        return self.label


class Membership(models.Model):
    """A signed-in user's one role in one arena."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arena_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "user"], name="membership_one_role_per_user")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.arena}"

    def can(self, capability: str) -> bool:
        return capability in ROLE_CAPABILITIES[self.role]


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A link that gives whoever accepts it a role in an arena."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.get_role_display()} → {self.email or self.name or self.token[:6]}"

    def get_absolute_url(self) -> str:
        return reverse("invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        age = (timezone.now() - self.created_at).total_seconds()
        return age > settings.INVITATION_MAX_AGE

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


def new_participant_key() -> str:
    return secrets.token_urlsafe(16)


class Participant(models.Model):
    """Someone in the room without an account, known by a signed token.

    The persona (name, perspectives, picture, consent) is added by the
    participant flow; here the participant is only a row and a secret ``key``
    that the signed token must carry, so withdrawing a participant (a new key)
    invalidates every copy of the old token.
    """

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    perspectives = models.ManyToManyField(
        Perspective, blank=True, related_name="participants", verbose_name=_("perspectives")
    )
    own_words = models.CharField(
        _("in your own words"),
        max_length=200,
        blank=True,
        help_text=_("Optional: the perspective you bring, in your own words."),
    )
    picture = models.CharField(max_length=200, blank=True, editable=False)
    consent_named = models.BooleanField(
        _("I agree to be named in the arena's report"), default=False
    )
    email = models.EmailField(_("e-mail (optional)"), blank=True)
    share_email = models.BooleanField(
        _("Share my e-mail with the other participants of my groups, for networking"),
        default=False,
    )
    key = models.CharField(max_length=32, default=new_participant_key)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.display_name or f"{_('Participant')} {self.pk}"

    @property
    def has_persona(self) -> bool:
        return bool(self.display_name) and self.withdrawn_at is None

    @property
    def report_name(self) -> str:
        """The name a report may print: only with consent."""
        return self.display_name if self.consent_named and self.withdrawn_at is None else ""

    @property
    def public_name(self) -> str:
        """How the room sees this participant: other phones, projectors,
        printed sheets, broadcasts (the one place for the rule).

        The persona's name only with consent (``consent_named``, not
        withdrawn: the same as ``report_name``); otherwise "Participant (Nav,
        Pårørende)" from the perspectives, or "A participant" without any.
        Reads ``perspectives`` (prefetch it for lists). The participant sees
        their own name on their own phone; staff-only screens may use
        ``display_name``.
        """
        if self.report_name:
            return self.report_name
        withdrawn = self.pk is None or self.withdrawn_at is not None
        labels = [] if withdrawn else [p.label for p in self.perspectives.all()]
        if labels:
            return pgettext(
                "someone not named, by perspective", "Participant (%(perspectives)s)"
            ) % {"perspectives": ", ".join(labels)}
        return pgettext("someone not named", "A participant")

    @property
    def public_organisation(self) -> str:
        """The organisation goes with the name: shown to the room only with consent."""
        return self.organisation if self.report_name else ""

    def name_seen_by(self, viewer) -> str:
        """``public_name``, except that a participant sees their own name."""
        if viewer is not None and viewer.pk == self.pk and self.has_persona:
            return self.display_name
        return self.public_name

    def shares_email_with(self, viewer) -> bool:
        """Whether ``viewer`` (another participant of one of this person's
        groups: the caller checks that) may see this e-mail address: only
        with the person's opt-in (``share_email``), never after withdrawal,
        and never listed back to the person themselves."""
        return bool(
            self.share_email
            and self.email
            and self.withdrawn_at is None
            and (viewer is None or viewer.pk != self.pk)
        )


class AnnouncementQuerySet(models.QuerySet):
    def current(self, arena) -> "AnnouncementQuerySet":
        now = timezone.now()
        return self.filter(arena=arena, dismissed_at=None, expires_at__gt=now)


class Announcement(models.Model):
    """A short message on every phone and projector until dismissed or expired."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="announcements")
    text = models.CharField(_("announcement"), max_length=280)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    dismissed_at = models.DateTimeField(null=True, blank=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


class AuditEntry(models.Model):
    """One line of the arena's audit trail: who changed what, and when.

    Written by services in the same transaction as the change it records, so a
    reader of the report can trust that every submitted, approved or sent-back
    group report, every deletion and every flood clean-up names the person who
    did it. Append-only: nothing in the app edits or deletes a line (they go
    only with their arena).
    """

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too: the line must still say who it was after the account is gone.
    actor_name = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=40)
    target = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["arena", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target}"


def record_audit(arena, actor, verb: str, target: str = "", detail: str = "") -> AuditEntry:
    """Append one audit line (call inside the transaction of the change)."""
    name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        name = actor.get_full_name() or actor.get_username()
    else:
        actor = None
    return AuditEntry.objects.create(
        arena=arena,
        actor=actor,
        actor_name=name[:150],
        verb=verb[:40],
        target=str(target)[:300],
        detail=str(detail)[:500],
    )


class StoredImage(models.Model):
    """An uploaded photo as ``arena.images`` stores it: only the processed
    sizes (web, print, thumbnail; never the original), with its caption and
    credit. Abstract: group photos and the report's photos are its rows.

    Its files go with the row: register the concrete model with
    ``arena.deletion.files_go_with(Model, Model.stored_files)``.
    """

    web = models.CharField(max_length=200)
    print_version = models.CharField(max_length=200)
    thumb = models.CharField(max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    # For those who cannot see it; without one the caption speaks for the
    # photo (a screen reader and a PDF/UA checker get the one or the other,
    # never the same words twice).
    description = models.CharField(
        _("description for screen readers"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for those who cannot see it."),
    )
    # A photo of a sheet that is the record (a visual template): printed as
    # wide as the text instead of two to a row.
    full_width = models.BooleanField(
        _("print across the page"),
        default=False,
        help_text=_("For a sheet that is the record: printed as wide as the text."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    #: URL variant → field (``arena.images.image_response``).
    VARIANTS = {"web": "web", "print": "print_version", "thumb": "thumb"}

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.caption or self.web

    def stored_files(self) -> list[str]:
        """The stored sizes (for ``arena.deletion.files_go_with``)."""
        return [self.web, self.print_version, self.thumb]
