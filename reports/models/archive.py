"""The archive's search index: one row per searchable thing of any arena.

A ``SearchDocument`` is a copy, made by ``reports.archive.services.reindex_arena``,
of a topic, an input, a group report (or any kind registered in
``reports.archive.index``) with what the archive's filters need already worked
out: the year, the theme, the perspectives present and the pillars. It is
derived data: it can be thrown away and rebuilt at any time
(``manage.py reindex_archive``).

The full-text index itself is not a Django field: the migration
``0011_archive`` adds it for the database in use, on SQLite an FTS5 table
(``reports_searchdocument_fts``, kept in step by triggers), on PostgreSQL a
generated ``tsvector`` column with a GIN index. Both index ``title_terms``
and ``body_terms``, the words already split and lower-cased in Python
(``reports.archive.index.terms``), so both databases see the same words and
give the same hits.
"""

from django.db import models
from django.utils import timezone


class SearchDocument(models.Model):
    # Not a cascade: an arena's delete confirmation (arena.deletion) lists
    # what goes with it, and the index is nothing a user made. The documents
    # go with the arena all the same (reports.archive.receivers, on Arena's
    # post_delete; ``reindex_archive`` removes any left behind).
    arena = models.ForeignKey(
        "arena.Arena", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=20)
    object_pk = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # Where the hit lives in its arena, for members with ``capability``; for
    # readers of the report, ``report_url`` (the report preview's anchor).
    url = models.CharField(max_length=500, blank=True)
    capability = models.CharField(max_length=20, blank=True)
    report_url = models.CharField(max_length=500, blank=True)
    # In the arena's report (a submitted or approved group report): readers see it.
    in_report = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField()
    theme = models.ForeignKey(
        "programme.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    perspective_ids = models.JSONField(default=list, blank=True)
    pillar_ids = models.JSONField(default=list, blank=True)
    # What the full-text index reads: words split and lower-cased (index.terms).
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_pk"], name="searchdocument_once")
        ]
        indexes = [models.Index(fields=["arena", "year"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_pk}: {self.title}"
