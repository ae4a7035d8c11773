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

Views stay thin: the queries are in ``selectors``, the verbs in ``services``
and the live updates in ``live``.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena.access import arena_view, participant_view
from arena.models import Arena, Capability
from reports.models import Vote

from . import selectors, services
from .forms import VoteForm

# --- the wall -----------------------------------------------------------------------


def _vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """One URL answers a page and its fragments: caches must keep them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


@participant_view
@require_safe
def input_wall(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    context = {**selectors.wall_context(arena, request.GET), "participant": participant}
    if request.htmx and request.GET.get("part") in ("list", "more"):
        return _vary_on_htmx(
            render(request, f"reports/input_wall.html#{request.GET['part']}", context)
        )
    return _vary_on_htmx(render(request, "reports/input_wall.html", context))


@arena_view(Capability.FACILITATE)
@require_safe
def input_wall_projector(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Large type, no controls; takes the same filters as the phones (GET).
    The whole wall in one response, refreshed every two minutes; the screen
    pages through it (static/js/projector.js)."""
    context = selectors.wall_context(arena, request.GET, paged=False)
    context["announcement"] = arena.current_announcement
    if request.htmx and request.GET.get("part") == "list":
        return _vary_on_htmx(render(request, "reports/input_wall_projector.html#list", context))
    return _vary_on_htmx(render(request, "reports/input_wall_projector.html", context))


# --- comments -----------------------------------------------------------------------


@participant_view
@require_http_methods(["GET", "HEAD", "POST"])
def comment(request: HttpRequest, arena: Arena, participant, input_pk: int) -> HttpResponse:
    """Comment on an input: a small form under the input (htmx), or a page."""
    item = selectors.wall_input(arena, input_pk)
    context = {"arena": arena, "participant": participant, "item": item, "text": ""}
    retry_after = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.post_comment(participant, item, text)
        except services.NewcomersBusy as busy:
            # Many fresh phones at once: as for topics, a 429 that says when
            # to try again (htmx swaps it in too), with what was typed.
            retry_after = busy.retry_after
            context.update(text=text, error=str(busy), status=429)
        except services.CommentError as error:
            # Refused: the form again with the message and what was typed;
            # htmx swaps a 422 in (static/js/arena.js), a page gets a 400.
            context.update(text=text, error=str(error), status=422 if request.htmx else 400)
        else:
            if not request.htmx:
                messages.success(request, _("Thank you for your comment."))
                url = reverse("phone_reports:input_wall", args=[arena.join_code])
                return redirect(f"{url}#input-{item.pk}")
            context["sent"] = True
    status = context.pop("status", 200)
    if request.htmx:  # the form alone, with its message or its thanks
        response = render(request, "reports/input_wall_comment.html#form", context, status=status)
        if context.get("sent"):  # the poster's own page, even if its socket is down
            response.write(
                render_to_string(
                    "reports/_input_comments.html",
                    {**selectors.comments_context(arena, item), "oob": True},
                )
            )
    else:
        context.update(selectors.comments_context(arena, item))
        response = render(request, "reports/input_wall_comment.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return _vary_on_htmx(response)


# --- votes: staff -------------------------------------------------------------------


def _get_vote(arena: Arena, vote_pk: int) -> Vote:
    return get_object_or_404(Vote, arena=arena, pk=vote_pk)


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def votes(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The arena's votes and the form that opens one (dots prefilled: one per
    three inputs on the wall, the Open Space rule of thumb)."""
    count = selectors.wall_inputs(arena).count()
    form = VoteForm(
        request.POST or None,
        initial={
            "title": _("Which inputs matter most?"),
            "dots_per_participant": services.default_dots(arena),
            "cap_per_input": 2,
            "blind": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.open_vote(arena, **form.cleaned_data)
        except services.VoteError as error:
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
        status=400 if form.errors else 200,
    )


@arena_view(Capability.FACILITATE)
@require_POST
def vote_close(request: HttpRequest, arena: Arena, vote_pk: int) -> HttpResponse:
    services.close_vote(_get_vote(arena, vote_pk))
    messages.success(request, _("The vote is closed; the results are shown."))
    return redirect("reports:votes", arena.pk)


@arena_view(Capability.FACILITATE)
@require_safe
def vote_projector(request: HttpRequest, arena: Arena, vote_pk: int) -> HttpResponse:
    """A vote's results, live, large type; while blind only how many voted."""
    vote = _get_vote(arena, vote_pk)
    context = {**selectors.board_context(vote), "announcement": arena.current_announcement}
    if request.htmx and request.GET.get("part") == "board":
        return _vary_on_htmx(render(request, "reports/vote_projector.html#board", context))
    return _vary_on_htmx(render(request, "reports/vote_projector.html", context))


# --- votes: phones ------------------------------------------------------------------


def _vote_page(request: HttpRequest, arena: Arena, participant, status=200) -> HttpResponse:
    current = selectors.current_vote(arena)
    context = {"arena": arena, "participant": participant, "vote": current, "open_vote": None}
    if current is not None:
        context["rows"], context["left"] = selectors.vote_rows(current, participant)
        context["open_vote"] = current if current.is_open else None
    return render(request, "reports/vote.html", context, status=status)


@participant_view
@require_safe
def vote(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    return _vote_page(request, arena, participant)


@participant_view
@require_POST
def vote_dot(
    request: HttpRequest, arena: Arena, participant, vote_pk: int, input_pk: int
) -> HttpResponse:
    """Place (``do=add``) or take back (``do=remove``) one dot. Many fresh
    phones voting at once (``DotsBusy``): a 429 with Retry-After, the row (or
    the vote page) as it is with the message, as topics answer."""
    the_vote = _get_vote(arena, vote_pk)
    item = selectors.wall_input(arena, input_pk)
    error, retry_after = None, None
    try:
        if request.POST.get("do") == "remove":
            services.remove_dot(the_vote, participant, item)
        else:
            services.place_dot(the_vote, participant, item)
    except services.DotsBusy as busy:
        error, retry_after = str(busy), busy.retry_after
    except services.VoteError as problem:
        error = str(problem)
    if not request.htmx:
        if error:
            messages.error(request, error)
        if retry_after:
            response = _vote_page(request, arena, participant, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        return redirect(f"{reverse('phone_reports:vote', args=[arena.join_code])}#vi-{item.pk}")
    the_vote.refresh_from_db()
    response = render(
        request,
        "reports/vote.html#row",
        {
            "arena": arena,
            "vote": the_vote,
            "item": item,
            **selectors.dot_row(the_vote, participant, item),
            "error": error,
            "oob_left": True,
        },
        status=429 if retry_after else 200,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
