import datetime

import pytest
from django.core.exceptions import ValidationError

from arena import services as arena_services
from sessions.models import AgendaItem, ItemKind
from sessions.services import renumber_sessions, save_agenda_item


def _item(day, kind, start, end, title="X"):
    return AgendaItem(
        day=day,
        kind=kind,
        title=title,
        start=datetime.time.fromisoformat(start),
        end=datetime.time.fromisoformat(end),
    )


def test_end_must_be_after_start(arena):
    with pytest.raises(ValidationError) as error:
        _item(arena.days.first(), ItemKind.PLENARY, "10:00", "09:00").full_clean()
    assert "end" in error.value.message_dict


def test_open_space_sessions_on_one_day_cannot_overlap(arena):
    day = arena.days.first()  # has sessions 13:00–14:30 and 14:45–16:15
    with pytest.raises(ValidationError):
        _item(day, ItemKind.OPEN_SPACE, "14:00", "15:00").full_clean()
    _item(day, ItemKind.OPEN_SPACE, "16:15", "17:00").full_clean()  # touching is fine
    _item(day, ItemKind.PLENARY, "14:00", "15:00").full_clean()  # a plenary may overlap
    _item(arena.days.last(), ItemKind.OPEN_SPACE, "14:00", "15:00").full_clean()  # other day


def test_editing_a_session_does_not_clash_with_itself(arena):
    item = arena.days.first().items.first()
    item.end = datetime.time(14, 40)
    item.full_clean()


def test_sessions_are_numbered_in_time_order_across_days(arena):
    day1, day2 = arena.days.all()
    save_agenda_item(_item(day2, ItemKind.OPEN_SPACE, "10:45", "11:45", "S3"))
    save_agenda_item(_item(day1, ItemKind.OPEN_SPACE, "10:00", "11:00", "Early"))
    numbers = {i.title: i.session_number for i in AgendaItem.objects.sessions()}
    assert numbers == {"Early": 1, "Gruppesesjon 1": 2, "Gruppesesjon 2": 3, "S3": 4}


def test_plenary_has_no_session_number(arena):
    item = save_agenda_item(_item(arena.days.first(), ItemKind.PLENARY, "09:00", "09:30"))
    item.refresh_from_db()
    assert item.session_number is None


def test_changing_a_session_to_plenary_renumbers(arena):
    first = AgendaItem.objects.sessions().get(title="Gruppesesjon 1")
    first.kind = ItemKind.PLENARY
    save_agenda_item(first)
    renumber_sessions(arena)
    first.refresh_from_db()
    assert first.session_number is None
    assert AgendaItem.objects.get(title="Gruppesesjon 2").session_number == 1


def test_deleting_a_day_renumbers_later_sessions(arena):
    day1, day2 = arena.days.all()
    save_agenda_item(_item(day2, ItemKind.OPEN_SPACE, "10:45", "11:45", "S3"))
    arena_services.delete_day(day1)
    assert AgendaItem.objects.get(title="S3").session_number == 1
