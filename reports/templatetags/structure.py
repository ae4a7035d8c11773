"""``{% load structure %}``: a report section's light structure as HTML
(``reports.publication.structure``)."""

from django import template

from reports.publication import structure

register = template.Library()


@register.filter
def section_html(text, first_level=structure.FIRST_LEVEL) -> str:
    """A text section: sub-headings (from ``first_level``: one below the
    section's own heading), nested and numbered lists, line breaks."""
    try:
        first = int(first_level)
    except (TypeError, ValueError):
        first = structure.FIRST_LEVEL
    return structure.section_html(text, min(max(first, 2), structure.LAST_LEVEL))


@register.filter
def item_html(text) -> str:
    """One item of a list section, inline."""
    return structure.item_html(text)
