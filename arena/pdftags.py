"""What WeasyPrint's PDF tags leave out, added as the tree is built.

WeasyPrint 70 tags a PDF (``pdf_tags=True``, every PDF/UA variant) from the
HTML element names alone (``weasyprint.pdf.tags._get_pdf_tag``). A PDF/UA
checker then finds three things missing, which the HTML already says:

- a header cell's **scope**: ``<th scope="row">`` / ``<th scope="col">`` gives
  ``/Scope /Row`` or ``/Column`` in the cell's table attributes (WeasyPrint
  links cells to headers with ``/Headers`` but writes no scope);
- the **language** of a part in another language than the document
  (``<h3 lang="nb">`` in an English report) gives the element ``/Lang``;
- **what a part is**, where no HTML element maps to the PDF structure type:
  ``data-pdf-tag="TOC"`` on the contents' list and ``data-pdf-tag="TOCI"`` on
  its items make a table of contents (the item's body becomes a
  ``/Reference``); any other ``data-pdf-tag`` value names the structure type
  as is (``Sect``, ``Div`` …).

This is done by wrapping the function that builds one element per box
(``_build_box_tree``, which calls itself by its module name, so the wrapper
sees every box with its HTML element). It relies on WeasyPrint's internals,
pinned in ``requirements.lock``; ``tests/reports/publication/test_pdf_structure.py``
reads the structure tree of a real report back and fails if an upgrade
changes them.
"""

from __future__ import annotations

import functools

#: ``data-pdf-tag`` values that rename WeasyPrint's types: {value: {from: to}}.
_RENAMES = {
    "TOC": {"/L": "/TOC"},
    "TOCI": {"/LI": "/TOCI", "/LBody": "/Reference"},
}


def _adjust(element, html_element) -> None:
    import pydyf  # comes with WeasyPrint; only loaded while a PDF is made

    kind = str(element.get("S", ""))
    tag = html_element.tag
    if kind == "/TH" and tag == "th":
        scope = (html_element.get("scope") or "col").lower()
        element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
    lang = html_element.get("lang")
    if lang and tag != "html":
        element["Lang"] = pydyf.String(lang)
    wanted = html_element.get("data-pdf-tag")
    if wanted:
        renames = _RENAMES.get(wanted)
        if renames is None:
            if wanted.isalnum():
                element["S"] = f"/{wanted}"
        elif kind in renames:
            element["S"] = renames[kind]


@functools.cache
def install() -> None:
    """Wrap WeasyPrint's tag builder (once per process)."""
    from weasyprint.pdf import tags  # slow: WeasyPrint, loaded when the first PDF is made

    build = tags._build_box_tree

    def build_box_tree(box, parent, *args, **kwargs):
        for element in build(box, parent, *args, **kwargs):
            if getattr(box, "element", None) is not None and hasattr(box.element, "get"):
                _adjust(element, box.element)
            yield element

    tags._build_box_tree = build_box_tree
