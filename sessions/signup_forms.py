"""The forms of sign-ups and staff notes (``sessions.signup_views``)."""

from django import forms

from arena.limits import limit_length

from .models import AGENDA_NOTE_MAX, AgendaNote, SignupOffer


class OfferForm(forms.ModelForm):
    class Meta:
        model = SignupOffer
        fields = ["kind", "capacity", "open"]


class NoteForm(forms.ModelForm):
    class Meta:
        model = AgendaNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["text"], AGENDA_NOTE_MAX)
