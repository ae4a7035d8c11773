from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from arena.limits import AGENDA_DESCRIPTION_MAX, limit_length

from .models import AgendaItem, Space


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["day", "kind", "title", "start", "end", "presenters", "stream_url", "description"]
        widgets = {
            "start": TimeInput,
            "end": TimeInput,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["description"], AGENDA_DESCRIPTION_MAX)
        self.fields["day"].queryset = arena.days.all()
        self.fields["day"].empty_label = None
        self.fields["day"].label_from_instance = lambda day: date_format(
            day.date, "SHORT_DATE_FORMAT"
        )


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = ["number", "name", "capacity"]
        help_texts = {
            "name": _("Optional, for example “Multisal 2”."),
            "capacity": _("Optional: how many people fit."),
        }

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.arena = arena

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.arena.spaces.filter(number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Space %(number)s already exists."), params={"number": number}
            )
        return number
