"""The follow-up's forms: the status filter (GET) and the change (POST) of the
ticked inputs. The ticks are read by hand (``inputs``: ids through
``arena.params.int_param``), so a page with errors keeps them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.params import int_param
from reports.models import FollowUpStatus

from . import services


class PillarChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.strategy.title}: {obj.title}"


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *FollowUpStatus.choices],
    )


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=FollowUpStatus.choices)
    pillar = PillarChoice(
        label=_("Pillar"),
        queryset=None,
        required=False,
        empty_label=_("No pillar named"),
        help_text=_("Only with “Taken into the strategy”."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required for “Not taken forward”. "
            "The participants of the group see it on their phones."
        ),
    )

    def __init__(self, *args, pillars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = pillars
        if not pillars.exists():
            self.fields["pillar"].help_text = _(
                "No strategy over this arena has pillars yet: make one in the strategy workspace."
            )
        self.input_pks: list[int] = []
        if self.is_bound:
            raw = self.data.getlist("inputs") if hasattr(self.data, "getlist") else []
            self.input_pks = sorted({pk for pk in map(int_param, raw[:5000]) if pk is not None})

    def clean(self):
        cleaned = super().clean()
        if not self.input_pks:
            raise forms.ValidationError(_("Tick at least one input."))
        if cleaned.get("status") == FollowUpStatus.NOT_TAKEN and not cleaned.get("reason", ""):
            self.add_error(
                "reason", _("Say why the input is not taken forward: a reason is required.")
            )
        return cleaned
