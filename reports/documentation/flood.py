"""What a flood clean-up (``arena.flood``) must know of the documentation and
the input wall. Anyone a group report lists stays: that is documentation.
The comments and dots of the phones that go (no persona, joined in the flood's
minutes, nothing else keeps them) go with them, and the confirmation counts
them: comments and dots from fresh identities without a persona are the flood
itself, not what the room documented. The input walls and the vote projector
are told after. Registered in ``ReportsConfig.ready``."""

from django.utils.translation import ngettext

from arena import flood
from reports.inputwall import live
from reports.models import Dot, InputComment, ReportParticipant, Vote


def _in_reports(people):
    return ReportParticipant.objects.filter(participant__in=people).values("participant")


def _comments(people):
    return InputComment.objects.filter(participant__in=people)


def _dots(people):
    return Dot.objects.filter(participant__in=people)


def _describe_comments(n: int) -> str:
    words = ngettext("%(n)d comment on the input wall", "%(n)d comments on the input wall", n)
    return words % {"n": n}


def _describe_dots(n: int) -> str:
    return ngettext("%(n)d dot in the vote", "%(n)d dots in the vote", n) % {"n": n}


def _inputs_of(rows) -> list[int]:
    return sorted(set(rows.values_list("input_id", flat=True)))


def _votes_of(rows) -> list[int]:
    return sorted(set(rows.values_list("vote_id", flat=True)))


def _comments_removed(arena, inputs: list[int]) -> None:
    for input_pk in inputs:  # each input's list, rendered once, to the input walls
        live.comments_changed(arena.pk, input_pk)


def _dots_removed(arena, votes: list[int]) -> None:
    for vote in Vote.objects.filter(arena=arena, pk__in=votes):
        live.vote_results_changed(vote)  # sent only while the results may be seen


def register() -> None:
    flood.register_keeper(_in_reports)
    flood.register_dependent(
        "comments",
        rows=_comments,
        describe=_describe_comments,
        remember=_inputs_of,
        removed=_comments_removed,
    )
    flood.register_dependent(
        "dots", rows=_dots, describe=_describe_dots, remember=_votes_of, removed=_dots_removed
    )
