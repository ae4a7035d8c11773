"""Integers from GET and POST parameters, parsed one way everywhere.

``int_param(request.POST.get("group"))`` is the number, or ``default`` for
anything else: missing, empty, not plain ASCII digits ("²", "1e3", " 1_000"
are refused, though Python's ``int()`` takes some of them), outside
``min``..``max``. The default bounds fit a 64-bit database integer, so a
parsed id never overflows the driver. Each view decides what a bad value
means: usually "not found" (a message, a 404) or "ignored".
"""

DB_MAX = 2**63 - 1

# Longer than any number the bounds allow; parsing stops here (int() of a
# huge digit string costs quadratic time).
_MAX_LENGTH = 20


def int_param(value, *, default=None, min: int = 1, max: int = DB_MAX):
    """``value`` (a str, or None) as an int within ``min``..``max``, else ``default``."""
    if value is None:
        return default
    text = str(value).strip()
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not digits or len(digits) > _MAX_LENGTH or not (digits.isascii() and digits.isdigit()):
        return default
    number = -int(digits) if negative else int(digits)
    return number if min <= number <= max else default
