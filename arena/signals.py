"""Signals arena sends for the apps above it.

Arena must not import them, yet an arena's copy and a day's deletion concern
their data too (the programme's agenda and spaces): arena announces the
change inside its transaction and they react (receivers connected in their
``AppConfig.ready``).
"""

from django.dispatch import Signal

#: Sent inside ``arena.services.copy_arena``'s transaction, after the new
#: arena and its days exist. Arguments: ``source`` and ``copy`` (the two
#: arenas) and ``days`` (``{source day pk: new ArenaDay}``; a source without
#: days gives ``{None: the copy's one day}``).
arena_copied = Signal()

#: Sent inside ``arena.services.delete_day``'s transaction, after the day and
#: what hung on it were deleted. Argument: ``arena``.
day_deleted = Signal()
