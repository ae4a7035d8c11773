"""The forms of challenge groups: the owner's registration, a member joining,
the organiser's approval."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from arena.forms import IdChoicesField
from sessions.models import AgendaItem, Space

from .challenge_models import ChallengeMember, ChallengeRegistration
from .challenges import FACILITATOR_ROLES


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = ChallengeRegistration
        fields = ["title", "problem", "desired_result", "owner", "organisation", "email"]
        labels = {
            "title": _("Title of the challenge"),
            "problem": _("The problem"),
            "desired_result": _("The result you want"),
            "owner": _("Your name"),
            "organisation": _("Your organisation"),
            "email": _("Your e-mail (optional)"),
        }
        help_texts = {
            "problem": _("What is it about, who notices it, and how?"),
            "desired_result": _("What should the group have in hand after the arena?"),
            "email": _("Only the organiser sees it."),
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "desired_result": forms.Textarea(attrs={"rows": 4}),
        }


class MemberForm(forms.ModelForm):
    class Meta:
        model = ChallengeMember
        fields = ["name", "organisation"]
        labels = {"name": _("Your name"), "organisation": _("Your organisation")}


class _FacilitatorField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class _SessionsField(IdChoicesField):
    def label_from_instance(self, session) -> str:
        return f"{session.session_number}. {session.title} ({session.start:%H:%M})"


class ApproveForm(forms.Form):
    facilitator = _FacilitatorField(label=_("Facilitator"), queryset=None)
    space = forms.ModelChoiceField(label=_("Space"), queryset=None)
    sessions = _SessionsField(
        label=_("Sessions it works through"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In the same space. The group is on the wall in the first one."),
    )

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = (
            get_user_model()
            .objects.filter(
                arena_memberships__arena=arena, arena_memberships__role__in=FACILITATOR_ROLES
            )
            .order_by("first_name", "username")
        )
        self.fields["space"].queryset = Space.objects.filter(arena=arena).order_by("number")
        self.fields["sessions"].queryset = (
            AgendaItem.objects.for_arena(arena)
            .sessions()
            .select_related("day")
            .order_by("session_number")
        )
        if not self.is_bound:  # a 2016 group worked through every group session
            self.initial.setdefault("sessions", list(self.fields["sessions"].queryset))
