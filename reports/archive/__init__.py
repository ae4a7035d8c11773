"""The archive: arenas of every year in one place, and full-text search over
their topics, inputs and group reports (``index``: what is indexed;
``services``: keeping the index and searching it; ``fts``: the SQL per
database; ``receivers``: reindexing on save)."""
