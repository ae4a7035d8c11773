"""The arena's report as a PDF: content, privacy, table of contents, bookmarks,
metadata, hostile text, the background task and versions.

The first pages are rendered to PNG (``pdftoppm``, from poppler-utils) into
test-artifacts/report-pages/ for a human look."""

import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import ReportVersion, VersionStatus
from reports.publication import generation
from reports.publication import services as publication
from reports.publication.assembly import assemble
from tests.helpers import NAMED, SECRET, build_report_data, jpeg_with_gps

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "report-pages"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser)


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in _reader(pdf).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles.extend(_outline_titles(entry))
        else:
            titles.append(entry.title)
    return titles


def test_report_pdf(arena, data, no_network):
    rendered = generation.render_report(arena, "en")
    pdf, pages = rendered.pdf, _pages(rendered.pdf)
    everything = _flat("\n".join(pages))
    report = assemble(arena)
    for item in report.inputs:
        assert item.title in everything
    for group in report.reported_groups:
        assert group.title in everything
    assert "Utkast" not in everything  # a draft's inputs stay out
    for name in NAMED:
        assert name in everything
    for name in SECRET:
        assert name not in everything
    assert "Fotograf Foto" in everything and "Arket fra gruppe 1" in everything

    # the table of contents: the page number printed for the appendices is
    # the page their heading is on
    toc_page = next(i for i, t in enumerate(pages) if "Contents" in t)
    for heading in ("Appendix 1: All inputs", "Appendix 2: The groups' reports"):
        actual = next(
            i + 1
            for i, t in enumerate(pages)
            if i != toc_page and _flat(t).lstrip().find(heading) != -1
        )
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)", _flat(pages[toc_page]))
        assert match, (heading, pages[toc_page])
        assert int(match[1]) == actual, (heading, match[1], actual)

    reader = _reader(pdf)
    titles = _outline_titles(reader.outline)
    for expected in ("Introduction", "Key figures", "Appendix 1: All inputs", "1.1 Gruppetema 1"):
        assert any(expected in t for t in titles), titles
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Rapport fra Åpen arena"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert 8 <= len(pages) <= 25, len(pages)
    # running header and "n / total" page numbers
    assert f"3 / {len(pages)}" in everything
    assert set(rendered.timings) == {"assembly", "html", "layout", "write"}
    assert not no_network

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    if not shutil.which("pdftoppm"):
        message = "pdftoppm (poppler-utils) missing: the report's first pages were not rendered"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "4",
         str(ARTIFACTS / "report.pdf"), str(ARTIFACTS / "page")],
        check=True, timeout=60,
    )  # fmt: skip
    assert len(list(ARTIFACTS.glob("page-*.png"))) == 4


def test_print_copies_only_never_originals(arena, data, settings):
    from arena.pdf import SafeFetcher

    fetcher = SafeFetcher()
    report = assemble(arena)
    html = generation.report_html(report, language="nb")
    from arena.pdf import render_pdf

    render_pdf(html, fetcher=fetcher)
    photos = [u for u in fetcher.served if "/media/" in u]
    assert len(photos) == 3 and all(u.endswith("-print.jpg") for u in photos), photos
    assert not fetcher.refused


def test_photos_are_embedded_as_made_on_upload(arena, data):
    """No re-encoding at print time: each JPEG in the PDF is, byte for byte,
    the copy made on upload (the print copy; the web copy for the cover)."""
    from arena.images import PRINT_SIZE

    image = publication.add_image(
        arena,
        SimpleUploadedFile("cover.jpg", jpeg_with_gps((2000, 1500)), "image/jpeg"),
        cover=True,
    )
    report = assemble(arena)
    cover = default_storage.open(image.web).read()
    prints = [
        default_storage.open(photo.print_version).read()
        for group in report.reported_groups
        for photo in group.photos
    ]
    assert len(prints) == 3
    rendered = generation.render_report(arena, "nb")
    embedded = {}  # the pages share one resource dictionary: key by object number
    for page in _reader(rendered.pdf).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                assert xobject.get("/Filter") == "/DCTDecode"
                embedded[ref.idnum] = xobject.get_data()
    assert sorted(embedded.values()) == sorted([*prints, cover])
    assert xobject_size(cover) == (1600, 1200)  # the web copy, across the column
    assert all(max(xobject_size(data)) <= PRINT_SIZE for data in prints)


def xobject_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(data)).size


def test_any_ui_language(arena, data):
    pdf = generation.render_report(arena, "nb").pdf
    assert _reader(pdf).trailer["/Root"]["/Lang"] == "nb"
    html = generation.report_html(assemble(arena), language="nn")
    assert '<html lang="nn">' in html


HOSTILE = "\n\n".join(
    [
        "![remote](https://evil.example/x.png)",
        "![file](file:///etc/passwd)",
        '<img src="http://127.0.0.1:1/x.png">',
        '<p style="background: url(https://evil.example/bg.png)">css</p>',
        "<style>body { background: url(https://evil.example/s.png) }</style>",
        '<script>document.write("x")</script>',
        '<link rel="attachment" href="file:///etc/passwd">',
        "مرحبا بالعالم – עברית",
        "Emoji 🎉👩‍👩‍👧",
        "x" * 1_000_000,
    ]
)


def test_hostile_text_renders_and_fetches_nothing(arena, organiser, no_network):
    from arena.pdf import SafeFetcher, render_pdf

    publication.save_text(arena, organiser, introduction=HOSTILE[:20000], title="<b>Tittel</b>")
    publication.save_text(arena, organiser, closing=HOSTILE[-20000:])
    publication.add_quote(arena, quote='<img src="https://evil.example/q.png"> "hei"', name="<i>")
    html = generation.report_html(assemble(arena), language="nb")
    assert "evil.example" not in html.replace("evil.example/q.png&quot;", "")
    assert "<script" not in html and "file:///" not in html
    fetcher = SafeFetcher()
    pdf = render_pdf(html, fetcher=fetcher, title="t", lang="nb")
    text = "\n".join(_pages(pdf))
    assert "&lt;b&gt;" not in text and "<b>Tittel</b>" in text
    assert [u for u in fetcher.served if "/media/" in u] == []
    assert not any("evil" in u or "file:" in u or "127.0.0.1" in u for u in fetcher.served)
    assert not no_network


def test_a_megabyte_word_is_refused_and_the_longest_allowed_word_renders(arena, organiser):
    """The text fields hold 20,000 characters: more is refused whole, never
    cut to fit (issue 9); the longest word they can hold renders."""
    with pytest.raises(publication.DocumentError, match="20"):
        publication.save_text(arena, organiser, introduction="x" * 1_000_000)
    text = publication.save_text(arena, organiser, introduction="x" * publication.MARKDOWN_MAX)
    assert len(text.introduction) == publication.MARKDOWN_MAX
    pdf = generation.render_report(arena, "nb").pdf
    assert len(_reader(pdf).pages) >= 8


# --- the task and the versions ------------------------------------------------------


def test_generation_task_makes_a_version(arena, organiser, data, immediate):
    started = publication.start_generation(arena, organiser, "nb")
    assert not started.reused
    version = ReportVersion.objects.get(pk=started.version.pk)
    assert version.status == VersionStatus.DONE, version.error
    assert version.progress == 100 and version.number == 1 and version.pages >= 8
    stored = default_storage.open(version.file).read()
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    assert version.size == len(stored)

    again = publication.start_generation(arena, organiser, "nb")
    assert again.reused and again.version.pk == version.pk
    assert ReportVersion.objects.count() == 1

    other = publication.start_generation(arena, organiser, "en")  # another language
    assert not other.reused and other.version.number == 2

    publication.save_text(arena, organiser, closing="Endret avslutning.")
    changed = publication.start_generation(arena, organiser, "nb")
    assert not changed.reused and changed.version.number == 3
    assert ReportVersion.objects.get(number=3).status == VersionStatus.DONE


def test_failed_generation_says_why(arena, organiser, data, immediate, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("arena.pdf.render_pdf", boom)
    started = publication.start_generation(arena, organiser, "nb")
    version = ReportVersion.objects.get(pk=started.version.pk)
    assert version.status == VersionStatus.FAILED
    assert "layout exploded" in version.error and version.finished_at


def test_queued_version_waits_for_the_worker(arena, organiser, data, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    started = publication.start_generation(arena, organiser, "nb")
    assert started.version.status == VersionStatus.QUEUED and started.version.task_id
    # a second click while it waits reuses the queued one
    assert publication.start_generation(arena, organiser, "nb").version.pk == started.version.pk
    from reports.publication.tasks import generate_report_pdf

    generate_report_pdf.call(started.version.pk)  # what the worker does
    assert ReportVersion.objects.get(pk=started.version.pk).status == VersionStatus.DONE
    generate_report_pdf.call(started.version.pk)  # run twice: nothing happens
    assert ReportVersion.objects.count() == 1


def test_publish_and_unpublish(arena, organiser, data, immediate):
    version = publication.start_generation(arena, organiser, "nb").version
    text = publication.publish(arena, version, organiser)
    token = text.public_token
    assert len(token) >= 32
    assert publication.published_by_token(token).pk == version.pk
    publication.unpublish(arena, organiser)
    assert publication.published_by_token(token) is None
    again = publication.publish(arena, version, organiser)
    assert again.public_token != token


def test_no_table_row_splits_across_pages():
    """The report's print CSS keeps each table row on one page (a programme
    row had split in two)."""
    import io

    import pypdf

    from arena.pdf import render_pdf

    rows = "".join(
        f"<tr><td>R{i}</td><td>" + "<br>".join(f"R{i}L{k}" for k in range(9)) + "</td></tr>"
        for i in range(40)
    )
    html = (
        '<html lang="nb"><head><link rel="stylesheet" href="/static/css/report-print.css">'
        f"</head><body><table class='programme'>{rows}</table></body></html>"
    )
    pdf = render_pdf(html)
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1, "the table must span pages for the check to mean anything"
    split = [i for i in range(40) if sum(f"R{i}L" in text for text in pages) > 1]
    assert not split, f"rows split across pages: {split}"
