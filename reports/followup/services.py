"""The follow-up's one verb: change the status of one or many inputs.

Rules:
- only inputs on the arena's wall (of a submitted or approved report);
- "not taken forward" needs a reason (``FollowUpError`` otherwise, and
  nothing is written);
- a pillar goes only with "taken into the strategy" and must be one of the
  strategies over the arena; with any other status it is not stored;
- an input whose current status, pillar and reason are already exactly what
  was asked gets no new line (sending the form twice adds nothing);
- every change is a new dated line of the timeline (``InputStatusChange``),
  all of one request in one transaction, with the same time.

Messages of ``FollowUpError`` are translated and meant for the user.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.models import Arena
from reports.models import FollowUpStatus, InputStatusChange, Pillar

from . import selectors

REASON_MAX = InputStatusChange._meta.get_field("reason").max_length


class FollowUpError(Exception):
    """The change cannot be made; ``str()`` is for the user."""


@transaction.atomic
def change_statuses(
    arena: Arena,
    user,
    input_pks,
    *,
    status: str,
    pillar: Pillar | None = None,
    reason: str = "",
) -> int:
    """Record ``status`` for each of ``input_pks``; returns how many changed."""
    if status not in FollowUpStatus.values:
        raise FollowUpError(_("Choose a status."))
    reason = (reason or "").strip()
    if status == FollowUpStatus.NOT_TAKEN and not reason:
        raise FollowUpError(_("Say why the input is not taken forward: a reason is required."))
    if len(reason) > REASON_MAX:
        raise FollowUpError(
            _("The reason can be at most %(limit)d characters.") % {"limit": REASON_MAX}
        )
    if status != FollowUpStatus.TAKEN:
        pillar = None
    if pillar is not None and not selectors.pillars_for(arena).filter(pk=pillar.pk).exists():
        raise FollowUpError(_("That pillar is not in a strategy over this arena."))
    pks = set(input_pks)
    items = selectors.with_status(selectors.wall_inputs(arena).filter(pk__in=pks))
    items = list(items.select_for_update(of=("self",)).order_by("pk"))
    if not items or len(items) != len(pks):
        raise FollowUpError(_("Some of the ticked inputs are no longer on the input wall."))
    now = timezone.now()
    changes = [
        InputStatusChange(
            input=item,
            status=status,
            pillar=pillar,
            reason=reason,
            changed_by=user,
            changed_at=now,
        )
        for item in items
        if (item.current_status, item.status_pillar_pk, item.status_reason or "")
        != (status, pillar.pk if pillar else None, reason)
    ]
    InputStatusChange.objects.bulk_create(changes)
    return len(changes)
