"""Signals the programme sends for the apps above it.

``sessions`` must not import the wall (``proposals``), yet the wall shows the
session numbers: the programme announces a change and the wall reacts.
"""

from django.dispatch import Signal

#: Sent after the commit that changed the ``session_number`` of some open-space
#: sessions (topic codes ``<session>.<space>`` changed with them), and only
#: then. Arguments: ``arena_pk`` and ``session_pks`` (the renumbered sessions).
sessions_renumbered = Signal()

#: Sent after the commit that renamed or deleted a theme (a main area): the
#: wall shows each group's area on its label. Arguments: ``arena_pk``.
themes_changed = Signal()
