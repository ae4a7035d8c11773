"""The phone's programme: which sessions it shows, and a search.

``?session=`` is ``now``, ``next``, ``all`` or a session number; without it
the phone shows "now & next" (every session when neither is known). ``?q=``
keeps the groups whose code, title (or a merged topic's) or room contains
the words. Every cell of the wall stays in the page (an empty, hidden
``<li>`` when it is not shown) so that a live update always finds its place.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from arena.params import int_param

#: "Now & next" folds the next session when the two hold more groups than this:
#: the current session alone fills a phone's screen.
UNFOLDED_MAX = 12
MAX_QUERY = 100


def room_label(space) -> str:
    return space.name or _("Space %(n)s") % {"n": space.number}


def _haystack(cell) -> str:
    titles = [t.title for t in (cell.group.topic, *cell.merged)] if cell.group else []
    if cell.continues:
        titles.append(cell.continues.title)
    words = [cell.code, room_label(cell.space), *titles]
    return " ".join(words).casefold()


def matches(cell, query: str) -> bool:
    hay = _haystack(cell)
    return all(word in hay for word in query.casefold().split())


def phone_view(request, arena, wall, current, next_up) -> dict:
    get = request.GET if request is not None else {}
    raw = (get.get("session") or "").strip()[:8]
    query = " ".join((get.get("q") or "")[:MAX_QUERY].split())
    number = int_param(raw, max=9999)
    by_number = {s.session_number: s for s in wall.sessions}
    if raw == "now" and current:
        selected, shown = "now", [current]
    elif raw == "next" and next_up:
        selected, shown = "next", [next_up]
    elif raw == "all":
        selected, shown = "all", list(wall.sessions)
    elif number is not None and number in by_number:
        selected, shown = str(number), [by_number[number]]
    else:
        selected = ""
        shown = [s for s in (current, next_up) if s] or list(wall.sessions)
        if query:  # a search from the default view looks through the whole day(s)
            shown = list(wall.sessions)
    shown_pks = {s.pk for s in shown}
    base = reverse("phone:wall", args=[arena.join_code])

    def url(session="", q=query):
        params = {k: v for k, v in (("session", session), ("q", q)) if v}
        return f"{base}?{urlencode(params)}" if params else base

    tabs = []
    if current or next_up:
        tabs.append(("", pgettext("phone programme tab", "Now & next")))
    if current:
        tabs.append(("now", pgettext("phone programme tab", "Now")))
    if next_up:
        tabs.append(("next", pgettext("phone programme tab", "Next")))
    tabs.append(("all", pgettext("phone programme tab", "All")))
    for session in wall.sessions:
        tabs.append((str(session.session_number), str(session.session_number)))
    hide, found = set(), 0
    counts = {}
    for session, cells in wall.rows:
        placed = [c for c in cells if c.shown]
        counts[session.pk] = len(placed)
        for cell in placed:
            if session.pk not in shown_pks or (query and not matches(cell, query)):
                hide.add(cell.dom_id)
            else:
                found += 1
    if query and found:  # only the sessions with a match
        shown_pks = {
            cell.session.pk
            for _session, cells in wall.rows
            for cell in cells
            if cell.shown and cell.dom_id not in hide
        }
    folded = None
    if (
        selected == ""
        and not query
        and current
        and next_up
        and counts.get(current.pk, 0) + counts.get(next_up.pk, 0) > UNFOLDED_MAX
    ):
        folded = next_up.pk
    return {
        "tabs": [
            {
                "key": key,
                "label": label,
                "url": url(key),
                "current": key == selected,
                "session": key.isdigit(),
            }
            for key, label in tabs
        ],
        "selected": selected,
        "q": query,
        "shown": shown_pks,
        "hide": hide,
        "found": found,
        "folded": folded,
        "list_url": url(selected),
        "clear_url": url(selected, ""),
    }
