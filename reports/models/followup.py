"""Follow-up after the arena: what became of each input.

An ``Input`` (of a submitted or approved group report) moves through
``FollowUpStatus``: received, under review, taken into the strategy (under a
``Pillar``, if one is named) or not taken forward (always with a reason).
Every change is an ``InputStatusChange``, a dated line of the input's
timeline; nothing is ever edited or deleted, so the timeline is the record.
The current status is the latest change; an input without changes is
"received".
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "review", _("Under review")
    TAKEN = "taken", _("Taken into the strategy")
    NOT_TAKEN = "not_taken", _("Not taken forward")


class InputStatusChange(models.Model):
    """One dated step of an input's follow-up."""

    input = models.ForeignKey(
        "reports.Input", on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus)
    # "Taken into the strategy under pillar X"; kept as a line of the
    # timeline if the pillar is deleted later (then without its name).
    pillar = models.ForeignKey(
        "reports.Pillar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pillar"),
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["input", "-changed_at", "-id"], name="input_status_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_taken") | ~models.Q(reason=""),
                name="input_status_not_taken_has_reason",
            )
        ]
        verbose_name = _("input status change")
        verbose_name_plural = _("input status changes")

    def __str__(self) -> str:
        return f"{self.input}: {self.get_status_display()}"
