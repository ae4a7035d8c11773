"""The strategy workspace: inputs from arenas and other sources, sorted into
the strategy's pillars (bærebjelker), traceable (sporbar) to where they came
from.

A ``Strategy`` spans one or more arenas: their inputs (``Input`` of a
submitted or approved group report) are its material, together with
``SourceInput``s typed in by hand from other sources ("Arbeidsgruppens 36
innspill", "Dagens strategi, hovedelement 2"). Its ``Pillar``s are ordered by
hand; a ``PillarTag`` says that one input (an arena's or a source's, never
both) serves one pillar, and why. An input that serves no pillar can be
marked as reviewed (``Strategy.reviewed_inputs``, ``SourceInput.reviewed``),
so "not yet reviewed" shrinks to nothing.

Who may see and change a strategy is decided by ``reports.strategy.access``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Strategy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    value_base = models.TextField(
        _("value base"),
        max_length=5000,
        blank=True,
        help_text=_("The values the strategy builds on (verdigrunnlag)."),
    )
    arenas = models.ManyToManyField(
        "arena.Arena", blank=True, related_name="strategies", verbose_name=_("arenas")
    )
    # Inputs of the arenas that were looked at and serve no pillar.
    reviewed_inputs = models.ManyToManyField("reports.Input", blank=True, related_name="+")
    # The council's inputs (``CouncilInput``) that were looked at and serve no pillar.
    reviewed_council_inputs = models.ManyToManyField(
        "reports.CouncilInput", blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The trace published at ``/strategies/public/<token>/``: blank until
    # published; unpublishing forgets it, so the old link is dead (404).
    public_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title


class Pillar(models.Model):
    """A pillar (bærebjelke) of a strategy, in the order the strategy lists them."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="pillars")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return self.title


class SourceInput(models.Model):
    """An input from outside the arenas, with where it comes from."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="source_inputs")
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where it comes from, e.g. “The working group's 36 inputs”."),
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("Its number in the source, e.g. 1.1.")
    )
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    reviewed = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["source", "pk"]
        verbose_name = _("input from another source")
        verbose_name_plural = _("inputs from other sources")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class PillarTag(models.Model):
    """One input serves one pillar, with a short rationale. Exactly one of
    ``input`` (an arena's), ``council_input`` (a council meeting's) and
    ``source_input`` is set."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="tags")
    input = models.ForeignKey(
        "reports.Input", on_delete=models.CASCADE, null=True, blank=True, related_name="pillar_tags"
    )
    source_input = models.ForeignKey(
        SourceInput, on_delete=models.CASCADE, null=True, blank=True, related_name="pillar_tags"
    )
    council_input = models.ForeignKey(
        "reports.CouncilInput",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pillar_tags",
    )
    rationale = models.CharField(_("rationale"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(input__isnull=False)
                    & models.Q(source_input__isnull=True)
                    & models.Q(council_input__isnull=True)
                )
                | (
                    models.Q(input__isnull=True)
                    & models.Q(source_input__isnull=False)
                    & models.Q(council_input__isnull=True)
                )
                | (
                    models.Q(input__isnull=True)
                    & models.Q(source_input__isnull=True)
                    & models.Q(council_input__isnull=False)
                ),
                name="pillar_tag_one_input",
            ),
            models.UniqueConstraint(
                fields=["pillar", "input"],
                condition=models.Q(input__isnull=False),
                name="pillar_tag_input_once",
            ),
            models.UniqueConstraint(
                fields=["pillar", "source_input"],
                condition=models.Q(source_input__isnull=False),
                name="pillar_tag_source_once",
            ),
            models.UniqueConstraint(
                fields=["pillar", "council_input"],
                condition=models.Q(council_input__isnull=False),
                name="pillar_tag_council_once",
            ),
        ]
        verbose_name = _("pillar tag")
        verbose_name_plural = _("pillar tags")

    def __str__(self) -> str:
        return f"{self.pillar}: {self.input or self.council_input or self.source_input}"
