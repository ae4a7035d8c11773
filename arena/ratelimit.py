"""Rate limits that hold across worker processes: fixed windows counted in the cache.

The embedded default is one process with a local-memory cache; the production
profile counts in Redis (``CACHES`` in settings), so four uvicorn workers share
one count. A limit is a *scope* (what is being limited: "join", "attend" …), a
*key* (whose hits: an arena, a participant) and ``limit`` hits per ``window``
seconds.

Counting is ``cache.add`` (the first hit of a window) then ``cache.incr``: both
atomic on Redis and under local memory's lock, so racing requests never both
slip under the limit.
"""

import math
import time

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "default"


def _cache():
    return caches[CACHE_ALIAS]


def _name(scope: str, key, window: int, bucket: int) -> str:
    salt = getattr(settings, "ARENA_RATELIMIT_SALT", "")
    return f"rl:{salt}:{scope}:{key}:{window}:{bucket}"


def hit(scope: str, key, *, limit: int, window: int) -> bool:
    """Count one hit; True while at most ``limit`` hits fell in this window."""
    return count(scope, key, window=window) <= limit


def count(scope: str, key, *, window: int) -> int:
    """Count one hit and return how many this window has had, this one included."""
    bucket = int(time.time() // window)
    name = _name(scope, key, window, bucket)
    cache = _cache()
    if cache.add(name, 1, timeout=window + 1):
        return 1
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(name, 1, timeout=window + 1)
        return 1


def peek(scope: str, key, *, window: int) -> int:
    """How many hits this window has had so far, without counting one."""
    bucket = int(time.time() // window)
    return int(_cache().get(_name(scope, key, window, bucket), 0))


def retry_after(window: int) -> int:
    """Seconds until the current window of ``window`` seconds ends (at least 1)."""
    return max(1, int(window - (time.time() % window)))


def first_in(scope: str, key, *, seconds: float) -> bool:
    """True for the first call in ``seconds`` (per scope and key), False after.

    For coalescing: the caller that gets True does the work (e.g. schedules one
    broadcast of the latest state); the others know it is already on its way.
    """
    # Whole seconds: Django's Redis cache turns a timeout below 1 into 0, which
    # deletes the key at once (so every caller would be "first").
    return _cache().add(_name(scope, key, 0, 0), 1, timeout=max(1, math.ceil(seconds)))
