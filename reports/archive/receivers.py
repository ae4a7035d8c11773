"""Reindex an arena after a watched model is saved or deleted.

``connect()`` (from ``reports.apps.ReportsConfig.ready``) connects
``post_save`` and ``post_delete`` of every model a source watches
(``index.Source.watch``). A save costs no query: the receiver notes what
it needs to find the arena later (``index.Pointer``, read from the row's own
fields), and one job per transaction, run after commit, finds the arenas
and reindexes each once (``services.reindex_arena_safely``: a failure is
logged, never raised into the save). A rollback drops the job with the
changes. Outside a transaction (autocommit) the job runs at once.

The reindex itself is not the request's work: it reads the whole arena
(~60 ms for the 2020 arena), and the wall's live loop saves a group on every
placement. ``ARENA_ARCHIVE_DELAY`` seconds (2 by default) gather every save
of an arena into one reindex in a thread at the end of that window
(``arena.coalesce.run_coalesced``, shared across workers through the cache);
the archive is at most that much behind. 0 reindexes right after the commit,
in the saving request (the test suite's default, see tests/conftest.py).
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from arena import coalesce
from arena.models import Arena
from reports.models import SearchDocument

from . import index, services

logger = logging.getLogger(__name__)


class Job:
    """The arenas to reindex when this transaction commits."""

    def __init__(self):
        self.pointers: set[index.Pointer] = set()

    def __call__(self):
        try:
            arena_pks = index.resolve(self.pointers)
        except Exception:
            logger.exception("archive: could not find the arenas to index")
            return
        delay = settings.ARENA_ARCHIVE_DELAY
        for arena_pk in sorted(arena_pks):
            if delay <= 0:
                services.reindex_arena_safely(arena_pk)
            else:
                coalesce.run_coalesced("archive", arena_pk, _Reindex(arena_pk), window=delay)


class _Reindex:
    """The deferred reindex of one arena (a class, so a test can tell it apart)."""

    def __init__(self, arena_pk: int):
        self.arena_pk = arena_pk

    def __call__(self):
        services.reindex_arena_safely(self.arena_pk)


def _open_job() -> Job | None:
    """This transaction's job, if one waits for the commit that would also
    commit the current savepoint (a job made inside a savepoint that was
    released since is not reused: it may still be rolled back with it)."""
    current = set(connection.savepoint_ids)
    for entry in getattr(connection, "run_on_commit", []):
        sids, func = entry[0], entry[1]
        if isinstance(func, Job) and set(sids) <= current:
            return func
    return None


def schedule(pointer: "index.Pointer | None") -> None:
    if pointer is None:
        return
    if not connection.in_atomic_block:
        job = Job()
        job.pointers.add(pointer)
        job()
        return
    job = _open_job()
    if job is None:
        job = Job()
        transaction.on_commit(job, robust=True)
    job.pointers.add(pointer)


def _receiver(pointer_of):
    def receive(sender, instance, raw=False, **kwargs):
        if raw:  # loaddata: the command reindexes
            return
        try:
            schedule(pointer_of(instance))
        except Exception:  # never break the save
            logger.exception("archive: could not schedule indexing for %r", instance)

    return receive


def _arena_deleted(sender, instance, **kwargs):
    """An arena's documents go with it (not a cascade: see SearchDocument.arena)."""
    SearchDocument.objects.filter(arena_id=instance.pk).delete()


def connect() -> None:
    """Connect every watched model (idempotent: one dispatch_uid each)."""
    post_delete.connect(
        _arena_deleted, sender=Arena, dispatch_uid="archive-arena-delete", weak=False
    )
    for source in index.SOURCES.values():
        for model, pointer_of in source.watch:
            receive = _receiver(pointer_of)
            uid = f"archive-{source.kind}-{model._meta.label_lower}"
            post_save.connect(receive, sender=model, dispatch_uid=uid + "-save", weak=False)
            post_delete.connect(receive, sender=model, dispatch_uid=uid + "-delete", weak=False)
