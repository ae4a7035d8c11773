"""The arena page by phases, the next step, and confirmations shown where the
action happened (issue 10, item 4)."""

import datetime
import re

import pytest
from django.urls import reverse

from arena import phases
from arena.models import Membership
from tests.personas import client_for

DAY1 = datetime.date(2026, 3, 10)  # the personas' arena: 10 and 11 March 2026
BEFORE, ON, AFTER = DAY1 - datetime.timedelta(days=7), DAY1, DAY1 + datetime.timedelta(days=5)

HEADINGS = ["Before the arena", "In the room", "Documenting", "The report"]

# What each role's page links to, phase by phase (link keys as registered).
EXPECTED = {
    "organiser": {
        "before": [
            "details",
            "agenda",
            "signups",
            "spaces",
            "perspectives",
            "people",
            "templates",
            "copy",
        ],
        "room": [
            "wall",
            "projector_wall",
            "projector_join",
            "projector_perspectives",
            "announce",
            "door",
        ],
        "documenting": ["reports", "newsroom", "input_wall", "votes"],
        "report": [
            "report_edit",
            "report",
            "report_versions",
            "report_publish",
            "strategies",
            "followup",
            "followup_due",
        ],
    },
    "facilitator": {
        "before": ["agenda", "signups"],
        "room": [
            "wall",
            "projector_wall",
            "projector_join",
            "projector_perspectives",
            "announce",
            "door",
        ],
        "documenting": ["reports", "newsroom", "input_wall", "votes"],
        "report": [
            "report",
            "report_versions",
            "report_publish",
            "strategies",
            "followup",
            "followup_due",
        ],
    },
    "support": {"before": ["agenda"], "documenting": ["reports"]},
    "reader": {
        "before": ["agenda"],
        "report": [
            "report",
            "report_versions",
            "report_publish",
            "strategies",
            "followup",
            "followup_due",
        ],
    },
}


def _page(user, monkeypatch, today=ON, language="en"):
    monkeypatch.setattr(phases, "local_today", lambda: today)
    response = client_for(user, language=language).get(
        reverse("arena:detail", args=[user_arena(user)])
    )
    assert response.status_code == 200
    return response.content.decode()


def user_arena(user):
    return Membership.objects.get(user=user).arena_id


def _shown(body):
    """{phase: [link keys]} in the page's order, and the phases' order."""
    order = re.findall(r'<section class="phase ds-card" id="phase-(\w+)"', body)
    links = {}
    for key in order:
        start = body.index(f'id="phase-{key}"')
        end = body.index("</section>", start)
        links[key] = re.findall(r'data-link="(\w+)"', body[start:end])
    return order, links


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_page_shows_the_phases_in_order_with_the_role_s_links(
    role, request, arena, monkeypatch
):
    user = request.getfixturevalue(role)
    body = _page(user, monkeypatch)
    order, links = _shown(body)
    assert links == EXPECTED[role]
    assert order == [key for key in phases.PHASE_KEYS if key in EXPECTED[role]]
    shown = [h for h in HEADINGS if h in body]
    assert sorted(shown, key=body.index) == shown  # headings in the phases' order
    for key in order:
        [phase] = [p for p in phases.PHASES if p.key == key]
        assert str(phase.description) in body.replace("&#x27;", "'")
    # Each link goes where the role may go (the page never offers a 403).
    client = client_for(user)
    for key in sum(links.values(), []):
        url = phases.registered(key).url(arena)
        if url.startswith("#"):
            continue
        assert client.get(url, follow=True).status_code == 200, key  # (strategies: via its list)


def test_the_current_phase_is_marked_and_the_next_step_leads(arena, organiser, monkeypatch):
    body = _page(organiser, monkeypatch, today=ON)
    assert re.search(r'id="phase-room"[^>]*data-current="true"', body)
    assert 'data-step="wall"' in body
    # The next step comes before the phases, so it is also the first stop by keyboard.
    assert body.index('id="next-step"') < body.index('id="phase-before"')


def test_next_step_follows_the_state(arena, organiser, facilitator, support, reader):
    org, fac, sup, rea = (
        Membership.objects.get(arena=arena, user=user)
        for user in (organiser, facilitator, support, reader)
    )

    def step(membership, today):
        found = phases.next_step(arena, membership, today)
        return found and found.key

    # On an arena day: the wall for those who run it, the reports for support.
    assert step(org, ON) == step(fac, ON) == "wall"
    assert step(sup, ON) == "reports"
    assert step(rea, ON) == "report"
    # After the last day: the organiser writes the report, the others read it.
    assert step(org, AFTER) == "report_edit"
    assert step(fac, AFTER) == step(rea, AFTER) == "report"
    assert step(sup, AFTER) is None
    # Before: the wall can be prepared.
    assert step(org, BEFORE) == "wall"
    # Without rooms: add them (only an organiser can).
    arena.spaces.all().delete()
    assert step(org, BEFORE) == step(org, ON) == "spaces"
    assert phases.next_step(arena, org, ON).label == "Add rooms"
    assert step(fac, ON) == "wall"
    # Without days: add the days, first of all.
    arena.days.all().delete()
    first = phases.next_step(arena, org, ON)
    assert (first.key, first.url) == ("day_add", reverse("arena:day_add", args=[arena.pk]))
    assert step(fac, ON) is None
    assert phases.current_phase(arena, ON) == "before"


def test_current_phase_follows_the_calendar(arena):
    assert phases.current_phase(arena, BEFORE) == "before"
    assert (
        phases.current_phase(arena, ON)
        == phases.current_phase(arena, AFTER - datetime.timedelta(days=4))
        == "room"
    )
    assert phases.current_phase(arena, AFTER) == "report"


def test_a_link_needs_a_known_phase():
    with pytest.raises(ValueError):
        phases.register_link("x", "later", label="X", url_name="arena:detail", capability="view")


# --- confirmations where the action happened ------------------------------------------


def test_an_htmx_post_s_message_arrives_in_its_response_not_on_the_next_page(arena, organiser):
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("programme:spaces", args=[arena.pk]),
        {"number": "4", "name": "Multisal 2", "capacity": "30"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="space-list">')  # the swap target still comes first
    assert '<div id="messages" hx-swap-oob="innerHTML">' in body
    oob = body[body.index('<div id="messages"') :]
    assert "Space 4 – Multisal 2 added." in oob
    assert 'data-color="success"' in oob
    # Shown there, so not again on the next page.
    page = client.get(reverse("arena:detail", args=[arena.pk])).content.decode()
    assert "added." not in page


def test_a_perspective_added_with_htmx_is_confirmed_in_place(arena, organiser):
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("arena:perspectives", args=[arena.pk]),
        {"label": "Student", "colour": "#123456"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'hx-swap-oob="innerHTML"' in body and "Perspective added." in body
    assert "Perspective added." not in client.get(arena.get_absolute_url()).content.decode()


def test_a_plain_post_keeps_its_message_for_the_page_it_redirects_to(arena, organiser):
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("programme:spaces", args=[arena.pk]), {"number": "4", "name": "Sal", "capacity": ""}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Space 4" in page and "added." in page
    assert 'hx-swap-oob="innerHTML"' not in page


def test_an_htmx_poll_does_not_take_an_earlier_page_s_message(arena, organiser):
    client = client_for(organiser, language="en")
    client.post(reverse("programme:spaces", args=[arena.pk]), {"number": "4", "name": "Sal"})
    poll = client.get(reverse("programme:spaces", args=[arena.pk]), HTTP_HX_REQUEST="true")
    assert "added." not in poll.content.decode()
    page = client.get(reverse("programme:spaces", args=[arena.pk])).content.decode()
    assert "added." in page
