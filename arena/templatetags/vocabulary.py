"""The arena's words in templates (``arena.vocabulary``), so a screen follows
the arena's format: "Keys" at a café of challenges and keys, "Inputs" elsewhere.

    {% load vocabulary %}
    <h2>{{ arena|term:"inputs" }}</h2>                 {# an Arena, an ArenaReport or a format #}
    <li>{% numbered arena "input" forloop.counter %}</li>   {# "Key 1", "Input 1" #}
"""

from django import template

from arena.vocabulary import vocabulary

register = template.Library()


@register.filter
def term(format_or_arena, name: str) -> str:
    """The word ``name`` (``"inputs"``, ``"topic"``, ``"appendix_title"`` …);
    "" for a name the vocabulary does not have (a template never breaks)."""
    return vocabulary(format_or_arena).term(str(name))


@register.simple_tag
def numbered(format_or_arena, word: str, n) -> str:
    """``"input"`` or ``"topic"`` with its number: "Key 3", "Challenge 2"."""
    return vocabulary(format_or_arena).number(str(word), n)
