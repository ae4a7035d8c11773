# Norwegian Nynorsk writes dates as Bokmål does.
from arena.formats.nb.formats import *  # noqa: F403
