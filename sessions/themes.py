"""Verbs on an arena's themes (main areas and cross-cutting themes).

The organiser orders themes by hand: ``position`` 1, 2, 3 … in the arena,
moved one step at a time (``move_theme``). A delete goes through
``arena.deletion`` and takes nothing else along: groups and inputs only lose
their theme (``SET_NULL`` and many-to-many links), which ``what_loses_it``
counts for the confirmation page without naming the apps above.
"""

from django.db import models, transaction
from django.db.models import Max

from arena import deletion
from arena.models import Arena, record_audit

from .models import Theme
from .signals import themes_changed


def arena_themes(arena: Arena) -> list[Theme]:
    return list(Theme.objects.filter(arena=arena).order_by("position", "pk"))


def _announce(arena_pk: int) -> None:
    """After the commit, the screens that show groups' areas hear of it."""
    transaction.on_commit(lambda: themes_changed.send(sender=Theme, arena_pk=arena_pk))


@transaction.atomic
def save_theme(theme: Theme) -> Theme:
    """Save a validated theme; a new one goes last. A new title of a theme
    that groups already carry goes to the screens that show it."""
    if theme.pk is None:
        last = Theme.objects.filter(arena=theme.arena).aggregate(n=Max("position"))["n"]
        theme.position = (last or 0) + 1
    else:
        _announce(theme.arena_id)
    theme.save()
    return theme


@transaction.atomic
def move_theme(theme: Theme, step: int) -> bool:
    """Move a theme one place up (``step`` -1) or down (+1). Positions are
    renumbered 1, 2, 3 … on the way, so gaps and ties left by deletes or
    old rows never make a move do nothing. False at either end."""
    themes = list(
        Theme.objects.select_for_update().filter(arena_id=theme.arena_id).order_by("position", "pk")
    )
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(themes):
        return False
    themes[index], themes[other] = themes[other], themes[index]
    for position, item in enumerate(themes, start=1):
        item.position = position
    Theme.objects.bulk_update(themes, ["position"])
    return True


def what_loses_it(theme: Theme) -> list[str]:
    """What keeps existing but loses this theme when it is deleted:
    ["3 groups", "5 inputs"], read from the models that point at Theme."""
    found = []
    for rel in Theme._meta.related_objects:
        if rel.many_to_many:
            count = getattr(theme, rel.get_accessor_name()).count()
        elif rel.on_delete is models.SET_NULL:
            count = rel.related_model._default_manager.filter(**{rel.field.name: theme}).count()
        else:
            continue
        if count:
            meta = rel.related_model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            found.append(f"{count} {name}")
    return found


@transaction.atomic
def delete_theme(theme: Theme, actor=None) -> deletion.DeletionPlan:
    arena = theme.arena
    label = str(theme)
    lost = ", ".join(what_loses_it(theme))
    plan = deletion.delete(theme)
    record_audit(arena, actor, "theme.delete", label, lost or plan.summary)
    _announce(arena.pk)
    return plan
