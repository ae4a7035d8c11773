"""The 2016 arena from its real report (tests/browser/seed_2016.py, from
"Arbeid og helse – Åpen arena 2016"), through the pages as people use them:

1. each group's owner opens the arena's join page, follows "Register a
   challenge group" and registers the challenge (no account);
2. the organiser opens the challenge groups list and approves each with its
   facilitator, a room and the five group sessions;
3. each facilitator opens "My challenge groups", the group's screen and
   "Write the group's report", writes the report in the 2016 built-in
   template (the arena's default) and submits it;
4. the organiser makes the PDF on the report home and downloads it; the
   test reads it back with pdftotext and finds every group's title, owner,
   facilitator and every documented section's heading and first words.

The arena, its days, sessions, rooms, the facilitators' accounts and the
arena's copy of the 2016 template are made in the database (the setup is not
what is tested). The PDF task is run from the test process once the page
shows the version as queued, as tests/browser/test_arena_report.py does.
"""

import datetime
import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from playwright.sync_api import expect

from arena import services as arena_services
from arena.models import Format, Membership, Role
from proposals.models import ChallengeRegistration, ChallengeStatus
from reports.documentation import services as docs
from reports.models import GroupReport, ReportStatus, ReportTemplate, ReportVersion
from reports.publication.tasks import generate_report_pdf
from sessions.models import AgendaItem, ItemKind, Space
from sessions.services import save_agenda_item
from tests.browser.seed_2016 import GROUPS
from tests.servers import ARTIFACTS

pytestmark = pytest.mark.browser

PASSWORD = "Arena-2016-pass"
TITLE = "Arbeid og helse – Åpen arena 2016"
# The five group sessions of 2016: three on day 1, two on day 2.
SESSIONS = [
    (0, "Gruppeøkt 1", "10:30", "11:45"),
    (0, "Gruppeøkt 2", "12:45", "14:15"),
    (0, "Gruppeøkt 3", "15:30", "16:30"),
    (1, "Gruppeøkt 4", "09:45", "11:30"),
    (1, "Gruppeøkt 5", "12:00", "13:00"),
]
ROOMS = [
    "Hovedsalen", "Scenen", "Galleriet", "Foajeen", "Rom 1", "Rom 2",
    "Rom 3", "Rom 4", "Rom 5", "Rom 6", "Rom 7",
]  # fmt: skip


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@pytest.fixture
def setup(live_server_url):
    User = get_user_model()
    hashed = make_password(PASSWORD)  # once: the hasher is slow by design
    organiser = User.objects.create(
        username="marianne", password=hashed, first_name="Marianne", last_name="Sempler"
    )
    arena = arena_services.create_arena(
        organiser,
        start_date=datetime.date(2016, 1, 20),
        number_of_days=2,
        title=TITLE,
        format=Format.CHALLENGE_GROUPS,
        venue="Union Scene, Drammen",
    )
    days = list(arena.days.order_by("date"))
    for day, title, start, end in SESSIONS:
        save_agenda_item(
            AgendaItem(
                day=days[day],
                kind=ItemKind.OPEN_SPACE,
                title=title,
                start=_time(start),
                end=_time(end),
            )
        )
    for number, name in enumerate(ROOMS, start=1):
        Space.objects.create(arena=arena, number=number, name=name)
    for group in GROUPS:
        first, last = group.facilitator
        user = User.objects.create(
            username=group.username, password=hashed, first_name=first, last_name=last
        )
        Membership.objects.create(arena=arena, user=user, role=Role.FACILITATOR)
    # The 2016 built-in, copied into the arena as its default, as it is (its
    # "Eier" and "Fasilitator" sections too: the 2016 reports had them).
    docs.builtin_templates()
    builtin = ReportTemplate.objects.get(arena=None, key="challenge-group-2016")
    template = docs.set_default_template(arena, docs.copy_template(builtin, arena))
    sections = {section.title: section.pk for section in template.sections.all()}
    return {"arena": arena, "sections": sections, "url": live_server_url}


def log_in(page, username, url, then):
    """Log in, in English (the staff screens' texts asserted below), and
    land on ``then`` (the login page's "next", as a link to the arena does)."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    page.goto(f"/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"**{then}")


def _squash(text: str) -> str:
    """Without any whitespace: pdftotext wraps lines (also after a hyphen,
    "HR-\navd.") and pads columns, so texts are compared without it."""
    return "".join(text.split())


def test_the_2016_challenge_groups_from_registration_to_pdf(new_page, setup, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    arena, sections = setup["arena"], setup["sections"]

    # 1. Each owner registers the challenge from the join page's link (the
    # arena's language, bokmål: no language cookie, no account).
    owner_page = new_page(locale="nb-NO")
    for group in GROUPS:
        owner_page.context.clear_cookies()  # each owner on their own device
        owner_page.goto(reverse("join_code", args=[arena.join_code]))
        owner_page.get_by_role("link", name="Meld på en utfordringsgruppe").click()
        owner_page.fill("#id_title", group.title)
        owner_page.fill("#id_problem", group.problem)
        owner_page.fill("#id_desired_result", group.desired_result)
        owner_page.fill("#id_owner", group.owner)
        owner_page.fill("#id_organisation", group.organisation)
        owner_page.locator("form.stack button[type=submit]").click()
        expect(owner_page.locator("h1")).to_contain_text(group.title)
    registrations = ChallengeRegistration.objects.filter(arena=arena)
    assert registrations.filter(status=ChallengeStatus.PENDING).count() == len(GROUPS)

    # 2. The organiser approves each with its facilitator, a room and the five sessions.
    organiser = new_page(locale="en-GB")
    log_in(organiser, "marianne", setup["url"], arena.get_absolute_url())
    organiser.get_by_role("link", name="Challenge groups", exact=True).first.click()
    expect(organiser.locator("h1")).to_have_text("Challenge groups")
    list_url = organiser.url
    for number, (group, room) in enumerate(zip(GROUPS, ROOMS, strict=True), start=1):
        organiser.get_by_role("link", name=group.title, exact=True).click()
        expect(organiser.locator("h1")).to_have_text(group.title)
        organiser.select_option("#id_facilitator", label=group.facilitator_name)
        organiser.get_by_label("Space").select_option(label=f"{number} – {room}")
        for box in organiser.locator("input[name=sessions]").all():
            box.check()
        organiser.get_by_role("button", name="Approve and put on the wall").click()
        organiser.wait_for_url(list_url)
        expect(
            organiser.get_by_text(f"“{group.title}” is approved and on the wall at")
        ).to_be_visible()
    approved = {
        r.title: r
        for r in registrations.select_related("facilitator", "topic__group").filter(
            status=ChallengeStatus.APPROVED
        )
    }
    assert set(approved) == {group.title for group in GROUPS}
    for group in GROUPS:
        registration = approved[group.title]
        assert registration.facilitator.username == group.username
        assert registration.sessions.count() == len(SESSIONS)

    # 3. Each facilitator writes the group's report and submits it.
    for group in GROUPS:
        page = new_page(locale="en-GB")
        log_in(page, group.username, setup["url"], arena.get_absolute_url())
        page.get_by_role("link", name="My challenge groups").first.click()
        page.get_by_role("link", name=group.title, exact=True).click()
        page.get_by_role("link", name="Write the group's report").click()
        expect(page.locator("h1")).to_contain_text(group.title)
        expect(page.locator("#report-template-heading")).to_contain_text(
            "Rapport fra utfordringsgruppe (2016)"
        )
        for title, text in group.sections.items():
            page.fill(f"#id_s{sections[title]}", text)
        page.locator("#report-form button[type=submit]").click()
        expect(page.get_by_text("The report is saved.")).to_be_visible()
        page.get_by_role("button", name="Submit the report").click()
        expect(
            page.get_by_text("The report is submitted. A facilitator will look at it.")
        ).to_be_visible()
        page.context.close()
        report = GroupReport.objects.get(group=approved[group.title].topic.group)
        assert report.status == ReportStatus.SUBMITTED

    # 4. The organiser makes the PDF (in bokmål, as in 2016) and downloads it.
    organiser.goto(arena.get_absolute_url())
    organiser.get_by_role("link", name="The arena's report", exact=True).first.click()
    expect(organiser.locator("h2#generate-title")).to_be_visible()
    organiser.select_option("#report-language", "nb")
    organiser.get_by_role("button", name="Generate the PDF").click()
    organiser.wait_for_load_state("load")
    version = ReportVersion.objects.get(arena=arena)
    row = organiser.locator(f"#version-{version.number}")
    row.get_by_role("status").wait_for()
    generate_report_pdf.call(version.pk)  # what the db_worker does
    download = row.get_by_role("link", name=re.compile("Download the PDF|Last ned PDF"))
    download.wait_for(timeout=30_000)
    with organiser.expect_download() as info:
        download.click()
    pdf = tmp_path / "arena-2016.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    (ARTIFACTS / "real-2016.txt").write_text(text, encoding="utf-8")  # to read by eye
    squashed = _squash(text)

    # Each group's report in the appendix: from its heading, the title followed
    # by its description (the registration's problem), to the next group's.
    anchors = {}
    for group in GROUPS:
        anchor = _squash(group.title + group.problem[:40])
        anchors[group.number] = squashed.find(anchor)
    assert all(at >= 0 for at in anchors.values()), f"group reports not found: {anchors}"
    starts = sorted(anchors.values())
    next_start = dict(zip(starts, [*starts[1:], len(squashed)], strict=True))
    blocks = {number: squashed[at : next_start[at]] for number, at in anchors.items()}
    missing = []
    for group in GROUPS:
        block = blocks[group.number]
        wanted = [
            group.owner,
            group.organisation,
            group.facilitator_name,
            group.problem,
            group.desired_result,
        ]
        for title in group.sections:
            wanted += [title, group.phrase(title)]
        missing += [f"group {group.number}: {w!r}" for w in wanted if _squash(w) not in block]
    assert not missing, "not in the PDF (test-artifacts/real-2016.txt):\n" + "\n".join(missing)
