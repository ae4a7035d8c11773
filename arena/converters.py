"""The one path converter for ids: ``<id:group_pk>``.

Like Django's ``int``, but at most 18 digits, so every id a URL can carry
fits a 64-bit database integer (the largest 18-digit number is below
2**63 - 1). Anything longer matches no URL pattern: a plain 404, never an
``OverflowError`` from the database driver.

Registered by ``ArenaConfig.ready`` (before any URLconf is imported).
"""

from django.urls import register_converter
from django.urls.converters import get_converters

MAX_DIGITS = 18


class IdConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        text = str(int(value))
        if int(value) < 0 or len(text) > MAX_DIGITS:
            raise ValueError(f"Not an id: {value!r}")  # reverse() then finds no match
        return text


def register() -> None:
    if "id" not in get_converters():
        register_converter(IdConverter, "id")
