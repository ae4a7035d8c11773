import pytest
from django.db import transaction

from arena.live import PHONES, PROJECTOR, STAFF
from arena.models import Arena, Participant
from proposals import services
from proposals.models import Attendance, Group, Topic, TopicKind, TopicStatus, WallAction


def test_posted_topic_waits_in_queue(participant):
    topic = services.post_topic(participant, title="Unge i arbeid")
    assert topic.status == TopicStatus.WAITING and topic.convener == participant
    assert list(Topic.objects.in_queue()) == [topic]


def test_posting_is_rate_limited_per_participant(participant, arena):
    for n in range(services.POST_LIMIT):
        services.post_topic(participant, title=f"T{n}")
    with pytest.raises(services.RateLimited):
        services.post_topic(participant, title="one too many")
    other = Participant.objects.create(arena=arena)
    services.post_topic(other, title="others are not limited")  # same venue IP, no matter


def test_kind_without_earlier_input_falls_back_to_new(participant):
    topic = services.post_topic(participant, title="T", kind=TopicKind.DEEPENING)
    assert topic.kind == TopicKind.NEW


def test_place_gives_code_and_bumps_version(arena, topics, sessions, spaces, organiser):
    group = services.place_topic(topics[0], sessions[1], spaces[2], organiser)
    assert group.code == "2.3"
    topics[0].refresh_from_db()
    assert topics[0].status == TopicStatus.PLACED
    assert Arena.objects.get(pk=arena.pk).wall_version == 1


def test_one_group_per_cell(topics, sessions, spaces, organiser):
    services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    with pytest.raises(services.CellTaken):
        services.place_topic(topics[1], sessions[0], spaces[0], organiser)
    assert Group.objects.count() == 1
    topics[1].refresh_from_db()
    assert topics[1].status == TopicStatus.WAITING


def test_code_follows_the_group_when_it_moves(topics, sessions, spaces, organiser):
    group = services.place_topic(topics[0], sessions[0], spaces[2], organiser)
    services.move_group(group, sessions[0], spaces[0], organiser)
    group.refresh_from_db()
    assert group.code == "1.1"
    assert group.moved_from == spaces[2]  # "Multisal 2 (tidligere 3)"


def test_move_to_taken_cell_is_refused(topics, sessions, spaces, organiser):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    with pytest.raises(services.CellTaken):
        services.move_group(a, sessions[0], spaces[1], organiser)
    a.refresh_from_db()
    assert a.space == spaces[0]


def test_swap_keeps_people_with_their_topic(arena, topics, sessions, spaces, organiser):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    pia, per = Participant.objects.create(arena=arena), Participant.objects.create(arena=arena)
    services.attend(pia, a)
    services.attend(per, b)
    services.swap_groups(a, b, organiser)
    assert Group.objects.get(topic=topics[0]).space == spaces[1]
    assert Group.objects.get(topic=topics[1]).space == spaces[0]
    assert Attendance.objects.get(participant=per).group.topic == topics[1]
    assert Attendance.objects.get(participant=pia).group.topic == topics[0]


def test_unplace_and_undo(topics, sessions, spaces, organiser, arena):
    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    services.unplace_group(group, organiser)
    assert not Group.objects.exists()
    services.undo_last(arena, organiser)
    assert Group.objects.get(topic=topics[0]).code == "1.1"
    services.undo_last(arena, organiser)  # undo the placing too
    assert not Group.objects.exists()
    topics[0].refresh_from_db()
    assert topics[0].status == TopicStatus.WAITING
    assert services.undo_last(arena, organiser) is None


def test_undo_refuses_to_overwrite_later_work(topics, sessions, spaces, organiser, arena):
    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    services.unplace_group(group, organiser)
    services.place_topic(topics[1], sessions[0], spaces[0], organiser)
    WallAction.objects.filter(verb="place", before__0__topic=topics[1].pk).update(
        undone_at="2026-01-01T00:00:00Z"
    )
    with pytest.raises(services.WallError):
        services.undo_last(arena, organiser)
    assert Group.objects.get(session=sessions[0], space=spaces[0]).topic == topics[1]


def test_merge_shares_one_group(arena, topics, sessions, spaces, organiser):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[2], organiser)
    pia = Participant.objects.create(arena=arena)
    services.attend(pia, b)
    services.merge_topics(topics[0], topics[1], organiser)
    topics[1].refresh_from_db()
    assert topics[1].status == TopicStatus.MERGED and topics[1].merged_into == topics[0]
    assert not Group.objects.filter(pk=b.pk).exists()
    assert Attendance.objects.get(participant=pia).group == a
    assert topics[1].wall_group == a
    services.undo_last(arena, organiser)
    topics[1].refresh_from_db()
    assert topics[1].merged_into is None and Group.objects.get(topic=topics[1])


def test_merge_refuses_same_topic(topics, organiser):
    with pytest.raises(services.WallError):
        services.merge_topics(topics[0], topics[0], organiser)


def test_reject_keeps_reason_for_convener(topics, organiser):
    services.reject_topic(topics[0], organiser, reason="Dekket av 1.3")
    topics[0].refresh_from_db()
    assert topics[0].status == TopicStatus.REJECTED and topics[0].reject_reason == "Dekket av 1.3"


def test_law_of_two_feet_one_group_per_session(arena, topics, sessions, spaces, organiser):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    c = services.place_topic(topics[2], sessions[1], spaces[0], organiser)
    pia = Participant.objects.create(arena=arena)
    services.attend(pia, a)
    services.attend(pia, b)
    services.attend(pia, c)
    assert sorted(x.group_id for x in Attendance.objects.filter(participant=pia)) == sorted(
        [b.pk, c.pk]
    )


def test_cells_of_another_arena_are_refused(topics, organiser, other_organiser):
    other = Arena.objects.for_user(other_organiser).get()
    from sessions.models import AgendaItem, ItemKind, Space

    space = Space.objects.create(arena=other, number=1)
    session = AgendaItem.objects.create(
        day=other.days.first(), kind=ItemKind.OPEN_SPACE, title="S",
        start="10:00", end="11:00", session_number=1,
    )  # fmt: skip
    with pytest.raises(services.WallError):
        services.place_topic(topics[0], session, space, organiser)


@pytest.mark.django_db(transaction=True)
def test_broadcast_goes_out_after_commit_only(
    arena, topics, sessions, spaces, organiser, broadcasts
):
    with broadcasts(arena) as sent:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.place_topic(topics[0], sessions[0], spaces[0], organiser)
            raise RuntimeError("rolled back")
        assert sent.received() == {}
        services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    phones, staff, projector = sent[PHONES], sent[STAFF], sent[PROJECTOR]
    # The wall projector: its session, as it shows it, and the version (no fetch).
    assert len(projector) == 1 and "Topic 1" in projector[0]
    assert f'id="pj-session-{sessions[0].pk}"' in projector[0]
    assert '<span id="wall-version" data-version="1"' in projector[0]
    assert len(phones) == 1
    assert f'id="m-{sessions[0].pk}-{spaces[0].pk}"' in phones[0] and "Topic 1" in phones[0]
    assert 'id="wall-version" data-version="1"' in phones[0]
    assert 'id="c-' not in phones[0]  # phones do not get the grid
    grid = [html for html in staff if 'id="c-' in html]
    assert len(grid) == 1 and f'id="c-{sessions[0].pk}-{spaces[0].pk}"' in grid[0]
