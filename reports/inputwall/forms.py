"""The input wall's forms."""

from django import forms
from django.utils.translation import gettext_lazy


class VoteForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    dots_per_participant = forms.IntegerField(
        label=gettext_lazy("Dots per participant"), min_value=1, max_value=100
    )
    cap_per_input = forms.IntegerField(
        label=gettext_lazy("Most dots one participant may put on one input"),
        min_value=1,
        max_value=100,
    )
    blind = forms.BooleanField(
        label=gettext_lazy("Hide the results until the vote is closed"), required=False
    )
