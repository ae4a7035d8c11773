"""The full-text index's SQL, per database (made by migration 0011_archive).

- SQLite: ``reports_searchdocument_fts``, an FTS5 table (unicode61,
  diacritics kept, prefix indexes) over ``title_terms`` and ``body_terms``.
- PostgreSQL: the generated column ``search_vector`` ('simple' configuration)
  with a GIN index.

Both only say which documents match; the order is the same SQL on both
(``ranked_ids``).

The user's words never reach either query language raw: ``match_expression``
takes the words of ``index.words`` (letters and digits only) and quotes each
one, as a prefix. Every word must match (AND).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

TABLE = "reports_searchdocument"
FTS = "reports_searchdocument_fts"


def match_expression(words: list[str]) -> str:
    if connection.vendor == "postgresql":
        return " & ".join("'{}':*".format(w.replace("'", "")) for w in words)
    return " AND ".join('"{}"*'.format(w.replace('"', "")) for w in words)


def ranked_ids(subquery, words: list[str]) -> list[int]:
    """The ids of the documents in ``subquery`` (a queryset of ids) that hold
    every word (as a prefix), in the same order on both databases: most of
    the words in the title first, then the newest year, then by kind and pk.

    (The databases' own ranks, bm25 and ts_rank, differ: with them a page
    would not show the same hits on SQLite and PostgreSQL.)"""
    try:
        sub_sql, sub_params = subquery.query.sql_with_params()
    except EmptyResultSet:  # e.g. a user without arenas
        return []
    expression = match_expression(words)
    in_title = " + ".join(
        ["(CASE WHEN (' ' || d.title_terms) LIKE %s THEN 1 ELSE 0 END)"] * len(words)
    )
    title_params = [f"% {w}%" for w in words]  # words hold no % or _ (index.WORD)
    order = f"ORDER BY {in_title} DESC, d.year DESC, d.kind, d.object_pk"
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT d.id FROM {TABLE} d"  # noqa: S608 - see below
            f" WHERE d.search_vector @@ to_tsquery('simple', %s) AND d.id IN ({sub_sql}) {order}"
        )
    else:
        sql = (
            f"SELECT d.id FROM {FTS} JOIN {TABLE} d ON d.id = {FTS}.rowid"  # noqa: S608
            f" WHERE {FTS} MATCH %s AND d.id IN ({sub_sql}) {order}"
        )
    # Table names are constants and the subquery is Django's; every value is bound.
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *sub_params, *title_params])
        return [row[0] for row in cursor.fetchall()]


def json_holds_any(column: str, values: list[int]):
    """A condition: the JSON list in ``column`` holds one of ``values``."""
    assert column in ("perspective_ids", "pillar_ids")
    values = [int(v) for v in values] or [0]
    if connection.vendor == "postgresql":
        sql = " OR ".join([f'"{TABLE}"."{column}" @> %s::jsonb'] * len(values))
        params = [f"[{v}]" for v in values]
    else:
        marks = ", ".join(["%s"] * len(values))
        sql = f'EXISTS (SELECT 1 FROM json_each("{TABLE}"."{column}") WHERE value IN ({marks}))'  # noqa: S608 - the column is named by our code, values are bound
        params = values
    return RawSQL(f"({sql})", params, output_field=BooleanField())  # noqa: S611 - as above
