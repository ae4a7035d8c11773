"""Follow-up after the arena, as its people use it through HTTP: the organiser
changes the status of one input and of many at once, reads an input's dated
timeline, is refused a "not taken forward" without a reason (nothing lost),
a reader reads but cannot change, "what is due" sorts the dates it can read
and keeps the others as typed, and a participant sees on the phone what
became of the inputs of their own groups, not of others'."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arena.models import Participant
from proposals.models import Attendance
from reports.models import (
    GroupReport,
    Input,
    InputStatusChange,
    Pillar,
    ReportParticipant,
    Strategy,
)
from sessions.models import AgendaItem
from tests.helpers import build_report_data, make_group, make_report
from tests.personas import client_for


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser, photos=False)


@pytest.fixture
def org(organiser):
    return client_for(organiser, language="en")


@pytest.fixture
def pillar(arena, organiser):
    strategy = Strategy.objects.create(title="Strategi for arbeid og helse", created_by=organiser)
    strategy.arenas.add(arena)
    Pillar.objects.create(strategy=strategy, title="Tidlig innsats", position=1)
    return Pillar.objects.create(strategy=strategy, title="Samarbeid på tvers", position=2)


def wall_inputs(arena):
    return list(
        Input.objects.filter(
            report__group__arena=arena, report__status__in=["submitted", "approved"]
        ).order_by(
            "report__group__session__session_number", "report__group__space__number", "position"
        )
    )


def list_url(arena, status=""):
    url = reverse("reports:followup", args=[arena.pk])
    return f"{url}?status={status}" if status else url


def change(client, arena, inputs, status, pillar=None, reason="", **extra):
    return client.post(
        reverse("reports:followup_change", args=[arena.pk]),
        {
            "inputs": [i.pk for i in inputs],
            "status": status,
            "pillar": pillar.pk if pillar else "",
            "reason": reason,
            "next": list_url(arena),
            **extra,
        },
    )


def row(page: str, item) -> str:
    """The list's table row of ``item``."""
    match = re.search(rf'<tr id="input-{item.pk}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {item}"
    return match.group(1)


# --- changing statuses -------------------------------------------------------------------


def test_organiser_changes_one_status_then_many_at_once(org, arena, data, pillar):
    items = wall_inputs(arena)
    assert len(items) == 6  # three submitted reports with two inputs each; the draft's are not here
    page = org.get(list_url(arena)).content.decode()
    assert "Utkast" not in page
    for item in items:
        assert "Received" in row(page, item) and "No change yet" in row(page, item)

    # one input: under review
    response = change(org, arena, [items[0]], "review")
    assert response.status_code == 302
    page = org.get(response.url).content.decode()
    assert "The status of 1 input was changed." in page
    assert "Under review" in row(page, items[0])
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert today in row(page, items[0])
    assert "Received" in row(page, items[1])

    # three at once: taken into the strategy under a pillar
    response = change(org, arena, items[1:4], "taken", pillar=pillar)
    assert response.status_code == 302
    page = org.get(response.url).content.decode()
    assert "The status of 3 inputs was changed." in page
    for item in items[1:4]:
        assert "Taken into the strategy" in row(page, item)
        assert "Pillar: Samarbeid på tvers" in row(page, item)

    # the filter shows just those, and counts every status
    taken = org.get(list_url(arena, "taken")).content.decode()
    assert re.findall(r'<tr id="input-(\d+)">', taken) == [str(i.pk) for i in items[1:4]]
    assert "Taken into the strategy (3)" in taken and "Received (2)" in taken
    assert "Under review (1)" in taken
    # an unknown status is ignored, and said so
    odd = org.get(list_url(arena, "lost")).content.decode()
    assert "There is no status “lost”; showing all." in odd
    assert len(re.findall(r'<tr id="input-', odd)) == 6

    # sending the same change again adds nothing to the timelines
    response = change(org, arena, items[1:4], "taken", pillar=pillar)
    assert "Nothing changed" in org.get(response.url).content.decode()
    assert InputStatusChange.objects.count() == 4


def test_a_pillar_is_kept_only_with_taken_into_the_strategy(org, arena, data, pillar):
    item = wall_inputs(arena)[0]
    assert change(org, arena, [item], "review", pillar=pillar).status_code == 302
    assert InputStatusChange.objects.get(input=item).pillar is None


def test_the_timeline_shows_dated_changes_in_order(org, arena, data, pillar):
    item = wall_inputs(arena)[0]
    url = reverse("reports:followup_input", args=[arena.pk, item.pk])
    steps = [
        ("review", None, ""),
        ("taken", pillar, ""),
        ("not_taken", None, "Dekkes allerede av tiltak 4 i dagens strategi."),
    ]
    for status, the_pillar, reason in steps:
        # each change on its own day: what was recorded before moves a day back
        InputStatusChange.objects.update(changed_at=F("changed_at") - datetime.timedelta(days=1))
        response = org.post(
            reverse("reports:followup_change", args=[arena.pk]),
            {
                "inputs": [item.pk],
                "status": status,
                "pillar": the_pillar.pk if the_pillar else "",
                "reason": reason,
                "from": "input",
                "next": url,
            },
        )
        assert response.status_code == 302 and response.url == url
    page = org.get(url).content.decode()
    timeline = page[page.index('id="timeline-title"') :]
    labels = ["Received", "Under review", "Taken into the strategy", "Not taken forward"]
    positions = [timeline.index(label) for label in labels]
    assert positions == sorted(positions)
    today = timezone.localdate()
    steps = re.findall(r'<li class="timeline-step" id="change-\d+">(.*?)</li>', timeline, re.S)
    expected = [(2, "Under review"), (1, "Taken into the strategy"), (0, "Not taken forward")]
    assert len(steps) == len(expected)
    for step, (days_ago, label) in zip(steps, expected, strict=True):
        assert (today - datetime.timedelta(days=days_ago)).strftime("%d.%m.%Y") in step
        assert label in step
    assert "Pillar: Samarbeid på tvers (Strategi for arbeid og helse)" in timeline
    assert "Dekkes allerede av tiltak 4 i dagens strategi." in timeline
    assert "by olivia" in timeline
    # the list has the latest change and its date
    listing = org.get(list_url(arena)).content.decode()
    assert "Not taken forward" in row(listing, item)
    assert today.strftime("%d.%m.%Y") in row(listing, item)


def test_not_taken_forward_without_a_reason_is_refused_and_nothing_is_lost(
    org, arena, data, pillar
):
    items = wall_inputs(arena)
    response = change(org, arena, items[:2], "not_taken", reason="   ", status_filter="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the input is not taken forward: a reason is required." in page
    assert "The statuses were not changed." in page
    # the ticks are kept, the others stay unticked
    for item in items[:2]:
        assert re.search(rf'value="{item.pk}" id="check-{item.pk}" checked', page)
    for item in items[2:]:
        assert not re.search(rf'value="{item.pk}" id="check-{item.pk}" checked', page)
    assert re.search(r'<option value="not_taken" selected>', page)
    assert InputStatusChange.objects.count() == 0

    # with the reason it goes through
    response = change(org, arena, items[:2], "not_taken", reason="Utenfor mandatet.")
    assert response.status_code == 302
    assert set(InputStatusChange.objects.values_list("reason", flat=True)) == {"Utenfor mandatet."}

    # from an input's page: the same refusal on that page, with what was typed
    url = reverse("reports:followup_input", args=[arena.pk, items[3].pk])
    response = org.post(
        reverse("reports:followup_change", args=[arena.pk]),
        {
            "inputs": [items[3].pk],
            "status": "not_taken",
            "reason": "",
            "from": "input",
            "next": url,
        },
    )
    assert response.status_code == 400
    assert "a reason is required" in response.content.decode()
    assert 'id="timeline-title"' in response.content.decode()


def test_nothing_ticked_and_foreign_inputs_are_refused(org, arena, data, other_organiser):
    response = change(org, arena, [], "review")
    assert response.status_code == 400
    assert "Tick at least one input." in response.content.decode()
    # a draft's input (not on the wall) and an input of another arena
    draft_input = Input.objects.get(report__group=data.groups[3], position=0)
    response = change(org, arena, [draft_input], "review")
    assert response.status_code == 400
    assert "no longer on the input wall" in response.content.decode()
    # a huge or non-numeric id is no error page
    response = org.post(
        reverse("reports:followup_change", args=[arena.pk]),
        {"inputs": ["99999999999999999999999", "x"], "status": "review"},
    )
    assert response.status_code == 400
    assert InputStatusChange.objects.count() == 0


def test_a_reader_reads_but_cannot_change(arena, data, reader, support, stranger, pillar):
    items = wall_inputs(arena)
    InputStatusChange.objects.create(input=items[0], status="taken", pillar=pillar)
    client = client_for(reader, language="en")
    page = client.get(list_url(arena)).content.decode()
    assert "Taken into the strategy" in row(page, items[0])
    assert 'name="inputs"' not in page and "followup-form" not in page
    timeline = client.get(reverse("reports:followup_input", args=[arena.pk, items[0].pk]))
    assert timeline.status_code == 200 and "followup-form" not in timeline.content.decode()
    assert client.get(reverse("reports:followup_due", args=[arena.pk])).status_code == 200
    assert change(client, arena, items[1:2], "review").status_code == 403
    assert InputStatusChange.objects.count() == 1
    # a support facilitator documents, but does not read the follow-up; strangers see nothing
    assert client_for(support).get(list_url(arena)).status_code == 403
    assert client_for(stranger).get(list_url(arena)).status_code == 404


def test_an_input_of_another_arena_or_a_draft_has_no_timeline_here(org, arena, data):
    draft_input = Input.objects.get(report__group=data.groups[3], position=0)
    url = reverse("reports:followup_input", args=[arena.pk, draft_input.pk])
    assert org.get(url).status_code == 404


# --- what is due ------------------------------------------------------------------------

NB_MONTHS = "januar februar mars april mai juni juli august september oktober november desember"


def test_the_due_list_sorts_the_dates_it_reads_and_keeps_the_others_as_typed(org, arena, data):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=60)
    soon = today + datetime.timedelta(days=5)
    past = today - datetime.timedelta(days=3)
    soon_text = f"{soon.day}. {NB_MONTHS.split()[soon.month - 1]} {soon.year} kl. 10"
    sheets = {
        data.groups[0]: {
            "next_step": "Skrive et notat",
            "coordinator": "Kari",
            "next_meeting": later.isoformat(),
        },
        data.groups[1]: {
            "next_step": "Møte med Nav",
            "coordinator": "Per",
            "next_meeting": soon_text,
        },
        data.groups[2]: {
            "next_step": "Samle erfaringer",
            "coordinator": "Ola",
            "next_meeting": past.strftime("%d.%m.%Y"),
        },
    }
    for group, sheet in sheets.items():
        GroupReport.objects.filter(group=group).update(action_sheet=sheet)
    # two more groups on day 2: a meeting no one can read as a date, and no meeting at all
    day2 = AgendaItem.objects.for_arena(arena).sessions().get(title="Gruppesesjon 3")
    spaces = list(arena.spaces.order_by("number"))
    odd = make_report(make_group(arena, day2, spaces[1], "Tema uten dato"), ["Et innspill"])
    plain = make_report(make_group(arena, day2, spaces[2], "Tema uten møte"))
    GroupReport.objects.filter(pk=odd.pk).update(
        action_sheet={"next_step": "Finne en dato", "next_meeting": "etter sommeren <b>!</b>"}
    )
    GroupReport.objects.filter(pk=plain.pk).update(
        action_sheet={"next_step": "Ringe rundt", "coordinator": "Siv"}
    )
    before = {r.pk: r.action_sheet for r in GroupReport.objects.all()}

    page = org.get(reverse("reports:followup_due", args=[arena.pk])).content.decode()
    dated = page[page.index('id="due-dated"') : page.index('id="unparsed-title"')]
    order = [dated.index(step) for step in ("Samle erfaringer", "Møte med Nav", "Skrive et notat")]
    assert order == sorted(order)  # past, soon, later
    assert past.strftime("%d.%m.%Y") in dated and soon.strftime("%d.%m.%Y") in dated
    assert dated.index("Past") < dated.index("Due soon") < dated.index("Skrive et notat")
    assert f"typed: “{soon_text}”" in dated  # the text as typed, next to the date read from it
    unparsed = page[page.index('id="due-unparsed"') : page.index('id="undated-title"')]
    assert "etter sommeren &lt;b&gt;!&lt;/b&gt;" in unparsed and "Finne en dato" in unparsed
    undated = page[page.index('id="due-undated"') :]
    assert "Ringe rundt" in undated and "Siv" in undated
    # nothing typed was changed
    assert {r.pk: r.action_sheet for r in GroupReport.objects.all()} == before


# --- the participant's phone ------------------------------------------------------------


def test_a_participant_sees_what_became_of_their_groups_inputs(arena, data, pillar, organiser):
    first, second = data.groups[0], data.groups[1]
    in_first = Participant.objects.create(arena=arena, display_name="Med i gruppe 1")
    ReportParticipant.objects.create(report=first.report, participant=in_first)
    going_second = Participant.objects.create(arena=arena, display_name="Skal til gruppe 2")
    Attendance.objects.create(participant=going_second, group=second, session=second.session)
    # a draft's inputs are never shown, even to who said "I'm going"
    Attendance.objects.create(
        participant=going_second, group=data.groups[3], session=data.groups[3].session
    )
    i11, i12 = Input.objects.filter(report__group=first).order_by("position")
    InputStatusChange.objects.create(input=i11, status="taken", pillar=pillar, changed_by=organiser)
    InputStatusChange.objects.create(input=i12, status="not_taken", reason="Utenfor mandatet.")
    url = reverse("phone_reports:followup", args=[arena.join_code])

    page = client_for(participant=in_first, language="en").get(url).content.decode()
    assert "Innspill 1.1" in page and "Innspill 1.2" in page
    assert "It is taken into the strategy, under the pillar “Samarbeid på tvers”." in page
    assert "It is not taken forward. Why: Utenfor mandatet." in page
    assert timezone.localdate().strftime("%d.%m.%Y") in page
    assert "Innspill 2.1" not in page and "Innspill 3.1" not in page

    page = client_for(participant=going_second, language="en").get(url).content.decode()
    assert "Innspill 2.1" in page and "The organisers have received it." in page
    assert "Innspill 1.1" not in page and "Utkast" not in page

    nobody = Participant.objects.create(arena=arena, display_name="Ingen gruppe")
    page = client_for(participant=nobody, language="en").get(url).content.decode()
    assert "None of your groups has documented inputs yet." in page
    assert "Innspill" not in page


def test_the_phone_page_needs_the_participant_cookie(arena, data, anon_client):
    url = reverse("phone_reports:followup", args=[arena.join_code])
    response = anon_client.get(url)
    assert response.status_code == 302 and "/join/" in response.url


# --- queries ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries_for_one_or_three_inputs(
    arena, sessions, spaces, organiser, participant, pillar
):
    org = client_for(organiser, language="en")
    phone = client_for(participant=participant, language="en")
    list_page = list_url(arena)
    phone_page = reverse("phone_reports:followup", args=[arena.join_code])

    g1 = make_group(arena, sessions[0], spaces[0], "Første")
    r1 = make_report(g1, ["Innspill A"])
    ReportParticipant.objects.create(report=r1, participant=participant)
    one = (_queries(org, list_page), _queries(phone, phone_page))
    assert "Innspill A" in phone.get(phone_page).content.decode()

    g2 = make_group(arena, sessions[0], spaces[1], "Andre")
    r2 = make_report(g2, ["Innspill B", "Innspill C"])
    Attendance.objects.create(participant=participant, group=g2, session=g2.session)
    for item in Input.objects.all():
        InputStatusChange.objects.create(input=item, status="review")
        InputStatusChange.objects.create(input=item, status="taken", pillar=pillar)
    assert r2.inputs.count() == 2
    three = (_queries(org, list_page), _queries(phone, phone_page))
    assert "Innspill C" in phone.get(phone_page).content.decode()
    assert one == three, (one, three)
    assert one[0] <= 8 and one[1] <= 4, one  # now 6 and 3


# --- the links (reports/apps.py calls reports.followup.links.register()) ---------------


def test_the_participants_home_and_the_arena_page_link_here(arena, data, reader):
    participant = data.people[0]
    home = client_for(participant=participant, language="en").get(
        reverse("participant_home", args=[arena.join_code])
    )
    phone_url = reverse("phone_reports:followup", args=[arena.join_code])
    assert f'href="{phone_url}">What became of our inputs</a>' in home.content.decode()
    page = client_for(reader, language="en").get(reverse("arena:detail", args=[arena.pk]))
    html = page.content.decode()
    assert reverse("reports:followup", args=[arena.pk]) in html
    assert "Follow-up: what became of the inputs" in html
    assert reverse("reports:followup_due", args=[arena.pk]) in html
