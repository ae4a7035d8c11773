"""What an arena's products are called, by its format.

Every format documents its groups the same way (``reports.models.Input``),
but the words differ: at the café of challenges and keys (2012) a group's
topic is a *challenge* and what it writes are numbered *keys* (nøkler) that
could unlock it; elsewhere they are topics and *inputs* (innspill). Screens
and the report ask here instead of hard-coding "Inputs":

    from arena.vocabulary import vocabulary
    words = vocabulary(arena)          # an Arena, an ArenaReport, or a format value
    words.inputs                       # "Keys" at a café, "Inputs" elsewhere
    words.number("input", 3)           # "Key 3"

and templates through the ``vocabulary`` library (``arena/templatetags``):
``{{ arena|term:"inputs" }}``, ``{% numbered arena "input" 3 %}``.

The strings are lazy (translated when shown, in the reader's language).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Format


@dataclass(frozen=True)
class Vocabulary:
    """The words of one format. ``*_n`` take ``%(n)s``: use :meth:`number`."""

    format: str
    input: Promise  # one product of a group: "Input" / "Key"
    inputs: Promise
    input_n: Promise  # "Input %(n)s" / "Key %(n)s"
    add_inputs: Promise
    topic: Promise  # what a group works on: "Topic" / "Challenge"
    topics: Promise
    topic_n: Promise
    add_topics: Promise
    appendix_title: Promise  # the report's appendix 1

    def number(self, word: str, n) -> str:
        """``"input"``/``"topic"`` with its number: "Key 3", "Challenge 2"."""
        template = self.topic_n if word == "topic" else self.input_n
        return str(template) % {"n": n}

    def term(self, name: str) -> str:
        """A word by name (``"inputs"``); "" for a name it does not have."""
        if name.startswith("_") or name not in TERMS:
            return ""
        return str(getattr(self, name))


#: The names a template may ask for (``{{ arena|term:"…" }}``).
TERMS = frozenset(
    {
        "input",
        "inputs",
        "add_inputs",
        "topic",
        "topics",
        "add_topics",
        "appendix_title",
    }
)

_INPUTS = Vocabulary(
    format=Format.OPEN_SPACE,
    input=_("Input"),
    inputs=_("Inputs"),
    input_n=_("Input %(n)s"),
    add_inputs=_("Add inputs"),
    topic=_("Topic"),
    topics=_("Topics"),
    topic_n=_("Topic %(n)s"),
    add_topics=_("Add topics"),
    appendix_title=_("Appendix 1: All inputs"),
)

_CAFE = Vocabulary(
    format=Format.CAFE,
    input=pgettext_lazy("café", "Key"),
    inputs=pgettext_lazy("café", "Keys"),
    input_n=pgettext_lazy("café", "Key %(n)s"),
    add_inputs=pgettext_lazy("café", "Add keys"),
    topic=pgettext_lazy("café", "Challenge"),
    topics=pgettext_lazy("café", "Challenges"),
    topic_n=pgettext_lazy("café", "Challenge %(n)s"),
    add_topics=pgettext_lazy("café", "Add challenges"),
    appendix_title=_("Appendix 1: Keys and challenges"),
)

#: Every format has its words; those without their own have today's.
_BY_FORMAT: dict[str, Vocabulary] = {
    **{value: replace(_INPUTS, format=value) for value in Format.values},
    Format.CAFE.value: _CAFE,
}


def vocabulary(format_or_arena) -> Vocabulary:
    """The words of a format: ``format_or_arena`` is a format value
    (``"cafe"``), or anything with a ``format`` (an ``Arena``, the assembled
    ``ArenaReport``). Formats without words of their own (and ``None``, or a
    value no longer known) get today's: topics and inputs."""
    fmt = format_or_arena
    if not isinstance(fmt, str):  # (a str has a ``format`` too: the method)
        fmt = getattr(fmt, "format", None)
    return _BY_FORMAT.get(str(fmt) if fmt is not None else "", _INPUTS)
