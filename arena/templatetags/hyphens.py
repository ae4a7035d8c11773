"""Soft hyphens in long words, for narrow columns (the facilitator wall's cells).

A column of fixed width has to break a word longer than itself somewhere;
with soft hyphens (U+00AD, where pyphen's dictionaries for nb, nn and en
allow a break) the browser breaks "Funksjons-vurdering" where the language
does and shows the hyphen, instead of "Funksjonsvurder|ing". Chromium on
Linux ships no hyphenation dictionaries (``hyphens: auto`` does nothing
there), so they are inserted here. pyphen comes with WeasyPrint. Words
shorter than ``LONG`` letters are left alone; the text is escaped as usual.
"""

import functools
import re

import pyphen
from django import template
from django.utils import translation

register = template.Library()

#: Words at least this long get soft hyphens (a wall column holds ~11 letters).
LONG = 11
_WORD = re.compile(rf"\w{{{LONG},}}")
_DICTIONARIES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_US"}


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_DICTIONARIES.get(language[:2], "nb_NO"))


@register.filter
def soft_hyphens(text, language: str | None = None) -> str:
    """``text`` with a soft hyphen at each break point of its long words, by
    the rules of ``language`` (the arena's; default the active language)."""
    dictionary = _dictionary(language or translation.get_language() or "nb")
    return _WORD.sub(lambda word: dictionary.inserted(word.group(), hyphen="\u00ad"), str(text))
