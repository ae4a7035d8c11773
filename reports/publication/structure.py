"""Light structure in a group report's sections, as sanitised HTML.

What a support facilitator types on a phone or copies from a sheet:

- sub-headings (``## Theme``; any number of ``#``): they print *below* the
  section's own ``<h3>``. The heading levels a text uses are renumbered in
  order from ``<h4>`` (at most ``<h6>``), so a level is never skipped, whatever
  was typed (``#`` and ``###`` become ``<h4>`` and ``<h5>``);
- lists: lines starting with ``-``, ``*``, ``+`` or a typed bullet (``•``,
  ``◦``, ``▪``, ``‣``); numbered items (``1.`` or ``1)``); nested by indenting
  the line (any number of spaces more than the line above: two is enough);
- line breaks stay where they were typed; a date at the start of a line
  ("16. januar") stays as typed instead of becoming item "1."
  (``assembly._dates_as_typed``).

Everything goes through Markdown and then nh3 with the allow-list of
``assembly.markdown_html`` (no raw HTML, no images, links only http(s) and
mailto), so the result is safe to mark ``safe``.
"""

from __future__ import annotations

import re

import markdown
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .assembly import _dates_as_typed, relative_headings, sanitise

#: The section's own heading is an h3; sub-headings start one level below it.
FIRST_LEVEL = 4
LAST_LEVEL = 6
_TYPED_BULLETS = "•◦▪‣●·"
_LIST_LINE = re.compile(
    rf"^(?P<indent>[ \t]*)(?P<marker>[-*+{_TYPED_BULLETS}]|\d{{1,9}}[.)])[ \t]+(?P<rest>\S.*)$"
)
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")
_HASH_WORD = re.compile(r"^([ \t]*)(#)(?=[^#\s])")
_ONLY_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _lists_as_markdown(text: str) -> str:
    """Typed lists in the strict form Python-Markdown reads: typed bullets as
    ``-``, a nesting level as four spaces (however much it was indented), and
    a blank line between a list and the text around it."""
    out: list[str] = []
    stack: list[int] = []  # the indents of the open list levels
    previous = "blank"  # "blank", "text" or "list"
    for line in text.splitlines():
        match = _LIST_LINE.match(line)
        if match:
            width = _width(match["indent"])
            while stack and width < stack[-1]:
                stack.pop()
            if not stack or width > stack[-1]:
                stack.append(width)
            depth = len(stack) - 1
            marker = match["marker"]
            if marker in _TYPED_BULLETS:
                marker = "-"
            elif marker[-1] == ")":
                marker = marker[:-1] + "."
            if previous == "text":
                out.append("")
            out.append(f"{'    ' * depth}{marker} {match['rest']}")
            previous = "list"
        elif not line.strip():
            out.append("")
            stack = []
            previous = "blank"
        elif previous == "list" and line[:1] in " \t":  # a continuation of the item
            out.append(f"{'    ' * len(stack)}{line.strip()}")
        else:
            if previous == "list":
                out.append("")
                stack = []
            if _HEADING_LINE.match(line):
                line = line.lstrip()
            elif _HASH_WORD.match(line):  # "#tag" is a word, not a heading
                line = _HASH_WORD.sub(r"\1\\\2", line)
            out.append(line)
            previous = "text"
    return "\n".join(out)


def _markdown(text: str) -> str:
    # sane_lists: a numbered list keeps the number it starts with (<ol start>);
    # nl2br: a line break prints where it was typed (as |linebreaksbr did).
    return markdown.markdown(text, output_format="html", extensions=["sane_lists", "nl2br"])


def section_html(text: str, first_level: int = FIRST_LEVEL) -> SafeString:
    """A text section as sanitised HTML with its light structure; its
    sub-headings start at ``first_level`` (one below the section's heading)."""
    if not text or not str(text).strip():
        return mark_safe("")  # noqa: S308 - empty
    source = _lists_as_markdown(_dates_as_typed(escape_html(str(text))))
    html = relative_headings(_markdown(source), first_level)
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 with the allow-list


def item_html(text: str) -> SafeString:
    """One line of a list section, inline: emphasis and links, no block
    (a typed bullet is dropped; the list prints its own; "1." stays as typed)."""
    line = str(text or "").strip()
    if line[:1] in _TYPED_BULLETS + "-*+" and line[1:2] in (" ", "\t"):
        line = line[1:].strip()
    line = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", line)  # "1." is not a new list
    line = re.sub(r"^(#{1,6})", r"\\\1", line)  # nor "#" a heading
    html = _markdown(escape_html(line)).strip()
    match = _ONLY_PARAGRAPH.match(html)
    if match:
        html = match[1]
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 with the allow-list


def escape_html(text: str) -> str:
    """Typed HTML prints as text (``<b>`` stays ``<b>``), never as markup;
    ``>`` at a line's start is kept for Markdown's quotes."""
    return "\n".join(
        (">" + escape(line[1:])) if line.startswith(">") else escape(line)
        for line in text.splitlines()
    )
