"""A council meeting's agenda for observers (``arena.models.Format.COUNCIL``).

The observers' page (``sessions.views.observe``) is public: anyone with the
arena's number and join code (``/a/<pk>/observe/<join code>/``) reads the
agenda of each day with its times, presenters, the stream link and the
presenters' material, and sees what is on now and what comes next by the
venue's clock. It reads a fixed number of queries, whatever the size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from arena import deletion
from arena.models import Arena, Format, record_audit

from .models import AgendaItem, PresenterMaterial


def is_council(arena: Arena) -> bool:
    return arena.format == Format.COUNCIL


def observed_arena(arena_pk: int, code: str) -> Arena:
    """The council arena with this number and join code (404 for anything else)."""
    return get_object_or_404(Arena, pk=arena_pk, join_code=code, format=Format.COUNCIL)


def local_now() -> datetime.datetime:
    """Now at the venue (a function, so tests can choose the time)."""
    return timezone.localtime()


@dataclass
class ObservedDay:
    number: int
    date: datetime.date
    items: list[AgendaItem] = field(default_factory=list)


@dataclass
class Board:
    days: list[ObservedDay]
    now: datetime.datetime
    on_now: list[AgendaItem]
    next: AgendaItem | None
    stream_url: str  # the meeting's stream: the first item's that has one


def board(arena: Arena, now: datetime.datetime | None = None) -> Board:
    """The days with their items (each with ``materials``, ``on_now`` and
    ``is_next`` set), in three queries."""
    now = now or local_now()
    today, clock = now.date(), now.time()
    days = list(arena.days.order_by("date"))
    by_day = {day.pk: ObservedDay(number, day.date) for number, day in enumerate(days, 1)}
    items = list(
        AgendaItem.objects.filter(day__arena=arena)
        .select_related("follows")
        .prefetch_related(
            Prefetch("materials", queryset=PresenterMaterial.objects.order_by("uploaded_at", "pk"))
        )
        .order_by("day__date", "start", "end", "pk")
    )
    on_now, upcoming = [], None
    for item in items:
        day = by_day[item.day_id]
        # a discussion right after its introduction needs no "on …"
        item.follows_previous = bool(
            item.follows_id and day.items and day.items[-1].pk == item.follows_id
        )
        item.on_now = day.date == today and item.start <= clock < item.end
        item.is_next = False
        if item.on_now:
            on_now.append(item)
        elif upcoming is None and (day.date, item.start) > (today, clock):
            upcoming = item
        day.items.append(item)
    if upcoming is not None:
        upcoming.is_next = True
    stream = next((item.stream_url for item in items if item.stream_url), "")
    return Board(list(by_day.values()), now, on_now, upcoming, stream)


# --- the presenters' material ------------------------------------------------------------


def add_material(item: AgendaItem, *, title: str, upload, user) -> PresenterMaterial:
    """Keep a checked PDF (``forms.MaterialForm``) for ``item``: the file is
    stored under a random name in MEDIA_ROOT's private folder; if the row
    cannot be written, the file is removed again."""
    material = PresenterMaterial(item=item, title=title, uploaded_by=user)
    material.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            material.save()
    except BaseException:
        material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def delete_material(material: PresenterMaterial, actor=None) -> deletion.DeletionPlan:
    """Delete the row; its file follows after commit (``files_go_with``)."""
    arena = material.item.day.arena
    plan = deletion.delete(material)
    record_audit(arena, actor, "material.delete", f"“{material.title}”", plan.summary)
    return plan


def material_response(material: PresenterMaterial):
    """The PDF, shown in the browser, to whoever the view let in (404 if the
    file is gone)."""
    name = material.file.name
    if not name or not default_storage.exists(name):
        raise Http404("The file is not there.")
    response = FileResponse(
        default_storage.open(name),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"{slugify(material.title) or 'material'}.pdf",
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
