"""The council's own inputs, recorded per discussion of a council meeting.

At a council meeting (``arena.models.Format.COUNCIL``, seed 001) each short
introduction is followed by a discussion (``sessions.models.AgendaItem`` of
kind ``discussion``, ``follows`` its introduction). What the council says
there is kept as numbered inputs, the way the presenters number their points:
"1", "1.1", "1.2", "2" … (``number``), in the order the council gave them
(``position``). The discussion item is ``PROTECT``ed: an agenda item with the
council's inputs on it is not deleted by accident.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: "1", "1.2", "1.2.3": dot-separated numbers, none of them 0 or led by 0.
NUMBER_PATTERN = r"^[1-9][0-9]{0,3}(\.[1-9][0-9]{0,3}){0,4}$"

validate_number = RegexValidator(
    NUMBER_PATTERN, _("Write the number like 1, 1.2 or 1.2.3."), code="number"
)


class CouncilInput(models.Model):
    item = models.ForeignKey(
        "programme.AgendaItem",
        on_delete=models.PROTECT,
        related_name="council_inputs",
        verbose_name=_("discussion"),
    )
    number = models.CharField(_("number"), max_length=30, validators=[validate_number])
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    position = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("council input")
        verbose_name_plural = _("council inputs")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def top_level(self) -> int:
        return int(self.number.split(".", 1)[0])

    @property
    def depth(self) -> int:
        """0 for "1", 1 for "1.1" …"""
        return self.number.count(".")

    deletion_hint = _("Delete the council's inputs on it first (Council inputs).")
