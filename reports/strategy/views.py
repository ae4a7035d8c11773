"""The strategy workspace's screens (``/strategies/…``, namespace "strategy").

- ``""``: the strategies the user may read; ``new/`` makes one from the
  arenas the user organises.
- ``<pk>/``: the strategy: its value base, its pillars (ordered with up and
  down buttons, no script) and how far the review has come.
- ``<pk>/inputs/``: every input, filtered (arena or other sources, theme,
  addressee, text, review state, pillar), ticked and tagged with one pillar
  and a rationale at once, or marked reviewed.
- ``<pk>/inputs/<key>/``: one input's whole chain, its pillars, a tag form
  and similar inputs (``similar``) that can be tagged with it.
- ``<pk>/pillars/<pk>/``: a pillar's trace: every input behind it with its chain.
- ``<pk>/sources/``: inputs typed in from other sources (edit, delete).
- ``<pk>/export.csv``, ``<pk>/extract.pdf`` and ``<pk>/extract.docx``
  (``?pillar=<pk>`` for one pillar).
- ``<pk>/publish/`` (confirm what becomes public, then publish) and
  ``<pk>/unpublish/``: the trace at ``public/<token>/`` (and its PDF), for
  anyone with the link, no account needed; 404 once unpublished.
- ``arena/<arena pk>/``: the arena page's link, to the strategies over that arena.

Who may do what: ``access``. Queries: ``selectors``; verbs: ``services``.
"""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena import pdf as pdf_renderer  # called through the module: tests may replace render_pdf
from arena.access import arena_view
from arena.crud import form_page
from arena.models import Capability
from arena.params import int_param
from reports.models import FollowUpStatus, Input, InputStatusChange, Pillar, PillarTag

from . import access, selectors, services, similar, word
from .access import strategy_view
from .forms import FilterForm, PillarForm, SourceInputForm, StrategyForm, TagForm

#: The extract's stylesheet, read from the static folder by arena.pdf.SafeFetcher.
EXTRACT_CSS = "/static/css/strategy-extract.css"
GET_POST = ["GET", "HEAD", "POST"]


def _back(request: HttpRequest, fallback: str) -> str:
    """The ``next`` the form carried, if it is one of ours; else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _pillar(strategy, pillar_pk: int) -> Pillar:
    return get_object_or_404(Pillar, strategy=strategy, pk=pillar_pk)


# --- strategies ---------------------------------------------------------------------------


@login_required
@require_safe
def strategy_list(request: HttpRequest) -> HttpResponse:
    """The strategies the user may read; ``?arena=<pk>``: those over that arena."""
    strategies = access.readable_by(request.user).prefetch_related("arenas")
    arena = None
    arena_pk = int_param(request.GET.get("arena"))
    if arena_pk is not None:
        arena = access.organised_or_read_arenas(request.user).filter(pk=arena_pk).first()
        if arena is not None:
            strategies = strategies.filter(arenas=arena)
    return render(
        request,
        "reports/strategy/list.html",
        {
            "strategies": strategies,
            "arena": arena,
            "can_create": access.can_create(request.user),
        },
    )


@arena_view(Capability.READ_REPORT)
@require_safe
def for_arena(request: HttpRequest, arena) -> HttpResponse:
    """The arena page's link (``phases.register_link``): its strategies."""
    return redirect(f"{reverse('strategy:list')}?arena={arena.pk}")


@login_required
@require_http_methods(GET_POST)
def strategy_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create(request.user):
        raise PermissionDenied
    arenas = access.organised_arenas(request.user)
    initial = {}
    from_arena = int_param(request.GET.get("arena"))
    if from_arena is not None:  # "New strategy" from an arena's list starts with it
        initial["arenas"] = [a.pk for a in arenas.filter(pk=from_arena)]
    form = StrategyForm(request.POST or None, arenas=arenas, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            strategy = services.create_strategy(
                request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                value_base=form.cleaned_data["value_base"],
                arenas=form.cleaned_data["arenas"],
            )
            messages.success(request, _("The strategy was made. Now add its pillars."))
            return redirect("strategy:detail", strategy.pk)
        return render(request, "reports/strategy/form.html", {"form": form}, status=400)
    return render(request, "reports/strategy/form.html", {"form": form})


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def strategy_edit(request: HttpRequest, strategy) -> HttpResponse:
    arenas = access.organised_arenas(request.user)
    form = StrategyForm(request.POST or None, instance=strategy, arenas=arenas)
    context = {"form": form, "strategy": strategy}
    if request.method == "POST":
        if form.is_valid():
            form.save()
            services.set_arenas(strategy, form.cleaned_data["arenas"], arenas)
            messages.success(request, _("Saved."))
            return redirect("strategy:detail", strategy.pk)
        return render(request, "reports/strategy/form.html", context, status=400)
    return render(request, "reports/strategy/form.html", context)


def _detail_context(request, strategy, pillar_form=None) -> dict:
    entries = selectors.entries(strategy)
    counts: dict[int, int] = {}
    for e in entries:
        for pk in e.pillar_pks:
            counts[pk] = counts.get(pk, 0) + 1
    pillars = list(strategy.pillars.all())
    for p in pillars:
        p.entry_count = counts.get(p.pk, 0)
    return {
        "strategy": strategy,
        "arenas": list(strategy.arenas.all()),
        "pillars": pillars,
        "total": len(entries),
        "unreviewed": sum(1 for e in entries if not e.tags and not e.reviewed),
        "tagged": sum(1 for e in entries if e.tags),
        "sources": sum(1 for e in entries if not e.is_input),
        "pillar_form": pillar_form or PillarForm(),
        "can_edit": request.can_edit,
    }


@strategy_view()
@require_safe
def strategy_detail(request: HttpRequest, strategy) -> HttpResponse:
    return render(request, "reports/strategy/detail.html", _detail_context(request, strategy))


def _confirm_delete(request, obj, *, what, tags, cancel_url, done_url, done_message):
    """A pillar's or a source input's delete, its pillar tags with it. GET
    asks, saying ``what(how many tags)``; POST deletes."""
    if request.method == "POST":
        obj.delete()
        messages.success(request, done_message)
        return redirect(done_url)
    return render(
        request, "confirm_delete.html", {"what": what(tags.count()), "cancel_url": cancel_url}
    )


# --- pillars ------------------------------------------------------------------------------


@strategy_view(edit=True)
@require_POST
def pillar_add(request: HttpRequest, strategy) -> HttpResponse:
    form = PillarForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, strategy, pillar_form=form)
        return render(request, "reports/strategy/detail.html", context, status=400)
    pillar = services.add_pillar(strategy, **form.cleaned_data)
    messages.success(request, _("Pillar “%(title)s” added.") % {"title": pillar.title})
    return redirect(f"{reverse('strategy:detail', args=[strategy.pk])}#pillars")


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def pillar_edit(request: HttpRequest, strategy, pillar_pk: int) -> HttpResponse:
    pillar = _pillar(strategy, pillar_pk)
    return form_page(
        request,
        PillarForm(request.POST or None, instance=pillar),
        done=f"{reverse('strategy:detail', args=[strategy.pk])}#pillars",
        template="reports/strategy/pillar_form.html",
        context={"strategy": strategy, "pillar": pillar},
        invalid_status=400,
    )


@strategy_view(edit=True)
@require_POST
def pillar_move(request: HttpRequest, strategy, pillar_pk: int) -> HttpResponse:
    pillar = _pillar(strategy, pillar_pk)
    if not services.move_pillar(pillar, request.POST.get("direction", "")):
        messages.info(request, _("The pillar is already at that end."))
    return redirect(f"{reverse('strategy:detail', args=[strategy.pk])}#pillar-{pillar.pk}")


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def pillar_delete(request: HttpRequest, strategy, pillar_pk: int) -> HttpResponse:
    pillar = _pillar(strategy, pillar_pk)
    return _confirm_delete(
        request,
        pillar,
        what=lambda tags: _pillar_loses(pillar, tags),
        tags=pillar.tags,
        cancel_url=reverse("strategy:detail", args=[strategy.pk]),
        done_url=f"{reverse('strategy:detail', args=[strategy.pk])}#pillars",
        done_message=_("Pillar “%(title)s” deleted.") % {"title": pillar.title},
    )


def _pillar_loses(pillar: Pillar, tags: int) -> str:
    """What deleting a pillar takes: its tags, and the pillar's name from the
    follow-up steps that took an input into the strategy under it (the steps
    stay on the inputs' timelines, ``InputStatusChange.pillar`` is SET_NULL;
    participants read them on their phones)."""
    what = ngettext(
        "the pillar “%(title)s” and its %(n)d tag (the inputs stay)",
        "the pillar “%(title)s” and its %(n)d tags (the inputs stay)",
        tags,
    ) % {"title": pillar.title, "n": tags}
    steps = InputStatusChange.objects.filter(pillar=pillar).count()
    if steps:
        lost = ngettext(
            "%(n)d follow-up step names this pillar (“%(status)s”) and stays on its "
            "input's timeline without the pillar's name",
            "%(n)d follow-up steps name this pillar (“%(status)s”) and stay on their "
            "inputs' timelines without the pillar's name",
            steps,
        ) % {"n": steps, "status": FollowUpStatus.TAKEN.label}
        what = f"{what}; {lost}"
    return what


@strategy_view()
@require_safe
def pillar_trace(request: HttpRequest, strategy, pillar_pk: int) -> HttpResponse:
    pillar = _pillar(strategy, pillar_pk)
    (traced,) = selectors.trace(strategy, pillar)
    return render(
        request,
        "reports/strategy/pillar.html",
        {"strategy": strategy, "traced": traced, "can_edit": request.can_edit},
    )


# --- inputs -------------------------------------------------------------------------------


def _filtered(strategy, form: FilterForm) -> list[selectors.Entry]:
    data = form.cleaned_data if form.is_valid() else {}
    inputs = selectors.arena_inputs(strategy)
    sources = strategy.source_inputs.all()
    council = selectors.council_inputs(strategy)
    origin = data.get("origin")
    if origin == "sources":
        inputs = inputs.none()
        council = council.none()
    elif origin:
        inputs = inputs.filter(report__group__arena_id=int(origin))
        council = council.filter(item__day__arena_id=int(origin))
        sources = sources.none()
    if data.get("theme"):
        # a cross-cutting theme holds inputs, a main area holds groups
        theme_pk = int(data["theme"])
        inputs = inputs.filter(
            Q(pk__in=Input.objects.filter(themes=theme_pk).values("pk"))
            | Q(report__group__theme_id=theme_pk)
        )
        sources = sources.none()
        council = council.none()
    if data.get("addressee"):
        inputs = inputs.filter(addressee=data["addressee"])
        sources = sources.none()
        council = council.none()
    found = selectors.entries(strategy, inputs=inputs, sources=sources, council=council)
    # Text in Python: casefold matches æøå the same on SQLite and PostgreSQL.
    needle = (data.get("q") or "").strip().casefold()
    if needle:
        found = [e for e in found if needle in f"{e.title}\n{e.text}\n{e.origin}".casefold()]
    state = data.get("state")
    if state == "unreviewed":
        found = [e for e in found if not e.tags and not e.reviewed]
    elif state == "tagged":
        found = [e for e in found if e.tags]
    elif state == "reviewed":
        found = [e for e in found if e.reviewed and not e.tags]
    if data.get("pillar"):
        pillar_pk = int(data["pillar"])
        found = [e for e in found if pillar_pk in e.pillar_pks]
    return found


@strategy_view()
@require_http_methods(GET_POST)
def inputs(request: HttpRequest, strategy) -> HttpResponse:
    """The filtered list; a POST tags the ticked inputs or marks them reviewed."""
    themes = list(selectors.strategy_themes(strategy))
    pillars = list(strategy.pillars.all())
    filters = FilterForm(request.GET, arenas=strategy.arenas.all(), themes=themes, pillars=pillars)
    if not themes:
        del filters.fields["theme"]
    if request.GET and not filters.is_valid():
        messages.warning(request, _("A filter that made no sense was left out."))
    tag_form = TagForm(strategy=strategy)
    status = 200
    chosen: set[str] = set()
    if request.method == "POST":
        if not request.can_edit:
            raise PermissionDenied
        chosen = set(request.POST.getlist("items"))
        action = request.POST.get("action", "tag")
        tag_form = TagForm(request.POST, strategy=strategy)
        try:
            if action in ("reviewed", "unreviewed"):
                n = services.mark_reviewed(strategy, chosen, reviewed=action == "reviewed")
                text = (
                    ngettext(
                        "%(n)d input marked as reviewed.", "%(n)d inputs marked as reviewed.", n
                    )
                    if action == "reviewed"
                    else ngettext(
                        "%(n)d input is not reviewed any more.",
                        "%(n)d inputs are not reviewed any more.",
                        n,
                    )
                )
                messages.success(request, text % {"n": n})
                return redirect(request.get_full_path())
            if not chosen:
                raise services.StrategyError(_("Tick the inputs to tag first."))
            if tag_form.is_valid():
                made, had = services.tag(
                    strategy,
                    tag_form.cleaned_data["pillar"],
                    chosen,
                    tag_form.cleaned_data["rationale"],
                    request.user,
                )
                messages.success(request, _tag_message(made, had, tag_form.cleaned_data["pillar"]))
                return redirect(request.get_full_path())
        except services.StrategyError as error:
            tag_form.add_error(None, str(error))
        status = 400
    found = _filtered(strategy, filters)
    return render(
        request,
        "reports/strategy/inputs.html",
        {
            "strategy": strategy,
            "filters": filters,
            "entries": found,
            "tag_form": tag_form,
            "chosen": chosen,
            "pillars": pillars,
            "can_edit": request.can_edit,
            "filtered": any(v for k, v in request.GET.items()),
        },
        status=status,
    )


def _tag_message(made: int, had: int, pillar) -> str:
    text = ngettext(
        "%(n)d input tagged with “%(pillar)s”.", "%(n)d inputs tagged with “%(pillar)s”.", made
    ) % {"n": made, "pillar": pillar.title}
    if had:
        text += " " + ngettext("%(n)d already had it.", "%(n)d already had it.", had) % {"n": had}
    return text


def _suggestions(strategy, current: selectors.Entry, everything) -> list[selectors.Entry]:
    by_key = {e.key: e for e in everything}
    documents = {e.key: f"{e.title}\n{e.text}" for e in everything}
    return [by_key[key] for key, _score in similar.similar(current.key, documents)]


@strategy_view()
@require_http_methods(GET_POST)
def input_detail(request: HttpRequest, strategy, key: str) -> HttpResponse:
    """One input's chain and pillars; tag it (and similar ones) with a pillar."""
    everything = selectors.entries(strategy)
    current = next((e for e in everything if e.key == key), None)
    if current is None:
        raise Http404("Not an input of this strategy.")
    tag_form = TagForm(request.POST or None, strategy=strategy)
    status = 200
    chosen = set(request.POST.getlist("items")) if request.method == "POST" else set()
    if request.method == "POST":
        if not request.can_edit:
            raise PermissionDenied
        here = request.get_full_path()
        action = request.POST.get("action", "tag")
        if action in ("reviewed", "unreviewed"):
            services.mark_reviewed(strategy, [current.key], reviewed=action == "reviewed")
            messages.success(
                request,
                _("Marked as reviewed.") if action == "reviewed" else _("Not reviewed any more."),
            )
            return redirect(here)
        if tag_form.is_valid():
            try:
                made, had = services.tag(
                    strategy,
                    tag_form.cleaned_data["pillar"],
                    {current.key, *chosen},
                    tag_form.cleaned_data["rationale"],
                    request.user,
                )
            except services.StrategyError as error:
                tag_form.add_error(None, str(error))
            else:
                messages.success(request, _tag_message(made, had, tag_form.cleaned_data["pillar"]))
                return redirect(here)
        status = 400
    return render(
        request,
        "reports/strategy/input.html",
        {
            "strategy": strategy,
            "entry": current,
            "suggestions": _suggestions(strategy, current, everything),
            "tag_form": tag_form,
            "chosen": chosen,
            "can_edit": request.can_edit,
        },
        status=status,
    )


@strategy_view(edit=True)
@require_POST
def tag_delete(request: HttpRequest, strategy, tag_pk: int) -> HttpResponse:
    tag = get_object_or_404(PillarTag.objects.select_related("pillar"), pk=tag_pk)
    if tag.pillar.strategy_id != strategy.pk:
        raise Http404("Not a tag of this strategy.")
    services.untag(tag)
    messages.success(request, _("Removed from “%(pillar)s”.") % {"pillar": tag.pillar.title})
    return redirect(_back(request, reverse("strategy:detail", args=[strategy.pk])))


# --- other sources ------------------------------------------------------------------------


@strategy_view()
@require_http_methods(GET_POST)
def sources(request: HttpRequest, strategy) -> HttpResponse:
    form = SourceInputForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.can_edit:
            raise PermissionDenied
        if form.is_valid():
            item = services.add_source_input(strategy, request.user, **form.cleaned_data)
            messages.success(request, _("Input “%(title)s” added.") % {"title": item.title})
            # the next one is often from the same source: keep it
            query = urlencode({"source": item.source})
            return redirect(f"{reverse('strategy:sources', args=[strategy.pk])}?{query}")
        status = 400
    elif request.GET.get("source"):
        form = SourceInputForm(initial={"source": request.GET["source"][:200]})
    found = selectors.entries(strategy, inputs=[])
    return render(
        request,
        "reports/strategy/sources.html",
        {"strategy": strategy, "form": form, "entries": found, "can_edit": request.can_edit},
        status=status,
    )


def _source(strategy, source_pk: int):
    return get_object_or_404(strategy.source_inputs, pk=source_pk)


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def source_edit(request: HttpRequest, strategy, source_pk: int) -> HttpResponse:
    item = _source(strategy, source_pk)
    return form_page(
        request,
        SourceInputForm(request.POST or None, instance=item),
        done=reverse("strategy:input", args=[strategy.pk, selectors.entry_key("source", item.pk)]),
        template="reports/strategy/source_form.html",
        context={"strategy": strategy, "item": item},
        invalid_status=400,
    )


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def source_delete(request: HttpRequest, strategy, source_pk: int) -> HttpResponse:
    item = _source(strategy, source_pk)
    sources_url = reverse("strategy:sources", args=[strategy.pk])
    return _confirm_delete(
        request,
        item,
        what=lambda tags: (
            ngettext(
                "the input “%(title)s” and its %(n)d tag",
                "the input “%(title)s” and its %(n)d tags",
                tags,
            )
            % {"title": item.title, "n": tags}
        ),
        tags=item.pillar_tags,
        cancel_url=sources_url,
        done_url=sources_url,
        done_message=_("Input “%(title)s” deleted.") % {"title": item.title},
    )


# --- export -------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A spreadsheet never runs a participant's text as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _chosen_pillar(request, strategy) -> Pillar | None:
    raw = request.GET.get("pillar")
    if not raw:
        return None
    pk = int_param(raw)
    if pk is None:
        raise Http404("No such pillar.")
    return _pillar(strategy, pk)


def _filename(strategy, pillar, ext: str) -> str:
    stem = slugify(strategy.title) or "strategy"
    if pillar is not None:
        stem += "-" + (slugify(pillar.title) or str(pillar.pk))
    return f"{stem}.{ext}"


CSV_COLUMNS = [
    ("pillar_number", gettext_lazy("Pillar no.")),
    ("pillar", gettext_lazy("Pillar")),
    ("rationale", gettext_lazy("Rationale")),
    ("origin", gettext_lazy("From")),
    ("arena", gettext_lazy("Arena")),
    ("day", gettext_lazy("Day")),
    ("session", gettext_lazy("Session")),
    ("session_time", gettext_lazy("Session time")),
    ("room", gettext_lazy("Room")),
    ("group_code", gettext_lazy("Group")),
    ("group_title", gettext_lazy("Group title")),
    ("report_status", gettext_lazy("Group report")),
    ("number", gettext_lazy("Number")),
    ("title", gettext_lazy("Input")),
    ("text", gettext_lazy("Text")),
    ("addressee", gettext_lazy("Addressed to")),
    ("themes", gettext_lazy("Themes")),
    ("participants", gettext_lazy("Participants")),
    ("perspectives", gettext_lazy("Perspectives present")),
    ("named", gettext_lazy("Named participants (with consent)")),
]


def _csv_row(position, pillar, tag, e: selectors.Entry) -> dict:
    c = e.chain
    row = {
        "pillar_number": position,
        "pillar": pillar.title,
        "rationale": tag.rationale,
        "origin": _("Arena") if c else e.source,
        "number": e.number,
        "title": e.title,
        "text": e.text,
        "addressee": e.addressee,
        "themes": "; ".join(e.themes),
    }
    if c:
        row.update(
            arena=c.arena_title,
            day=c.day.isoformat(),
            session=c.session_number,
            session_time=f"{c.session_start:%H:%M}–{c.session_end:%H:%M}",
            room=c.space,
            group_code=c.group_code,
            group_title=c.group_title,
            report_status=c.report_status_label,
            participants=c.participants,
            perspectives=c.perspectives_text,
            named="; ".join(c.names),
        )
    elif e.council:
        k = e.council
        row.update(
            arena=k.arena_title,
            day=k.day.isoformat(),
            session_time=f"{k.discussion_start:%H:%M}–{k.discussion_end:%H:%M}",
        )
    return row


@strategy_view()
@require_safe
def export_csv(request: HttpRequest, strategy) -> HttpResponse:
    """One row per pillar and input, with the input's chain as columns."""
    pillar = _chosen_pillar(request, strategy)
    positions = {p.pk: n for n, p in enumerate(strategy.pillars.all(), 1)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for traced in selectors.trace(strategy, pillar):
        for tag, e in traced.rows:
            row = _csv_row(positions.get(traced.pillar.pk), traced.pillar, tag, e)
            writer.writerow([_cell(row.get(key, "")) for key, _label in CSV_COLUMNS])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, _filename(strategy, pillar, "csv")
    )
    return response


def _numbered_trace(strategy, pillar=None) -> list[selectors.PillarTrace]:
    """The trace with each pillar's number in the strategy (``t.number``)."""
    positions = {p.pk: n for n, p in enumerate(strategy.pillars.all(), 1)}
    traced = selectors.trace(strategy, pillar)
    for t in traced:
        t.number = positions.get(t.pillar.pk)
    return traced


@strategy_view()
@require_safe
def extract_pdf(request: HttpRequest, strategy) -> HttpResponse:
    """The pillars (or one) with every input behind them and its chain, as a
    tagged, accessible PDF (PDF/UA-1)."""
    return _extract_pdf(strategy, _chosen_pillar(request, strategy))


def _extract_pdf(strategy, pillar) -> HttpResponse:
    language = translation.get_language() or "nb"
    traced = _numbered_trace(strategy, pillar)
    title = _("%(strategy)s – traceability extract") % {"strategy": strategy.title}
    html = render_to_string(
        "reports/strategy/extract.html",
        {
            "strategy": strategy,
            "traced": traced,
            "one_pillar": pillar is not None,
            "title": title,
            "language": language,
            "stylesheet": EXTRACT_CSS,
            "made_at": timezone.localtime(),
        },
    )
    pdf = pdf_renderer.render_pdf(
        html, title=title, lang=language, pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return pdf_renderer.pdf_response(pdf, _filename(strategy, pillar, "pdf"))


@strategy_view()
@require_safe
def extract_docx(request: HttpRequest, strategy) -> HttpResponse:
    """The same extract as an editable Word document (``word``)."""
    pillar = _chosen_pillar(request, strategy)
    language = translation.get_language() or "nb"
    data = word.trace_docx(
        strategy, _numbered_trace(strategy, pillar), language, timezone.localtime()
    )
    response = HttpResponse(data, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _filename(strategy, pillar, "docx")
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the public link ----------------------------------------------------------------------


def _public_url(request, strategy) -> str:
    if not strategy.public_token:
        return ""
    return request.build_absolute_uri(reverse("strategy:public", args=[strategy.public_token]))


@strategy_view(edit=True)
@require_http_methods(GET_POST)
def publish(request: HttpRequest, strategy) -> HttpResponse:
    """GET: what becomes public, and the link if it is published; POST: publish."""
    if request.method == "POST":
        already = bool(strategy.public_token)
        services.publish(strategy, request.user)
        if not already:
            messages.success(
                request, _("The trace is published. Anyone with the link can read it.")
            )
        return redirect("strategy:publish", strategy.pk)
    traced = selectors.trace(strategy)
    return render(
        request,
        "reports/strategy/publish.html",
        {
            "strategy": strategy,
            "pillars": len(traced),
            "inputs": sum(len(t.rows) for t in traced),
            "public_url": _public_url(request, strategy),
        },
    )


@strategy_view(edit=True)
@require_POST
def unpublish(request: HttpRequest, strategy) -> HttpResponse:
    services.unpublish(strategy, request.user)
    messages.success(request, _("The trace is not public any more; the old link leads nowhere."))
    return redirect("strategy:publish", strategy.pk)


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    # Not "no-referrer": Chromium then posts forms (the language menu) with
    # Origin null, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _published(token: str):
    strategy = services.published_by_token(token)
    if strategy is None:
        raise Http404("Nothing is published here.")
    return strategy


@require_safe
def public_trace(request: HttpRequest, strategy_token: str) -> HttpResponse:
    """The published trace: every pillar with its inputs and their chains."""
    strategy = _published(strategy_token)
    return _public(
        render(
            request,
            "reports/strategy/public.html",
            {
                "strategy": strategy,
                "traced": _numbered_trace(strategy),
                "token": strategy_token,
            },
        )
    )


@require_safe
def public_extract_pdf(request: HttpRequest, strategy_token: str) -> HttpResponse:
    """The published trace as the PDF extract."""
    return _public(_extract_pdf(_published(strategy_token), None))
