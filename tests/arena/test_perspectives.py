"""arena.perspectives: which perspectives a set of people brings (one rule
for the group page, the perspective projector and group reports)."""

from arena.models import Participant
from arena.perspectives import by_perspective, presence


def test_presence_counts_in_order_of_first_appearance_and_lists_the_missing(arena):
    first, second, third, *rest = list(arena.perspectives.all())
    ada = Participant.objects.create(arena=arena, display_name="Ada")
    ada.perspectives.set([second])
    bo = Participant.objects.create(arena=arena, display_name="Bo")
    bo.perspectives.set([first, second])
    present, missing = presence([ada, bo], arena.perspectives.all())
    assert present == [(second, 2), (first, 1)]
    assert third in missing and first not in missing and second not in missing
    assert by_perspective([ada, bo])[second.pk] == (second, [ada, bo])
