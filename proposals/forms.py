from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import DESCRIPTION_MAX, TITLE_MAX, Group, Topic, TopicKind


class TopicForm(forms.Form):
    """A participant's topic. On later days it may build on an earlier one,
    picked by its code from a searchable list ("2.12 – Frivillighet …")."""

    title = forms.CharField(label=_("Topic"), max_length=TITLE_MAX, strip=True)
    description = forms.CharField(
        label=_("A few lines about it"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of topic"),
        choices=TopicKind.choices,
        initial=TopicKind.NEW,
        widget=forms.RadioSelect,
    )
    builds_on = forms.CharField(
        label=_("Earlier input it builds on"),
        required=False,
        max_length=300,
        help_text=_("For b) and c): type a code or words from the title and pick from the list."),
        widget=forms.TextInput(attrs={"list": "earlier-topics", "autocomplete": "off"}),
    )

    def __init__(self, *args, arena, **kwargs):
        super().__init__(*args, **kwargs)
        self.arena = arena

    @cached_property
    def earlier(self) -> list[Group]:
        """The wall's groups, loaded only when needed (the datalist, or a
        topic of kind b/c): most posts in the morning burst are plain new
        topics and should not pay for the whole wall."""
        return list(
            Group.objects.filter(arena=self.arena)
            .select_related("topic", "session", "space")
            .order_by("session__session_number", "space__number")
        )

    @staticmethod
    def label_for(group: Group) -> str:
        return f"{group.code} – {group.topic.title}"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        text = (data.get("builds_on") or "").strip()
        data["builds_on_topic"] = None
        if kind in (TopicKind.DEEPENING, TopicKind.IMPLEMENTATION):
            if not text:
                self.add_error(
                    "builds_on", _("Pick the earlier input this topic deepens or implements.")
                )
                return data
            code = text.split("–")[0].split(" ")[0].strip()
            match = next((g for g in self.earlier if g.code == code), None)
            if match is None:
                matches = [g for g in self.earlier if text.lower() in g.topic.title.lower()]
                match = matches[0] if len(matches) == 1 else None
            if match is None:
                self.add_error(
                    "builds_on",
                    _("No earlier input matches “%(text)s”. Pick one from the list.")
                    % {"text": text},
                )
            else:
                data["builds_on_topic"] = match.topic
        return data


class FacilitatorTopicForm(forms.ModelForm):
    """A topic typed in by a facilitator, e.g. for someone without a phone."""

    class Meta:
        model = Topic
        fields = ["title", "description", "convener_name"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TopicEditForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the convener)"), max_length=300, strip=True)
