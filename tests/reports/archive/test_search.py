"""The archive's search as its people use it, through HTTP. The suite runs on
SQLite (FTS5) and on PostgreSQL (tsvector): every expected hit set below is
written out, so passing on both means both databases give the same hits."""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from arena.deletion import plan_deletion
from proposals.models import Topic
from reports.archive import index, services
from reports.models import Input, ReportStatus, SearchDocument
from tests.personas import client_for

from .conftest import fill, new_arena

SUBMITTED, DRAFT = ReportStatus.SUBMITTED, ReportStatus.DRAFT


@pytest.fixture
def corpus(arena, organiser, other_organiser, area, pillar):
    """Two arenas of the organiser (2026 and 2020) and one of another organiser."""
    perspective = arena.perspectives.order_by("position").first()
    a = fill(
        arena,
        groups=[
            (
                "Sykefravær og arbeidsliv",
                "Vi drøftet økonomi og tillit mellom fastlege og Nav.",
                [
                    ("Tidlig dialog om sykefravær", "Arbeidsgiver og lege må snakke sammen."),
                    ("Bedre IA-avtale", "Færre på trygd <b>nå</b>."),
                ],
                SUBMITTED,
            ),
            (
                "Unge utenfor arbeid",
                "Skole og mestring.",
                [("Ungdomsgaranti", "Alle unge får en veileder.")],
                DRAFT,
            ),
        ],
        theme=area,
        perspective=perspective,
        pillar=pillar,
    )
    old = new_arena(organiser, 2020, "Åpen arena 2020")
    b = fill(
        old,
        groups=[
            (
                "Psykisk helse på arbeidsplassen",
                "Arbeidsliv og sykefravær i 2020.",
                [("Sykefraværsoppfølging", "Tett oppfølging.")],
                SUBMITTED,
            )
        ],
    )
    foreign = new_arena(other_organiser, 2026, "Otto's arena")
    fill(
        foreign,
        groups=[("Sykefravær hos Otto", "Arbeidsliv.", [("Sykefravær hemmelig", "")], SUBMITTED)],
    )
    return {
        "a": a,
        "b": b,
        "arena": arena,
        "old": old,
        "foreign": foreign,
        "perspective": perspective,
    }


def keys(group) -> dict:
    report = group.report
    first, *rest = list(report.inputs.order_by("position"))
    out = {"topic": f"topic-{group.topic_id}", "report": f"report-{report.pk}"}
    out["input"] = f"input-{first.pk}"
    for n, item in enumerate(rest, start=2):
        out[f"input{n}"] = f"input-{item.pk}"
    return out


def ordered_hits(client, **params) -> list[str]:
    response = client.get("/archive/search/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r'id="hit-(\w+-\d+)"', response.content.decode())


def hits(client, **params) -> set[str]:
    return set(ordered_hits(client, **params))


@pytest.fixture
def org(organiser):
    return client_for(organiser, language="en")


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


def test_filters_by_year_theme_perspective_and_pillar(corpus, org, area, pillar):
    a1 = keys(corpus["a"][0])
    b1 = keys(corpus["b"][0])
    assert hits(org, q="sykefravær", year=2020) == {b1["report"], b1["input"]}
    assert hits(org, q="sykefravær", year=2026) == {a1["topic"], a1["report"], a1["input"]}
    assert hits(org, q="sykefravær", theme=area.title) == {
        a1["topic"],
        a1["report"],
        a1["input"],
    }
    label = corpus["perspective"].label
    assert hits(org, q="arbeid", perspective=label) == {a1["topic"], a1["report"], a1["input"]}
    # the pillar is on one input; the group and its topic carry it too
    assert hits(org, pillar=pillar.pk) == {a1["topic"], a1["report"], a1["input"]}
    assert hits(org, q="tidlig", pillar=pillar.pk) == {a1["input"]}
    assert hits(org, q="sykefravær", kind="input") == {a1["input"], b1["input"]}
    # filters only, no words: everything they allow
    assert hits(org, year=2020) == set(keys(corpus["b"][0]).values())


def test_an_unknown_filter_value_says_so(corpus, org):
    response = org.get("/archive/search/", {"q": "sykefravær", "year": "1999"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert b'value="sykefrav' in response.content  # what was typed stays


def test_hits_come_only_from_the_users_arenas(corpus, other_organiser, stranger, reader):
    otto = client_for(other_organiser, language="en")
    own = SearchDocument.objects.filter(arena__memberships__user=other_organiser)
    assert hits(otto, q="sykefravær") == {f"{d.kind}-{d.object_pk}" for d in own}
    assert len(own) == 3  # topic, report, input
    assert "hemmelig" not in str(hits(client_for(stranger), q="hemmelig"))
    assert hits(client_for(stranger), q="sykefravær") == set()
    # a directorate reader finds only what is in the report (not the draft group)
    a2 = keys(corpus["a"][1])
    assert hits(client_for(reader), q="ung") == set()
    assert hits(client_for(reader), q="arbeid") == {
        keys(corpus["a"][0])[k] for k in ("topic", "report", "input")
    }
    assert a2["topic"] not in hits(client_for(reader), q="unge")


def test_the_archive_page_lists_the_arenas_by_year(corpus, org, stranger):
    response = org.get("/archive/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="year-2026"') < html.index('id="year-2020"')
    assert "Åpen arena 2020" in html and "Åpen arena test" in html
    assert "Other arena" not in html
    assert b"archive-empty" in client_for(stranger).get("/archive/").content
    assert client_for().get("/archive/").status_code == 302  # to the login


@pytest.mark.parametrize("query", ["!!!", "  -- ?? ''", '"', "*", "NEAR(", "AND OR NOT", "'"])
def test_punctuation_or_query_syntax_never_breaks(corpus, org, query):
    response = org.get("/archive/search/", {"q": query})
    assert response.status_code == 200
    if query in {"AND OR NOT", "NEAR("}:  # words after all, found nowhere
        assert b'id="no-hits"' in response.content
    else:
        assert b'id="archive-refused"' in response.content
        assert b"Nothing to search for" in response.content


def test_the_snippet_is_escaped_then_marked(corpus, org):
    html = org.get("/archive/search/", {"q": "færre"}).content.decode()
    assert "<mark>Færre</mark> på trygd &lt;b&gt;nå&lt;/b&gt;." in html
    assert "<b>nå</b>" not in html


def test_the_links_of_hits_open(corpus, org, reader, facilitator, support):
    for user in (corpus["arena"].created_by, reader, facilitator, support):
        client = client_for(user, language="en")
        html = client.get("/archive/search/", {"q": "sykefravær"}).content.decode()
        links = re.findall(r'<a class="ds-link" href="(/a/[^"]+)"', html)
        assert links, user
        for link in links:
            assert client.get(link.split("#")[0]).status_code == 200, (user, link)


def test_the_query_count_does_not_grow_with_the_arenas(organiser, arena, org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert org.get("/archive/search/", {"q": "arbeid"}).status_code == 200
        return len(queries)

    fill(arena, groups=[("Arbeid 1", "arbeid", [("Arbeid", "arbeid")], SUBMITTED)])
    one = count()
    for year in (2021, 2022):
        other = new_arena(organiser, year, f"Arena {year}")
        fill(other, groups=[("Arbeid 2", "arbeid", [("Arbeid", "arbeid")], SUBMITTED)] * 2)
    assert count() == one


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


def test_pages(organiser, arena, org):
    fill(
        arena,
        groups=[
            (
                "Mange innspill",
                "tekst",
                [(f"Innspill nummer {n}", "felles") for n in range(25)],
                DRAFT,
            )
        ],
    )
    first = hits(org, q="felles")
    second = hits(org, q="felles", page=2)
    assert len(first) == 20 and len(second) == 5 and not first & second


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
