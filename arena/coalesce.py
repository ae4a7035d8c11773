"""Coalesced broadcasts: a burst of changes sends once per window, the last change always.

Fifty topics posted in a second, or one phone toggling "I'm going" 200 times,
must not make 50 or 200 broadcasts to every screen. A change asks for a send
of the *current* state: ``build`` renders it when the send happens, not when
the change is made. The first change in a window of ``WINDOW`` seconds
schedules one send just after the window ends; every later change in the same
window rides along. Trailing edge: the send reads the state after every
change of its window, so the last change always arrives.

Who schedules is decided in the shared cache (``arena.ratelimit.first_in``),
so with Redis all workers together send once per window and key, not once
each. Windows are fixed slots of the clock (``time() // WINDOW``), not a key's
time to live: Redis keeps whole seconds only (a 0.5 s timeout becomes 0, and
``first_in`` would answer True every time), and a slot's send fires after the
slot has ended, so a change committed in a slot always precedes its send.

The send runs on a ``threading.Timer``, not on the event loop: ``build``
reads the database, which is sync code and needs a thread anyway; it works
alike under ASGI, in the task worker, a management command and in tests; and
the request's thread does not wait. Under ASGI the message itself is handed
to the server's event loop (asgiref's thread-local knows it in the request's
thread), so the in-memory layer's queues are only touched from their own loop
and channels-redis uses that loop's connections; without a server loop
``async_to_sync`` makes one for the call. Broadcasts render in the language of
the change that scheduled them, as immediate ones do.
"""

import asyncio
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable

from asgiref.sync import SyncToAsync
from django.db import connections, transaction
from django.utils import translation

from . import ratelimit
from .live import send_html_now

logger = logging.getLogger(__name__)

#: Seconds per window: at most one send per window and key.
WINDOW = 0.5
#: A slot's send fires this long after the slot ends (clocks of workers on one host agree).
MARGIN = 0.05

Messages = Iterable[tuple[str, str]]  # (Channels group, HTML)

_pending: set[threading.Thread] = set()
_lock = threading.Lock()


def send_coalesced(scope: str, key, build: Callable[[], Messages]) -> None:
    """After commit, make sure ``build()`` is sent at the end of this window.

    ``scope`` and ``key`` name what is coalesced ("queue", an arena's pk);
    ``build`` returns ``(group, html)`` pairs and runs in another thread.
    """
    transaction.on_commit(lambda: schedule(scope, key, build), robust=True)


def schedule(scope: str, key, build: Callable[[], Messages]) -> None:
    """``send_coalesced`` without waiting for a commit (call it after one)."""
    _later(scope, key, _send, (build, _server_loop(), translation.get_language()), WINDOW)


def run_coalesced(scope: str, key, work: Callable[[], object], *, window: float) -> None:
    """Run ``work()`` in a thread at the end of this ``window``-second slot,
    once per slot and key however often it is asked for (call it after a
    commit). For slow upkeep a request should not wait for, such as
    reindexing an arena's archive documents after each save."""
    _later(scope, key, _run, (work,), window)


def _later(scope: str, key, target, args: tuple, window: float) -> None:
    now = time.time()
    slot = math.floor(now / window)
    # The mark outlives its slot by a little (Redis keeps whole seconds).
    if not ratelimit.first_in(f"coalesce:{scope}", f"{key}:{slot}", seconds=math.ceil(window) + 1):
        return  # this window's run is on its way (maybe from another worker)
    delay = (slot + 1) * window - now + MARGIN
    timer = threading.Timer(delay, target, args=args)
    timer.daemon = True
    timer.name = f"coalesce {scope} {key}"
    with _lock:
        _pending.add(timer)
    timer.start()


def wait(timeout: float = 10.0) -> None:
    """Until this process's scheduled sends are done (tests, benches)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            timers = list(_pending)
        if not timers:
            return
        for timer in timers:
            timer.join(max(0.0, deadline - time.monotonic()))


def _server_loop():
    """The ASGI server's event loop when called in a request's (or consumer's) thread."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(local, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def _run(work: Callable[[], object], failed: str = "coalesced work failed") -> None:
    try:
        work()
    except Exception:
        logger.exception(failed)
    finally:
        connections.close_all()  # this thread's own; it ends now
        with _lock:
            _pending.discard(threading.current_thread())


def _send(build: Callable[[], Messages], loop, language: str | None) -> None:
    def send():
        with translation.override(language):
            messages = list(build())
        for group, html in messages:
            send_html_now(group, html, loop=loop)

    _run(send, "coalesced broadcast failed")
