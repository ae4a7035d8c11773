"""The archive's search form (a plain GET form). The choices are the user's
own: years of their arenas, themes and perspectives by name (the same name
in every year's arena is one choice), pillars of the strategies they read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import index, services

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        max_length=MAX_QUERY,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Every word must be found; a word also finds longer words it begins."),
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)
    pillar = forms.TypedChoiceField(label=_("Pillar"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, options: "Options", **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.options = options
        self.fields["year"].choices = anything + [(y, str(y)) for y in options.years]
        self.fields["kind"].choices = anything + [(s.kind, s.label) for s in index.SOURCES.values()]
        self.fields["theme"].choices = anything + [(t, t) for t in options.themes]
        self.fields["perspective"].choices = anything + [(p, p) for p in options.perspectives]
        self.fields["pillar"].choices = anything + [
            (pk, label) for pk, label in options.pillar_choices
        ]
        for name in ("theme", "perspective", "pillar"):  # nothing to choose: no field
            if len(self.fields[name].choices) == 1:
                del self.fields[name]

    def filters(self) -> services.Filters:
        data = self.cleaned_data
        o = self.options
        return services.Filters(
            year=data.get("year"),
            kind=data.get("kind") or "",
            theme_ids=o.themes[data["theme"]] if data.get("theme") else None,
            perspective_ids=o.perspectives[data["perspective"]]
            if data.get("perspective")
            else None,
            pillar_ids=[data["pillar"]] if data.get("pillar") else None,
        )


class Options:
    """What the form offers, read in a fixed number of queries."""

    def __init__(self, user, access: services.Access):
        self.years = sorted(set(access.years.values()), reverse=True)
        arena_pks = list(access.memberships)
        self.themes = _by_name(services.theme_names(arena_pks))
        self.perspectives = _by_name(services.perspective_names(arena_pks))
        self.pillar_choices = services.pillar_choices(user)


def _by_name(rows) -> dict[str, list[int]]:
    """``{name: [pk, …]}``, names compared without case and outer spaces."""
    names: dict[str, str] = {}
    out: dict[str, list[int]] = {}
    for pk, name in rows:
        key = " ".join(name.split()).casefold()
        label = names.setdefault(key, " ".join(name.split()))
        out.setdefault(label, []).append(pk)
    return dict(sorted(out.items(), key=lambda kv: kv[0].casefold()))
