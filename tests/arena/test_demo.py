import json
from pathlib import Path

from django.core.management import call_command

from arena.models import Membership, Role
from reports.demo import DATA_FILE, load_demo
from sessions.models import AgendaItem

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "aapen-arena-2020.json"


def test_bundled_demo_data_matches_shared_copy():
    if SHARED_DATA.exists():  # beside the checkout in CI and on developers' machines
        assert json.loads(DATA_FILE.read_text()) == json.loads(SHARED_DATA.read_text())
    assert json.loads(DATA_FILE.read_text())["title"] == "Åpen arena 2020"


def test_demo_has_2020_days_sessions_spaces_and_made_up_people(db):
    arena = load_demo(participants=40)
    assert arena.days.count() == 2
    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    assert [(s.session_number, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in sessions] == [
        (1, "13:00", "14:30"),
        (2, "14:45", "16:15"),
        (3, "10:45", "11:45"),
        (4, "13:00", "14:00"),
    ]
    assert [s.session_number for s in sessions[:2]] == [1, 2]
    assert sessions[2].day.date > sessions[1].day.date
    assert arena.spaces.count() == 19
    assert arena.spaces.get(number=3).name == "Multisal 2"
    assert arena.perspectives.count() == 8
    assert arena.participants.count() == 40
    assert all(p.display_name for p in arena.participants.all())
    assert {m.role for m in Membership.objects.filter(arena=arena)} == set(Role.values)


def test_demo_loader_is_idempotent(db, capsys):
    call_command("load_demo", "--participants", "5")
    call_command("load_demo", "--participants", "5")
    out = capsys.readouterr().out
    assert "already there" in out and "arrangor" in out
    assert load_demo().participants.count() == 5


def test_demo_wall_has_all_49_topics_with_2020_codes_kinds_and_links(db):
    from proposals.models import Group, Topic

    arena = load_demo(participants=20)
    data = json.loads(DATA_FILE.read_text())
    groups = {
        g.code: g
        for g in Group.objects.filter(arena=arena).select_related("topic", "session", "space")
    }
    assert len(groups) == 49
    assert set(groups) == {t["code"] for t in data["topics"]}
    assert groups["3.2"].topic.kind == "deepening"
    assert groups["3.2"].topic.builds_on == groups["2.12"].topic
    assert groups["4.10"].topic.builds_on == groups["1.10"].topic
    assert groups["3.8"].topic.kind == "new"
    merged = Topic.objects.filter(arena=arena, merged_into=groups["3.1"].topic)
    assert merged.count() == 1  # "1. OG 7."
    assert groups["3.3"].space.name == "Multisal 2"
