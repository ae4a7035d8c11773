"""Printed topic sheets: an A4 poster per group on the wall, for the paper wall
and the group's table.

Each sheet shows the code ("3.8"), the title (merged topics too), the
conveners, the space (with "(formerly 3)" after a move), the session, day and
time, and a QR code that opens the group's page on a phone, where people
check in. A facilitator prints one sheet after placing a topic, or a whole
session (``?session=<agenda item pk>``) or the whole wall at once: one PDF,
one page per group. The data come from :func:`proposals.wall.build_wall`, so
the paper wall says what the app says, in a constant number of queries.
"""

from dataclasses import dataclass

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from arena.access import arena_view
from arena.models import Arena, Capability
from arena.params import int_param
from arena.pdf import pdf_response, render_pdf

from .models import Group
from .wall import Cell, build_wall


@dataclass
class Sheet:
    cell: Cell
    day_number: int
    url: str
    qr: str

    @property
    def group(self) -> Group:
        return self.cell.group

    @property
    def text_size(self) -> str:
        """How large the titles are printed: as large as still leaves room for
        the space and the QR code on the same page (``sheet--<size>``)."""
        chars = len(self.group.topic.title) + sum(len(t.title) + 20 for t in self.cell.merged)
        for limit, size in ((40, "xl"), (110, "l"), (220, "m"), (400, "s"), (700, "xs")):
            if chars <= limit:
                return size
        return "xxs"  # more than three long topics merged: may still run onto a 2nd page


def qr_data_uri(url: str) -> str:
    """The QR code for ``url`` as an SVG ``data:`` URI (made here, no network).

    Error correction M survives a crease or a smudge; the 4-module quiet zone
    is the standard's, so phones read it even next to dark print."""
    return segno.make(url, error="m").svg_data_uri(
        border=4, omitsize=True, dark="#000", light="#fff"
    )


def _sheets(request: HttpRequest, arena: Arena, cells: list[Cell]) -> list[Sheet]:
    day_numbers = {
        pk: n for n, pk in enumerate(arena.days.order_by("date").values_list("pk", flat=True), 1)
    }
    sheets = []
    for cell in cells:
        url = request.build_absolute_uri(
            reverse("phone:group", args=[arena.join_code, cell.group.pk])
        )
        sheets.append(
            Sheet(
                cell=cell,
                day_number=day_numbers.get(cell.session.day_id, 1),
                url=url,
                qr=qr_data_uri(url),
            )
        )
    return sheets


def sheets_html(request: HttpRequest, arena: Arena, cells: list[Cell]) -> str:
    """The HTML WeasyPrint prints: one sheet per cell (each with a group)."""
    return render_to_string(
        "proposals/sheet.html",
        {"arena": arena, "sheets": _sheets(request, arena, cells), "language": get_language()},
        request=request,
    )


def _pdf(request: HttpRequest, arena: Arena, cells: list[Cell], filename: str) -> HttpResponse:
    if len(cells) == 1:
        title = f"{cells[0].code} {cells[0].group.topic.title}"
    else:
        title = f"{_('Topic sheets')} – {arena.title}"
    pdf = render_pdf(
        sheets_html(request, arena, cells),
        title=title,
        lang=get_language(),
        pdf_variant="pdf/ua-1",  # tagged like the report: a screen reader can read a sheet
        pdf_tags=True,
    )
    stem = slugify(arena.title)[:40] or "arena"
    return pdf_response(pdf, f"{stem}-{filename}.pdf")


@arena_view(Capability.FACILITATE)
@require_safe
def group_sheet(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """One group's sheet (one A4 page)."""
    session_pk = (
        Group.objects.filter(arena=arena, pk=group_pk).values_list("session_id", flat=True).first()
    )
    if session_pk is None:
        raise Http404(_("This group is not on the wall."))
    wall = build_wall(arena, only_sessions={session_pk})
    cells = [cell for cell in wall.groups if cell.group.pk == group_pk]
    if not cells:  # moved between the two queries
        raise Http404(_("This group is not on the wall."))
    return _pdf(request, arena, cells, cells[0].code)


@arena_view(Capability.FACILITATE)
@require_safe
def sheets(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Every group of one session (``?session=<agenda item pk>``), or of the
    whole wall without the parameter: one PDF, one page per group."""
    raw = request.GET.get("session", "").strip()
    if raw:
        session_pk = int_param(raw)
        wall = build_wall(arena, only_sessions={session_pk}) if session_pk else None
        if wall is None or not wall.sessions:  # not a number, or not a session of this arena
            raise Http404(_("There is no such session in this arena."))
        filename = f"session-{wall.sessions[0].session_number}"
    else:
        wall = build_wall(arena)
        filename = "topic-sheets"
    cells = wall.groups
    if not cells:
        messages.info(request, _("No topics are on the wall there yet: nothing to print."))
        return redirect("proposals:wall", arena.pk)
    return _pdf(request, arena, cells, filename)
