"""The arena's report in a real browser: an organiser edits the introduction,
starts generating the PDF, watches the progress and downloads it; a reader
downloads it; a participant cannot; the public link works only while published.

The live server enqueues with the database backend (django_tasks_db), so
something must run the task. This test runs it from the test process, by
calling the task (``generate_report_pdf.call``) once the page shows the
version as queued: deterministic, no worker start-up (Django + WeasyPrint
import, ~3 s on this machine) and no polling interval to wait for. The htmx
progress polling still runs in the page, which then shows the finished
version without a reload. The db_worker itself is Django's (django_tasks_db);
the task body is covered by tests/reports/publication/test_generation.py.
"""

import re

import pytest
from django.urls import reverse

from reports.models import ArenaReportText, ReportVersion, VersionStatus
from reports.publication.tasks import generate_report_pdf
from tests.helpers import build_report_data
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
def report_data(arena, organiser):
    return build_report_data(arena, organiser, groups=2, photos=False)


def test_organiser_reader_participant_and_public_link(
    new_page, live_server_url, arena, organiser, reader, participant, report_data, axe_check, shot
):
    home = reverse("reports:report_home", args=[arena.pk])
    page = new_page(locale="en-GB")
    _login(page, organiser.username, live_server_url)

    # edit the introduction
    page.goto(reverse("reports:report_edit", args=[arena.pk]))
    axe_check(page)
    page.fill("textarea[name=introduction]", "## Velkommen\n\nEn *ny* innledning.")
    page.get_by_role("button", name=re.compile("Save the text|Lagre teksten")).click()
    page.wait_for_load_state("load")
    assert "En *ny* innledning." in ArenaReportText.objects.get(arena=arena).introduction

    # generate: the page shows the queued version at once
    page.goto(home)
    axe_check(page)
    page.select_option("#report-language", "en")
    page.get_by_role("button", name=re.compile("Generate the PDF|Lag PDF")).click()
    page.wait_for_load_state("load")
    version = ReportVersion.objects.get(arena=arena)
    row = page.locator(f"#version-{version.number}")
    row.get_by_role("status").wait_for()
    assert version.status == VersionStatus.QUEUED
    shot(page, "queued")

    generate_report_pdf.call(version.pk)  # what the db_worker does
    download_link = row.get_by_role("link", name=re.compile("Download the PDF|Last ned PDF"))
    download_link.wait_for(timeout=10_000)  # htmx polled the row: now done
    shot(page, "done")
    axe_check(page)
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"

    # publish
    page.get_by_role("button", name=re.compile("Publish version 1|Publiser versjon 1")).click()
    page.wait_for_load_state("load")
    public_url = page.locator("#public-link").get_attribute("href")
    token = ArenaReportText.objects.get(arena=arena).public_token
    assert token and public_url.endswith(f"/r/{token}/")

    # a reader downloads it
    reader_page = new_page(locale="en-GB")
    _login(reader_page, reader.username, live_server_url)
    download_url = reverse("reports:report_download", args=[arena.pk, version.pk])
    response = reader_page.request.get(live_server_url + download_url)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"

    # a participant (no account) cannot
    phone = new_page(viewport={"width": 390, "height": 844})
    response = phone.request.get(live_server_url + download_url, max_redirects=0)
    assert response.status == 302 and "/accounts/login/" in response.headers["location"]

    # the public link: open while published, dead after unpublishing
    public_path = f"/r/{token}/"
    response = phone.request.get(live_server_url + public_path)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    page.goto(home)
    page.get_by_role("button", name=re.compile("Unpublish|Avpubliser")).click()
    page.wait_for_load_state("load")
    assert phone.request.get(live_server_url + public_path).status == 404
