"""The arena's report pages: editing the text, preview, generation with
progress, downloads, publishing at /r/<token>/ and the CSV/JSON exports."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse

from arena.urls import urlpatterns as arena_urlpatterns
from reports import public_urls as public_report_urls
from reports.models import ArenaReportText, ReportVersion, VersionStatus
from reports.publication import services as publication
from tests.helpers import NAMED, SECRET, build_report_data, jpeg_with_gps
from tests.personas import client_for

# This module is its own URLconf: the app's URLs plus the public link at /r/,
# as arena/urls.py mounts it.
urlpatterns = [
    *arena_urlpatterns,
    path("r/", include((public_report_urls.urlpatterns, "public_reports"))),
]
pytestmark = pytest.mark.urls(__name__)
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser)


def _url(name, arena, *args):
    return reverse(f"reports:{name}", args=[arena.pk, *args])


def test_organiser_edits_the_text(arena, organiser):
    client = client_for(organiser)
    page = client.get(_url("report_edit", arena))
    assert page.status_code == 200
    day1, day2 = arena.days.order_by("date")
    response = client.post(
        _url("report_edit", arena),
        {
            "title": "Rapport 2026",
            "subtitle": "Undertittel",
            "organisers": "AiR",
            "date_text": "",
            "place": "Drammen",
            "introduction": "## Hei\n\n<script>x</script> *kursiv*",
            "closing": "Slutt",
            f"day_{day1.pk}": "Dag en",
            f"day_{day2.pk}": "",
        },
    )
    assert response.status_code == 302
    text = ArenaReportText.objects.get(arena=arena)
    assert text.title == "Rapport 2026" and text.day_summaries == {str(day1.pk): "Dag en"}
    preview = client.get(_url("report_preview", arena)).content.decode()
    assert "<h2>Hei</h2>" in preview and "<em>kursiv</em>" in preview
    assert "<script>x" not in preview and "Dag en" in preview


def test_quotes_and_photos(arena, organiser):
    client = client_for(organiser)
    client.post(_url("report_quote_add", arena), {"quote": "Sitat", "name": "N", "role": "R"})
    client.post(
        _url("report_quote_add", arena), {"quote": "Anonym", "name": "X", "anonymous": "on"}
    )
    text = ArenaReportText.objects.get(arena=arena)
    assert [(q.name, q.anonymous) for q in text.quotes.all()] == [("N", False), ("", True)]
    upload = SimpleUploadedFile("c.jpg", jpeg_with_gps((1200, 900)), "image/jpeg")
    response = client.post(
        _url("report_image_add", arena),
        {"photo": upload, "caption": "Forsiden", "credit": "Fotograf", "placement": "closing",
         "cover": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    text.refresh_from_db()
    image = text.images.get()
    assert text.cover_id == image.pk and image.print_version.endswith("-print.jpg")
    assert client.get(_url("report_image", arena, image.pk, "thumb")).status_code == 200
    preview = client.get(_url("report_preview", arena)).content.decode()
    assert "Forsiden" in preview and _url("report_image", arena, image.pk, "web") in preview
    client.post(_url("report_image_edit", arena, image.pk), {"delete": "1"})
    assert not text.images.exists()
    bad = client.post(
        _url("report_image_add", arena),
        {"photo": SimpleUploadedFile("x.jpg", b"not a photo"), "placement": "closing"},
    )
    assert bad.status_code == 400


def test_generate_progress_download_publish(arena, organiser, reader, support, data, settings):
    settings.TASKS = IMMEDIATE
    client = client_for(organiser, language="en")
    response = client.post(_url("report_generate", arena), {"language": "en"})
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert version.status == VersionStatus.DONE, version.error
    home = client.get(_url("report_home", arena)).content.decode()
    assert "Version 1" in home and _url("report_download", arena, version.pk) in home
    fragment = client.get(_url("report_version", arena, version.pk)).content.decode()
    assert "hx-trigger" not in fragment  # finished: polling stops

    # the same content again: no new version
    client.post(_url("report_generate", arena), {"language": "en"})
    assert ReportVersion.objects.count() == 1

    pdf = client_for(reader).get(_url("report_download", arena, version.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client_for(support).get(_url("report_download", arena, version.pk)).status_code == 403

    client.post(_url("report_publish", arena, version.pk))
    token = ArenaReportText.objects.get(arena=arena).public_token
    public = reverse("public_reports:report", args=[token])
    assert public == f"/r/{token}/"
    anonymous = client_for()
    response = anonymous.get(public)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    wrong = token[:-1] + ("y" if token.endswith("x") else "x")  # never the token itself
    assert anonymous.get(f"/r/{wrong}/").status_code == 404
    client.post(_url("report_unpublish", arena))
    assert anonymous.get(public).status_code == 404


def test_progress_fragment_polls_while_queued(arena, organiser, data, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = client_for(organiser)
    client.post(_url("report_generate", arena), {"language": "nb"})
    version = ReportVersion.objects.get()
    fragment = client.get(_url("report_version", arena, version.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment
    ReportVersion.objects.filter(pk=version.pk).update(status="failed", error="Disk full")
    fragment = client.get(_url("report_version", arena, version.pk)).content.decode()
    assert "Disk full" in fragment and "hx-trigger" not in fragment


def test_exports(arena, reader, data):
    client = client_for(reader)
    body = client.get(_url("report_export", arena, "report.json"))
    assert body.status_code == 200
    content = json.loads(body.content)
    assert len(content["inputs"]) == 6 and content["inputs"][0]["comments"] == ["En kommentar"]
    assert content["links"][0]["builds_on"] == "1.1"
    assert sorted(p["name"] for p in content["participants"]) == sorted(NAMED)
    text = body.content.decode()
    for name in SECRET:
        assert name not in text
    for table in ("inputs", "groups", "participants", "links"):
        response = client.get(_url("report_export", arena, f"{table}.csv"))
        assert response.status_code == 200, table
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows, table
    assert client.get(_url("report_export", arena, "secrets.csv")).status_code == 404


def test_csv_neutralises_formulas(arena, organiser, data):
    from reports.models import Input

    Input.objects.filter(title="Innspill 1.1").update(title='=HYPERLINK("x")')
    response = client_for(organiser).get(_url("report_export", arena, "inputs.csv"))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_generate_refuses_unknown_language(arena, organiser):
    client = client_for(organiser)
    client.post(_url("report_generate", arena), {"language": "xx"})
    assert not ReportVersion.objects.exists()
    with pytest.raises(publication.DocumentError):
        publication.start_generation(arena, organiser, "xx")
