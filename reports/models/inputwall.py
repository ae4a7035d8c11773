"""The input wall's own rows: comments on inputs and dot-voting."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .documentation import Input


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
