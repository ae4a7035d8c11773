from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from arena.limits import AGENDA_DESCRIPTION_MAX, limit_length

from .models import AgendaItem, ItemKind, PresenterMaterial, Space, Theme
from .themes import what_loses_it


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "day",
            "kind",
            "title",
            "start",
            "end",
            "presenters",
            "follows",
            "stream_url",
            "description",
        ]
        widgets = {
            "start": TimeInput,
            "end": TimeInput,
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "follows": _("For a discussion: the introduction it discusses (on the same day)."),
        }

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["description"], AGENDA_DESCRIPTION_MAX)
        self.fields["day"].queryset = arena.days.all()
        self.fields["day"].empty_label = None
        self.fields["day"].label_from_instance = lambda day: date_format(
            day.date, "SHORT_DATE_FORMAT"
        )
        # A discussion's introduction: the arena's introductions, by day and time.
        introductions = (
            AgendaItem.objects.for_arena(arena)
            .filter(kind=ItemKind.INTRODUCTION)
            .exclude(pk=self.instance.pk)
            .select_related("day")
        )
        follows = self.fields["follows"]
        follows.queryset = introductions
        follows.empty_label = _("(none)")
        follows.label_from_instance = lambda item: (
            f"{date_format(item.day.date, 'SHORT_DATE_FORMAT')} {item.start:%H:%M} {item.title}"
        )
        if not introductions.exists() and not self.instance.follows_id:
            del self.fields["follows"]  # nothing to follow: no empty select


#: A presenter's PDF may be this large (a slide deck with photos).
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


class MaterialForm(forms.ModelForm):
    """A presenter's material: a PDF, told apart by its first bytes
    (``%PDF-``), not by its name: a renamed program is refused."""

    class Meta:
        model = PresenterMaterial
        fields = ["title", "file"]
        help_texts = {
            "title": _("What readers see, for example “Slides: user involvement”."),
            "file": _("A PDF file, at most 20 MB."),
        }
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > MATERIAL_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; at most 20 MB is accepted. "
                    "Save it smaller (fewer or smaller pictures) and choose it again."
                ),
                params={"size": f"{upload.size / (1024 * 1024):.1f}"},
            )
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(
                _(
                    "“%(name)s” is not a PDF file. Save the material as PDF "
                    "(in PowerPoint or Word: Save as → PDF) and choose it again."
                ),
                params={"name": upload.name},
            )
        return upload


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


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["kind", "title", "question", "report_place"]
        widgets = {"kind": forms.RadioSelect, "question": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"title": _("For example “On taking part in work”.")}

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.arena = arena

    def clean_kind(self):
        """A theme changes kind only while nothing hangs on it: a main area's
        groups would sit in a cross-cutting theme (and the other way round)."""
        kind = self.cleaned_data["kind"]
        if self.instance.pk and kind != self.instance.kind:
            held = what_loses_it(Theme.objects.get(pk=self.instance.pk))
            if held:
                raise forms.ValidationError(
                    _(
                        "This theme holds %(things)s, so it keeps its kind. Take them out "
                        "of it first, or add a new theme of the other kind."
                    ),
                    params={"things": ", ".join(held)},
                )
        return kind

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if (
            Theme.objects.filter(arena=self.arena, title__iexact=title)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                _("There is already a theme “%(title)s”."), params={"title": title}
            )
        return title
