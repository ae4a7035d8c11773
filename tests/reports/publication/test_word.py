"""The arena's report as a Word document (reports.publication.word):
downloaded through its view, opened with python-docx and read back; once
converted to PDF with LibreOffice, as a reader without Word would open it,
and its first pages rendered to test-artifacts/word-pages/. Who may download
it: test_word_views.py; the report's data (``data``) and ``_download``:
conftest.py."""

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.storage import default_storage
from docx.oxml.ns import qn
from pypdf import PdfReader

from reports.models import Photo, ReportImage
from tests.helpers import NAMED, SECRET

from .conftest import _download

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "word-pages"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHAPTERS = {
    "nb": [
        "Innledning",
        "Nøkkeltall",
        "Resultatet: 6 innspill",
        "Dag 1 – tirsdag 10. mars 2026",
        "Dag 2 – onsdag 11. mars 2026",
        "Avslutning",
        "Stemmer fra deltakerne",
        "Vedlegg 1: Alle innspill",
        "Vedlegg 2: Gruppenes arbeidsrapporter",
        "Hvem var der",
    ],
    "en": [
        "Introduction",
        "Key figures",
        "The result: 6 inputs",
        "Day 1 – Tuesday 10 March 2026",
        "Day 2 – Wednesday 11 March 2026",
        "Closing",
        "Participants' voices",
        "Appendix 1: All inputs",
        "Appendix 2: The groups' reports",
        "Who was there",
    ],
}
INPUTS = [f"Innspill {g}.{k}" for g in (1, 2, 3) for k in (1, 2)]


def _headings(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def _text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xml(content: bytes) -> str:
    """Every XML part of the package: body, header, properties, settings."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return "\n".join(
            package.read(n).decode() for n in package.namelist() if n.endswith((".xml", ".rels"))
        )


def _check_outline(headings):
    assert headings[0][0] == 1
    for (before, text_before), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, f"{text_before!r} (H{before}) → {text!r} (H{level})"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_report_as_word(arena, organiser, data, language):
    response = _download(organiser, arena, language)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment")
    assert f"-{language}.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = _headings(document)

    # the chapters, in the PDF's order, as Heading 1; no level is skipped
    assert [t for level, t in headings if level == 1] == CHAPTERS[language]
    _check_outline(headings)
    assert (2, "Bakgrunn") in headings  # the introduction's "##"
    tema = headings.index((4, "Tema"))  # a sub-heading typed in a section, under it
    assert headings[tema - 1][0] == 3

    # the contents field, which Word is asked to update on opening
    xml = _xml(response.content)
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    settings = document.settings.element.find(qn("w:updateFields"))
    assert settings is not None and settings.get(qn("w:val")) == "true"
    toc = [p.text for p in document.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    assert toc[0] == CHAPTERS[language][0] and CHAPTERS[language][-1] in toc

    # language and properties
    tag = {"nb": "nb-NO", "en": "en-GB"}[language]
    assert document.core_properties.title == "Rapport fra Åpen arena"
    assert document.core_properties.language == tag
    assert document.core_properties.author == "Kompetansetjenesten og direktoratene"
    lang = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == tag

    # cover, every group and every input; never a draft's
    text = _text(document)
    assert document.paragraphs[0].style.name == "Title"
    assert "Innspill til en strategi" in text and "Drammen" in text
    for group in data.groups[:3]:
        assert (2, f"{group.code} {group.topic.title}") in headings
    assert "Gruppetema 4" in text  # the draft group is on the programme …
    assert not any("Gruppetema 4" in t for _, t in headings)  # … without a report
    assert "Utkast" not in xml
    overview = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert overview[:6] == [f"1.{g} – {k} Innspill {g}.{k}" for g in (1, 2, 3) for k in (1, 2)]
    for title in INPUTS:
        code = f"1.{title[9]} – {title[11]}"
        assert (2, f"{code} {title}") in headings  # appendix 1
    assert "En kommentar" in text
    programme = next(t for t in document.tables if t.rows[1].cells[0].text == "12:00–12:45")
    assert programme.rows[1].cells[1].text == "Velkommen (Marianne Sempler)"
    assert (2, {"nb": "Program", "en": "Programme"}[language]) in headings

    # the organiser's Markdown as Word paragraphs, runs, lists and links
    assert any(r.italic and r.text == "mange" for p in document.paragraphs for r in p.runs)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert {"én", "to", "arbeid", "helse", "raskere hjelp", "1. flere møteplasser"} <= set(bullets)
    assert (3, "Tiltak") in headings
    assert "Første linje\nandre linje\n" in text
    assert overview[6:] == ["tredje", "fjerde"]
    starts = document.part.numbering_part.element.xpath("//w:startOverride/@w:val")
    assert "1" in starts and "3" in starts  # each list counts from its own start
    assert 'Target="https://example.org/rapport"' in xml

    # photos: the print copies, captions under them, alt text: the
    # description, else what it is (the caption speaks for it)
    what = {"nb": "Bilde", "en": "Photo"}[language]
    cover, sheet = ReportImage.objects.order_by("pk")
    photos = [
        (cover, what, "Forsiden"),
        (sheet, "Et ark med lapper", None),
        *((p, what, p.caption) for p in Photo.objects.order_by("report__group__space__number")),
    ]
    pictures = [p for p in document.paragraphs if p._p.xpath(".//w:drawing")]
    assert len(pictures) == len(photos) == 5
    assert pictures[0]._p in [p._p for p in document.paragraphs[:4]]  # on the cover
    for (photo, alt, caption_text), paragraph in zip(photos, pictures, strict=True):
        doc_pr = paragraph._p.xpath(".//wp:docPr")[0]
        assert doc_pr.get("descr") == alt
        blip = paragraph._p.xpath(".//a:blip/@r:embed")[0]
        blob = document.part.related_parts[blip].blob
        with default_storage.open(photo.print_version) as f:
            assert hashlib.sha256(blob).digest() == hashlib.sha256(f.read()).digest()
        caption = paragraph._p.getnext()
        if caption_text is None:
            assert caption.style != "Caption"
        else:
            assert caption.style == "Caption"
            assert caption_text in "".join(caption.itertext())

    # names only with consent
    for name in NAMED:
        assert name in text
    for name in SECRET:
        assert name not in xml


def test_a_lost_or_broken_photo_is_left_out(arena, organiser, data):
    first, second, _third = Photo.objects.order_by("report__group__space__number")
    default_storage.delete(first.print_version)
    with default_storage.open(second.print_version, "wb") as f:
        f.write(b"not a photo")
    response = _download(organiser, arena)
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    pictures = [p for p in document.paragraphs if p._p.xpath(".//w:drawing")]
    assert len(pictures) == 3  # the cover, the closing's sheet, the third group's


def _libreoffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.fail(
            "LibreOffice is missing: apt-get install --no-install-recommends "
            "libreoffice-writer-nogui (reads the Word report back as a PDF)"
        )
    return program


def test_libreoffice_opens_it_as_a_report(arena, organiser, data, tmp_path):
    """One conversion (it is slow): the document opens in another word
    processor, and its pages read like the report."""
    program = _libreoffice()
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: apt-get install poppler-utils")
    source = tmp_path / "report.docx"
    source.write_bytes(_download(organiser, arena, "nb").content)
    profile = tmp_path / "lo-profile"  # its own profile: runs side by side don't lock each other
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists(), "LibreOffice made no PDF"
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    for chapter in CHAPTERS["nb"]:
        assert chapter in text
    for title in INPUTS:
        assert title in text
    assert "Arket fra gruppe 1" in text and NAMED[0] in text
    assert not any(name in text for name in SECRET)
    # the contents is shown before Word updates it, on its own page after the cover
    assert "Innhold" in pages[1] and "Vedlegg 2: Gruppenes arbeidsrapporter" in pages[1]
    # the photo is on the page of its caption
    photo_page = next(p for p, t in zip(reader.pages, pages, strict=True) if "Arket fra" in t)
    assert len(photo_page.images) >= 1

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("nb-page-*.png"):
        old.unlink()
    pages_png = ["-r", "80", "-png", "-f", "1", "-l", "12"]
    subprocess.run(
        ["pdftoppm", *pages_png, str(pdf), str(ARTIFACTS / "nb-page")],
        check=True,
        timeout=120,
    )
    assert len(list(ARTIFACTS.glob("nb-page-*.png"))) >= 4
