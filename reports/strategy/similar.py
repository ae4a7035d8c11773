"""Inputs that say much the same: suggestions while tagging.

TF-IDF over word stems, compared by cosine, in plain Python, so it works the
same on SQLite and PostgreSQL (no full-text search extension, no model
weights). Words are lower-cased, cut at anything that is not a letter or a
digit, stripped of Norwegian stop-words (``stop-words``' Norwegian list,
which holds both bokmål and nynorsk forms: "ikke", "ein", "dei", "dykk") and
stemmed by Snowball's Norwegian stemmer (``snowballstemmer``, pure Python):
"helsetjenesten" and "helsetjenestene" are one word. A strategy holds a few
hundred inputs; scoring them all takes milliseconds.
"""

import math
import re
from collections import Counter
from functools import cache

import snowballstemmer
from stop_words import get_stop_words

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Below this cosine an input is not suggested.
MIN_SCORE = 0.12


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("norwegian"))


@cache
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


def tokens(text: str) -> list[str]:
    """The stems of ``text``'s words, stop-words and one-letter words left out."""
    stop = _stop_words()
    words = [w for w in _WORD.findall(text.casefold()) if len(w) > 1 and w not in stop]
    return _stemmer().stemWords(words)


def similar(target_key, documents: dict, *, limit: int = 5) -> list[tuple[object, float]]:
    """The keys of ``documents`` (``{key: text}``) most like ``target_key``'s
    text, best first, as ``(key, score)``; the target itself left out."""
    bags = {key: Counter(tokens(text)) for key, text in documents.items()}
    target = bags.get(target_key)
    if not target:
        return []
    frequency = Counter()
    for bag in bags.values():
        frequency.update(bag.keys())
    count = len(bags)
    idf = {term: math.log((1 + count) / (1 + n)) + 1 for term, n in frequency.items()}

    def vector(bag: Counter) -> dict[str, float]:
        return {term: (1 + math.log(tf)) * idf[term] for term, tf in bag.items()}

    def norm(vec: dict[str, float]) -> float:
        return math.sqrt(sum(v * v for v in vec.values()))

    target_vec = vector(target)
    target_norm = norm(target_vec)
    scored = []
    for key, bag in bags.items():
        if key == target_key or not bag:
            continue
        vec = vector(bag)
        dot = sum(weight * vec[term] for term, weight in target_vec.items() if term in vec)
        if dot:
            score = dot / (target_norm * norm(vec))
            if score >= MIN_SCORE:
                scored.append((key, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
