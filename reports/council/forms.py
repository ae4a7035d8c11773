from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import CouncilInput


class PasteForm(forms.Form):
    """One box of lines; each line one input (``services.parse_lines``)."""

    lines = forms.CharField(
        label=_("The council's inputs, one per line"),
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "A line without a number gets the next one (the last top-level number + 1). "
            "Write “1.1 …” to keep a number as typed; an indented line under “1.” is 1.1, "
            "1.2 … A list copied from the presenters' material keeps its numbers."
        ),
    )


class CouncilInputForm(forms.ModelForm):
    class Meta:
        model = CouncilInput
        fields = ["number", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"number": _("Like 1, 1.2 or 1.2.3.")}
