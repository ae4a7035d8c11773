"""The strategy's verbs: make one, order its pillars, tag inputs, mark them
reviewed, add inputs from other sources, publish the trace. Each in one
transaction; the views have checked who may (``access``). Publishing and
unpublishing write an audit line in each of the strategy's arenas (its inputs
become public, or stop being), naming who did it."""

import secrets

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.models import record_audit
from reports.models import Pillar, PillarTag, SourceInput, Strategy

from . import selectors
from .selectors import COUNCIL, INPUT, SOURCE


class StrategyError(ValueError):
    """Refused, with a message for the user."""


@transaction.atomic
def create_strategy(user, *, title: str, description: str = "", value_base: str = "", arenas=()):
    strategy = Strategy.objects.create(
        title=title, description=description, value_base=value_base, created_by=user
    )
    strategy.arenas.set(arenas)
    return strategy


@transaction.atomic
def set_arenas(strategy: Strategy, chosen, allowed) -> None:
    """The strategy's arenas become ``chosen`` among ``allowed`` (those the
    user organises); arenas outside ``allowed`` stay as they are."""
    allowed_pks = {a.pk for a in allowed}
    keep = [a for a in strategy.arenas.all() if a.pk not in allowed_pks]
    strategy.arenas.set([*keep, *(a for a in chosen if a.pk in allowed_pks)])


@transaction.atomic
def add_pillar(strategy: Strategy, *, title: str, description: str = "") -> Pillar:
    Strategy.objects.select_for_update().filter(pk=strategy.pk).first()
    last = strategy.pillars.aggregate(m=Max("position"))["m"]
    return Pillar.objects.create(
        strategy=strategy,
        title=title,
        description=description,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def move_pillar(pillar: Pillar, direction: str) -> bool:
    """Swap ``pillar`` with the one above ("up") or below ("down"); False at an end."""
    Strategy.objects.select_for_update().filter(pk=pillar.strategy_id).first()
    pillars = list(Pillar.objects.filter(strategy_id=pillar.strategy_id).order_by("position", "pk"))
    index = next(i for i, p in enumerate(pillars) if p.pk == pillar.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(pillars):
        return False
    pillars[index], pillars[other] = pillars[other], pillars[index]
    for position, p in enumerate(pillars):
        if p.position != position:
            p.position = position
            p.save(update_fields=["position"])
    return True


def _resolve(strategy: Strategy, keys) -> list[selectors.Entry]:
    """The strategy's entries for ``keys``; a key that is not the strategy's is refused."""
    wanted = {k for k in keys if k}
    parsed = {k: selectors.parse_key(k) for k in wanted}
    if not wanted or any(v is None for v in parsed.values()):
        raise StrategyError(_("Choose at least one input of this strategy."))
    pks = {
        kind: [pk for k, pk in parsed.values() if k == kind] for kind in (INPUT, SOURCE, COUNCIL)
    }
    found = selectors.entries(
        strategy,
        inputs=selectors.arena_inputs(strategy).filter(pk__in=pks[INPUT]),
        sources=strategy.source_inputs.filter(pk__in=pks[SOURCE]),
        council=selectors.council_inputs(strategy).filter(pk__in=pks[COUNCIL]),
    )
    if len(found) != len(wanted):
        raise StrategyError(_("Some of the chosen inputs are not in this strategy any more."))
    return found


@transaction.atomic
def tag(strategy: Strategy, pillar: Pillar, keys, rationale: str, user) -> tuple[int, int]:
    """Tag the entries ``keys`` with ``pillar``. An entry already tagged with
    it keeps its tag; a rationale given replaces the old one. Returns
    (tagged now, already tagged)."""
    if pillar.strategy_id != strategy.pk:
        raise StrategyError(_("Choose a pillar of this strategy."))
    rationale = (rationale or "").strip()
    created = existing = 0
    for e in _resolve(strategy, keys):
        tag, made = PillarTag.objects.get_or_create(
            pillar=pillar, **e.tag_lookup, defaults={"rationale": rationale, "created_by": user}
        )
        if made:
            created += 1
        else:
            existing += 1
            if rationale and tag.rationale != rationale:
                tag.rationale = rationale
                tag.save(update_fields=["rationale"])
    return created, existing


def untag(tag: PillarTag) -> None:
    tag.delete()


@transaction.atomic
def mark_reviewed(strategy: Strategy, keys, reviewed: bool = True) -> int:
    """Mark the entries as looked at (they serve no pillar), or unmark them."""
    found = _resolve(strategy, keys)
    inputs = [e.obj for e in found if e.is_input]
    council = [e.obj for e in found if e.is_council]
    sources = [e.obj.pk for e in found if e.kind == SOURCE]
    if reviewed:
        strategy.reviewed_inputs.add(*inputs)
        strategy.reviewed_council_inputs.add(*council)
    else:
        strategy.reviewed_inputs.remove(*inputs)
        strategy.reviewed_council_inputs.remove(*council)
    SourceInput.objects.filter(pk__in=sources).update(reviewed=reviewed)
    return len(found)


def add_source_input(strategy: Strategy, user, **fields) -> SourceInput:
    return SourceInput.objects.create(strategy=strategy, created_by=user, **fields)


@transaction.atomic
def publish(strategy: Strategy, user) -> Strategy:
    """Publish the trace (every pillar) at an unguessable link; a strategy
    already published keeps its link (and no new audit line is written)."""
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if not locked.public_token:
        locked.public_token = secrets.token_urlsafe(24)
        locked.published_at = timezone.now()
        locked.save(update_fields=["public_token", "published_at"])
        _audit(locked, user, "strategy.publish")
    strategy.public_token, strategy.published_at = locked.public_token, locked.published_at
    return strategy


@transaction.atomic
def unpublish(strategy: Strategy, user) -> None:
    """Forget the token: the old link is dead for good (404)."""
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if locked.public_token:
        locked.public_token, locked.published_at = "", None
        locked.save(update_fields=["public_token", "published_at"])
        _audit(locked, user, "strategy.unpublish")
    strategy.public_token, strategy.published_at = "", None


def _audit(strategy: Strategy, user, verb: str) -> None:
    """One audit line in each of the strategy's arenas: the trace shows their
    inputs, so each arena's trail says who made them public (the token, the
    secret part of the link, is not written down)."""
    target = f"Strategy {strategy.pk}: {strategy.title}"
    for arena in strategy.arenas.all():
        record_audit(arena, user, verb, target)


def published_by_token(token: str) -> Strategy | None:
    if not isinstance(token, str) or len(token) < 20 or len(token) > 64:
        return None
    strategy = Strategy.objects.filter(public_token=token).first()
    if strategy is None or not secrets.compare_digest(strategy.public_token, token):
        return None
    return strategy
