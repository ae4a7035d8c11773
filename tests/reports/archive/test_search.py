"""The archive's index and its search (reports.archive.index, services, fts)
as its people meet them, through HTTP. The suite runs on SQLite (FTS5) and
on PostgreSQL (tsvector): every expected hit set below is written out, so
passing on both means both databases give the same hits. The search pages
themselves (filters, access, paging, links): test_views.py; the corpus and
the helpers: conftest.py."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from arena.deletion import plan_deletion
from proposals.models import Topic
from reports.archive import index, services
from reports.models import Input, SearchDocument

from .conftest import SUBMITTED, fill, hits, keys, new_arena, ordered_hits


def test_the_same_queries_find_the_same_hits(corpus, org):
    a1, a2 = keys(corpus["a"][0]), keys(corpus["a"][1])
    b1 = keys(corpus["b"][0])
    expected = {
        # æøå are kept, case does not matter, a word is also a prefix
        "sykefravær": {a1["topic"], a1["report"], a1["input"], b1["report"], b1["input"]},
        "SYKEFRAVÆR": {a1["topic"], a1["report"], a1["input"], b1["report"], b1["input"]},
        "sykefravaer": set(),
        "sykefravar": set(),
        "økonomi": {a1["report"]},
        "okonomi": set(),
        "øko": {a1["report"]},
        "færre": {a1["input2"]},
        "ia": {a1["input2"]},
        "ia-avtale": {a1["input2"]},
        "arbeid": {a1["topic"], a1["report"], a1["input"], a2["topic"], a2["report"]}
        | {b1["topic"], b1["report"]},
        # every word must be found
        "arbeidsliv sykefravær": {a1["topic"], a1["report"], b1["report"]},
        "unge veileder": {a2["input"]},
        "ung": {a2["topic"], a2["report"], a2["input"]},
        "2020": {b1["report"]},
        "fastlege nav": {a1["report"]},
        "nå": {a1["input2"]},
        "hemmelig": set(),  # another organisation's arena
    }
    for query, want in expected.items():
        assert hits(org, q=query) == want, query


def test_the_order_is_the_same_on_both_databases(corpus, org):
    """Title hits first, then the newest year, then inputs, reports, topics."""
    a1, b1 = keys(corpus["a"][0]), keys(corpus["b"][0])
    assert ordered_hits(org, q="sykefravær") == [
        a1["input"],
        a1["report"],
        a1["topic"],
        b1["input"],
        b1["report"],  # the word only in the text
    ]
    assert ordered_hits(org, q="arbeidsliv sykefravær") == [
        a1["report"],  # both words in the title
        a1["topic"],
        b1["report"],  # neither
    ]


@pytest.mark.django_db(transaction=True)  # real commits: the index follows after commit
def test_an_edited_input_is_found_by_its_new_words(corpus, org):
    item = Input.objects.get(title="Ungdomsgaranti")
    assert hits(org, q="lærlingplass") == set()
    response = org.post(
        f"/a/{corpus['arena'].pk}/reports/inputs/{item.pk}/",
        {"title": "Lærlingplass til alle", "text": "Alle unge får en veileder."},
    )
    assert response.status_code == 302
    assert hits(org, q="lærlingplass") == {f"input-{item.pk}"}
    assert hits(org, q="ungdomsgaranti") == set()


@pytest.mark.django_db(transaction=True)
def test_indexing_never_breaks_saving(corpus, org, monkeypatch, caplog):
    def broken(arena):
        raise RuntimeError("index down")

    monkeypatch.setattr(index, "collect", broken)
    item = Input.objects.get(title="Ungdomsgaranti")
    response = org.post(
        f"/a/{corpus['arena'].pk}/reports/inputs/{item.pk}/",
        {"title": "Lærlingplass", "text": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Lærlingplass"
    assert "indexing arena" in caplog.text


def test_the_command_rebuilds_the_index(corpus, org):
    SearchDocument.objects.all().delete()
    assert hits(org, q="sykefravær") == set()
    call_command("reindex_archive", verbosity=0)
    assert len(hits(org, q="sykefravær")) == 5
    assert services.reindex_arena(corpus["arena"]) == {"new": 0, "changed": 0, "deleted": 0}


TRICKY = (
    "E-post til nav.no: covid-19, 1,5 mill. kr (50 %) av 3.5; Straße; o'Neill; "
    "__init__; ÆRLIG; naïve; e\u0301n; fiks_ferdig x²"
)


def test_every_word_of_a_tricky_text_finds_it(arena, org):
    [group] = fill(arena, groups=[("Ord", TRICKY, [], SUBMITTED)])
    report = f"report-{group.report.pk}"
    for word in index.words(TRICKY):
        assert report in hits(org, q=word), word
    for query in ("é", "én", "ÉN", "Straße", "o'neill", "covid 19", "mill kr", "fiks ferdig"):
        assert report in hits(org, q=query), query
    for query in ("ae", "naive", "postnr", "nav.com", "covid19"):
        assert report not in hits(org, q=query), query


def test_a_save_costs_no_query_and_a_transaction_one_reindex(corpus, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "reindex_arena_safely", calls.append)
    item = Input.objects.get(title="Ungdomsgaranti")
    with CaptureQueriesContext(connection) as queries:
        item.save(update_fields=["title"])
    assert len(queries) == 1  # the UPDATE only
    with pytest.raises(RuntimeError), transaction.atomic():
        item.save()
        raise RuntimeError("rolled back")
    pending = [f for _, f, _ in connection.run_on_commit if f.__class__.__name__ == "Job"]
    # one job for the whole (test's) transaction: every arena saved in it, once
    assert len(pending) == 1
    pending[0]()
    assert sorted(calls) == sorted({corpus["arena"].pk, corpus["old"].pk, corpus["foreign"].pk})


@pytest.mark.django_db(transaction=True)  # the reindex runs in its own thread and connection
def test_with_a_delay_the_saves_of_a_window_reindex_once_later_not_in_the_request(
    corpus, org, settings, monkeypatch
):
    """The wall saves a group on every placement: the request must not pay the
    arena's reindex (~60 ms at the 2020 arena's size), and a burst of saves
    reindexes each arena once, after the window."""
    from arena import coalesce

    settings.ARENA_ARCHIVE_DELAY = 0.3
    calls = []
    real = services.reindex_arena_safely
    monkeypatch.setattr(services, "reindex_arena_safely", lambda pk: (calls.append(pk), real(pk)))
    item = Input.objects.get(title="Ungdomsgaranti")
    for word in ("Ungdomsløftet", "Ungdomsløftet2", "Ungdomsskiftet"):
        with transaction.atomic():
            item.title = word
            item.save(update_fields=["title"])
    assert calls == []  # nothing in the saving request
    assert "Ungdomsskiftet" not in str(hits(org, q="Ungdomsskiftet"))
    coalesce.wait()
    assert calls == [corpus["arena"].pk]  # one reindex for the three saves
    assert hits(org, q="Ungdomsskiftet")


def test_an_arena_deleted_takes_its_documents_and_does_not_list_them(corpus, org):
    old = new_arena(corpus["arena"].created_by, 2019, "Arena 2019")
    Topic.objects.create(arena=old, title="Et emne som venter")
    services.reindex_arena(old)
    assert SearchDocument.objects.filter(arena_id=old.pk).exists()
    labels = " ".join(r.label for r in plan_deletion(old).removes)
    assert "search" not in labels.lower() and "document" not in labels.lower()
    SearchDocument.objects.create(arena_id=99999, kind="topic", object_pk=10**9, title="x", year=1)
    old.delete()
    assert not SearchDocument.objects.filter(arena_id=old.pk).exists()
    call_command("reindex_archive", verbosity=0)
    assert not SearchDocument.objects.filter(arena_id=99999).exists()
