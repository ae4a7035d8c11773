"""Quick entry: many of a group's products in one form, one field each.

At the café of challenges and keys (2012) a re-mixed group writes numbered
keys to its challenge; typing each into the one-input form of the report
editor was slow. This screen has a field per key (8 to begin with; "More
fields" re-renders the form with more, without JavaScript) and saves the
filled ones as the report's inputs, in order, numbered as everywhere
(``reports.inputwall.selectors.numbered``). It serves every format: outside
the café the fields are inputs (their short titles).

A table of the café's first round writes challenges instead
(``proposals.cafe.writes_challenges``): there the fields are challenges,
saved as topics that build on the table and wait in the wall's queue for the
re-mix (``proposals.cafe.add_challenges``).

Rules, as for the editor's own "Add an input" (``views.input_add``): the
``document`` capability; a GET writes nothing (the report is made by the
first save); empty fields are skipped; a field longer than an input's title
refuses the whole form with a message on that field, and every field keeps
what was typed. All the filled fields are saved, or none.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext
from django.views.decorators.http import require_http_methods

from arena.access import arena_view
from arena.models import Arena, Capability, Format
from arena.params import int_param
from arena.vocabulary import vocabulary
from proposals import cafe
from proposals.models import TITLE_MAX, Group
from reports.inputwall.selectors import numbered
from reports.models import GroupReport

from . import services

#: Empty fields a form starts with, and how many "More fields" adds.
ROWS = 8
#: The most fields one form has (a post names its row count; more is ignored).
MAX_ROWS = 96


class KeysForm(forms.Form):
    """``rows`` fields ``item-0`` … labelled from ``first`` on ("Key 4" …)."""

    rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows: int, first: int, label, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["rows"].initial = rows
        for i in range(rows):
            # CharField refuses a NUL character (PostgreSQL cannot store it).
            self.fields[f"item-{i}"] = forms.CharField(
                label=str(label) % {"n": first + i}, required=False, strip=True
            )

    def items(self):
        return [self[name] for name in self.fields if name.startswith("item-")]

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            value = data.get(name)
            if name.startswith("item-") and value:
                try:
                    services.check_length(value, self.limit, field.label)
                except services.ReportError as error:
                    self.add_error(name, str(error))
        return data

    def titles(self) -> list[str]:
        """The filled fields, in order (after ``is_valid``)."""
        names = [n for n in self.fields if n.startswith("item-")]
        return [self.cleaned_data[n] for n in names if self.cleaned_data.get(n)]


def _group(arena: Arena, group_pk: int) -> Group:
    return get_object_or_404(
        Group.objects.select_related("arena", "topic", "session__day", "space"),
        arena=arena,
        pk=group_pk,
    )


def _existing(group: Group, challenges: bool) -> list[tuple[int, str]]:
    """What the group has already: (number, title), in order."""
    if challenges:
        return [(n, t.title) for n, t in enumerate(cafe.challenges_of(group), 1)]
    report = GroupReport.objects.filter(group=group).first()
    if report is None:
        return []
    return [(i.number, i.title) for i in numbered(report.inputs.all()).order_by("position", "pk")]


def _rows(raw) -> int:
    return int_param(raw, default=ROWS, max=MAX_ROWS)


def _saved_message(arena: Arena, challenges: bool, n: int) -> str:
    if challenges:
        return npgettext(
            "café",
            "%(n)s challenge is added; it waits in the wall's queue for the re-mix.",
            "%(n)s challenges are added; they wait in the wall's queue for the re-mix.",
            n,
        ) % {"n": n}
    if arena.format == Format.CAFE:
        return npgettext("café", "%(n)s key is added.", "%(n)s keys are added.", n) % {"n": n}
    return ngettext("%(n)s input is added.", "%(n)s inputs are added.", n) % {"n": n}


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def keys(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    words = vocabulary(arena)
    challenges = cafe.writes_challenges(group)
    existing = _existing(group, challenges)
    options = {
        "first": len(existing) + 1,
        "label": words.topic_n if challenges else words.input_n,
        "limit": TITLE_MAX if challenges else services.INPUT_TITLE_MAX,
    }
    status = 200
    if request.method != "POST":
        form = KeysForm(rows=_rows(request.GET.get("rows")), **options)
    elif request.POST.get("action") == "more":
        rows = min(MAX_ROWS, _rows(request.POST.get("rows")) + ROWS)
        data = request.POST.copy()
        data["rows"] = str(rows)
        form = KeysForm(data, rows=rows, **options)  # not saved: what was typed stays
    else:
        form = KeysForm(request.POST, rows=_rows(request.POST.get("rows")), **options)
        if form.is_valid() and not form.titles():
            form.add_error(None, _("Nothing to save: every field is empty."))
        if form.is_valid():
            try:
                with transaction.atomic():
                    titles = form.titles()
                    if challenges:
                        cafe.add_challenges(group, titles)
                    else:
                        report = services.report_for(group)
                        for title in titles:
                            services.add_input(report, title=title)
            except (services.ReportError, cafe.RemixError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _saved_message(arena, challenges, len(titles)))
                return redirect(reverse("keys:form", args=[arena.pk, group.pk]))
        status = 400
    context = {
        "arena": arena,
        "group": group,
        "words": words,
        "challenges": challenges,
        "existing": existing,
        "form": form,
        "heading": words.add_topics if challenges else words.add_inputs,
        "list_heading": words.topics if challenges else words.inputs,
        "can_add_more": len(form.items()) < MAX_ROWS,
    }
    return render(request, "reports/keys_form.html", context, status=status)
