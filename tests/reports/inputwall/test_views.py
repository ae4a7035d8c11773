"""The input wall: what it shows, filters, links both ways, comments, live
broadcasts after commit, escaping, and a constant number of queries."""

import pytest
from django.urls import reverse

from arena.live import PHONE_INPUTS, PROJECTOR_INPUTS
from arena.models import Participant, Perspective
from proposals.models import Attendance, Group, Topic, TopicKind, TopicStatus
from reports.inputwall import live as inputwall_live
from reports.inputwall import selectors as wall_selectors
from reports.inputwall import services as voting
from reports.models import (
    GroupReport,
    InputComment,
    ReportParticipant,
    ReportStatus,
)
from sessions.models import AgendaItem
from tests.helpers import make_group, make_report
from tests.personas import *  # noqa: F403
from tests.personas import client_for

# arena, participant, 4 filter lists (sessions, spaces, addressees, themes), page, inputs,
# comments, their authors' perspectives (a comment's author is named only with consent,
# otherwise by perspective), follow-ups, vote
QUERIES = 12
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def wall(arena, sessions, spaces):
    """1.2 submitted (two inputs), 2.1 approved (one), 1.3 still a draft."""
    g12 = make_group(arena, sessions[0], spaces[1], "Unge i arbeid")
    g21 = make_group(arena, sessions[1], spaces[0], "Sykefravær")
    g13 = make_group(arena, sessions[0], spaces[2], "Kladd")
    r12 = make_report(
        g12,
        [
            {"title": "Flere lærlingplasser", "text": "Tekst om lærling", "addressee": "national"},
            {"title": "Tett oppfølging", "text": "Tekst om oppfølging", "addressee": "services"},
        ],
    )
    r21 = make_report(g21, [{"title": "Raskere avklaring", "addressee": "own"}], "approved")
    r13 = make_report(g13, ["Ikke ferdig"], ReportStatus.DRAFT)
    return {"g12": g12, "g21": g21, "g13": g13, "r12": r12, "r21": r21, "r13": r13}


def wall_url(arena, **params):
    from urllib.parse import urlencode

    url = reverse("phone_reports:input_wall", args=[arena.join_code])
    return f"{url}?{urlencode(params)}" if params else url


def test_wall_shows_submitted_and_approved_inputs_with_codes(arena, participant, wall):
    participant.consent_named = True  # named only with consent (tests/trust/test_consent.py)
    participant.save(update_fields=["consent_named"])
    InputComment.objects.create(
        input=wall["r12"].inputs.last(), participant=participant, text="Enig!"
    )
    body = client_for(participant=participant, language="en").get(wall_url(arena)).content.decode()
    assert "1.2 – 1" in body and "Flere lærlingplasser" in body and "Tekst om lærling" in body
    assert "1.2 – 2" in body and "Tett oppfølging" in body
    assert "2.1 – 1" in body and "Raskere avklaring" in body
    assert "Unge i arbeid" in body and "Sykefravær" in body
    assert "National authorities" in body and "The services" in body
    assert "Enig!" in body and "Pia" in body
    assert "Ikke ferdig" not in body and "Kladd" not in body


def test_numbers_stay_the_same_whatever_the_filter(arena, participant, wall):
    body = (
        client_for(participant=participant)
        .get(wall_url(arena, addressee="services"))
        .content.decode()
    )
    assert "1.2 – 2" in body and "Tett oppfølging" in body
    assert "Flere lærlingplasser" not in body and "Raskere avklaring" not in body


def test_filters_by_session_space_and_addressee(arena, participant, wall):
    phone = client_for(participant=participant)
    body = phone.get(wall_url(arena, session=2)).content.decode()
    assert "Raskere avklaring" in body and "Flere lærlingplasser" not in body
    body = phone.get(wall_url(arena, space=2)).content.decode()
    assert "Flere lærlingplasser" in body and "Raskere avklaring" not in body
    body = phone.get(wall_url(arena, addressee="own")).content.decode()
    assert "Raskere avklaring" in body and "Tett oppfølging" not in body
    body = phone.get(wall_url(arena, session=1, addressee="own")).content.decode()
    assert "No inputs match this filter." in body or "Ingen" in body


def test_filter_by_perspective_uses_report_participants_else_attendance(arena, participant, wall):
    nav = Perspective.objects.create(arena=arena, label="Nav-veileder")
    user = Perspective.objects.create(arena=arena, label="Brukererfaring")
    listed = Participant.objects.create(arena=arena, display_name="Listed")
    listed.perspectives.add(nav)
    going = Participant.objects.create(arena=arena, display_name="Going")
    going.perspectives.add(user)
    # 1.2 lists its participants: only "Listed" counts, not who said "I'm going".
    ReportParticipant.objects.create(report=wall["r12"], participant=listed)
    Attendance.objects.create(participant=going, group=wall["g12"], session=wall["g12"].session)
    # 2.1 lists no one: who said "I'm going" counts.
    Attendance.objects.create(participant=going, group=wall["g21"], session=wall["g21"].session)
    phone = client_for(participant=participant)
    body = phone.get(wall_url(arena, perspective=nav.pk)).content.decode()
    assert "Flere lærlingplasser" in body and "Raskere avklaring" not in body
    body = phone.get(wall_url(arena, perspective=user.pk)).content.decode()
    assert "Raskere avklaring" in body and "Flere lærlingplasser" not in body
    assert body.count("Raskere avklaring") == 1  # no duplicates from the joins


@pytest.mark.parametrize(
    "params",
    [
        {"session": "abc"},
        {"session": "99"},
        {"space": "-1"},
        {"space": "9" * 40},
        {"perspective": "x'; DROP TABLE"},
        {"perspective": "123456"},
        {"addressee": XSS},
        {"session": "", "space": " ", "addressee": ""},
    ],
)
def test_garbage_filters_are_ignored_with_a_message(arena, participant, wall, params):
    response = client_for(participant=participant, language="en").get(wall_url(arena, **params))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Flere lærlingplasser" in body and "Raskere avklaring" in body  # all shown
    assert "<script>alert" not in body
    if any(v.strip() for v in params.values()):
        assert "showing all" in body


def test_htmx_list_part_and_refresh_url_keep_the_filter(arena, participant, wall):
    phone = client_for(participant=participant)
    response = phone.get(wall_url(arena, part="list", session=2), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="input-list"') and "Raskere avklaring" in body
    page = phone.get(wall_url(arena, session=2)).content.decode()
    assert "?part=list&amp;session=2" in page
    assert 'id="input-sections-filtered"' in page and 'id="input-wall-news"' in page
    page = phone.get(wall_url(arena)).content.decode()
    assert 'id="input-sections"' in page and 'id="input-wall-news"' not in page


def test_wall_is_paged_newest_first_with_more_for_older(
    arena, participant, wall, sessions, spaces, monkeypatch
):
    monkeypatch.setattr(wall_selectors, "GROUPS_PER_PAGE", 1)
    phone = client_for(participant=participant, language="en")
    body = phone.get(wall_url(arena)).content.decode()
    assert "Raskere avklaring" in body and "Flere lærlingplasser" not in body  # 2.1 is newer
    assert "?part=more&amp;page=2" in body and "Show older inputs" in body
    more = phone.get(wall_url(arena, part="more", page=2), HTTP_HX_REQUEST="true")
    body = more.content.decode()
    assert "Flere lærlingplasser" in body and "Raskere avklaring" not in body
    assert "<html" not in body and "Show older inputs" not in body
    body = phone.get(wall_url(arena, page=2)).content.decode()  # without JavaScript
    assert "Flere lærlingplasser" in body and "Newest inputs" in body
    for page in ("0", "-3", "x", "99"):
        assert phone.get(wall_url(arena, page=page)).status_code == 200


def test_links_both_ways_between_an_input_and_a_day2_topic(arena, participant, wall, sessions):
    from sessions.models import Space

    space = Space.objects.create(arena=arena, number=8)
    deeper = make_group(
        arena,
        sessions[1],
        space,
        "Lærlinger i kommunene",
        kind=TopicKind.DEEPENING,
        builds_on=wall["g12"].topic,
    )
    make_report(deeper, ["Kommunal lærlingordning"])
    body = client_for(participant=participant, language="en").get(wall_url(arena)).content.decode()
    assert "Deepened by" in body and f'href="#inputs-g{deeper.pk}">2.8 Lærlinger' in body
    assert "Deepening of" in body and f'href="#inputs-g{wall["g12"].pk}">1.2 Unge i arbeid' in body
    # a topic's own page can show the link too (snippet for other pages)
    from django.template.loader import render_to_string

    html = render_to_string(
        "reports/_input_builds_on.html", {"topic": deeper.topic, "arena": arena}
    )
    assert f"inputs/#inputs-g{wall['g12'].pk}" in html and "1.2 Unge i arbeid" in html


def test_implementation_proposal_is_named_as_such(arena, participant, wall, sessions, spaces):
    # A day-2 topic still waiting in the queue is not linked yet.
    Topic.objects.create(
        arena=arena, title="Venter", kind=TopicKind.IMPLEMENTATION, builds_on=wall["g21"].topic
    )
    make_group(
        arena,
        sessions[1],
        spaces[2],
        "Iverksetting",
        kind=TopicKind.IMPLEMENTATION,
        builds_on=wall["g21"].topic,
    )
    body = client_for(participant=participant, language="en").get(wall_url(arena)).content.decode()
    assert "Implementation proposal in" in body and "2.3 Iverksetting" in body
    assert "Venter" not in body


def test_projector_shows_the_wall_in_large_type_without_controls(arena, facilitator, wall):
    staff = client_for(facilitator, language="en")
    url = reverse("reports:input_wall_projector", args=[arena.pk])
    body = staff.get(url).content.decode()
    assert "Flere lærlingplasser" in body and 'class="projector projector--paged"' in body
    assert "<form" not in body and "site-header" not in body
    body = staff.get(url + "?session=2").content.decode()
    assert "Raskere avklaring" in body and "Flere lærlingplasser" not in body
    assert staff.get(url + "?session=zz&space=0").status_code == 200
    # A NUL in any query parameter is a 400 (arena.middleware.BadInputMiddleware).
    assert staff.get(url + "?session=zz&space=%00").status_code == 400


# --- query counts -----------------------------------------------------------------


def _fill(arena, sessions, spaces, n_inputs):
    for n in range(n_inputs):
        group = make_group(arena, sessions[n % 2], spaces[n % 3], f"G{n}") if n < 6 else None
        report = make_report(group, [f"Input {n}"])
        people = [Participant.objects.create(arena=arena, display_name=f"P{n}-{i}") for i in (1, 2)]
        for person in people:
            InputComment.objects.create(input=report.inputs.first(), participant=person, text="ok")
            ReportParticipant.objects.create(report=report, participant=person)


@pytest.mark.parametrize("n_inputs", [1, 3])
def test_wall_costs_a_constant_number_of_queries(
    arena, participant, sessions, spaces, django_assert_max_num_queries, n_inputs
):
    _fill(arena, sessions, spaces, n_inputs)
    Topic.objects.create(
        arena=arena,
        title="Follow-up",
        kind=TopicKind.DEEPENING,
        builds_on=Group.objects.first().topic,
        status=TopicStatus.PLACED,
    )
    perspective = Perspective.objects.create(arena=arena, label="Forsker")
    phone = client_for(participant=participant)
    phone.get(wall_url(arena))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(QUERIES):
        body = phone.get(wall_url(arena)).content.decode()
    assert body.count('class="input"') == n_inputs
    with django_assert_max_num_queries(QUERIES):
        phone.get(wall_url(arena, perspective=perspective.pk, session=1, addressee="own"))


# --- comments ---------------------------------------------------------------------


def comment_url(arena, item):
    return reverse("phone_reports:comment", args=[arena.join_code, item.pk])


def test_participant_comments_inline_and_sees_it_at_once(arena, participant, wall):
    item = wall["r12"].inputs.first()
    phone = client_for(participant=participant, language="en")
    form = phone.get(comment_url(arena, item), HTTP_HX_REQUEST="true").content.decode()
    assert "<form" in form and 'name="text"' in form and "<html" not in form
    response = phone.post(
        comment_url(arena, item), {"text": "  Godt innspill  "}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert InputComment.objects.get().text == "Godt innspill"
    assert "Thank you for your comment." in body
    assert f'id="comments-{item.pk}" class="input-comments" hx-swap-oob="true"' in body
    assert "Godt innspill" in body


def test_comment_without_javascript_goes_back_to_the_input(arena, participant, wall):
    item = wall["r12"].inputs.first()
    phone = client_for(participant=participant)
    assert phone.get(comment_url(arena, item)).status_code == 200
    response = phone.post(comment_url(arena, item), {"text": "Uten JS"})
    assert response.status_code == 302 and response["Location"].endswith(f"#input-{item.pk}")
    assert "Uten JS" in phone.get(wall_url(arena)).content.decode()


def test_empty_or_too_long_comment_is_explained_and_kept(arena, participant, wall):
    item = wall["r12"].inputs.first()
    phone = client_for(participant=participant, language="en")
    body = phone.post(comment_url(arena, item), {"text": "   "}).content.decode()
    assert "Write a comment first." in body
    long_text = "ord " * 400
    body = phone.post(comment_url(arena, item), {"text": long_text}).content.decode()
    assert "too long" in body and long_text.strip() in body
    body = phone.post(
        comment_url(arena, item), {"text": long_text}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "too long" in body and long_text.strip() in body and 'aria-invalid="true"' in body
    assert not InputComment.objects.exists()


def test_comment_rate_limit_is_per_participant_with_a_kind_message(arena, participant, wall):
    item = wall["r12"].inputs.first()
    phone = client_for(participant=participant, language="en")
    for n in range(voting.COMMENT_LIMIT + 3):
        response = phone.post(comment_url(arena, item), {"text": f"K{n}"}, HTTP_HX_REQUEST="true")
    assert InputComment.objects.count() == voting.COMMENT_LIMIT
    body = response.content.decode()
    assert "Wait a minute" in body and f"K{voting.COMMENT_LIMIT + 2}" in body
    other = Participant.objects.create(arena=arena, display_name="Ola")
    voting.post_comment(other, item, "Jeg kan fortsatt")  # another phone is not limited


def test_only_inputs_on_the_wall_can_be_commented(arena, participant, wall, other_organiser):
    from arena.models import Arena

    draft_input = wall["r13"].inputs.first()
    phone = client_for(participant=participant)
    assert phone.post(comment_url(arena, draft_input), {"text": "Nei"}).status_code == 404
    other = Arena.objects.exclude(pk=arena.pk).get()
    foreign = make_report(make_group(other, sessions_of(other), spaces_of(other), "X"), ["Y"])
    assert (
        phone.post(comment_url(arena, foreign.inputs.first()), {"text": "Nei"}).status_code == 404
    )
    assert not InputComment.objects.exists()


def sessions_of(arena):
    from arena.models import ArenaDay
    from sessions.models import ItemKind

    day = ArenaDay.objects.filter(arena=arena).first()
    return AgendaItem.objects.create(
        day=day, kind=ItemKind.OPEN_SPACE, title="S", start="09:00", end="10:00", session_number=1
    )


def spaces_of(arena):
    from sessions.models import Space

    return Space.objects.create(arena=arena, number=1)


# --- escaping ------------------------------------------------------------------------


def test_html_is_escaped_everywhere_including_broadcasts(
    arena,
    participant,
    facilitator,
    sessions,
    spaces,
    broadcasts,
):
    group = make_group(arena, sessions[0], spaces[0], XSS)
    report = make_report(group, [{"title": XSS, "text": XSS}])
    item = report.inputs.get()
    evil = Participant.objects.create(arena=arena, display_name=XSS)
    with broadcasts(arena) as sent:
        voting.post_comment(evil, item, XSS)
        inputwall_live.report_submitted(report)
    bodies = [
        client_for(participant=participant).get(wall_url(arena)).content.decode(),
        client_for(participant=participant).get(comment_url(arena, item)).content.decode(),
        client_for(facilitator)
        .get(reverse("reports:input_wall_projector", args=[arena.pk]))
        .content.decode(),
        *sent[PHONE_INPUTS],
        *sent[PROJECTOR_INPUTS],
    ]
    # comments and inputs, to each input wall (phones', projector's)
    assert len(sent[PHONE_INPUTS]) == len(sent[PROJECTOR_INPUTS]) == 2
    assert "<script>alert" not in sent.html and "<img src=x" not in sent.html
    for body in bodies:
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


# --- live ---------------------------------------------------------------------------


def test_report_submitted_broadcasts_the_inputs_after_commit(arena, wall, broadcasts):
    report = wall["r13"]
    with broadcasts(arena) as sent:
        GroupReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        inputwall_live.report_submitted(report)
        assert sent.received() == {}  # nothing before commit
    [html] = sent[PHONE_INPUTS]
    assert sent == {PHONE_INPUTS: [html], PROJECTOR_INPUTS: [html]}
    g = report.group_id
    assert html.index(f'<div id="inputs-g{g}" hx-swap-oob="delete">') < html.index(
        'hx-swap-oob="afterbegin:#input-sections"'
    )
    assert f'<section id="inputs-g{g}"' in html and "1.3 – 1" in html and "Ikke ferdig" in html
    assert 'id="input-wall-news" hx-swap-oob="true"' in html
    assert "csrfmiddlewaretoken" not in html  # one fragment for everyone: no per-user tokens


def test_nothing_is_broadcast_when_the_transaction_rolls_back(arena, wall, broadcasts):
    from django.db import transaction

    with broadcasts(arena) as sent, pytest.raises(RuntimeError), transaction.atomic():
        inputwall_live.report_submitted(wall["r13"])
        raise RuntimeError
    assert sent == {}


def test_report_returned_removes_its_inputs_from_every_wall(arena, wall, broadcasts):
    with broadcasts(arena) as sent:
        inputwall_live.report_returned(wall["r12"])
    html = f'<div id="inputs-g{wall["g12"].pk}" hx-swap-oob="delete"></div>'
    assert sent == {PHONE_INPUTS: [html], PROJECTOR_INPUTS: [html]}


def test_new_comment_reaches_every_phone_after_commit(arena, participant, wall, broadcasts):
    item = wall["r12"].inputs.first()
    InputComment.objects.create(input=item, participant=participant, text="Første")
    with broadcasts(arena) as sent:
        voting.post_comment(participant, item, "Andre")
        assert sent.received() == {}
    [html] = sent[PHONE_INPUTS]
    assert sent == {PHONE_INPUTS: [html], PROJECTOR_INPUTS: [html]}
    assert html.startswith(
        f'<div id="comments-{item.pk}" class="input-comments" hx-swap-oob="true">'
    )
    assert html.index("Første") < html.index("Andre")  # the whole list: idempotent


def test_rate_limited_comment_broadcasts_nothing(arena, participant, wall, broadcasts):
    item = wall["r12"].inputs.first()
    for n in range(voting.COMMENT_LIMIT):
        InputComment.objects.create(input=item, participant=participant, text=f"{n}")
    with broadcasts(arena) as sent, pytest.raises(voting.RateLimited):
        voting.post_comment(participant, item, "en til")
    assert sent == {}


def test_submitting_a_report_puts_its_inputs_on_every_wall_live(arena, organiser, broadcasts):
    """The report service calls the input wall's hook: submit → broadcast."""
    from proposals import services as wall
    from proposals.models import Topic
    from reports.documentation import services as reports
    from sessions.models import AgendaItem

    session = AgendaItem.objects.for_arena(arena).sessions().first()
    group = wall.place_topic(
        Topic.objects.create(arena=arena, title="Gruppe"), session, arena.spaces.first(), organiser
    )
    report = reports.report_for(group)
    required = {str(s.pk): "Tekst" for s in report.template.sections.all()}
    report = reports.save_report(
        report, organiser, base_revision=report.revision, content=required, action_sheet={}
    )
    reports.add_input(report, title="Innspill om samhandling", text="Mer samarbeid")
    with broadcasts(arena) as sent:
        reports.submit(report, organiser)
    assert any("Innspill om samhandling" in html for html in sent[PHONE_INPUTS])
    assert sent[PROJECTOR_INPUTS] == sent[PHONE_INPUTS]


def test_the_participants_home_links_to_the_input_wall_and_the_vote(arena, participant):
    """Reports registers these buttons (arena.page.register_phone_link): arena's
    page shows them without knowing reports."""
    page = client_for(participant=participant).get(
        reverse("participant_home", args=[arena.join_code])
    )
    html = page.content.decode()
    inputs = reverse("phone_reports:input_wall", args=[arena.join_code])
    vote = reverse("phone_reports:vote", args=[arena.join_code])
    assert f'href="{inputs}"' in html and f'href="{vote}"' in html
    assert html.index(f'href="{inputs}"') < html.index(f'href="{vote}"')
