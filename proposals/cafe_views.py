"""The café's re-mix screen (``proposals.cafe``): the facilitator takes the
challenges of one round and places each as a group in the next.

One page, no JavaScript needed: pick the two rounds (GET), then review the
list (leave a challenge out, number them in another order, "Check the
order" shows where each goes) and confirm. Every POST shows what was chosen
again, so nothing the facilitator did is lost when something is refused.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from arena.access import arena_view
from arena.models import Arena, Capability
from arena.params import int_param

from . import cafe

TEMPLATE = "proposals/cafe_remix.html"


def _round(rounds, raw, default=None):
    pk = int_param(raw)
    return next((r for r in rounds if r.pk == pk), default)


def _default_source(arena: Arena, rounds):
    """The first round with challenges still waiting, else the first."""
    for candidate in rounds[:-1]:
        if any(c.placed_in is None for c in cafe.challenges(arena, candidate)):
            return candidate
    return rounds[0]


def _after(rounds, source):
    later = [r for r in rounds if (r.session_number or 0) > (source.session_number or 0)]
    return later[0] if later else None


def _chosen(post, every: list[cafe.Challenge]) -> list[int]:
    """The ticked challenges in the order typed in their number fields (a
    missing or bad number keeps the challenge's place in the list). One
    placed since the list was shown stays in: the re-mix then refuses and
    shows the list as it is now."""
    ticked = {int_param(v) for v in post.getlist("take")}
    rows = []
    for index, challenge in enumerate(every):
        if challenge.pk in ticked:
            order = int_param(post.get(f"order-{challenge.pk}"), default=index + 1, max=10_000)
            rows.append((order, index, challenge.pk))
    return [pk for _o, _i, pk in sorted(rows)]


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def remix(request: HttpRequest, arena: Arena) -> HttpResponse:
    rounds = cafe.rounds(arena)
    context = {"arena": arena, "rounds": rounds, "is_cafe": cafe.is_cafe(arena)}
    if len(rounds) < 2:
        return render(request, TEMPLATE, context)
    data = request.POST if request.method == "POST" else request.GET
    source = _round(rounds, data.get("from")) or _default_source(arena, rounds)
    target = _round(rounds, data.get("to")) or _after(rounds, source) or rounds[-1]
    status = 200
    if request.method == "POST":
        every = cafe.challenges(arena, source)
        chosen = _chosen(request.POST, every)
        if request.POST.get("action") == "confirm":
            try:
                groups = cafe.remix(arena, source, target, chosen, request.user)
            except cafe.RemixError as error:
                context["error"] = str(error)
                status = 409 if isinstance(error, cafe.RemixConflict) else 400
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s challenge is placed in “%(round)s”.",
                        "%(n)s challenges are placed in “%(round)s”.",
                        len(groups),
                    )
                    % {"n": len(groups), "round": target.title},
                )
                return redirect(reverse("proposals:wall", args=[arena.pk]))
        plan = cafe.plan(arena, source, target, chosen)
    else:
        plan = cafe.plan(arena, source, target)
    context.update(source=source, target=target, plan=plan)
    return render(request, TEMPLATE, context, status=status)
