"""Forms of the report editor and the template editor.

The report form is built from the report's template: one field per section
(``s<section pk>``; a list section is a textarea with one item per line),
the action sheet's four fields when the template has it, and the revision the
text was started from. Required sections are only enforced on submit, so a
half-written draft always saves. When the report holds text that a change of
template had no section for, the form also has ``more`` ("More from the
sheet"), edited and saved like a section.
"""

from django import forms
from django.db.models import F
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from arena.limits import TEMPLATE_DESCRIPTION_MAX, limit_length
from reports.models import Input, Photo, ReportTemplate, SectionKind, TemplateSection

from .services import (
    ACTION_SHEET_FIELDS,
    ACTION_SHEET_MAX,
    COMMENT_MAX,
    MORE_KEY,
    TEXT_MAX,
    action_sheet_labels,
    more_title,
)

#: What a text section accepts (reports.publication.structure), said once.
STRUCTURE_HELP = _(
    "In a text: ## at the start of a line makes a sub-heading; lines starting with - or • "
    "make a list, 1. 2. 3. a numbered one; indent a line to put it under the one above."
)


class ReportForm(forms.Form):
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, template: ReportTemplate, more: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.sections = list(template.sections.all())
        for section in self.sections:
            help_parts = [section.help_question] if section.help_question else []
            if section.kind == SectionKind.LIST:
                help_parts.append(str(_("One item per line.")))
            if section.required:
                help_parts.append(str(_("Needed before the report is submitted.")))
            self.fields[self.key(section)] = forms.CharField(
                label=section.title,
                required=False,
                max_length=TEXT_MAX,
                help_text=escape(" ".join(help_parts)),  # rendered |safe
                strip=False,
                # data-kind: the editor's script compares what the server
                # stored with what was typed the way the server cleans it.
                widget=forms.Textarea(
                    attrs={
                        "rows": 6 if section.kind == SectionKind.TEXT else 4,
                        "data-kind": section.kind,
                    }
                ),
            )
        if more:
            self.fields[MORE_KEY] = forms.CharField(
                label=more_title(),
                required=False,
                max_length=TEXT_MAX,
                help_text=escape(
                    _(
                        "Text the report's template has no section for, under its old "
                        "section's title (# Title). It prints at the end of the group's report."
                    )
                ),
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6, "data-kind": SectionKind.TEXT}),
            )
        if template.action_sheet:
            labels = action_sheet_labels()
            for name in ACTION_SHEET_FIELDS:
                widget = forms.DateInput(attrs={"type": "date"}) if name == "next_meeting" else None
                field_class = forms.DateField if name == "next_meeting" else forms.CharField
                extra = {} if name == "next_meeting" else {"max_length": ACTION_SHEET_MAX}
                self.fields[f"as_{name}"] = field_class(
                    label=labels[name], required=False, widget=widget, **extra
                )

    @staticmethod
    def key(section: TemplateSection) -> str:
        return f"s{section.pk}"

    @staticmethod
    def wants_more(report, data=None) -> bool:
        """Whether the form needs the "More from the sheet" field: the
        report has such text, or it was posted (it was on the page)."""
        return bool(report.content.get(MORE_KEY)) or (data is not None and MORE_KEY in data)

    @classmethod
    def initial_for(cls, report) -> dict:
        initial = {"base_revision": report.revision}
        for section in report.template.sections.all():
            value = report.content.get(str(section.pk), "")
            initial[cls.key(section)] = "\n".join(value) if isinstance(value, list) else value
        initial[MORE_KEY] = report.content.get(MORE_KEY, "")
        for name in ACTION_SHEET_FIELDS:
            initial[f"as_{name}"] = report.action_sheet.get(name, "")
        return initial

    def section_fields(self):
        return [(section, self[self.key(section)]) for section in self.sections]

    def more_field(self):
        return self[MORE_KEY] if MORE_KEY in self.fields else None

    def action_sheet_fields(self):
        return [self[f"as_{n}"] for n in ACTION_SHEET_FIELDS if f"as_{n}" in self.fields]

    def content(self) -> dict:
        data = {}
        for section in self.sections:
            text = self.cleaned_data.get(self.key(section)) or ""
            data[str(section.pk)] = (
                [line for line in text.splitlines() if line.strip()]
                if section.kind == SectionKind.LIST
                else text
            )
        if MORE_KEY in self.fields:
            data[MORE_KEY] = self.cleaned_data.get(MORE_KEY) or ""
        return data

    def typed(self) -> dict[str, str]:
        """What was typed per field (sections and the action sheet), as text."""
        typed = {}
        for section in self.sections:
            typed[self.key(section)] = self.cleaned_data.get(self.key(section)) or ""
        if MORE_KEY in self.fields:
            typed[MORE_KEY] = self.cleaned_data.get(MORE_KEY) or ""
        for name in ACTION_SHEET_FIELDS:
            key = f"as_{name}"
            if key in self.fields:
                value = self.cleaned_data.get(key) or ""
                typed[key] = value.isoformat() if hasattr(value, "isoformat") else value
        return typed

    def action_sheet(self) -> dict | None:
        if not self.template.action_sheet:
            return None
        sheet = {}
        for name in ACTION_SHEET_FIELDS:
            value = self.cleaned_data.get(f"as_{name}")
            sheet[name] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
        return sheet


class TemplateChoiceForm(forms.Form):
    """The report editor's picker: one of the templates the arena may use."""

    template = forms.ModelChoiceField(
        label=_("Change to"),
        queryset=ReportTemplate.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the arena's templates.")},
    )

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReportTemplate.objects.available_to(arena).order_by(
            F("arena_id").asc(nulls_first=True), "name"
        )


class TemplateChangeForm(TemplateChoiceForm):
    """Confirming a change: the template and the revision the preview showed."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class InputForm(forms.ModelForm):
    class Meta:
        model = Input
        fields = ["title", "text", "addressee"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"title": _("A few words the input wall can show.")}


class PhotoDetailsForm(forms.ModelForm):
    """Caption, credit, description and print width, for an upload (given to
    every photo of it) or one photo."""

    class Meta:
        model = Photo
        fields = ["caption", "credit", "description", "full_width"]


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed?"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["name", "description", "action_sheet"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["description"], TEMPLATE_DESCRIPTION_MAX)


class SectionForm(forms.ModelForm):
    class Meta:
        model = TemplateSection
        fields = ["title", "help_question", "kind", "required"]
