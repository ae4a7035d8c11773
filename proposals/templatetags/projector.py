"""``{% projector_mode arena as state %}``: what the wall projector shows now,
for the facilitator's switch (``templates/projector/_mode_switch.html``).
``state.mode`` is "market" or "now"; ``state.chosen`` says whether a
facilitator chose it (otherwise it follows the clock)."""

from django import template

from proposals.projector import effective_mode

register = template.Library()


@register.simple_tag
def projector_mode(arena) -> dict:
    mode, chosen = effective_mode(arena)
    return {"mode": mode, "chosen": chosen}
