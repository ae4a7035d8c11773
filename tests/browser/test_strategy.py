"""The strategy workspace in a real browser (issue #13): an organiser ticks
inputs in the list and tags them to a pillar with a rationale, opens the
pillar's trace, downloads its PDF and Word extracts and reads them back,
publishes the trace, and the public link works without an account until it
is unpublished."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from reports.models import Strategy
from reports.strategy import selectors
from tests.helpers import NAMED, SECRET, build_report_data
from tests.personas import *  # noqa: F403 - the arena and the people in it
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser


def _login(page, username, url):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


@pytest.fixture
def strategy(arena, organiser):
    build_report_data(arena, organiser, groups=2, photos=False)
    strategy = Strategy.objects.create(
        title="Nasjonal strategi – bærebjelker", created_by=organiser
    )
    strategy.arenas.add(arena)
    strategy.pillars.create(title="Kvalitet gjennom forskning", position=0)
    strategy.pillars.create(title="Forebygging", position=1)
    return strategy


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def test_organiser_tags_traces_downloads_and_publishes(
    new_page, live_server_url, organiser, strategy, axe_check, shot
):
    inputs = list(selectors.arena_inputs(strategy))
    chosen = [inputs[0], inputs[2], inputs[3]]  # from both groups
    pillar = strategy.pillars.get(title="Kvalitet gjennom forskning")
    page = new_page(locale="en-GB")
    _login(page, organiser.username, live_server_url)

    # tick several inputs in the list and tag them to the pillar with a rationale
    page.goto(f"/strategies/{strategy.pk}/")
    page.get_by_role("link", name=re.compile("All inputs")).click()
    page.wait_for_url(re.compile(r"/inputs/$"))
    axe_check(page)
    for item in chosen:
        page.check(f"#check-i{item.pk}")
    page.select_option("#tag-pillar", label=pillar.title)
    page.fill("#tag-rationale", "Kunnskap fra førstelinjen")
    page.get_by_role("button", name="Tag with the pillar").click()
    page.wait_for_load_state("load")
    assert "3 inputs tagged with “Kvalitet gjennom forskning”." in page.content()
    assert pillar.tags.count() == 3

    # the pillar's trace: each input with its group, session and perspectives
    page.goto(f"/strategies/{strategy.pk}/")
    page.get_by_role("link", name=pillar.title, exact=True).click()
    page.wait_for_url(re.compile(rf"/pillars/{pillar.pk}/$"))
    axe_check(page)
    shot(page, "trace")
    for item in chosen:
        card = page.locator(f"#trace-i{item.pk}")
        assert item.title in card.inner_text()
        group = item.report.group
        assert f"{group.code} {group.topic.title}" in card.locator(".chain-group").inner_text()
        assert "Session" in card.locator(".chain-session").inner_text()
        assert "4 participants" in card.locator(".chain-perspectives").inner_text()
        assert "Kunnskap fra førstelinjen" in card.inner_text()
    assert not any(name in page.content() for name in SECRET)

    # the PDF and the Word extract, read back
    pdf = _download(page, page.locator("#pillar-pdf"))
    assert pdf[:5] == b"%PDF-"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    docx = Document(io.BytesIO(_download(page, page.locator("#pillar-docx"))))
    paragraphs = [p.text for p in docx.paragraphs]
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "1. Kvalitet gjennom forskning" in paragraphs
    for item in chosen:
        assert item.title in text.replace("\n", " ")
        heading = next(p for p in docx.paragraphs if p.text.startswith(item.title))
        assert heading.style.name == "Heading 2"
    assert any(name in " ".join(cells) for name in NAMED)
    assert not any(name in " ".join(cells) for name in SECRET)

    # publish: the confirmation says what becomes public
    page.goto(f"/strategies/{strategy.pk}/")
    page.locator("#publish-link").click()
    page.wait_for_url(re.compile(r"/publish/$"))
    assert (
        "The texts of the 3 inputs behind the pillars"
        in page.locator("#what-becomes-public").inner_text()
    )
    axe_check(page)
    page.locator("#publish").click()
    page.wait_for_load_state("load")
    public_url = page.locator("#public-link").get_attribute("href")
    strategy.refresh_from_db()
    assert strategy.public_token and public_url.endswith(
        f"/strategies/public/{strategy.public_token}/"
    )

    # a fresh browser, no login, reads it
    visitor = new_page(locale="en-GB")
    response = visitor.goto(public_url)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    assert response.headers["referrer-policy"] == "same-origin"
    assert visitor.get_by_role("heading", name="1. Kvalitet gjennom forskning").is_visible()
    body = visitor.locator("main").inner_text() if visitor.locator("main").count() else ""
    body = body or visitor.content()
    for item in chosen:
        assert item.title in body
    axe_check(visitor)
    shot(visitor, "public")

    # unpublish: the old link is dead
    page.locator("#unpublish").click()
    page.wait_for_load_state("load")
    assert visitor.goto(public_url).status == 404
