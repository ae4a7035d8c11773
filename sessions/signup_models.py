"""Sign-ups for agenda items, and staff notes on an agenda item (the 2016 format).

Alongside the challenge groups, the 2016 arena (seed 003) had theme sessions
and "knowledge dating" meetings that participants signed up for, with a
number of seats, and a facilitators' meeting at the end of day 1.

- ``SignupOffer``: an agenda item opened for sign-up, with its kind label and
  its capacity. ``open`` off: nobody new can sign up; those signed up stay.
- ``Signup``: one participant's seat in an offer (one per participant and
  offer). The rules (capacity under concurrency, one sign-up among offers
  that overlap in time on a day) are in ``sessions.signups``.
- ``AgendaNote``: what staff (``Capability.FACILITATE``) write on an agenda
  item, e.g. the facilitators' meeting; shown to staff only.

Everything here goes with its agenda item (``CASCADE``); a note keeps its
text when its author's account is deleted (``SET_NULL``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What ``from sessions.signup_models import *`` (end of sessions/models.py) brings.
__all__ = [
    "AGENDA_NOTE_MAX",
    "SIGNUP_CAPACITY_MAX",
    "AgendaNote",
    "OfferKind",
    "Signup",
    "SignupOffer",
]

AGENDA_NOTE_MAX = 10000
SIGNUP_CAPACITY_MAX = 1000  # the largest arena has about 200 people


class OfferKind(models.TextChoices):
    THEME_SESSION = "theme_session", _("Theme session")
    KNOWLEDGE_DATING = "knowledge_dating", _("Knowledge dating")


class SignupOffer(models.Model):
    item = models.OneToOneField(
        "programme.AgendaItem",
        on_delete=models.CASCADE,
        related_name="signup_offer",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OfferKind, default=OfferKind.THEME_SESSION
    )
    capacity = models.PositiveSmallIntegerField(
        _("seats"),
        validators=[MinValueValidator(1), MaxValueValidator(SIGNUP_CAPACITY_MAX)],
        help_text=_("How many participants can sign up."),
    )
    open = models.BooleanField(
        _("open for sign-up"),
        default=True,
        help_text=_("Untick to stop new sign-ups; those already signed up keep their seat."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["item__day__date", "item__start", "item__end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="signup_offer_capacity_positive"
            )
        ]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item.title}"


class Signup(models.Model):
    offer = models.ForeignKey(
        SignupOffer, on_delete=models.CASCADE, related_name="signups", verbose_name=_("sign-up")
    )
    participant = models.ForeignKey(
        "arena.Participant",
        on_delete=models.CASCADE,
        related_name="signups",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "participant"], name="signup_unique_participant"
            )
        ]
        verbose_name = _("participant's sign-up")
        verbose_name_plural = _("participants' sign-ups")

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.offer_id}"


class AgendaNote(models.Model):
    item = models.ForeignKey(
        "programme.AgendaItem",
        on_delete=models.CASCADE,
        related_name="agenda_notes",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("note"), max_length=AGENDA_NOTE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]
