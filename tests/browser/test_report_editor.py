"""The group report editor on a real server: a support facilitator documents a
group from a phone (two photos, the network drops mid-typing, nothing is
lost), and two editors on one report get the merge view instead of
overwriting each other. The editor, the merge view and the newsroom are
checked with axe (WCAG 2.2 A/AA)."""

import datetime
import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from arena import services as arena_services
from arena.models import Membership, Role
from proposals.models import Group, Topic
from reports.models import GroupReport, Photo
from sessions.models import AgendaItem, ItemKind, Space
from sessions.services import save_agenda_item

pytestmark = pytest.mark.browser

PASSWORD = "Report-editor-pass-2026"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
SAVE_WAIT = 15_000  # ms: autosave waits 1.5 s after typing, the machine may be slow


def jpeg(colour, size=(800, 600)) -> bytes:
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (59.0, 54.0, 30.0), 3: "E", 4: (10.0, 45.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.fixture
def setup(live_server_url):
    User = get_user_model()
    organiser = User.objects.create_user("olga", password=PASSWORD)
    arena = arena_services.create_arena(
        organiser, start_date=timezone.localdate(), number_of_days=1, title="Rapportarena"
    )
    item = save_agenda_item(
        AgendaItem(
            day=arena.days.first(),
            kind=ItemKind.OPEN_SPACE,
            title="Gruppesesjon 1",
            start=datetime.time(9, 0),
            end=datetime.time(10, 30),
        )
    )
    item.refresh_from_db()
    space = Space.objects.create(arena=arena, number=1)
    topic = Topic.objects.create(arena=arena, title="Arbeid og psykisk helse")
    group = Group.objects.create(arena=arena, topic=topic, session=item, space=space)
    kari = User.objects.create_user("kari", password=PASSWORD, first_name="Kari")
    fia = User.objects.create_user("fia", password=PASSWORD, first_name="Fia")
    Membership.objects.create(arena=arena, user=kari, role=Role.SUPPORT)
    Membership.objects.create(arena=arena, user=fia, role=Role.FACILITATOR)
    return {"arena": arena, "group": group, "url": live_server_url}


def log_in(page, username, url):
    """Log in, with English as the language (the texts asserted below)."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def editor_path(group) -> str:
    return f"/a/{group.arena_id}/groups/{group.pk}/report/"


def first_section(group):
    """The report and its first section. Opening the editor (a GET) makes no
    report; the page's first presence beat (a POST) does, a moment later."""
    for _attempt in range(100):
        report = GroupReport.objects.filter(group=group).first()
        if report is not None:
            return report, report.template.sections.first()
        time.sleep(0.1)
    raise AssertionError("the editor's first POST made no report")


def test_phone_documents_group_with_photos_and_survives_going_offline(
    new_page, axe_check, shot, setup
):
    group = setup["group"]
    page = new_page(viewport=PHONE, locale="en-US")
    log_in(page, "kari", setup["url"])
    page.goto(editor_path(group))
    expect(page.locator("h1")).to_contain_text("Arbeid og psykisk helse")
    axe_check(page)
    report, section = first_section(group)

    # Two photos of the big sheets, from the phone's camera.
    page.set_input_files(
        "#photo-files",
        files=[
            {"name": "IMG_1.jpg", "mimeType": "image/jpeg", "buffer": jpeg((200, 40, 40))},
            {"name": "IMG_2.jpg", "mimeType": "image/jpeg", "buffer": jpeg((40, 40, 200))},
        ],
    )
    page.fill("#id_caption", "Arket")
    page.fill("#id_credit", "Kari")
    page.get_by_role("button", name="Upload photos").click()
    expect(page.locator(".photo-card")).to_have_count(2)
    assert Photo.objects.filter(report=report).count() == 2
    first_photo = page.locator(".photo-card img").first
    first_photo.scroll_into_view_if_needed()  # lazy-loaded below the fold
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=first_photo.element_handle()
    )
    shot(page, "photos")

    # Typing autosaves.
    field = page.locator(f"#id_s{section.pk}")
    status = page.locator("#save-status")
    # What a screen reader hears while typing: one "saved", not a sentence
    # per step (the visible status shows every step).
    page.evaluate(
        """() => { window.spoken = [];
          new MutationObserver(() => window.spoken.push(
            document.getElementById('save-spoken').textContent))
          .observe(document.getElementById('save-spoken'), {childList: true, subtree: true,
                                                           characterData: true}); }"""
    )
    field.press_sequentially("Vi snakket om tidlig innsats. ", delay=10)
    expect(status).to_have_text("All changes saved.", timeout=SAVE_WAIT)
    spoken = page.evaluate("window.spoken")
    assert spoken and set(spoken) == {"All changes saved."} and len(spoken) <= 2, spoken
    assert page.locator("#save-status").get_attribute("aria-live") is None

    # The network goes away mid-sentence; typing goes on.
    page.context.set_offline(True)
    field.press_sequentially("Og om samarbeid med Nav uten nett.", delay=10)
    expect(status).to_contain_text("Offline", timeout=SAVE_WAIT)
    draft = page.evaluate(
        "(prefix) => Object.keys(localStorage).filter(k => k.startsWith(prefix))",
        f"arena-report-{report.pk}-",
    )
    assert draft, "the draft is kept on the device"
    report.refresh_from_db()
    assert "uten nett" not in str(report.content)
    shot(page, "offline")

    page.context.set_offline(False)
    expect(status).to_have_text("All changes saved.", timeout=SAVE_WAIT)
    report.refresh_from_db()
    assert report.content[str(section.pk)] == (
        "Vi snakket om tidlig innsats. Og om samarbeid med Nav uten nett."
    )
    assert report.revisions.count() >= 2
    # A reload shows the server's text and no stale draft comes back.
    page.reload()
    expect(field).to_have_value(re.compile("uten nett\\.$"))
    axe_check(page)


def test_two_editors_get_the_merge_view_and_nothing_is_lost(new_page, axe_check, shot, setup):
    group = setup["group"]
    kari = new_page(viewport=PHONE, locale="en-US")
    log_in(kari, "kari", setup["url"])
    kari.goto(editor_path(group))
    report, section = first_section(group)

    fia = new_page(viewport=LAPTOP, locale="en-US")
    log_in(fia, "fia", setup["url"])
    fia.goto(editor_path(group))
    expect(fia.locator("#presence")).to_have_text("Kari is editing this report.")

    kari_field = kari.locator(f"#id_s{section.pk}")
    kari_field.press_sequentially("Karis tekst.", delay=10)
    expect(kari.locator("#save-status")).to_have_text("All changes saved.", timeout=SAVE_WAIT)

    # Fia started from the same revision: her save is refused, the merge view opens.
    fia.locator(f"#id_s{section.pk}").press_sequentially("Fias tekst.", delay=10)
    expect(fia.locator("#conflict")).to_be_visible(timeout=SAVE_WAIT)
    expect(fia.locator(f"#theirs-s{section.pk}")).to_contain_text("Karis tekst.")
    merged = fia.locator(f"#id_s{section.pk}")
    expect(merged).to_have_value("Fias tekst.")
    report.refresh_from_db()
    assert report.content[str(section.pk)] == "Karis tekst."  # not overwritten
    axe_check(fia)
    shot(fia, "merge-view")

    merged.fill("Karis tekst. Fias tekst.")
    fia.get_by_role("button", name="Save the combined text").click()
    fia.wait_for_load_state("load")
    expect(fia.locator("#conflict")).to_have_count(0)
    report.refresh_from_db()
    assert report.content[str(section.pk)] == "Karis tekst. Fias tekst."
    texts = [r.content.get(str(section.pk)) for r in report.revisions.all()]
    assert "Karis tekst." in texts

    fia.goto(f"/a/{group.arena_id}/reports/newsroom/")
    expect(fia.locator("h1")).to_have_text("Newsroom")
    expect(fia.locator("main")).to_contain_text("Arbeid og psykisk helse")
    axe_check(fia)
    shot(fia, "newsroom")


def test_a_refused_save_keeps_the_text_and_the_draft_and_says_why(new_page, setup):
    """Issue 9: a line longer than the server stores is refused (400), not cut;
    the editor keeps what was typed and its draft, and shows the reason."""
    group = setup["group"]
    page = new_page(viewport=LAPTOP, locale="en-US")
    log_in(page, "kari", setup["url"])
    page.goto(editor_path(group))
    report, _first = first_section(group)
    steps = report.template.sections.get(title="Neste skritt")  # a list section
    field = page.locator(f"#id_s{steps.pk}")
    long_line = "x" * 2500
    field.fill(long_line)
    error = page.locator("#save-error")
    expect(error).to_contain_text("Neste skritt", timeout=SAVE_WAIT)
    expect(error).to_contain_text("2,000")
    expect(field).to_have_value(long_line)
    drafts = "() => Object.keys(localStorage).filter(k => k.startsWith('arena-report-'))"
    assert page.evaluate(drafts), "the draft is kept on the device"
    report.refresh_from_db()
    assert report.revision == 0 and not report.content

    field.fill("Kortere")
    expect(page.locator("#save-status")).to_have_text("All changes saved.", timeout=SAVE_WAIT)
    expect(error).to_be_hidden()
    assert page.evaluate(drafts) == []  # confirmed exactly as typed: the draft is done with
    report.refresh_from_db()
    assert report.content[str(steps.pk)] == ["Kortere"]
