"""Challenge groups registered before the arena (the 2016 format).

An *owner* registers a challenge from the arena's public link (no account):
the problem and the result they want. They get a private link (``token``) to
see the registration and an invitation link (``invite_token``) to share;
whoever opens it adds their name to the group (``ChallengeMember``). The
organiser approves or declines each registration; an approved group gets a
trained facilitator, a room and the sessions it works through, and goes on
the programme wall as one ``Group`` in its first session's cell; the cells of
its later sessions in that room are kept for it (``proposals.challenge_cells``).

Deleting a registration never deletes a topic, a group or a group report
(``topic`` is ``SET_NULL``); deleting the arena deletes its registrations.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What ``from proposals.challenge_models import *`` (end of proposals/models.py) brings.
__all__ = ["ChallengeMember", "ChallengeRegistration", "ChallengeStatus"]

CHALLENGE_TITLE_MAX = 200  # as a topic's title (``Topic.title``)
CHALLENGE_TEXT_MAX = 2000  # as a topic's few lines (``Topic.description``)
CHALLENGE_NAME_MAX = 80  # as a topic's convener's name
CHALLENGE_ORGANISATION_MAX = 150


def new_challenge_token() -> str:
    """32 random bytes, URL-safe: a private link nobody can guess."""
    return secrets.token_urlsafe(32)


class ChallengeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the organiser")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ChallengeRegistration(models.Model):
    arena = models.ForeignKey(
        "arena.Arena", on_delete=models.CASCADE, related_name="challenge_registrations"
    )
    title = models.CharField(_("title"), max_length=CHALLENGE_TITLE_MAX)
    problem = models.TextField(_("the problem"), max_length=CHALLENGE_TEXT_MAX)
    desired_result = models.TextField(_("the desired result"), max_length=CHALLENGE_TEXT_MAX)
    owner = models.CharField(_("owner's name"), max_length=CHALLENGE_NAME_MAX)
    organisation = models.CharField(
        _("organisation"), max_length=CHALLENGE_ORGANISATION_MAX, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        max_length=20, choices=ChallengeStatus, default=ChallengeStatus.PENDING
    )
    # The owner's private link and the invitation link the owner shares.
    token = models.CharField(
        max_length=64, unique=True, default=new_challenge_token, editable=False
    )
    invite_token = models.CharField(
        max_length=64, unique=True, default=new_challenge_token, editable=False
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    space = models.ForeignKey(
        "programme.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
    )
    sessions = models.ManyToManyField(
        "programme.AgendaItem", blank=True, related_name="+", verbose_name=_("sessions")
    )
    topic = models.OneToOneField(
        "proposals.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["arena", "status"])]
        verbose_name = _("challenge group registration")
        verbose_name_plural = _("challenge group registrations")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_display(self) -> str:
        """The owner as the report prints it: name, organisation."""
        return ", ".join(part for part in (self.owner, self.organisation) if part)


class ChallengeMember(models.Model):
    """Someone the owner invited, who added their name to the group."""

    registration = models.ForeignKey(
        ChallengeRegistration, on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=CHALLENGE_NAME_MAX)
    organisation = models.CharField(
        _("organisation"), max_length=CHALLENGE_ORGANISATION_MAX, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("challenge group member")
        verbose_name_plural = _("challenge group members")

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return ", ".join(part for part in (self.name, self.organisation) if part)
