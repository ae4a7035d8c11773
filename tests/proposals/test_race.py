"""Two facilitators drop different topics into one cell at the same moment."""

import threading

import pytest
from django.db import connection

from proposals import services
from proposals.models import Group, Topic

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_facilitators_race_for_one_cell_exactly_one_wins(arena, sessions, spaces, organiser):
    topics = [Topic.objects.create(arena=arena, title=f"Race {n}") for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def drop(topic):
        try:
            barrier.wait(timeout=5)
            services.place_topic(topic, sessions[0], spaces[0], organiser)
            outcomes.append("won")
        except services.CellTaken:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=drop, args=(t,)) for t in topics]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["taken", "won"]
    assert Group.objects.filter(session=sessions[0], space=spaces[0]).count() == 1
