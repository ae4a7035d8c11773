"""The archive's screens (reports.archive.views) as its people use them: the
page of arenas by year, and the search page's filters, refusals, snippets,
links, pages and queries; each user finds only what their arenas open to
them. The corpus and the helpers: conftest.py."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import SearchDocument
from tests.personas import client_for

from .conftest import DRAFT, SUBMITTED, fill, hits, keys, new_arena


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
