"""The strategy workspace: pillars (bærebjelker) over the inputs of arenas and
other sources, each input traceable (sporbar) to its group, session, room,
day, arena and the perspectives in the room. Models in
``reports/models/strategy.py``; who may do what in ``access``."""
