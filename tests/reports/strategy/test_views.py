"""The strategy workspace as its people use it, through HTTP: an organiser
makes a strategy over an arena, adds and orders pillars, tags inputs one by
one and many at once, watches "not yet reviewed" shrink, and a directorate
reader traces a pillar back to the groups, rooms and perspectives behind it,
as a page, a CSV and a PDF."""

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from arena.models import Membership, Role
from reports.models import Input, Pillar, PillarTag, ReportStatus, SourceInput, Strategy
from sessions.models import Theme, ThemeKind
from tests.helpers import NAMED, SECRET
from tests.personas import client_for

from .helpers import add_pillars, inputs_of, key, make_strategy, unreviewed_count

# --- making a strategy and its pillars ------------------------------------------------------


def test_organiser_makes_a_strategy_adds_and_orders_pillars(org, arena, data):
    page = org.get("/strategies/new/").content.decode()
    assert arena.title in page  # the arenas to choose from
    # a strategy needs a title: the page says so and keeps what was typed
    response = org.post("/strategies/new/", {"title": "", "description": "Om revisjonen"})
    assert response.status_code == 400
    assert "Om revisjonen" in response.content.decode()

    strategy = make_strategy(org, arena)
    assert list(strategy.arenas.all()) == [arena]
    page = org.get(f"/strategies/{strategy.pk}/").content.decode()
    assert "6 not yet reviewed" in page  # three groups' two inputs; the draft's are not here

    # the value base is one text on the strategy
    org.post(
        f"/strategies/{strategy.pk}/edit/",
        {
            "title": strategy.title,
            "description": "",
            "value_base": "Deltakelse i et godt arbeidsliv er helsefremmende",
            "arenas": [arena.pk],
        },
    )
    assert "helsefremmende" in org.get(f"/strategies/{strategy.pk}/").content.decode()

    first, second, third = add_pillars(
        org, strategy, "Kvalitet gjennom forskning", "Forebygging", "Digitale verktøy"
    )
    # a pillar without a title is refused with a message, the description kept
    response = org.post(
        f"/strategies/{strategy.pk}/pillars/add/", {"title": "", "description": "Førstelinjen"}
    )
    assert response.status_code == 400
    assert "Førstelinjen" in response.content.decode()

    # the third moves up, then the (new) first moves down: no script needed
    move = f"/strategies/{strategy.pk}/pillars/{third.pk}/move/"
    assert org.post(move, {"direction": "up"}).status_code == 302
    assert [p.title for p in strategy.pillars.all()] == [
        "Kvalitet gjennom forskning",
        "Digitale verktøy",
        "Forebygging",
    ]
    org.post(f"/strategies/{strategy.pk}/pillars/{first.pk}/move/", {"direction": "down"})
    page = org.get(f"/strategies/{strategy.pk}/").content.decode()
    order = [page.index(t) for t in ("Digitale verktøy", "Kvalitet gjennom", "Forebygging")]
    assert order == sorted(order)
    # at the top already: nothing moves
    org.post(f"/strategies/{strategy.pk}/pillars/{third.pk}/move/", {"direction": "up"})
    assert strategy.pillars.first() == third

    # describe a pillar
    org.post(
        f"/strategies/{strategy.pk}/pillars/{second.pk}/edit/",
        {"title": "Forebygging og helsefremming", "description": "Fremfor behandling"},
    )
    second.refresh_from_db()
    assert second.title == "Forebygging og helsefremming"
    assert second.description == "Fremfor behandling"


# --- tagging ---------------------------------------------------------------------------------


def test_tag_one_by_one_and_many_at_once_until_all_are_reviewed(org, arena, data):
    strategy = make_strategy(org, arena)
    quality, prevention = add_pillars(org, strategy, "Kvalitet", "Forebygging")
    items = inputs_of(data.groups[:3])
    assert unreviewed_count(org, strategy) == 6
    listing = org.get(f"/strategies/{strategy.pk}/inputs/").content.decode()
    assert "Utkast" not in listing  # a draft report's inputs are not material yet

    # one by one, from the input's page, with a rationale
    page = f"/strategies/{strategy.pk}/inputs/{key(items[0])}/"
    response = org.post(page, {"pillar": quality.pk, "rationale": "Handler om kvalitet"})
    assert response.status_code == 302
    assert unreviewed_count(org, strategy) == 5
    # an input may serve several pillars
    org.post(page, {"pillar": prevention.pk, "rationale": "Også forebygging"})
    html = org.get(page).content.decode()
    assert "Handler om kvalitet" in html and "Også forebygging" in html
    assert items[0].pillar_tags.count() == 2

    # many at once from a filtered list: tick, choose the pillar, say why
    bulk = f"/strategies/{strategy.pk}/inputs/?state=unreviewed"
    response = org.post(
        bulk,
        {
            "items": [key(items[1]), key(items[2]), key(items[3])],
            "pillar": prevention.pk,
            "rationale": "Forebygging i tjenestene",
            "action": "tag",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == bulk  # back to the same filtered list
    assert unreviewed_count(org, strategy) == 2
    assert set(PillarTag.objects.filter(pillar=prevention).values_list("rationale", flat=True)) == {
        "Også forebygging",
        "Forebygging i tjenestene",
    }

    # one serves no pillar: marked reviewed, it leaves the list too
    org.post(bulk, {"items": [key(items[4])], "action": "reviewed"})
    assert unreviewed_count(org, strategy) == 1
    remaining = org.get(bulk).content.decode()
    assert items[5].title in remaining and items[4].title not in remaining

    # tagging twice keeps one tag; a tag can be removed again
    org.post(bulk, {"items": [key(items[5])], "pillar": quality.pk, "action": "tag"})
    org.post(bulk, {"items": [key(items[5])], "pillar": quality.pk, "action": "tag"})
    assert PillarTag.objects.filter(pillar=quality, input=items[5]).count() == 1
    assert unreviewed_count(org, strategy) == 0
    assert "Every input has been reviewed." in org.get(bulk).content.decode()
    tag = PillarTag.objects.get(pillar=quality, input=items[5])
    org.post(f"/strategies/{strategy.pk}/tags/{tag.pk}/delete/")
    assert unreviewed_count(org, strategy) == 1


def test_bulk_tagging_says_what_is_missing_and_keeps_the_choice(org, arena, data):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    items = inputs_of(data.groups[:1])
    url = f"/strategies/{strategy.pk}/inputs/"
    # no pillar chosen: 400, the ticks and the rationale stay
    response = org.post(url, {"items": [key(items[0])], "rationale": "Viktig begrunnelse"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the pillar the inputs serve." in html
    assert "Viktig begrunnelse" in html
    assert re.search(rf'value="{key(items[0])}" id="check-{key(items[0])}" checked', html)
    # nothing ticked
    response = org.post(url, {"pillar": pillar.pk, "action": "tag"})
    assert response.status_code == 400
    assert "Tick the inputs to tag first." in response.content.decode()
    # an input of no strategy of ours (the draft's) is refused
    draft = Input.objects.get(report__group=data.groups[3], position=0)
    response = org.post(url, {"items": [key(draft)], "pillar": pillar.pk, "action": "tag"})
    assert response.status_code == 400
    assert not PillarTag.objects.exists()
    # a key that is no key
    response = org.post(url, {"items": ["x1"], "pillar": pillar.pk, "action": "tag"})
    assert response.status_code == 400


def test_filters_by_arena_theme_addressee_and_text(org, arena, data, organiser):
    strategy = make_strategy(org, arena)
    items = inputs_of(data.groups[:3])
    items[0].title = "Øke brukermedvirkning i Nav"
    items[0].addressee = "services"
    items[0].save()
    theme = Theme.objects.create(arena=arena, kind=ThemeKind.CROSS, title="Digitalisering")
    items[1].themes.add(theme)
    SourceInput.objects.create(strategy=strategy, source="Arbeidsgruppens 36 innspill",
                               number="1.1", title="Felles mål")  # fmt: skip
    url = f"/strategies/{strategy.pk}/inputs/"

    def titles(query):
        html = org.get(url + query).content.decode()
        return {i.title for i in items if i.title in html} | (
            {"Felles mål"} if "Felles mål" in html else set()
        )

    assert titles("") == {i.title for i in items} | {"Felles mål"}
    assert titles("?q=ØKE") == {"Øke brukermedvirkning i Nav"}  # case-folded, æøå too
    assert titles("?addressee=services") == {"Øke brukermedvirkning i Nav"}
    assert titles(f"?theme={theme.pk}") == {items[1].title}
    area = Theme.objects.create(arena=arena, kind=ThemeKind.AREA, title="Om arbeidsdeltakelse")
    data.groups[2].theme = area
    data.groups[2].save()
    assert titles(f"?theme={area.pk}") == {items[4].title, items[5].title}  # the group's inputs
    assert titles("?origin=sources") == {"Felles mål"}
    assert titles(f"?origin={arena.pk}") == {i.title for i in items}
    # nonsense is left out, and said so
    response = org.get(url + "?origin=999999")
    assert response.status_code == 200
    assert "A filter that made no sense was left out." in response.content.decode()


def test_similar_inputs_are_suggested_and_can_be_tagged_together(org, arena, data):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Digitale verktøy")
    items = inputs_of(data.groups[:3])
    texts = [
        "Felles digitale samarbeidsflater mellom Nav og helsetjenesten",
        "Digital samarbeidsflate mellom helsetjenesta og Nav",  # nynorsk
        "Mer forskning på arbeidsrettet rehabilitering",
    ]
    for item, text in zip(items, texts, strict=False):
        item.text = text
        item.save()
    page = f"/strategies/{strategy.pk}/inputs/{key(items[0])}/"
    html = org.get(page).content.decode()
    suggestions = html[html.index('id="suggestions"') :]
    assert items[1].title in suggestions
    assert items[2].title not in suggestions
    org.post(page, {"pillar": pillar.pk, "items": [key(items[1])], "rationale": "Digitalt"})
    assert set(PillarTag.objects.values_list("input", flat=True)) == {items[0].pk, items[1].pk}


def test_inputs_from_other_sources(org, arena, data):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Samvirke")
    url = f"/strategies/{strategy.pk}/sources/"
    response = org.post(url, {"source": "", "number": "", "title": "", "text": "Noe tekst"})
    assert response.status_code == 400
    assert "Noe tekst" in response.content.decode()
    response = org.post(
        url,
        {
            "source": "Dagens strategi & hovedelement #2",
            "number": "2",
            "title": "Samarbeid på tjenestenivå",
            "text": "Tettere samvirke",
        },
    )
    assert response.status_code == 302
    # the next one starts from the same source
    form = org.get(response["Location"]).content.decode()
    assert 'value="Dagens strategi &amp; hovedelement #2"' in form
    item = SourceInput.objects.get()
    org.post(f"/strategies/{strategy.pk}/inputs/{key(item)}/", {"pillar": pillar.pk})
    html = org.get(f"/strategies/{strategy.pk}/pillars/{pillar.pk}/").content.decode()
    assert "Samarbeid på tjenestenivå" in html
    assert "Dagens strategi &amp; hovedelement #2" in html
    assert unreviewed_count(org, strategy) == 6  # the arena's six are still to do
    # a typo is fixed, a wrong one deleted (its tags with it)
    edit = f"{url}{item.pk}/edit/"
    response = org.post(edit, {"source": item.source, "number": "", "title": "", "text": ""})
    assert response.status_code == 400
    org.post(edit, {"source": item.source, "number": "2.1", "title": "Samarbeid", "text": ""})
    item.refresh_from_db()
    assert (item.number, item.title) == ("2.1", "Samarbeid")
    assert "its 1 tag" in org.get(f"{url}{item.pk}/delete/").content.decode()
    assert org.post(f"{url}{item.pk}/delete/").status_code == 302
    assert not SourceInput.objects.exists() and not PillarTag.objects.exists()


# --- traceability ---------------------------------------------------------------------------


def _expected_perspectives(data):
    counts: dict[str, int] = {}
    for person in data.people:
        for p in person.perspectives.all():
            counts[p.label] = counts.get(p.label, 0) + 1
    return counts


def test_an_inputs_chain_and_a_pillars_trace(org, arena, data, sessions):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    group = data.groups[1]  # session 1, space 2
    item = inputs_of([group])[0]
    org.post(
        f"/strategies/{strategy.pk}/inputs/{key(item)}/",
        {"pillar": pillar.pk, "rationale": "Sporbar begrunnelse"},
    )
    html = org.get(f"/strategies/{strategy.pk}/inputs/{key(item)}/").content.decode()
    assert f"{group.code} – 1" in html  # numbered as in the report and on the input wall
    chain = html[html.index('id="chain"') :]
    assert f"{group.code} {group.topic.title}" in chain
    assert "Session 1: Gruppesesjon 1, 13:00–14:30" in chain
    assert f">{group.space}<" in chain
    assert "Tuesday 10 March 2026" in chain
    assert arena.title in chain
    assert "4 participants" in chain
    for label, n in _expected_perspectives(data).items():
        assert f"<li>{label}: {n}</li>" in chain
    for name in NAMED:
        assert name in chain
    for name in SECRET:
        assert name not in html  # no names without consent

    # a second input of another group: the pillar sums up the groups behind it
    other = inputs_of([data.groups[2]])[0]
    _tag_inputs(org, strategy, pillar, [other])
    trace = org.get(f"/strategies/{strategy.pk}/pillars/{pillar.pk}/").content.decode()
    assert item.title in trace and "Sporbar begrunnelse" in trace
    behind = trace[trace.index('id="behind"') : trace.index('id="trace"')]
    assert "2 groups: " + arena.title in behind
    for label, n in _expected_perspectives(data).items():
        assert f'<th scope="row">{label}</th><td>2</td><td>{2 * n}</td>' in behind
    assert group.code in trace and "Gruppesesjon 1" in trace
    for name in SECRET:
        assert name not in trace

    # a report sent back to draft takes its inputs out of the trace until resubmitted
    report = group.report
    report.status = ReportStatus.RETURNED
    report.save()
    trace = org.get(f"/strategies/{strategy.pk}/pillars/{pillar.pk}/").content.decode()
    assert item.title not in trace
    assert org.get(f"/strategies/{strategy.pk}/inputs/{key(item)}/").status_code == 404


def _tag_inputs(org, strategy, pillar, items):
    org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {"items": [key(i) for i in items], "pillar": pillar.pk, "action": "tag"},
    )


def test_csv_has_the_chain_as_columns(org, arena, data):
    strategy = make_strategy(org, arena)
    first, second = add_pillars(org, strategy, "Kvalitet", "Forebygging")
    items = inputs_of(data.groups[:3])
    _tag_inputs(org, strategy, first, items[:2])
    _tag_inputs(org, strategy, second, items[2:3])
    source = SourceInput.objects.create(
        strategy=strategy, source="Arbeidsgruppens 36 innspill", number="1.1", title="=Formel"
    )
    PillarTag.objects.create(pillar=second, source_input=source, rationale="Fra arbeidsgruppen")

    response = org.get(f"/strategies/{strategy.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    row = rows[0]
    group = data.groups[0]
    assert row["Pillar"] == "Kvalitet" and row["Pillar no."] == "1"
    assert row["Arena"] == arena.title
    assert row["Group"] == group.code and row["Group title"] == group.topic.title
    assert row["Session"] == "1" and row["Session time"] == "13:00–14:30"
    assert row["Room"] == str(group.space)
    assert row["Day"] == "2026-03-10"
    assert row["Participants"] == "4"
    for label, n in _expected_perspectives(data).items():
        assert f"{label}: {n}" in row["Perspectives present"]
    assert row["Named participants (with consent)"] == "; ".join(sorted(NAMED))
    assert not any(name in response.content.decode() for name in SECRET)
    last = rows[-1]
    assert last["From"] == "Arbeidsgruppens 36 innspill" and last["Number"] == "1.1"
    assert last["Input"] == "'=Formel"  # never a formula in a spreadsheet
    # one pillar only
    response = org.get(f"/strategies/{strategy.pk}/export.csv?pillar={first.pk}")
    assert len(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))) == 2


def test_pdf_extract_reads_back(org, arena, data):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet gjennom forskning")
    items = inputs_of(data.groups[:2])
    _tag_inputs(org, strategy, pillar, items[:3])
    response = org.get(f"/strategies/{strategy.pk}/extract.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Kvalitet gjennom forskning" in flat
    assert items[0].title in flat and items[2].title in flat
    assert data.groups[1].code in flat and "Gruppesesjon 1" in flat
    assert NAMED[0] in flat
    for name in SECRET:
        assert name not in flat
    assert reader.metadata.title.startswith(strategy.title)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pages_in_norwegian(arena, data, organiser):
    client = client_for(organiser, language="nb")
    strategy = make_strategy(client, arena)
    (pillar,) = add_pillars(client, strategy, "Kvalitet")
    items = inputs_of(data.groups[:1])
    _tag_inputs(client, strategy, pillar, items)
    for path in ("", "inputs/", f"inputs/{key(items[0])}/", f"pillars/{pillar.pk}/", "sources/"):
        assert client.get(f"/strategies/{strategy.pk}/{path}").status_code == 200
    html = client.get(f"/strategies/{strategy.pk}/inputs/{key(items[0])}/").content.decode()
    assert "tirsdag 10. mars 2026" in html
    response = client.get(f"/strategies/{strategy.pk}/extract.pdf")
    assert PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"] == "nb"
    # what is not an input of the strategy is not found
    for path in ("inputs/x1/", "inputs/i999999/", "inputs/s1/", "pillars/999999/"):
        assert client.get(f"/strategies/{strategy.pk}/{path}").status_code == 404
    assert client.get(f"/strategies/{strategy.pk}/export.csv?pillar=abc").status_code == 404


# --- query counts ---------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_trace_and_extract_take_the_same_number_of_queries_for_1_and_3_inputs(org, arena, data):
    strategy = make_strategy(org, arena)
    small, large = add_pillars(org, strategy, "Liten", "Stor")
    items = inputs_of(data.groups[:3])
    _tag_inputs(org, strategy, small, items[:1])
    _tag_inputs(org, strategy, large, [items[0], items[2], items[5]])  # three groups' inputs
    for path in ("pillars/{pk}/", "export.csv?pillar={pk}", "extract.pdf?pillar={pk}"):
        url = f"/strategies/{strategy.pk}/" + path
        one = _count(org, url.format(pk=small.pk))
        three = _count(org, url.format(pk=large.pk))
        assert one == three, path
    one = _count(org, f"/strategies/{strategy.pk}/inputs/{key(items[0])}/")
    assert one == _count(org, f"/strategies/{strategy.pk}/inputs/{key(items[5])}/")


# --- who may ---------------------------------------------------------------------------------


def test_readers_read_organisers_edit_and_others_see_nothing(
    org, arena, data, reader, facilitator, stranger, other_organiser, anon_client
):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    item = inputs_of(data.groups[:1])[0]
    detail = f"/strategies/{strategy.pk}/"

    rune = client_for(reader, language="en")
    assert rune.get(detail).status_code == 200
    assert strategy.title in rune.get("/strategies/").content.decode()
    assert "Add a pillar" not in rune.get(detail).content.decode()
    assert rune.get(f"/strategies/{strategy.pk}/pillars/{pillar.pk}/").status_code == 200
    assert rune.get(f"/strategies/{strategy.pk}/export.csv").status_code == 200
    assert rune.post(f"{detail}pillars/add/", {"title": "Nei"}).status_code == 403
    tag_url = f"/strategies/{strategy.pk}/inputs/{key(item)}/"
    assert rune.post(tag_url, {"pillar": pillar.pk}).status_code == 403
    assert rune.get("/strategies/new/").status_code == 403

    for user in (facilitator, stranger, other_organiser):
        client = client_for(user, language="en")
        assert client.get(detail).status_code == 404
        assert strategy.title not in client.get("/strategies/").content.decode()
    assert anon_client.get(detail).status_code == 302

    # another arena's organiser cannot pull our arena into their strategy
    otto = client_for(other_organiser, language="en")
    response = otto.post("/strategies/new/", {"title": "Otto", "arenas": [arena.pk]})
    assert response.status_code == 400
    assert not Strategy.objects.filter(title="Otto").exists()
    # and an input of a strategy is reached only through it
    theirs = Strategy.objects.create(title="Theirs", created_by=other_organiser)
    theirs.arenas.add(Membership.objects.get(user=other_organiser, role=Role.ORGANISER).arena)
    assert otto.get(f"/strategies/{theirs.pk}/inputs/{key(item)}/").status_code == 404
    ours = PillarTag.objects.create(pillar=pillar, input=item)
    response = otto.post(f"/strategies/{theirs.pk}/tags/{ours.pk}/delete/")
    assert response.status_code == 404
    assert PillarTag.objects.filter(pk=ours.pk).exists()
    assert Pillar.objects.filter(pk=pillar.pk).exists()


def test_from_the_arena_page_to_its_strategies(org, arena, data, organiser, reader):
    response = org.get(f"/strategies/arena/{arena.pk}/")
    assert response.status_code == 302
    listing = org.get(response["Location"]).content.decode()
    assert f"/strategies/new/?arena={arena.pk}" in listing
    form = org.get(f"/strategies/new/?arena={arena.pk}").content.decode()
    assert re.search(rf'value="{arena.pk}"[^>]*checked', form)  # the arena is ticked
    strategy = make_strategy(org, arena)
    rune = client_for(reader, language="en")
    assert (
        strategy.title
        in rune.get(rune.get(f"/strategies/arena/{arena.pk}/")["Location"]).content.decode()
    )


def test_delete_a_pillar_keeps_the_inputs(org, arena, data):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    items = inputs_of(data.groups[:1])
    _tag_inputs(org, strategy, pillar, items)
    url = f"/strategies/{strategy.pk}/pillars/{pillar.pk}/delete/"
    assert "its 2 tags" in org.get(url).content.decode()
    assert org.post(url).status_code == 302
    assert not Pillar.objects.exists() and not PillarTag.objects.exists()
    assert Input.objects.filter(pk=items[0].pk).exists()
    assert unreviewed_count(org, strategy) == 6


def test_two_arenas_each_organiser_keeps_the_others_arena(org, arena, data, other_organiser):
    strategy = make_strategy(org, arena)
    theirs = Membership.objects.get(user=other_organiser, role=Role.ORGANISER).arena
    otto = client_for(other_organiser, language="en")
    # Otto is no one in our arena: he cannot see the strategy yet
    assert otto.get(f"/strategies/{strategy.pk}/").status_code == 404
    strategy.arenas.add(theirs)  # as if we had both been asked
    assert otto.get(f"/strategies/{strategy.pk}/").status_code == 200
    # Otto saves the strategy with only his arena ticked: ours stays
    response = otto.post(
        f"/strategies/{strategy.pk}/edit/",
        {"title": strategy.title, "description": "", "value_base": "", "arenas": [theirs.pk]},
    )
    assert response.status_code == 302
    assert set(strategy.arenas.all()) == {arena, theirs}
    # and we untick ours: only Otto's remains, and we lose access to it
    org.post(
        f"/strategies/{strategy.pk}/edit/",
        {"title": strategy.title, "description": "", "value_base": "", "arenas": []},
    )
    assert set(strategy.arenas.all()) == {theirs}
    assert org.get(f"/strategies/{strategy.pk}/").status_code == 404
