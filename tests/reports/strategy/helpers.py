"""What the strategy workspace's tests do through HTTP, shared by
test_views.py and test_council_word_publish.py (issue #11: a test module
imports from here, never from another test module)."""

import re

from reports.models import Input, Strategy


def make_strategy(client, arena, title="Strategi for arbeid og helse"):
    response = client.post(
        "/strategies/new/",
        {"title": title, "description": "Revisjon 2021", "value_base": "", "arenas": [arena.pk]},
    )
    assert response.status_code == 302, response.content.decode()
    return Strategy.objects.get(title=title)


def add_pillars(client, strategy, *titles):
    for title in titles:
        response = client.post(
            f"/strategies/{strategy.pk}/pillars/add/", {"title": title, "description": ""}
        )
        assert response.status_code == 302
    return list(strategy.pillars.all())


def inputs_of(groups):
    return list(
        Input.objects.filter(report__group__in=groups).order_by(
            "report__group__session__session_number", "report__group__space__number", "position"
        )
    )


def key(item) -> str:
    return f"i{item.pk}" if isinstance(item, Input) else f"s{item.pk}"


def unreviewed_count(client, strategy) -> int:
    page = client.get(f"/strategies/{strategy.pk}/inputs/?state=unreviewed").content.decode()
    return int(re.search(r'id="entry-count"[^>]*>(\d+) input', page).group(1))
