"""What a flood clean-up (``arena.flood``) must know of sign-ups: the seats of
the fresh phones that go are freed with them (and the confirmation says how
many). A seat keeps nobody: a flood script must not hold a theme session's
seats. Registered in ``ProgrammeConfig.ready`` (``signup_flood.register()``)."""

from django.utils.translation import ngettext

from arena import flood

from .models import Signup


def _seats(people):
    return Signup.objects.filter(participant__in=people)


def _describe(n: int) -> str:
    return ngettext("%(n)d sign-up", "%(n)d sign-ups", n) % {"n": n}


def register() -> None:
    flood.register_dependent("signups", rows=_seats, describe=_describe)
