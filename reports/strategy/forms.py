"""The strategy's forms. Every field says what is wrong in the user's
language and keeps what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arena.forms import IdChoicesField
from reports.models import Addressee, Pillar, SourceInput, Strategy


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "ds-input")


class StrategyForm(forms.ModelForm):
    arenas = IdChoicesField(
        label=_("Arenas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their submitted and approved inputs are the strategy's material."),
    )

    class Meta:
        model = Strategy
        fields = ["title", "description", "value_base"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "value_base": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, arenas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arenas"].queryset = arenas
        if self.instance.pk:
            self.fields["arenas"].initial = list(
                self.instance.arenas.filter(pk__in=arenas.values("pk")).values_list("pk", flat=True)
            )
        _styled(self)


class PillarForm(forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class SourceInputForm(forms.ModelForm):
    class Meta:
        model = SourceInput
        fields = ["source", "number", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class TagForm(forms.Form):
    """A pillar and a rationale, for one input or the ticked ones."""

    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        queryset=Pillar.objects.none(),
        empty_label=_("Choose a pillar"),
        error_messages={"required": _("Choose the pillar the inputs serve.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=500,
        required=False,
        help_text=_("Short: why the input serves this pillar."),
    )

    def __init__(self, *args, strategy, **kwargs):
        # Its own ids: the inputs list's filter has a "pillar" field too.
        kwargs.setdefault("auto_id", "tag-%s")
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = strategy.pillars.all()
        _styled(self)


STATES = [
    ("", pgettext_lazy("inputs filter", "All")),
    ("unreviewed", _("Not yet reviewed")),
    ("tagged", _("Serve a pillar")),
    ("reviewed", _("Reviewed, no pillar")),
]


class FilterForm(forms.Form):
    """GET filters of the list of inputs; a value that makes no sense is
    dropped and said so."""

    origin = forms.ChoiceField(label=_("From"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    addressee = forms.ChoiceField(
        label=_("Addressed to"),
        required=False,
        choices=[("", pgettext_lazy("inputs filter", "All")), *Addressee.choices],
    )
    q = forms.CharField(label=_("Text contains"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("Review"), required=False, choices=STATES)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)

    def __init__(self, *args, arenas, themes, pillars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = [
            ("", pgettext_lazy("inputs filter", "All")),
            *((str(a.pk), a.title) for a in arenas),
            ("sources", _("Other sources")),
        ]
        self.fields["theme"].choices = [
            ("", pgettext_lazy("inputs filter", "All")),
            *((str(t.pk), f"{t.title} ({t.arena.title})") for t in themes),
        ]
        self.fields["pillar"].choices = [
            ("", pgettext_lazy("inputs filter", "All")),
            *((str(p.pk), p.title) for p in pillars),
        ]
        _styled(self)
