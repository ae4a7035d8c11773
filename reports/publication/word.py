"""The arena's report as an editable Word document: ``report_docx(arena, language) -> bytes``.

Built from the same :func:`reports.publication.assembly.assemble` as the PDF
(``templates/reports/arena_report.html`` and its ``_report_*.html``
partials), with the same chapters in the same order and the same headings
(the templates' msgids, so no new translations): cover, contents,
introduction, key figures, the result, one chapter per day, closing,
participants' voices, appendix 1 (all inputs), appendix 2 (the groups'
reports) and who was there.

- Headings are Word's own styles: ``Heading 1`` for chapters, ``Heading 2``
  and ``Heading 3`` below (``Heading 4``–``6`` for sub-headings typed in a
  section). A heading is never more than one level below the one before it
  (:meth:`_Writer.heading` moves it up), so navigation panes and screen
  readers see a clean outline.
- Contents: a ``TOC`` field that Word fills with page numbers; the document
  asks Word to update its fields when it is opened (``w:updateFields``).
  Until then the field shows the headings as links, so a viewer that never
  updates fields (LibreOffice, previews) still shows the contents.
- The organiser's Markdown arrives as sanitised HTML (``assembly.markdown_html``,
  ``structure.section_html``); :class:`_HtmlToWord` turns its few tags into
  paragraphs, runs and list styles.
- Photos: the print copy (``StoredImage.print_version``, 1,000 px) read
  through the default storage, a caption under it, the description as the
  picture's alt text (``docPr/@descr``), as in ``arena_report_photo.html``.
- Privacy is assembly's: only names with consent are in the data.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from html.parser import HTMLParser

from django.core.files.storage import default_storage
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from arena.models import Arena

from . import structure
from .assembly import ArenaReport, GroupData, PhotoData, assemble

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The contents field: heading levels 1–3, as links, without page numbers in
#: web view, from the outline levels of the heading styles.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TOC_LEVELS = 3
#: Word's language tags for the UI languages (spell checking, hyphenation).
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
#: A4 with 2.5 cm margins: a 16 cm text column.
TEXT_WIDTH = Cm(16)
WIDE_PHOTO = Cm(15)  # across the column (the cover, a sheet that is the record)
PHOTO_WIDTH = Cm(11)  # a landscape photo: ~230 dpi from the 1,000 px print copy
PHOTO_HEIGHT = Cm(10)  # a portrait photo
MUTED = RGBColor(0x59, 0x59, 0x59)
LINK = RGBColor(0x05, 0x63, 0xC1)
TABLE_STYLE = "Table Grid"
# w:settings children that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
}  # fmt: skip
IMAGE_ERRORS = (InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError)
_SPACE = re.compile(r"\s+")
#: Characters XML 1.0 cannot hold: python-docx refuses them, so they are
#: dropped; a vertical tab or form feed (a line break pasted from Word) is a
#: line break.
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"[\x0b\x0c]")


def report_docx(arena: Arena, language: str) -> bytes:
    """The arena's report as a .docx file in ``language`` (any UI language)."""
    with translation.override(language):
        return _Writer(_xml_safe(assemble(arena)), language).build()


def _xml_safe(value):
    """The report's data without characters XML cannot hold (in place)."""
    if isinstance(value, SafeString):
        return mark_safe(_NOT_XML.sub("", _BREAKS.sub(" ", value)))  # noqa: S308 - only removed
    if isinstance(value, str):
        return _NOT_XML.sub("", _BREAKS.sub("\n", value))
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            setattr(value, f.name, _xml_safe(getattr(value, f.name)))
    return value


# --- low-level helpers ------------------------------------------------------------------


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def _instruction(run, text: str) -> None:
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run._r.append(element)


def _simple_field(paragraph, instruction: str) -> None:
    """A field Word computes (PAGE): begin, instruction, separate, result, end."""
    _field_char(paragraph.add_run(), "begin")
    _instruction(paragraph.add_run(), f" {instruction} ")
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run("1")
    _field_char(paragraph.add_run(), "end")


def _child(parent, tag: str, *, first: bool = False):
    """``parent``'s child ``tag``, made (first or last) if it has none."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.insert(0, child) if first else parent.append(child)
    return child


def _hyperlink(paragraph, *, url: str = "", anchor: str = ""):
    """A ``w:hyperlink`` at the end of the paragraph: external (``url``) or to a bookmark."""
    link = OxmlElement("w:hyperlink")
    if url:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def _link_run(paragraph, link, text: str, *, bold=False, italic=False, styled=True):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if styled:
        run.font.underline = True
        run.font.color.rgb = LINK
    link.append(run._r)  # moved from the paragraph into the link
    return run


def _repeat_header(row) -> None:
    """The table's first row repeats on every page (and is its header for screen readers)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


# --- HTML (sanitised Markdown) → Word ------------------------------------------------------


class _HtmlToWord(HTMLParser):
    """The tags ``assembly.ALLOWED_TAGS`` lets through, as Word paragraphs:
    p, h2–h6 (Heading styles), ul/ol/li (list styles, numbered lists
    restarted), strong/em (runs), a (links), br, blockquote (Quote), code, hr."""

    def __init__(self, writer: _Writer, paragraph=None):
        super().__init__(convert_charrefs=True)
        self.writer = writer
        self.paragraph = paragraph  # the one being filled (None between blocks)
        self.bold = 0
        self.italic = 0
        self.code = 0
        self.quote = 0
        self.link = None
        self.lists: list[tuple[str, int | None]] = []  # (tag, numId of an ol)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p":
            if self.paragraph is not None and not self.paragraph.text:
                return  # a loose list's item, or the paragraph given to fill
            style = "Quote" if self.quote else ("List Continue" if self.lists else None)
            self.paragraph = self.writer.doc.add_paragraph(style=style)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.paragraph = self.writer.heading("", int(tag[1]))
        elif tag in ("ul", "ol"):
            num_id = None
            if tag == "ol":
                try:
                    start = max(1, int(attrs.get("start") or 1))
                except ValueError:
                    start = 1
                num_id = self.writer.restarted_numbering(start)
            self.lists.append((tag, num_id))
            self.paragraph = None
        elif tag == "li":
            kind, num_id = self.lists[-1] if self.lists else ("ul", None)
            self.paragraph = self.writer.list_item(len(self.lists), kind == "ol", num_id)
        elif tag == "strong" or tag == "b":
            self.bold += 1
        elif tag == "em" or tag == "i":
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            href = attrs.get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")):
                self.link = _hyperlink(self._current(), url=href)
        elif tag == "br":
            self._current().add_run().add_break(WD_BREAK.LINE)
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag == "hr":
            self.paragraph = None

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag == "strong" or tag == "b":
            self.bold = max(0, self.bold - 1)
        elif tag == "em" or tag == "i":
            self.italic = max(0, self.italic - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag == "a":
            self.link = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.paragraph = None

    def handle_data(self, data):
        text = _SPACE.sub(" ", _NOT_XML.sub("", _BREAKS.sub(" ", data)))
        if not text.strip() and (self.paragraph is None or not self.paragraph.text):
            return  # whitespace between blocks
        paragraph = self._current()
        if not paragraph.text:
            text = text.lstrip()
        if self.link is not None:
            _link_run(paragraph, self.link, text, bold=bool(self.bold), italic=bool(self.italic))
            return
        run = paragraph.add_run(text)
        run.bold = True if self.bold else None
        run.italic = True if self.italic else None
        if self.code:
            run.font.name = "Consolas"

    def _current(self):
        if self.paragraph is None:
            self.paragraph = self.writer.doc.add_paragraph(style="Quote" if self.quote else None)
        return self.paragraph


# --- the document -----------------------------------------------------------------------------


class _Writer:
    def __init__(self, report: ArenaReport, language: str):
        self.report = report
        self.language = language
        self.doc = Document()
        self.level = 0  # of the last heading
        self.headings: list[tuple] = []  # (level, paragraph, bookmark) for the contents
        self._bookmark_id = 0

    # --- building blocks ---

    def heading(self, text: str, level: int):
        """A heading in Word's ``Heading n`` style, never more than one level
        below the heading before it."""
        level = max(1, min(level, self.level + 1, 6))
        self.level = level
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        if text:
            paragraph.add_run(text)
        if level <= TOC_LEVELS:
            self._bookmark_id += 1
            name = f"_Toc{self._bookmark_id:08d}"
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), str(self._bookmark_id))
            start.set(qn("w:name"), name)
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), str(self._bookmark_id))
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
            paragraph._p.append(end)
            self.headings.append((level, paragraph, name))
        return paragraph

    def chapter(self, text: str):
        return self.heading(text, 1)

    def para(self, text: str = "", *, style=None, muted=False, italic=False, bold=False):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            for n, line in enumerate(str(text).splitlines()):
                if n:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                run = paragraph.add_run(line)
                run.italic = italic or None
                run.bold = bold or None
                if muted:
                    run.font.color.rgb = MUTED
        return paragraph

    def fact(self, label: str, value: str) -> None:
        """One fact of a list (``<dl>`` in the PDF): the label in bold, then the value."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        for n, line in enumerate(str(value).splitlines()):
            if n:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            paragraph.add_run(line)

    def html(self, html: str, paragraph=None) -> None:
        if not html:
            return
        parser = _HtmlToWord(self, paragraph)
        parser.feed(str(html))
        parser.close()

    def list_item(self, depth: int, numbered: bool, num_id: int | None = None):
        base = "List Number" if numbered else "List Bullet"
        style = base if depth <= 1 else f"{base} {min(depth, 3)}"
        paragraph = self.doc.add_paragraph(style=style)
        if numbered and num_id is not None and depth <= 1:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
        return paragraph

    def restarted_numbering(self, start: int = 1) -> int:
        """A new numbering instance of the "List Number" list, starting at
        ``start``: every numbered list counts from its own start, not on
        from the list before it."""
        numbering = self.doc.part.numbering_part.numbering_definitions._numbering
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    def table(self, header: list[str], rows: list[list[str]], widths: list[Cm] | None = None):
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                lines = str(value).splitlines() or [""]
                paragraph = cell.paragraphs[0]
                for n, line in enumerate(lines):
                    if n:
                        paragraph.add_run().add_break(WD_BREAK.LINE)
                    paragraph.add_run(line)
        self._widths(table, widths or [Emu(TEXT_WIDTH // len(header))] * len(header))
        self.doc.add_paragraph()  # room after the table
        return table

    @staticmethod
    def _widths(table, widths) -> None:
        """Fixed column widths: Word reads the cells', LibreOffice the grid's."""
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def photos(self, photos: list[PhotoData] | None) -> None:
        for photo in photos or []:
            self.photo(photo)

    def photo(self, photo: PhotoData, *, width=None) -> None:
        """The print copy, a caption under it, the description as its alt text."""
        name = photo.print_version
        try:
            with default_storage.open(name) as f:
                data = f.read()
        except (OSError, ValueError):
            logger.warning("Word report: photo %s (%s) is not in the storage", photo.pk, name)
            return
        if width is None and photo.full_width:
            width = WIDE_PHOTO
        if width is not None:
            size = {"width": width}
        elif photo.landscape:
            size = {"width": PHOTO_WIDTH}
        else:
            size = {"height": PHOTO_HEIGHT}
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True  # with its caption
        try:
            shape = paragraph.add_run().add_picture(io.BytesIO(data), **size)
        except IMAGE_ERRORS:
            logger.warning("Word report: photo %s (%s) cannot be read", photo.pk, name)
            paragraph._p.getparent().remove(paragraph._p)
            return
        if photo.description:
            alt = photo.description
        elif photo.caption:
            alt = _("Photo")
        else:
            alt = _("Photo without a caption")
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", photo.caption or alt)
        if photo.caption or photo.credit:
            caption = self.doc.add_paragraph(style="Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.add_run(photo.caption)
            if photo.credit:
                space = " " if photo.caption else ""
                caption.add_run(f"{space}({_('Photo')}: {photo.credit})")

    # --- the document as a whole ---

    def build(self) -> bytes:
        self._setup()
        self._cover()
        contents = self._contents_placeholder()
        report = self.report
        if report.has_introduction:
            self._introduction()
        self._figures()
        self._result()
        self._days()
        if report.has_closing:
            self.chapter(_("Closing"))
            self.html(report.closing)
            self.photos(report.images.get("closing"))
        if report.quotes:
            self._quotes()
        self._appendix_inputs()
        self._appendix_groups()
        self._who()
        self._fill_contents(contents)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _setup(self) -> None:
        doc, report = self.doc, self.report
        tag = LANGUAGE_TAGS.get(self.language, self.language)
        for section in doc.sections:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin = section.bottom_margin = Cm(2.5)
            section.different_first_page_header_footer = True  # no running title on the cover
            header = section.header.paragraphs[0]
            header.text = report.title
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in header.runs:
                run.font.size = Pt(9)
                run.font.color.rgb = MUTED
            footer = section.footer.paragraphs[0]
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _simple_field(footer, "PAGE")
        # The document's language: every run's default, and the theme's.
        defaults = _child(doc.styles.element, "w:docDefaults", first=True)
        r_pr = _child(_child(defaults, "w:rPrDefault", first=True), "w:rPr")
        _child(r_pr, "w:lang").set(qn("w:val"), tag)
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        chapter = doc.styles["Heading 1"]
        chapter.paragraph_format.page_break_before = True  # a chapter starts a page, as in the PDF
        chapter.font.size = Pt(18)
        settings = doc.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), tag)
        proof = settings.find(qn("w:proofState"))
        if proof is not None:  # the template says "spell-checked": not this text
            settings.remove(proof)
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        after = next(
            (c for c in settings if c.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None
        )
        if after is not None:
            after.addprevious(update)
        else:
            settings.append(update)
        props = doc.core_properties
        props.title = report.title
        props.subject = report.subtitle
        props.language = tag
        props.author = report.organisers or "Arena"
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.created = props.modified = timezone.now().replace(microsecond=0)
        props.revision = 1

    def _cover(self) -> None:
        report = self.report
        self.para(report.title, style="Title")
        if report.subtitle:
            self.para(report.subtitle, style="Subtitle")
        if report.cover:
            self.photo(report.cover, width=WIDE_PHOTO)
        if report.date_text:
            self.fact(_("Date"), report.date_text)
        if report.place:
            self.fact(capfirst(_("venue")), report.place)
        if report.organisers:
            self.fact(_("Organiser and partners"), report.organisers)

    def _contents_placeholder(self):
        """The "Contents" title on a page of its own (not in the contents
        itself: "TOC Heading" has no outline level); the field goes after it
        once every heading is written (:meth:`_fill_contents`)."""
        title = self.para(_("Contents"), style="TOC Heading")
        title.paragraph_format.page_break_before = True
        return title

    def _fill_contents(self, title) -> None:
        """The TOC field after the "Contents" title, its shown result the
        headings as links (Word replaces it with page numbers on update)."""
        entries = [(level, p.text, name) for level, p, name in self.headings]
        anchor = title
        paragraphs = []
        for level, text, name in entries or [(1, "", "")]:
            paragraph = self.doc.add_paragraph(style=self._toc_style(level))
            anchor._p.addnext(paragraph._p)
            anchor = paragraph
            paragraphs.append((paragraph, text, name))
        first = paragraphs[0][0]
        begin = first.add_run()
        _field_char(begin, "begin")
        _instruction(first.add_run(), TOC_INSTRUCTION)
        _field_char(first.add_run(), "separate")
        for paragraph, text, name in paragraphs:
            if text:
                link = _hyperlink(paragraph, anchor=name)
                _link_run(paragraph, link, text, styled=False)
        _field_char(paragraphs[-1][0].add_run(), "end")

    def _toc_style(self, level: int) -> str:
        name = f"toc {level}"  # Word's built-in style names are lower case
        styles = self.doc.styles
        if name not in styles:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            # Word's own "toc n" (styleId TOCn), not a custom style of the same name.
            style.element.set(qn("w:styleId"), f"TOC{level}")
            style.element.attrib.pop(qn("w:customStyle"), None)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(2)
            style.unhide_when_used = True
            style.priority = 39
        return name

    def _introduction(self) -> None:
        report = self.report
        self.chapter(_("Introduction"))
        if report.theme:
            self.para(report.theme, italic=True)
        for question in report.questions:
            self.list_item(1, False).add_run(question)
        self.html(report.introduction)
        self.photos(report.images.get("introduction"))

    def _figures(self) -> None:
        figures = self.report.figures
        self.chapter(_("Key figures"))
        rows = []
        if figures.attending is not None:
            rows.append([_("Participants"), figures.attending])
        if figures.registered is not None:
            rows.append([_("Registered"), figures.registered])
        rows.append([_("Joined with a phone"), figures.personas])
        rows += [
            [_("Sessions"), figures.sessions],
            [_("Groups"), figures.groups],
            [_("Inputs"), figures.inputs],
            [_("Group reports"), figures.reports],
            [_("Comments"), figures.comments],
        ]
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles[TABLE_STYLE]
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(str(label)).bold = True
            cells[1].paragraphs[0].add_run(formats.number_format(value, force_grouping=True))
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._widths(table, [Cm(10), Cm(3)])
        self.doc.add_paragraph()
        if figures.perspectives:
            self.heading(_("Perspectives the participants brought"), 2)
            self.table(
                [_("Perspective"), _("Participants")],
                [[p.label, str(p.count)] for p in figures.perspectives],
                [Cm(12), Cm(4)],
            )

    def _result(self) -> None:
        report = self.report
        n = report.figures.inputs
        self.chapter(ngettext("The result: %(n)s input", "The result: %(n)s inputs", n) % {"n": n})
        if not report.inputs:
            self.para(_("No inputs are documented yet."))
            return
        num_id = self.restarted_numbering()
        for item in report.inputs:
            paragraph = self.list_item(1, True, num_id)
            paragraph.add_run(item.code).bold = True
            paragraph.add_run(f" {item.title}")

    def _days(self) -> None:
        report = self.report
        for day in report.days:
            self.chapter(
                _("Day %(number)s – %(weekday)s %(date)s")
                % {
                    "number": day.number,
                    "weekday": formats.date_format(day.date, "l"),
                    "date": formats.date_format(day.date, "DATE_FORMAT"),
                }
            )
            self.html(day.summary)
            if day.agenda:
                self.heading(_("Programme"), 2)
                self.table(
                    [_("Time"), _("Item")],
                    [
                        [
                            f"{_time(item.start)}–{_time(item.end)}",
                            _xml_safe(
                                item.title + (f" ({item.presenters})" if item.presenters else "")
                            ),
                        ]
                        for item in day.agenda
                    ],
                    [Cm(3), Cm(13)],
                )
            for session in day.sessions:
                self.heading(
                    _("Session %(n)s") % {"n": session.number}
                    + f" {_time(session.start)}–{_time(session.end)}",
                    2,
                )
                if not session.groups:
                    self.para(_("No topics in this session."), muted=True)
                    continue
                self.table(
                    [_("Topic"), _("Title"), _("Convener")],
                    [
                        [group.code, _group_title_cell(group), ", ".join(group.conveners)]
                        for group in session.groups
                    ],
                    [Cm(2), Cm(9), Cm(5)],
                )
            if day is report.days[-1]:
                self.photos(report.images.get("days"))

    def _quotes(self) -> None:
        self.chapter(_("Participants' voices"))
        for quote in self.report.quotes:
            self.para(quote.text, style="Quote")
            who = _("Anonymous") if quote.anonymous else quote.name
            if quote.role:
                who = f"{who}, {quote.role}"
            attribution = self.para(f"– {who}")
            attribution.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _appendix_inputs(self) -> None:
        report = self.report
        self.chapter(_("Appendix 1: All inputs"))
        if not report.inputs:
            self.para(_("No inputs are documented yet."))
        for item in report.inputs:
            self.heading(f"{item.code} {item.title}", 2)
            meta = [f"{_('Group')}: {item.group_code} {item.group_title}"]
            if item.session_number:
                meta.append(_("Session %(n)s") % {"n": item.session_number})
            if item.addressee:
                meta.append(f"{_('Addressed to')}: {item.addressee}")
            if item.dots:
                meta.append(ngettext("%(n)s dot", "%(n)s dots", item.dots) % {"n": item.dots})
            self.para(" · ".join(meta), muted=True)
            if item.text:
                self.para(item.text)
            if item.comments:
                self.para(_("Comments"), bold=True)
                for comment in item.comments:
                    self.list_item(1, False).add_run(comment.text)

    def _appendix_groups(self) -> None:
        self.chapter(_("Appendix 2: The groups' reports"))
        groups = self.report.reported_groups
        if not groups:
            self.para(_("No group reports are submitted yet."))
        for group in groups:
            self._group(group)

    def _group(self, group: GroupData) -> None:
        self.heading(f"{group.code} {group.title}", 2)
        for title in group.merged_titles:
            self.para(f"+ {title}")
        if group.description:
            self.para(group.description, italic=True)
        if group.template_name:
            self.fact(_("Report template"), group.template_name)
        if group.conveners:
            self.fact(_("Convener"), ", ".join(group.conveners))
        space = str(group.space_number) + (f" – {group.space_name}" if group.space_name else "")
        self.fact(_("Space"), space)
        if group.builds_on_code:
            self.fact(group.kind_label, f"{group.builds_on_code} {group.builds_on_title}")
        self.fact(_("Who took part"), _who_took_part(group))
        for section in group.sections:
            self.heading(section.title, 3)
            if section.items:
                for item in section.items:
                    self.html(structure.item_html(item), self.list_item(1, False))
            else:
                self.html(structure.section_html(section.text))
            if section.holds_action_sheet:
                self._action_sheet(group)
        if group.inputs:
            self.heading(_("Inputs"), 3)
            for item in group.inputs:
                paragraph = self.list_item(1, False)
                paragraph.add_run(item.code).bold = True
                paragraph.add_run(f" {item.title}")
        if group.action_sheet_apart:
            self.heading(_("Next steps"), 3)
            self._action_sheet(group)
        self.photos(group.photos)

    def _action_sheet(self, group: GroupData) -> None:
        sheet = group.action_sheet
        for key, label in (
            ("next_step", _("Immediate next step")),
            ("coordinator", _("Who coordinates")),
            ("next_meeting", _("Date of the next meeting")),
            ("participants", _("Who takes part")),
        ):
            if sheet.get(key):
                self.fact(label, str(sheet[key]))

    def _who(self) -> None:
        self.chapter(_("Who was there"))
        self.para(
            _("Participants who agreed to be named, by group: a chance for further networking.")
        )
        rows = []
        for group in self.report.reported_groups:
            names = ", ".join(group.named) or "–"
            if group.unnamed_count:
                names += " " + ngettext(
                    "(+ %(n)s not named)", "(+ %(n)s not named)", group.unnamed_count
                ) % {"n": group.unnamed_count}
            rows.append([f"{group.code} {group.title}", names])
        self.table([_("Group"), _("Participants")], rows, [Cm(7), Cm(9)])


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _group_title_cell(group: GroupData) -> str:
    lines = [group.title, *(f"+ {t}" for t in group.merged_titles)]
    if group.builds_on_code:
        lines.append(f"{group.kind_label}: {group.builds_on_code}")
    return "\n".join(lines)


def _who_took_part(group: GroupData) -> str:
    n = group.unnamed_count
    if group.named:
        text = ", ".join(group.named)
        if n:
            text += ngettext(", and %(n)s other", ", and %(n)s others", n) % {"n": n}
        return text
    return ngettext("%(n)s participant", "%(n)s participants", n) % {"n": n}
