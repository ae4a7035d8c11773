import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .limits import GUIDING_QUESTIONS_MAX, limit_length
from .models import (
    Arena,
    ArenaDay,
    Invitation,
    Participant,
    Perspective,
    Role,
    normalise_join_code,
)
from .params import int_param

MAX_DAYS = 7

# An arena's days fall in these years. Python's dates end in year 9999: a
# start there plus its days (or a copy's shift) overflowed (a 500).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def validate_arena_date(value: datetime.date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Pick a date from the year %(first)d to %(last)d."),
            code="date_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        attrs = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31", **(attrs or {})}
        super().__init__(attrs, format="%Y-%m-%d")


class ArenaForm(forms.ModelForm):
    class Meta:
        model = Arena
        fields = ["title", "theme", "guiding_questions", "venue", "format", "language"]
        widgets = {"guiding_questions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "format": _(
                "How the groups work and what the report calls their results: "
                "Open Space and challenge groups document inputs; the café's first "
                "round describes challenges, and the re-mixed groups write keys to them."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["guiding_questions"], GUIDING_QUESTIONS_MAX)


class ArenaEditForm(ArenaForm):
    """The arena's settings, and afterwards the head-count for the report."""

    class Meta(ArenaForm.Meta):
        fields = [*ArenaForm.Meta.fields, "registered_count", "attending_count"]


class ArenaCreateForm(ArenaForm):
    start_date = forms.DateField(
        label=_("First day"), widget=DateInput, validators=[validate_arena_date]
    )
    number_of_days = forms.IntegerField(
        label=_("Number of days"), min_value=1, max_value=MAX_DAYS, initial=2
    )


class ArenaCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new arena"), max_length=200)
    start_date = forms.DateField(
        label=_("First day of the new arena"),
        widget=DateInput,
        help_text=_("The other days, the agenda and the spaces move along with it."),
        validators=[validate_arena_date],
    )

    def __init__(self, *args, source: Arena | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_start_date(self):
        """The source's other days move along: the last of them must stay in range."""
        start = self.cleaned_data["start_date"]
        dates = list(self.source.days.values_list("date", flat=True)) if self.source else []
        if dates:
            span = max(dates) - min(dates)
            if span.days > (datetime.date(LAST_YEAR, 12, 31) - start).days:
                raise forms.ValidationError(
                    _("The copy's last day would fall after the year %(last)d."),
                    code="date_range",
                    params={"last": LAST_YEAR},
                )
        return start


class DayForm(forms.ModelForm):
    class Meta:
        model = ArenaDay
        fields = ["date"]
        widgets = {"date": DateInput}

    def __init__(self, *args, arena: Arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.arena = arena

    def clean_date(self):
        date = self.cleaned_data["date"]
        validate_arena_date(date)
        if self.arena.days.filter(date=date).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The arena already has a day on this date."))
        return date


class PerspectiveForm(forms.ModelForm):
    class Meta:
        model = Perspective
        fields = ["label", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, arena: Arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.arena = arena

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        clash = self.arena.perspectives.filter(label__iexact=label).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The catalogue already has this perspective."))
        return label


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["role", "name", "email"]
        help_texts = {
            "email": _("Optional. Arena shows you a link to send; it sends no e-mail itself.")
        }

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.FACILITATOR)


class SignupForm(UserCreationForm):
    """An invited person's new account."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        help_text=_("The code on the screen in the room, for example K7QM-3FXR."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        arena = Arena.objects.filter(join_code=code).first() if code else None
        if arena is None:
            raise forms.ValidationError(
                _("No arena has the code “%(code)s”. Check the code on the screen and try again."),
                params={"code": self.cleaned_data["code"]},
            )
        self.arena = arena
        return code


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Ticked ids past 64 bits are invalid values, not a lookup (SQLite: OverflowError, a 500)."""

    def clean(self, value):
        bad = [pk for pk in value or () if pk and int_param(pk, min=0) is None]
        if bad:
            error = self.error_messages["invalid_pk_value"]
            raise forms.ValidationError(error, "invalid_pk_value", {"pk": bad[0]})
        return super().clean(value)


class PersonaForm(forms.ModelForm):
    """A participant's persona: how the room sees them."""

    #: The inputs' purpose, for autofill (WCAG 2.2, 1.3.5 Identify Input Purpose).
    AUTOCOMPLETE = {"display_name": "name", "organisation": "organization", "email": "email"}

    picture_upload = forms.ImageField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_("A photo or a drawing. It is made small and stripped of location data."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "user"}),
    )

    class Meta:
        model = Participant
        fields = [
            "display_name",
            "organisation",
            "perspectives",
            "own_words",
            "consent_named",
            "email",
            "share_email",
        ]
        labels = {
            "display_name": _("Your name as others see it"),
            # Wider than the model's label: the same consent covers the
            # room's screens (Participant.public_name); no migration needed.
            "consent_named": _("I agree to be named on the arena's screens and in its report"),
        }
        help_texts = {
            "consent_named": _(
                "Without it, other participants, the projector and the printed sheets show"
                " you as a participant with your perspectives."
            )
        }
        widgets = {"perspectives": forms.CheckboxSelectMultiple}
        field_classes = {"perspectives": IdChoicesField}

    def __init__(self, *args, arena: Arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["perspectives"].queryset = arena.perspectives.all()
        self.fields["perspectives"].help_text = _("Pick all that you bring.")
        for name, purpose in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose

    def clean(self):
        data = super().clean()
        if data.get("share_email") and not data.get("email"):
            self.add_error("email", _("Give the e-mail address you want to share."))
        return data


class AnnouncementForm(forms.Form):
    text = forms.CharField(label=_("Announcement"), max_length=280, strip=True)
    minutes = forms.IntegerField(
        label=_("Show for (minutes)"), min_value=1, max_value=240, initial=10
    )


def form_status(form, request) -> int:
    """The status of a fragment showing ``form`` to htmx: 422 when it was sent
    with errors (htmx swaps a 422 like a 200, ``static/js/arena.js``, which
    resets a form only after a 2xx), else 200. A full page keeps 200."""
    sent_with_errors = form is not None and form.is_bound and form.errors
    return 422 if sent_with_errors and request.htmx else 200
