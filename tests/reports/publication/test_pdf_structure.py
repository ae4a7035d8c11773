"""The PDFs' structure holds up to what a PDF/UA checker looks at.

veraPDF is not installable here, so these tests read the structure tree back
with pypdf and check the rules a checker reports most for a report like ours:
headings without a jump (H1 → H3), every header cell with a scope, every
figure with its own alternative text, the contents tagged as a table of
contents, a part in another language carrying its language, and the printed
topic sheets tagged too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from reports.models import ReportStatus
from reports.publication import generation
from tests.helpers import build_report_data, make_group, make_report
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@dataclass
class Node:
    kind: str
    attributes: dict
    alt: str | None
    lang: str | None
    children: list[Node] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def structure(pdf: bytes) -> tuple[Node, str]:
    """The structure tree of ``pdf`` and the document's language."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]

    def node(obj) -> Node:
        obj = obj.get_object()
        attributes = obj.get("/A", {})
        attributes = attributes.get_object() if hasattr(attributes, "get_object") else attributes
        result = Node(
            kind=str(obj.get("/S", "")).lstrip("/"),
            attributes=dict(attributes) if isinstance(attributes, dict) else {},
            alt=str(obj["/Alt"]) if "/Alt" in obj else None,
            lang=str(obj["/Lang"]) if "/Lang" in obj else None,
        )
        kids = obj.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                result.children.append(node(kid))
        return result

    return node(catalog["/StructTreeRoot"]), str(catalog.get("/Lang", ""))


def heading_jumps(root: Node) -> list[str]:
    """Each place a heading goes more than one level below the one before."""
    jumps, previous = [], 0
    for n in root.walk():
        if len(n.kind) == 2 and n.kind[0] == "H" and n.kind[1].isdigit():
            level = int(n.kind[1])
            if level > previous + 1:
                jumps.append(f"H{previous} → {n.kind}")
            previous = level
    return jumps


@pytest.fixture
def report_pdf(arena, organiser):
    # The introduction starts at "##" (organisers often do): it must still
    # print one level below the chapter's heading.
    build_report_data(arena, organiser)
    return generation.render_report(arena, "en").pdf


def test_report_headings_never_jump_a_level(report_pdf):
    root, _lang = structure(report_pdf)
    assert [n.kind for n in root.walk() if n.kind == "H1"], "no chapter headings tagged"
    assert heading_jumps(root) == []


def test_report_header_cells_carry_a_scope(report_pdf):
    root, _lang = structure(report_pdf)
    headers = [n for n in root.walk() if n.kind == "TH"]
    assert len(headers) >= 6  # the perspective chart's rows, the programme's columns
    assert {n.attributes.get("/Scope") for n in headers} <= {"/Row", "/Column"}
    assert all(n.attributes.get("/Scope") for n in headers)
    assert "/Row" in {n.attributes["/Scope"] for n in headers}  # the chart's perspective names


def test_report_figures_each_have_their_own_alternative_text(report_pdf):
    root, _lang = structure(report_pdf)
    figures = [n for n in root.walk() if n.kind == "Figure"]
    assert figures, "no figures tagged: the photos and the chart's bars are figures"
    assert all(n.alt for n in figures), [n for n in figures if not n.alt]
    photos = [n.alt for n in figures if "Arket fra gruppe" in (n.alt or "")]
    assert photos == []  # the caption says "Arket fra gruppe 1": the alt does not repeat it


def test_report_contents_are_tagged_as_a_table_of_contents(report_pdf):
    root, lang = structure(report_pdf)
    assert lang == "en"
    [toc] = [n for n in root.children[0].walk() if n.kind == "TOC"][:1]
    items = [n for n in toc.children if n.kind == "TOCI"]
    assert len(items) >= 5
    assert all(any(c.kind == "Reference" for c in item.children) for item in items)


def test_a_heading_in_another_language_carries_its_language(arena, organiser, sessions, spaces):
    """An arena held in bokmål, its report printed in English: the group's
    section headings come from the arena's (bokmål) template."""
    arena.language = "nb"
    arena.save()
    group = make_group(arena, sessions[0], spaces[0], "Tema")
    report = make_report(group, ["Et innspill"], ReportStatus.SUBMITTED)
    section = report.template.sections.first()
    report.content = {str(section.pk): "Drøfting."}
    report.save()
    root, _lang = structure(generation.render_report(arena, "en").pdf)
    tagged = [n for n in root.walk() if n.lang == "nb"]
    assert tagged and all(n.kind.startswith("H") for n in tagged)


def test_printed_topic_sheets_are_tagged(arena, facilitator, sessions, spaces):
    group = make_group(arena, sessions[0], spaces[0], "Et tema på arket")
    client = client_for(facilitator, language="en")
    response = client.get(reverse("proposals:group_sheet", args=[arena.pk, group.pk]))
    assert response.status_code == 200
    root, lang = structure(response.content)
    assert lang == "en"
    assert [n.kind for n in root.walk() if n.kind == "H1"]
    assert heading_jumps(root) == []
    figures = [n for n in root.walk() if n.kind == "Figure"]
    assert figures and all(n.alt for n in figures)  # the QR code says what it is
