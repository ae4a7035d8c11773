"""The input wall's live updates: rendered once after commit, sent through
``arena.live.broadcast_on_commit`` to the audiences whose pages show them,
each an out-of-band fragment with the stable id of its place
(``inputs-g<group pk>``, ``comments-<input pk>``, ``vote-status``,
``vote-<vote pk>-signal``, ``vote-board-<vote pk>``)."""

from django.template.loader import render_to_string

from arena.live import INPUT_WALLS, PHONE_INPUTS, PHONE_VOTE, PROJECTOR_VOTE, broadcast_on_commit
from arena.models import Arena
from reports.models import Vote

from .selectors import board_context, build_input_wall, comments_context, wall_inputs


def render_section(arena: Arena, group_pk: int) -> str:
    """The broadcast for one group's inputs: replace it where it is, else put
    it first on unfiltered walls; filtered walls get a "new inputs" notice."""
    sections = build_input_wall(arena, group_pk=group_pk, per_page=None).sections
    return render_to_string(
        "reports/_input_broadcast.html",
        {"arena": arena, "section": sections[0] if sections else None, "group_pk": group_pk},
    )


def report_submitted(report) -> None:
    """Call inside the transaction that sets a report's status to submitted
    (``reports.documentation.services.submit``).

    After commit, the group's inputs are rendered once and broadcast to the
    input walls (``live.INPUT_WALLS``): phones and projectors showing the whole wall get the
    group first on the wall (replacing it if it was there, e.g. resubmitted
    after being sent back); walls with a filter get a "new inputs" notice.
    Nothing is sent if the transaction rolls back.
    """
    arena_pk, group_pk = report.group.arena_id, report.group_id

    def messages():
        arena = Arena.objects.get(pk=arena_pk)
        return [(INPUT_WALLS, render_section(arena, group_pk))]

    broadcast_on_commit(arena_pk, messages)


def report_returned(report) -> None:
    """Call inside the transaction that sends a report back: after commit
    its inputs leave every input wall."""
    arena_pk, group_pk = report.group.arena_id, report.group_id
    html = f'<div id="inputs-g{int(group_pk)}" hx-swap-oob="delete"></div>'
    broadcast_on_commit(arena_pk, [(INPUT_WALLS, html)])


def comments_changed(arena_pk: int, input_pk: int) -> None:
    """After commit: the input's comment list, to the input walls (idempotent:
    the whole list replaces ``#comments-<pk>``, so nothing is shown twice)."""

    def messages():
        arena = Arena.objects.get(pk=arena_pk)
        item = wall_inputs(arena).filter(pk=input_pk).first()
        if item is None:
            return []
        html = render_to_string(
            "reports/_input_comments.html", {**comments_context(arena, item), "oob": True}
        )
        return [(INPUT_WALLS, html)]

    broadcast_on_commit(arena_pk, messages)


def vote_changed(vote: Vote) -> None:
    """After a vote opens or closes: the vote banner of phones' input wall and
    vote page, and the vote projector fetches the vote's board."""
    arena_pk, vote_pk = vote.arena_id, vote.pk

    def messages():
        the_vote = Vote.objects.select_related("arena").get(pk=vote_pk)
        html = render_to_string(
            "reports/vote_status.html",
            {"arena": the_vote.arena, "open_vote": the_vote if the_vote.is_open else None,
             "closed_vote": None if the_vote.is_open else the_vote, "oob": True},
        )  # fmt: skip
        signal = render_to_string("reports/vote_signal.html", {"vote": the_vote})
        return [((PHONE_INPUTS, PHONE_VOTE), html), (PROJECTOR_VOTE, signal)]

    broadcast_on_commit(arena_pk, messages)


def vote_results_changed(vote: Vote) -> None:
    """After commit: the results board, rendered once, to the vote projectors.
    Only sent while results may be seen (``results_visible``)."""
    arena_pk, vote_pk = vote.arena_id, vote.pk

    def messages():
        the_vote = Vote.objects.select_related("arena").get(pk=vote_pk)
        if not the_vote.results_visible:
            return []
        html = render_to_string(
            "reports/vote_projector.html#board", {**board_context(the_vote), "oob": True}
        )
        return [(PROJECTOR_VOTE, html)]

    broadcast_on_commit(arena_pk, messages)
