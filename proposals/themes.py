"""A group's main area (``sessions.models.Theme``, kind "area").

Setting it changes what the wall's cells show (a small label), so it bumps
the wall's version and broadcasts the group's row like every other change of
cells (``proposals.live``). It is not a wall action with undo: it moves
nothing, and setting it again is the undo.
"""

from django.db import transaction
from django.db.models import F

from arena.models import Arena
from sessions.models import Theme, ThemeKind

from . import live
from .models import Group


def area_themes(arena) -> list[Theme]:
    """The themes a group can belong to, in the organiser's order."""
    return list(Theme.objects.filter(arena=arena, kind=ThemeKind.AREA).order_by("position", "pk"))


@transaction.atomic
def set_group_theme(group: Group, theme: Theme | None) -> Group:
    """Put ``group`` in ``theme`` (a main area of its arena) or in none."""
    if theme is not None and (theme.arena_id != group.arena_id or theme.kind != ThemeKind.AREA):
        raise ValueError("not a main area of the group's arena")
    # A group joining an area the organiser has ordered goes last in it.
    last = 0
    if theme is not None:
        last = max(
            Group.objects.filter(theme=theme)
            .exclude(pk=group.pk)
            .values_list("theme_position", flat=True),
            default=0,
        )
    position = last + 1 if last else 0
    Group.objects.filter(pk=group.pk).update(theme=theme, theme_position=position)
    group.theme, group.theme_position = theme, position
    Arena.objects.filter(pk=group.arena_id).update(wall_version=F("wall_version") + 1)
    live.wall_changed(group.arena_id, cells=[(group.session_id, group.space_id)], queue=False)
    return group


def groups_in_order(theme: Theme) -> list[Group]:
    """The groups of a main area in the organiser's order (the wall's order
    until someone moves one): the order the report prints them in."""
    return list(
        Group.objects.filter(theme=theme)
        .select_related("topic", "session", "space")
        .order_by("theme_position", "session__session_number", "space__number", "pk")
    )


@transaction.atomic
def move_group_in_theme(group: Group, step: int) -> bool:
    """Move a group one place up (``step`` -1) or down (+1) among its main
    area's groups; positions are renumbered 1, 2, 3 … on the way. False at
    either end, or for a group without a theme."""
    if group.theme_id is None or step not in (-1, 1):
        return False
    Theme.objects.select_for_update().filter(pk=group.theme_id).first()  # one mover at a time
    groups = groups_in_order(group.theme)
    index = next(i for i, g in enumerate(groups) if g.pk == group.pk)
    other = index + step
    if not 0 <= other < len(groups):
        return False
    groups[index], groups[other] = groups[other], groups[index]
    for position, item in enumerate(groups, start=1):
        item.theme_position = position
    Group.objects.bulk_update(groups, ["theme_position"])
    return True
