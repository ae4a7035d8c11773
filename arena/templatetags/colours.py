"""Colours and bars without ``style=""``: small inline SVGs.

A Content-Security-Policy without ``'unsafe-inline'`` blocks style attributes
(``style="--perspective: #hex"``, ``style="width: 40%"``), but not SVG
presentation attributes (``fill``, ``width``): the colour of a perspective and
the length of a bar are drawn as SVG, which works with or without JavaScript,
in htmx swaps and in WeasyPrint's PDFs alike. The shapes are decorative
(``aria-hidden``): the label or the number next to them carries the meaning.

    {% load colours %}
    <li class="perspective">{% swatch p.colour %}{{ p.label }}</li>
    <td>{% bar p.percent p.colour %}</td>
    {% stripe p.colour "perspective-column__stripe" %}
"""

import re

from django import template
from django.utils.html import format_html

register = template.Library()

HEX = re.compile(r"#[0-9a-fA-F]{6}\Z")


def _fill(colour) -> str:
    """``fill="#hex"`` for a valid colour; nothing otherwise (CSS gives the default)."""
    colour = str(colour or "")
    return format_html(' fill="{}"', colour) if HEX.match(colour) else ""


def _number(value) -> str:
    """0–100, one decimal, with a point whatever the language (SVG syntax)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 0.0
    if number != number:  # NaN
        number = 0.0
    return f"{min(max(number, 0.0), 100.0):.1f}"


@register.simple_tag
def swatch(colour, css="swatch"):
    """A round colour dot (a perspective's colour), never behind text."""
    return format_html(
        '<svg class="{}" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
        '<circle cx="5" cy="5" r="4.6"{}/></svg>',
        css,
        _fill(colour),
    )


@register.simple_tag
def stripe(colour, css="stripe"):
    """A full-width band of colour (sized by CSS)."""
    return format_html(
        '<svg class="{}" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true"'
        ' focusable="false"><rect width="1" height="1"{}/></svg>',
        css,
        _fill(colour),
    )


@register.simple_tag
def bar(percent, colour="", css="bar", label=""):
    """A horizontal bar ``percent`` (0–100) of its box wide (the box sized by CSS).

    ``label`` says in words what the bar shows: hidden from screen readers in
    the browser (the table's next cell says it), it is the bar's alternative
    text in a tagged PDF, where every figure needs one."""
    return format_html(
        '<svg class="{}" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"'
        ' focusable="false">{}<rect width="{}" height="1"{}/></svg>',
        css,
        format_html("<title>{}</title>", label) if label != "" else "",
        _number(percent),
        _fill(colour),
    )
