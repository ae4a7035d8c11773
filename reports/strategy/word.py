"""The strategy's trace as an editable Word document for the directorates:
``trace_docx(strategy, traced, language) -> bytes``.

The same content as the PDF extract (``templates/reports/strategy/extract.html``)
and built with the arena report's Word writer (``reports.publication.word``):
its page setup, document language and core properties, and its headings in
Word's own styles that never jump a level. ``Heading 1`` is a pillar,
``Heading 2`` each input behind it; the input's chain is a small two-column
table, then the rationale. Names are in the chain only with consent
(``selectors.chains``).
"""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from reports.publication.word import TABLE_STYLE, _Writer, _xml_safe

from .selectors import Entry, PillarTrace

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LABEL_WIDTH, VALUE_WIDTH = Cm(4), Cm(12)


def _hm(value) -> str:
    return f"{value:%H:%M}" if value else ""


def _day(value) -> str:
    return f"{formats.date_format(value, 'l')} {formats.date_format(value)}"


def chain_rows(e: Entry) -> list[list[str]]:
    """The entry's chain as (label, value) rows."""
    c, k = e.chain, e.council
    if c is not None:
        session = _("Session %(n)s") % {"n": c.session_number}
        if c.session_title:
            session += f": {c.session_title}"
        people = ngettext("%(n)s participant", "%(n)s participants", c.participants) % {
            "n": c.participants
        }
        if c.perspectives:
            people += ": " + ", ".join(f"{label} {n}" for label, n in c.perspectives)
        rows = [
            [
                _("Group"),
                f"{c.group_code} {c.group_title} ({_('group report')}: {c.report_status_label})",
            ],  # fmt: skip
            [_("Session"), f"{session}, {_hm(c.session_start)}–{_hm(c.session_end)}"],
            [_("Room"), c.space],
            [_("Day"), _day(c.day)],
            [_("Arena"), c.arena_title],
            [_("In the room"), people],
        ]
        if c.names:
            rows.append([_("Named (with consent)"), ", ".join(c.names)])
        return rows
    rows = [[_("Source"), f"{e.source}, {e.number}" if e.number else e.source]]
    if k is not None:
        discussion = _("Discussion %(n)s") % {"n": k.discussion_number or ""}
        rows.append(
            [
                _("Discussion"),
                f"{discussion}: {k.discussion_title}, "
                f"{_hm(k.discussion_start)}–{_hm(k.discussion_end)}",
            ]
        )
        if k.introduction_title:
            rows.append(
                [
                    _("Introduction"),
                    f"{k.introduction_title}, "
                    f"{_hm(k.introduction_start)}–{_hm(k.introduction_end)}",
                ]
            )
        if k.presenters:
            rows.append([_("Presenters"), k.presenters])
        rows += [[_("Day"), _day(k.day)], [_("Arena"), k.arena_title]]
    return rows


class _TraceWriter(_Writer):
    def __init__(self, strategy, traced: list[PillarTrace], language: str, made_at):
        subtitle = _("Traceability extract: the inputs behind each pillar and where they come from")
        # _Writer._setup reads the title, subtitle and organisers of a report.
        report = SimpleNamespace(title=strategy.title, subtitle=subtitle, organisers="")
        super().__init__(_xml_safe(report), language)
        self.strategy = strategy
        self.traced = traced
        self.made_at = made_at

    def build(self) -> bytes:
        self._setup()
        # No contents here: Word need not offer to update fields on opening.
        for update in self.doc.settings.element.findall(qn("w:updateFields")):
            update.getparent().remove(update)
        strategy = self.strategy
        self.para(_xml_safe(strategy.title), style="Title")
        self.para(self.report.subtitle, style="Subtitle")
        made = _("Made %(when)s") % {"when": formats.date_format(self.made_at, "DATETIME_FORMAT")}
        self.para(made, muted=True)
        if strategy.description:
            self.para(_xml_safe(strategy.description))
        if strategy.value_base and len(self.traced) != 1:
            self.fact(_("Value base"), _xml_safe(strategy.value_base))
        # Heading 1 starts a page (the report's chapters); a pillar need not.
        self.doc.styles["Heading 1"].paragraph_format.page_break_before = False
        for t in self.traced:
            self._pillar(t)
        if not self.traced:
            self.para(_("No pillars yet."))
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def chain_table(self, rows: list[list[str]]) -> None:
        """A small two-column table: the label in bold, then the value."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles[TABLE_STYLE]
        for label, value in rows:
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
            cells = row.cells
            cells[0].paragraphs[0].add_run(label).bold = True
            lines = str(value).splitlines() or [""]
            paragraph = cells[1].paragraphs[0]
            for n, line in enumerate(lines):
                if n:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                paragraph.add_run(line)
        self._widths(table, [LABEL_WIDTH, VALUE_WIDTH])
        self.doc.add_paragraph()  # room after the table

    def _pillar(self, t: PillarTrace) -> None:
        number = getattr(t, "number", None)
        title = _xml_safe(t.pillar.title)
        self.heading(f"{number}. {title}" if number else title, 1)
        if t.pillar.description:
            self.para(_xml_safe(t.pillar.description))
        count = ngettext("%(n)s input", "%(n)s inputs", len(t.rows)) % {"n": len(t.rows)}
        if t.chains:
            groups = ngettext("%(n)s group", "%(n)s groups", len(t.chains)) % {"n": len(t.chains)}
            count += f", {groups}: {', '.join(t.arena_titles)}"
        self.para(count, muted=True)
        if t.perspectives:
            self.para(_("Perspectives in the groups behind this pillar"), bold=True)
            self.table(
                [_("Perspective"), _("In groups"), _("People")],
                [[label, str(groups), str(people)] for label, groups, people in t.perspectives],
                [Cm(8), Cm(4), Cm(4)],
            )
        for tag, e in t.rows:
            e = _xml_safe(e)
            heading = f"{e.title} ({e.number})" if e.number else e.title
            self.heading(heading, 2)
            if e.text:
                self.para(e.text)
            if tag.rationale:
                self.fact(_("Rationale"), _xml_safe(tag.rationale))
            self.chain_table(chain_rows(e))
        if not t.rows:
            self.para(_("No input serves this pillar yet."))


def trace_docx(strategy, traced: list[PillarTrace], language: str, made_at) -> bytes:
    """The trace (``selectors.trace``) as a .docx file in ``language``."""
    with translation.override(language):
        return _TraceWriter(strategy, traced, language, made_at).build()
