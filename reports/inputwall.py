"""The input wall (every submitted input), comments and dot-voting.

Phones (``/p/<code>/…``, "phone_reports:"):
- ``inputs/``: the input wall, newest report first, filterable by session,
  space, perspective and addressee (GET; a value that makes no sense is
  ignored and said so). Each input shows its code ("3.8 – 2"), its group's
  topic, its comments, and the day-2 topics that deepen or implement it.
- ``inputs/<pk>/comment/``: comment on an input (inline with htmx).
- ``vote/``: place and remove dots in the current vote.

Staff (``/a/<pk>/…``, "reports:"): the input wall on the projector, the votes
(open, close) and a vote's results on the projector.

Live: broadcasts are rendered once after commit and sent to every screen of
the arena as out-of-band fragments with stable ids (``inputs-g<group pk>``,
``comments-<input pk>``, ``vote-status``, ``vote-board-<vote pk>``).
Views stay thin: the services live in ``reports.voting``.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from arena.access import arena_view, participant_view
from arena.live import (
    INPUT_WALLS,
    PHONE_INPUTS,
    PHONE_VOTE,
    PROJECTOR_VOTE,
    audience_group,
    send_html_now,
)
from arena.models import Arena, Capability, Perspective
from arena.params import int_param
from proposals.models import Attendance, Topic, TopicKind, TopicStatus
from sessions.models import AgendaItem, Space

from . import voting
from .models import Addressee, GroupReport, InputComment, ReportParticipant, Vote

# --- the wall -----------------------------------------------------------------------


@dataclass
class Filters:
    session: AgendaItem | None = None
    space: Space | None = None
    perspective: Perspective | None = None
    addressee: str = ""

    @property
    def active(self) -> bool:
        return bool(self.session or self.space or self.perspective or self.addressee)

    @property
    def addressee_label(self) -> str:
        return Addressee(self.addressee).label if self.addressee else ""

    def querystring(self) -> str:
        params = {
            "session": self.session.session_number if self.session else "",
            "space": self.space.number if self.space else "",
            "perspective": self.perspective.pk if self.perspective else "",
            "addressee": self.addressee,
        }
        return urlencode({k: v for k, v in params.items() if v})


@dataclass
class FilterOptions:
    sessions: list
    spaces: list
    perspectives: list
    addressees: list = field(default_factory=lambda: list(Addressee.choices))


def filter_options(arena: Arena) -> FilterOptions:
    return FilterOptions(
        sessions=list(
            AgendaItem.objects.for_arena(arena)
            .sessions()
            .exclude(session_number=None)
            .select_related("day")
            .order_by("session_number")
        ),
        spaces=list(arena.spaces.order_by("number")),
        perspectives=list(arena.perspectives.all()),
    )


def parse_filters(params, options: FilterOptions) -> tuple[Filters, list[str]]:
    """GET parameters → filters; anything unknown is ignored with a note
    (never an error page: a phone may carry an old or hand-edited link)."""
    filters, notes = Filters(), []

    def pick(name: str, choices: dict, label: str):
        raw = params.get(name, "")
        if not raw.strip():
            return None
        found = choices.get(int_param(raw))
        if found is None:
            notes.append(
                _("There is no %(what)s “%(value)s”; showing all.")
                % {"what": label, "value": raw[:40]}
            )
        return found

    filters.session = pick("session", {s.session_number: s for s in options.sessions}, _("session"))
    filters.space = pick("space", {s.number: s for s in options.spaces}, _("space"))
    filters.perspective = pick(
        "perspective", {p.pk: p for p in options.perspectives}, _("perspective")
    )
    addressee = params.get("addressee", "").strip()
    if addressee in Addressee.values:
        filters.addressee = addressee
    elif addressee:
        notes.append(
            _("There is no %(what)s “%(value)s”; showing all.")
            % {"what": _("addressee"), "value": addressee[:40]}
        )
    return filters, notes


@dataclass
class Section:
    """One group's inputs on the wall, with the day-2 topics that build on it."""

    report: object
    inputs: list = field(default_factory=list)
    followups: list = field(default_factory=list)

    @property
    def group(self):
        return self.report.group

    @property
    def dom_id(self) -> str:
        return f"inputs-g{self.report.group_id}"


def _perspective_filter(perspective: Perspective):
    """Inputs of groups where someone with the perspective took part: the
    report's participants, or, when the report lists none, who said
    "I'm going" to the group."""
    listed = ReportParticipant.objects.filter(report=OuterRef("report"))
    attended = Attendance.objects.filter(
        group=OuterRef("report__group"), participant__perspectives=perspective
    )
    return Exists(listed.filter(participant__perspectives=perspective)) | (
        ~Exists(listed) & Exists(attended)
    )


def _comments_with_authors(comments):
    """Comments with what their authors' public names need: the wall and its
    broadcasts are the room's, so an author is named only with consent
    (``Participant.public_name``), otherwise by perspective."""
    return comments.select_related("participant").prefetch_related("participant__perspectives")


GROUPS_PER_PAGE = 10  # about 50 inputs: a phone page of ~12 KB, rendered in ~50 ms
MAX_PAGE = 10_000


@dataclass
class Wall:
    sections: list
    page: int = 1
    has_more: bool = False


def build_input_wall(
    arena: Arena,
    filters: Filters | None = None,
    *,
    group_pk=None,
    page: int = 1,
    per_page: int | None = GROUPS_PER_PAGE,
) -> Wall:
    """The wall as sections (one per group), newest submitted report first,
    ``per_page`` groups a page (None: all). A fixed number of queries
    whatever the number of inputs: the page's reports, inputs, comments,
    follow-ups."""
    matching = voting.wall_inputs(arena)
    filters = filters or Filters()
    if filters.session:
        matching = matching.filter(report__group__session=filters.session)
    if filters.space:
        matching = matching.filter(report__group__space=filters.space)
    if filters.addressee:
        matching = matching.filter(addressee=filters.addressee)
    if filters.perspective:
        matching = matching.filter(_perspective_filter(filters.perspective))
    if group_pk is not None:
        matching = matching.filter(report__group_id=group_pk)
    has_more = False
    if per_page is not None:
        reports = (
            GroupReport.objects.filter(Exists(matching.filter(report=OuterRef("pk"))))
            .order_by(F("submitted_at").desc(nulls_last=True), "pk")
            .values_list("pk", flat=True)
        )
        start = (page - 1) * per_page
        report_pks = list(reports[start : start + per_page + 1])
        has_more = len(report_pks) > per_page
        matching = matching.filter(report_id__in=report_pks[:per_page])
    inputs = (
        voting.for_display(matching)
        .select_related(
            "report__group__topic__builds_on__group__session",
            "report__group__topic__builds_on__group__space",
            "report__group__topic__builds_on__merged_into__group__session",
            "report__group__topic__builds_on__merged_into__group__space",
        )
        .prefetch_related(
            Prefetch("comments", queryset=_comments_with_authors(InputComment.objects))
        )
        .order_by(F("report__submitted_at").desc(nulls_last=True), "report_id", "position", "pk")
    )
    sections: dict[int, Section] = {}
    for item in inputs:
        section = sections.setdefault(item.report_id, Section(report=item.report))
        section.inputs.append(item)
    by_topic = {s.report.group.topic_id: s for s in sections.values()}
    if by_topic:
        followups = (
            Topic.objects.filter(
                builds_on__in=by_topic,
                kind__in=[TopicKind.DEEPENING, TopicKind.IMPLEMENTATION],
                status__in=[TopicStatus.PLACED, TopicStatus.MERGED],
            )
            .select_related(
                "group__session",
                "group__space",
                "merged_into__group__session",
                "merged_into__group__space",
            )
            .order_by("pk")
        )
        for topic in followups:
            if topic.wall_group is not None:
                by_topic[topic.builds_on_id].followups.append(topic)
    return Wall(sections=list(sections.values()), page=page, has_more=has_more)


def _wall_context(arena: Arena, params, *, paged: bool = True) -> dict:
    options = filter_options(arena)
    filters, notes = parse_filters(params, options)
    # A page past MAX_PAGE is page 1 (its OFFSET once overflowed the driver).
    page = int_param(params.get("page"), default=1, max=MAX_PAGE)
    wall = build_input_wall(arena, filters, page=page, per_page=GROUPS_PER_PAGE if paged else None)
    return {
        "arena": arena,
        "wall": wall,
        "sections": wall.sections,
        "filters": filters,
        "filter_notes": notes,
        "options": options,
        "open_vote": Vote.objects.filter(arena=arena, closed_at=None).first(),
    }


@participant_view
def input_wall(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    context = {**_wall_context(arena, request.GET), "participant": participant}
    if request.htmx and request.GET.get("part") in ("list", "more"):
        return render(request, f"reports/input_wall.html#{request.GET['part']}", context)
    return render(request, "reports/input_wall.html", context)


@arena_view(Capability.FACILITATE)
def input_wall_projector(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Large type, no controls; takes the same filters as the phones (GET).
    The whole wall in one response, refreshed every two minutes; the screen
    pages through it (static/js/projector.js)."""
    context = _wall_context(arena, request.GET, paged=False)
    context["announcement"] = arena.current_announcement
    if request.htmx and request.GET.get("part") == "list":
        return render(request, "reports/input_wall_projector.html#list", context)
    return render(request, "reports/input_wall_projector.html", context)


# --- comments -----------------------------------------------------------------------


def _wall_input(arena: Arena, input_pk: int):
    return get_object_or_404(voting.for_display(voting.wall_inputs(arena)), pk=input_pk)


def _comments_context(arena: Arena, item) -> dict:
    comments = list(_comments_with_authors(InputComment.objects.filter(input=item)))
    return {"arena": arena, "item": item, "comments": comments}


@participant_view
def comment(request: HttpRequest, arena: Arena, participant, input_pk: int) -> HttpResponse:
    """Comment on an input: a small form under the input (htmx), or a page."""
    item = _wall_input(arena, input_pk)
    context = {"arena": arena, "participant": participant, "item": item, "text": ""}
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            voting.post_comment(participant, item, text)
        except voting.CommentError as error:
            context.update(text=text, error=str(error), status=400)
        else:
            if not request.htmx:
                messages.success(request, _("Thank you for your comment."))
                url = reverse("phone_reports:input_wall", args=[arena.join_code])
                return redirect(f"{url}#input-{item.pk}")
            context["sent"] = True
    status = context.pop("status", 200)  # refused: the message and what was typed
    if request.htmx:  # htmx swaps only 2xx: the form with its message
        response = render(request, "reports/input_wall_comment.html#form", context)
        if context.get("sent"):  # the poster's own page, even if its socket is down
            response.write(
                render_to_string(
                    "reports/_input_comments.html", {**_comments_context(arena, item), "oob": True}
                )
            )
        return response
    context.update(_comments_context(arena, item))
    return render(request, "reports/input_wall_comment.html", context, status=status)


# --- votes: staff -------------------------------------------------------------------


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


def _get_vote(arena: Arena, vote_pk: int) -> Vote:
    return get_object_or_404(Vote, arena=arena, pk=vote_pk)


@arena_view(Capability.FACILITATE)
def votes(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The arena's votes and the form that opens one (dots prefilled: one per
    three inputs on the wall, the Open Space rule of thumb)."""
    count = voting.wall_inputs(arena).count()
    form = VoteForm(
        request.POST or None,
        initial={
            "title": _("Which inputs matter most?"),
            "dots_per_participant": voting.default_dots(arena),
            "cap_per_input": 2,
            "blind": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            voting.open_vote(arena, **form.cleaned_data)
        except voting.VoteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The vote is open. Phones can place their dots now."))
            return redirect("reports:votes", arena.pk)
    return render(
        request,
        "reports/votes.html",
        {
            "arena": arena,
            "form": form,
            "input_count": count,
            "votes": Vote.objects.filter(arena=arena).order_by("-opened_at"),
        },
    )


@arena_view(Capability.FACILITATE)
@require_POST
def vote_close(request: HttpRequest, arena: Arena, vote_pk: int) -> HttpResponse:
    voting.close_vote(_get_vote(arena, vote_pk))
    messages.success(request, _("The vote is closed; the results are shown."))
    return redirect("reports:votes", arena.pk)


def _board_context(vote: Vote) -> dict:
    from django.db.models import Count

    context = {"vote": vote, "arena": vote.arena, "results": None}
    totals = vote.dots.aggregate(dots=Count("pk"), voters=Count("participant", distinct=True))
    context.update(totals)
    if vote.results_visible:
        results = voting.vote_results(vote)
        top = results[0][1] if results else 0
        context["results"] = [(item, n, int(100 * n / top) if top else 0) for item, n in results]
    return context


@arena_view(Capability.FACILITATE)
def vote_projector(request: HttpRequest, arena: Arena, vote_pk: int) -> HttpResponse:
    """A vote's results, live, large type; while blind only how many voted."""
    vote = _get_vote(arena, vote_pk)
    context = {**_board_context(vote), "announcement": arena.current_announcement}
    if request.htmx and request.GET.get("part") == "board":
        return render(request, "reports/vote_projector.html#board", context)
    return render(request, "reports/vote_projector.html", context)


# --- votes: phones ------------------------------------------------------------------


def _vote_rows(vote: Vote, participant) -> tuple[list, int]:
    """[(input, my dots, dots in all or None while blind)] in wall order, and
    how many dots the participant has left."""
    mine = voting.my_dots(vote, participant)
    if vote.results_visible:
        pairs = voting.vote_results(vote)
    else:
        pairs = [(item, None) for item in voting.for_display(voting.wall_inputs(vote.arena))]
    pairs.sort(
        key=lambda p: (
            p[0].report.group.session.session_number or 0,
            p[0].report.group.space.number,
            p[0].number,
        )
    )
    rows = [(item, mine.get(item.pk, 0), total) for item, total in pairs]
    return rows, vote.dots_per_participant - sum(mine.values())


@participant_view
def vote(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    current = voting.current_vote(arena)
    context = {"arena": arena, "participant": participant, "vote": current, "open_vote": None}
    if current is not None:
        context["rows"], context["left"] = _vote_rows(current, participant)
        context["open_vote"] = current if current.is_open else None
    return render(request, "reports/vote.html", context)


@participant_view
@require_POST
def vote_dot(
    request: HttpRequest, arena: Arena, participant, vote_pk: int, input_pk: int
) -> HttpResponse:
    """Place (``do=add``) or take back (``do=remove``) one dot."""
    the_vote = _get_vote(arena, vote_pk)
    item = _wall_input(arena, input_pk)
    error = None
    try:
        if request.POST.get("do") == "remove":
            voting.remove_dot(the_vote, participant, item)
        else:
            voting.place_dot(the_vote, participant, item)
    except voting.VoteError as problem:
        error = str(problem)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('phone_reports:vote', args=[arena.join_code])}#vi-{item.pk}")
    the_vote.refresh_from_db()
    mine = voting.my_dots(the_vote, participant)
    total = None
    if the_vote.results_visible:
        total = the_vote.dots.filter(input=item).count()
    return render(
        request,
        "reports/vote.html#row",
        {
            "arena": arena,
            "vote": the_vote,
            "item": item,
            "my": mine.get(item.pk, 0),
            "total": total,
            "left": the_vote.dots_per_participant - sum(mine.values()),
            "error": error,
            "oob_left": True,
        },
    )


# --- live -------------------------------------------------------------------------


def _send_to(arena_pk: int, audiences, html: str) -> None:
    """To the screens of these audiences (``arena.live``) that render it."""
    for audience in audiences:
        send_html_now(audience_group(arena_pk, audience), html)


def render_section(arena: Arena, group_pk: int) -> str:
    """The broadcast for one group's inputs: replace it where it is, else put
    it first on unfiltered walls; filtered walls get a "new inputs" notice."""
    sections = build_input_wall(arena, group_pk=group_pk, per_page=None).sections
    return render_to_string(
        "reports/_input_broadcast.html",
        {"arena": arena, "section": sections[0] if sections else None, "group_pk": group_pk},
    )


def report_submitted(report) -> None:
    """HOOK for ``reports`` services: call it inside the transaction that sets
    a report's status to submitted (or approved), e.g.::

        report.status = ReportStatus.SUBMITTED
        report.save(...)
        inputwall.report_submitted(report)

    After commit, the group's inputs are rendered once and broadcast to the
    input walls (``live.INPUT_WALLS``): phones and projectors showing the whole wall get the
    group first on the wall (replacing it if it was there, e.g. resubmitted
    after being sent back); walls with a filter get a "new inputs" notice.
    Nothing is sent if the transaction rolls back.
    """
    arena_pk, group_pk = report.group.arena_id, report.group_id

    def send():
        arena = Arena.objects.get(pk=arena_pk)
        _send_to(arena_pk, INPUT_WALLS, render_section(arena, group_pk))

    transaction.on_commit(send)


def report_returned(report) -> None:
    """HOOK: call inside the transaction that sends a report back (or back to
    draft): after commit its inputs leave every input wall."""
    arena_pk, group_pk = report.group.arena_id, report.group_id
    html = f'<div id="inputs-g{int(group_pk)}" hx-swap-oob="delete"></div>'
    transaction.on_commit(lambda: _send_to(arena_pk, INPUT_WALLS, html))


def comments_changed(arena_pk: int, input_pk: int) -> None:
    """After commit: the input's comment list, to the input walls (idempotent:
    the whole list replaces ``#comments-<pk>``, so nothing is shown twice)."""

    def send():
        arena = Arena.objects.get(pk=arena_pk)
        item = voting.wall_inputs(arena).filter(pk=input_pk).first()
        if item is None:
            return
        html = render_to_string(
            "reports/_input_comments.html", {**_comments_context(arena, item), "oob": True}
        )
        _send_to(arena_pk, INPUT_WALLS, html)

    transaction.on_commit(send)


def vote_changed(vote: Vote) -> None:
    """After a vote opens or closes: the vote banner of phones' input wall and
    vote page, and the vote projector fetches the vote's board."""
    arena_pk, vote_pk = vote.arena_id, vote.pk

    def send():
        the_vote = Vote.objects.select_related("arena").get(pk=vote_pk)
        html = render_to_string(
            "reports/vote_status.html",
            {"arena": the_vote.arena, "open_vote": the_vote if the_vote.is_open else None,
             "closed_vote": None if the_vote.is_open else the_vote, "oob": True},
        )  # fmt: skip
        _send_to(arena_pk, [PHONE_INPUTS, PHONE_VOTE], html)
        signal = render_to_string("reports/vote_signal.html", {"vote": the_vote})
        _send_to(arena_pk, [PROJECTOR_VOTE], signal)

    transaction.on_commit(send)


def vote_results_changed(vote: Vote) -> None:
    """After commit: the results board, rendered once, to the vote projectors.
    Only called while results may be seen (``results_visible``)."""
    arena_pk, vote_pk = vote.arena_id, vote.pk

    def send():
        the_vote = Vote.objects.select_related("arena").get(pk=vote_pk)
        if not the_vote.results_visible:
            return
        html = render_to_string(
            "reports/vote_projector.html#board", {**_board_context(the_vote), "oob": True}
        )
        _send_to(arena_pk, [PROJECTOR_VOTE], html)

    transaction.on_commit(send)


staff_urls: list = [
    path("inputs/projector/", input_wall_projector, name="input_wall_projector"),
    path("votes/", votes, name="votes"),
    path("votes/<id:vote_pk>/close/", vote_close, name="vote_close"),
    path("votes/<id:vote_pk>/projector/", vote_projector, name="vote_projector"),
]
phone_urls: list = [
    path("inputs/", input_wall, name="input_wall"),
    path("inputs/<id:input_pk>/comment/", comment, name="comment"),
    path("vote/", vote, name="vote"),
    path("vote/<id:vote_pk>/inputs/<id:input_pk>/dot/", vote_dot, name="vote_dot"),
]
