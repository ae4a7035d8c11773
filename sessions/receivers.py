"""What the programme does when arena announces a change (``arena.signals``;
connected in ``sessions.apps``): an arena's copy takes the agenda and the
spaces along, and a deleted day renumbers the sessions."""

from .models import AgendaItem, Space, Theme
from .services import renumber_sessions


def copy_programme(sender, *, source, copy, days, **kwargs) -> None:
    """The agenda (on the copied days) and the spaces of ``source`` for ``copy``."""
    AgendaItem.objects.bulk_create(
        AgendaItem(
            day=days[item.day_id],
            kind=item.kind,
            title=item.title,
            start=item.start,
            end=item.end,
            presenters=item.presenters,
            stream_url=item.stream_url,
            description=item.description,
            session_number=item.session_number,
        )
        for item in AgendaItem.objects.filter(day__arena=source)
    )
    Space.objects.bulk_create(
        Space(arena=copy, number=s.number, name=s.name, capacity=s.capacity)
        for s in source.spaces.all()
    )
    Theme.objects.bulk_create(
        Theme(
            arena=copy,
            kind=t.kind,
            title=t.title,
            question=t.question,
            position=t.position,
            report_place=t.report_place,
        )
        for t in source.themes.all()
    )


def renumber_after_day_deleted(sender, *, arena, **kwargs) -> None:
    renumber_sessions(arena)
