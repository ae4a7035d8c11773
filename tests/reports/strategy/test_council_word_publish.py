"""Issue #13 (items 3, 4, 8), through HTTP: the council's inputs are tagged
with pillars like the others and keep their chain; the trace goes out as an
editable Word document; the organiser publishes the trace at an unguessable
link that anyone can read, and unpublishes it."""

import datetime
import io
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from docx import Document
from pypdf import PdfReader

from arena.models import Format
from arena.services import create_arena
from reports.models import CouncilInput, PillarTag, Strategy
from sessions.models import AgendaItem, ItemKind
from tests.helpers import NAMED, SECRET
from tests.personas import client_for

from .helpers import add_pillars, inputs_of, key, make_strategy, unreviewed_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(organiser):
    """A council meeting: an introduction by Siri Holm, its discussion, and two inputs."""
    arena = create_arena(
        organiser,
        start_date=datetime.date(2026, 12, 3),
        number_of_days=1,
        title="Nasjonalt råd",
        format=Format.COUNCIL,
    )
    day = arena.days.get()
    intro = AgendaItem.objects.create(
        day=day,
        kind=ItemKind.INTRODUCTION,
        title="Digitale verktøy",
        start=datetime.time(9, 30),
        end=datetime.time(9, 35),
        presenters="Siri Holm",
    )
    discussion = AgendaItem.objects.create(
        day=day,
        kind=ItemKind.DISCUSSION,
        title="Diskusjon",
        start=datetime.time(9, 35),
        end=datetime.time(9, 50),
        follows=intro,
    )
    first = CouncilInput.objects.create(
        item=discussion, number="1", title="Felles plattform", text="Én digital plattform"
    )
    second = CouncilInput.objects.create(
        item=discussion, number="2", title="Portal for fastleger", position=1
    )
    return arena, first, second


def _strategy_over(org, arena, council_arena):
    strategy = make_strategy(org, arena)
    strategy.arenas.add(council_arena)
    return strategy


def test_council_inputs_are_ticked_tagged_reviewed_and_traced(org, arena, data, council):
    council_arena, platform, portal = council
    strategy = _strategy_over(org, arena, council_arena)
    (pillar,) = add_pillars(org, strategy, "Digitale verktøy")
    before = unreviewed_count(org, strategy)

    page = org.get(f"/strategies/{strategy.pk}/inputs/").content.decode()
    assert f'id="check-c{platform.pk}"' in page  # a checkbox like every other input
    item = inputs_of(data.groups[:1])[0]
    response = org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {
            "items": [f"c{platform.pk}", key(item)],
            "pillar": pillar.pk,
            "rationale": "Felles løsninger",
            "action": "tag",
        },
    )
    assert response.status_code == 302
    assert PillarTag.objects.get(pillar=pillar, council_input=platform).rationale == (
        "Felles løsninger"
    )
    assert unreviewed_count(org, strategy) == before - 2

    # the other one serves no pillar: reviewed, from its own page with the tag form
    detail = org.get(f"/strategies/{strategy.pk}/inputs/c{portal.pk}/").content.decode()
    assert 'id="tag-form"' in detail and "Siri Holm" in detail
    org.post(f"/strategies/{strategy.pk}/inputs/c{portal.pk}/", {"action": "reviewed"})
    assert unreviewed_count(org, strategy) == before - 3
    assert portal in strategy.reviewed_council_inputs.all()

    # the pillar's trace keeps the council input's chain
    trace = org.get(f"/strategies/{strategy.pk}/pillars/{pillar.pk}/").content.decode()
    assert "Felles plattform" in trace and "Felles løsninger" in trace
    assert "Discussion 1: Diskusjon, 09:35–09:50" in trace
    assert "Digitale verktøy, 09:30–09:35" in trace and "Siri Holm" in trace
    assert "1 from council meetings" in trace
    # and so do the PDF and the CSV
    pdf = org.get(f"/strategies/{strategy.pk}/extract.pdf?pillar={pillar.pk}")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Felles plattform" in text and "Siri Holm" in text
    csv_text = org.get(f"/strategies/{strategy.pk}/export.csv").content.decode()
    assert "Felles plattform" in csv_text and "Nasjonalt råd" in csv_text

    # tagging it again keeps one tag; removing it works like any other tag
    org.post(
        f"/strategies/{strategy.pk}/inputs/c{platform.pk}/",
        {"pillar": pillar.pk, "rationale": "", "action": "tag"},
    )
    tag = PillarTag.objects.get(pillar=pillar, council_input=platform)
    org.post(f"/strategies/{strategy.pk}/tags/{tag.pk}/delete/")
    assert not PillarTag.objects.filter(council_input=platform).exists()


def test_a_council_input_of_another_strategy_is_refused(org, arena, data, council, organiser):
    council_arena, platform, _portal = council
    strategy = make_strategy(org, arena)  # without the council's arena
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    response = org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {"items": [f"c{platform.pk}"], "pillar": pillar.pk, "action": "tag"},
    )
    assert response.status_code == 400
    assert "not in this strategy" in response.content.decode()
    assert not pillar.tags.exists()
    assert org.get(f"/strategies/{strategy.pk}/inputs/c{platform.pk}/").status_code == 404


def test_a_tag_points_at_exactly_one_input(org, arena, data, council):
    council_arena, platform, _portal = council
    strategy = _strategy_over(org, arena, council_arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet")
    item = inputs_of(data.groups[:1])[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        PillarTag.objects.create(pillar=pillar, input=item, council_input=platform)
    PillarTag.objects.create(pillar=pillar, council_input=platform)
    with pytest.raises(IntegrityError), transaction.atomic():
        PillarTag.objects.create(pillar=pillar, council_input=platform)


def test_queries_stay_the_same_with_council_tags(org, arena, data, council):
    council_arena, platform, portal = council
    strategy = _strategy_over(org, arena, council_arena)
    small, large = add_pillars(org, strategy, "Liten", "Stor")
    items = inputs_of(data.groups[:3])
    tag_url = f"/strategies/{strategy.pk}/inputs/"
    org.post(tag_url, {"items": [key(items[0])], "pillar": small.pk, "action": "tag"})
    org.post(
        tag_url,
        {
            "items": [key(items[0]), key(items[2]), f"c{platform.pk}", f"c{portal.pk}"],
            "pillar": large.pk,
            "action": "tag",
        },
    )
    for path in (
        "pillars/{pk}/",
        "export.csv?pillar={pk}",
        "extract.pdf?pillar={pk}",
        "extract.docx?pillar={pk}",
    ):
        url = f"/strategies/{strategy.pk}/" + path
        counts = []
        for pk in (small.pk, large.pk):
            with CaptureQueriesContext(connection) as queries:
                assert org.get(url.format(pk=pk)).status_code == 200
            counts.append(len(queries))
        # one query more for the council's discussion numbers, whatever their number
        assert counts[1] - counts[0] in (0, 1), path


# --- Word ----------------------------------------------------------------------------------


def _docx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Document(io.BytesIO(response.content))


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_trace_as_word_with_headings_tables_and_consent(org, arena, data, council, reader):
    council_arena, platform, _portal = council
    strategy = _strategy_over(org, arena, council_arena)
    first, second = add_pillars(org, strategy, "Kvalitet gjennom forskning", "Forebygging")
    items = inputs_of(data.groups[:2])
    org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {
            "items": [key(items[0]), f"c{platform.pk}"],
            "pillar": first.pk,
            "rationale": "Kunnskapsgrunnlaget",
            "action": "tag",
        },
    )
    org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {"items": [key(items[2])], "pillar": second.pk, "action": "tag"},
    )
    response = org.get(f"/strategies/{strategy.pk}/extract.docx")
    assert "attachment" in response["Content-Disposition"]
    assert ".docx" in response["Content-Disposition"]
    doc = _docx(response)
    assert doc.core_properties.title == strategy.title
    assert doc.core_properties.language == "en-GB"
    headings = [
        (int(p.style.name.split()[-1]), p.text)
        for p in doc.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings[0] == (1, "1. Kvalitet gjennom forskning")
    assert (1, "2. Forebygging") in headings
    level = 0
    for n, _title in headings:  # never a jump of more than one level
        assert n <= level + 1
        level = n
    assert [n for n, t in headings if items[0].title in t] == [2]
    text = _text(doc)
    assert "Kunnskapsgrunnlaget" in text  # the rationale
    assert data.groups[0].topic.title in text and "Session 1" in text
    assert "Siri Holm" in text and "Felles plattform" in text  # the council's chain
    assert doc.tables, "the chains are tables"
    assert any(name in text for name in NAMED)
    assert not any(name in text for name in SECRET)

    # one pillar, and a reader may download it too
    one = _docx(
        client_for(reader, language="en").get(
            f"/strategies/{strategy.pk}/extract.docx?pillar={second.pk}"
        )
    )
    one_text = _text(one)
    assert "Forebygging" in one_text and "Kvalitet gjennom forskning" not in one_text
    assert org.get(f"/strategies/{strategy.pk}/extract.docx?pillar=x").status_code == 404


def test_word_in_norwegian_and_with_awkward_text(org, arena, data, organiser):
    strategy = make_strategy(org, arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet og tillit")
    item = inputs_of(data.groups[:1])[0]
    item.text = "Linje\x0bto \x01 og slutt\x0c"
    item.save()
    org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {"items": [key(item)], "pillar": pillar.pk, "rationale": "Fordi", "action": "tag"},
    )
    doc = _docx(client_for(organiser, language="nb").get(f"/strategies/{strategy.pk}/extract.docx"))
    assert doc.core_properties.language == "nb-NO"
    text = _text(doc)
    assert "1. Kvalitet og tillit" in text and item.title in text
    assert "slutt" in text


# --- publishing ----------------------------------------------------------------------------


def test_organiser_publishes_the_trace_and_unpublishes_it(
    org, arena, data, council, reader, anon_client
):
    council_arena, platform, _portal = council
    strategy = _strategy_over(org, arena, council_arena)
    (pillar,) = add_pillars(org, strategy, "Kvalitet gjennom forskning")
    items = inputs_of(data.groups[:2])
    org.post(
        f"/strategies/{strategy.pk}/inputs/",
        {
            "items": [key(items[0]), f"c{platform.pk}"],
            "pillar": pillar.pk,
            "rationale": "Kunnskapsgrunnlaget",
            "action": "tag",
        },
    )
    # the confirmation says what becomes public
    page = org.get(f"/strategies/{strategy.pk}/publish/").content.decode()
    assert "What becomes public" in page
    assert "The texts of the 2 inputs behind the pillars" in page
    assert "Names only of participants who agreed" in page
    assert Strategy.objects.get(pk=strategy.pk).public_token == ""

    # a reader may not publish
    rune = client_for(reader, language="en")
    assert rune.get(f"/strategies/{strategy.pk}/publish/").status_code == 403
    assert rune.post(f"/strategies/{strategy.pk}/publish/").status_code == 403

    response = org.post(f"/strategies/{strategy.pk}/publish/")
    assert response.status_code == 302
    strategy.refresh_from_db()
    token = strategy.public_token
    assert len(token) >= 30 and strategy.published_at is not None
    page = org.get(f"/strategies/{strategy.pk}/publish/").content.decode()
    public_url = f"/strategies/public/{token}/"
    assert public_url in page
    # publishing again keeps the link
    org.post(f"/strategies/{strategy.pk}/publish/")
    strategy.refresh_from_db()
    assert strategy.public_token == token

    # anyone with the link reads it, without an account
    public = anon_client.get(public_url)
    assert public.status_code == 200
    assert public["X-Robots-Tag"] == "noindex"
    assert public["Referrer-Policy"] == "same-origin"
    html = public.content.decode()
    assert "Kvalitet gjennom forskning" in html and items[0].title in html
    assert "Kunnskapsgrunnlaget" in html and "Siri Holm" in html
    assert data.groups[0].topic.title in html
    assert not any(name in html for name in SECRET)
    assert f"/strategies/{strategy.pk}/" not in html  # no links into the workspace
    pdf = anon_client.get(f"{public_url}extract.pdf")
    assert pdf.status_code == 200 and pdf["X-Robots-Tag"] == "noindex"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert items[0].title in text
    # a wrong token is not found
    assert anon_client.get(f"/strategies/public/{token[:-2]}xx/").status_code == 404
    assert anon_client.get("/strategies/public/short/").status_code == 404

    # unpublished: the old link is dead, a new publication gets a new link
    assert rune.post(f"/strategies/{strategy.pk}/unpublish/").status_code == 403
    assert org.post(f"/strategies/{strategy.pk}/unpublish/").status_code == 302
    assert anon_client.get(public_url).status_code == 404
    assert anon_client.get(f"{public_url}extract.pdf").status_code == 404
    strategy.refresh_from_db()
    assert strategy.public_token == "" and strategy.published_at is None
    org.post(f"/strategies/{strategy.pk}/publish/")
    strategy.refresh_from_db()
    assert strategy.public_token and strategy.public_token != token
    assert re.fullmatch(r"[A-Za-z0-9_-]+", strategy.public_token)


def test_publish_pages_need_a_login_and_the_strategy(org, arena, data, anon_client, stranger):
    strategy = make_strategy(org, arena)
    response = anon_client.get(f"/strategies/{strategy.pk}/publish/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert anon_client.post(f"/strategies/{strategy.pk}/unpublish/").status_code == 302
    client = client_for(stranger, language="en")
    assert client.post(f"/strategies/{strategy.pk}/publish/").status_code == 404
    strategy.refresh_from_db()
    assert strategy.public_token == ""
