"""Forms of the arena report's editor: the text, quotes, photos."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.models import ArenaReportText, ImagePlacement

from . import services


class TextForm(forms.ModelForm):
    class Meta:
        model = ArenaReportText
        fields = services.TEXT_FIELDS
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 10}),
            "closing": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "introduction": gettext_lazy(
                "Markdown: ## heading, *emphasis*, **strong**, - list, [link](https://…)."
            ),
        }

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        summaries = self.instance.day_summaries or {}
        self.day_fields = []
        for number, day in enumerate(days, 1):
            name = f"day_{day.pk}"
            self.fields[name] = forms.CharField(
                label=_("Summary of day %(n)d") % {"n": number},
                required=False,
                max_length=services.MARKDOWN_MAX,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=summaries.get(str(day.pk), ""),
            )
            self.day_fields.append((day, name))
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class QuoteForm(forms.Form):
    quote = forms.CharField(label=gettext_lazy("Quote"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3, "class": "ds-input"}))  # fmt: skip
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120, required=False,
                           widget=forms.TextInput(attrs={"class": "ds-input"}))  # fmt: skip
    role = forms.CharField(label=gettext_lazy("Role"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"class": "ds-input"}))  # fmt: skip
    anonymous = forms.BooleanField(label=gettext_lazy("Anonymous"), required=False)


class ImageForm(forms.Form):
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=300, required=False,
                              widget=forms.TextInput(attrs={"class": "ds-input"}))  # fmt: skip
    credit = forms.CharField(label=gettext_lazy("Photo credit"), max_length=120, required=False,
                             widget=forms.TextInput(attrs={"class": "ds-input"}))  # fmt: skip
    placement = forms.ChoiceField(label=gettext_lazy("Where"), choices=ImagePlacement.choices,
                                  widget=forms.Select(attrs={"class": "ds-input"}))  # fmt: skip
    cover = forms.BooleanField(label=gettext_lazy("Cover photo"), required=False)
