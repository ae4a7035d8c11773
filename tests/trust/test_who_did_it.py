"""Issue 9, item 3: state changes record who made them. Publishing the arena's
report or the strategy's trace at a public link, and approving or declining a
challenge group, each write an audit line naming who did it, in the same
transaction; a no-op (unpublishing what is not public) writes none. The
secret part of a public link is never written into the trail."""

import datetime

import pytest
from django.urls import reverse

from arena import services
from arena.models import AuditEntry, Format, Membership, Role
from proposals import challenges
from proposals.models import ChallengeStatus
from reports.models import ArenaReportText, ReportVersion, VersionStatus
from reports.strategy import services as strategy_services
from tests.personas import client_for, make_user

pytestmark = pytest.mark.django_db


def _lines(arena, verb):
    return list(AuditEntry.objects.filter(arena=arena, verb=verb))


# --- the arena's report -------------------------------------------------------------------


@pytest.fixture
def version(arena):
    """A finished version (its file is not read by publishing)."""
    return ReportVersion.objects.create(
        arena=arena, number=1, language="nb", status=VersionStatus.DONE, file="r.pdf", size=1
    )


def test_publishing_the_arena_report_records_who_did_it(arena, organiser, version):
    client = client_for(organiser)
    url = reverse("reports:report_publish", args=[arena.pk, version.pk])
    assert client.post(url).status_code == 302
    token = ArenaReportText.objects.get(arena=arena).public_token
    assert token
    (line,) = _lines(arena, "arena_report.publish")
    assert line.actor == organiser and line.actor_name == organiser.get_username()
    assert f"ReportVersion {version.pk}:" in line.target
    assert token not in f"{line.target} {line.detail}"

    assert client.post(reverse("reports:report_unpublish", args=[arena.pk])).status_code == 302
    assert not ArenaReportText.objects.get(arena=arena).public_token
    (line,) = _lines(arena, "arena_report.unpublish")
    assert line.actor == organiser and f"ReportVersion {version.pk}:" in line.target

    # nothing public any more: unpublishing again changes nothing and writes nothing
    assert client.post(reverse("reports:report_unpublish", args=[arena.pk])).status_code == 302
    assert len(_lines(arena, "arena_report.unpublish")) == 1


def test_a_refused_publication_writes_no_audit_line(arena, organiser, version):
    version.status = VersionStatus.FAILED
    version.save(update_fields=["status"])
    url = reverse("reports:report_publish", args=[arena.pk, version.pk])
    assert client_for(organiser).post(url).status_code == 302  # with the error message
    assert not _lines(arena, "arena_report.publish")


# --- the strategy's trace -----------------------------------------------------------------


@pytest.fixture
def other_arena(organiser):
    """A second arena the organiser runs."""
    return services.create_arena(
        organiser, start_date=datetime.date(2026, 5, 1), number_of_days=1, title="Andre arena"
    )


def test_the_trace_records_who_published_it_in_each_of_its_arenas(arena, other_arena, organiser):
    strategy = strategy_services.create_strategy(
        organiser, title="Strategi", arenas=[arena, other_arena]
    )
    client = client_for(organiser)
    assert client.post(reverse("strategy:publish", args=[strategy.pk])).status_code == 302
    strategy.refresh_from_db()
    for each in (arena, other_arena):
        (line,) = _lines(each, "strategy.publish")
        assert line.actor == organiser and line.target == f"Strategy {strategy.pk}: Strategi"
        assert strategy.public_token not in f"{line.target} {line.detail}"

    # publishing again keeps the link: no second line
    assert client.post(reverse("strategy:publish", args=[strategy.pk])).status_code == 302
    assert len(_lines(arena, "strategy.publish")) == 1

    assert client.post(reverse("strategy:unpublish", args=[strategy.pk])).status_code == 302
    for each in (arena, other_arena):
        (line,) = _lines(each, "strategy.unpublish")
        assert line.actor == organiser
    # not public any more: unpublishing again writes nothing
    assert client.post(reverse("strategy:unpublish", args=[strategy.pk])).status_code == 302
    assert len(_lines(arena, "strategy.unpublish")) == 1


# --- challenge groups ---------------------------------------------------------------------


@pytest.fixture
def challenge_arena(arena):
    arena.format = Format.CHALLENGE_GROUPS
    arena.save(update_fields=["format"])
    return arena


def _registration(arena, title):
    return challenges.register(
        arena, title=title, problem="Sykmeldte venter.", desired_result="En plan.", owner="Eva"
    )


def test_approving_a_challenge_group_records_who_did_it(
    challenge_arena, organiser, sessions, spaces
):
    helper = make_user("hanne")
    Membership.objects.create(arena=challenge_arena, user=helper, role=Role.FACILITATOR)
    registration = _registration(challenge_arena, "Tidlig oppfølging")
    url = reverse("challenges:approve", args=[challenge_arena.pk, registration.pk])
    data = {"facilitator": helper.pk, "space": spaces[0].pk, "sessions": [sessions[0].pk]}
    assert client_for(organiser).post(url, data).status_code == 302
    registration.refresh_from_db()
    assert registration.status == ChallengeStatus.APPROVED
    (line,) = _lines(challenge_arena, "challenge.approve")
    assert line.actor == organiser
    assert line.target == f"ChallengeRegistration {registration.pk}: Tidlig oppfølging"
    assert line.detail == "1.1"  # the cell it went to


def test_a_refused_decision_writes_no_audit_line(challenge_arena, organiser):
    registration = _registration(challenge_arena, "Allerede avgjort")
    challenges.decline(registration, organiser)
    with pytest.raises(challenges.ChallengeError):
        challenges.decline(registration, organiser)
    assert len(_lines(challenge_arena, "challenge.decline")) == 1
