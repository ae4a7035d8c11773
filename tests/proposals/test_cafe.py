"""The café's re-mix (proposals.cafe): the challenges the tables wrote in
round 1 wait in the queue, building on their table. The re-mix screen:
test_cafe_views.py; the fixtures: conftest.py."""

from proposals.models import TopicKind, TopicStatus


def test_a_tables_challenges_wait_in_the_queue_building_on_the_table(tables, challenges):
    assert [c.title for c in challenges] == [
        "Ventetid hos fastlegen",
        "Ingen tar ansvar",
        "Tause overganger mellom Nav og helse",
    ]  # the empty one is skipped
    for challenge in challenges:
        challenge.refresh_from_db()
        assert challenge.status == TopicStatus.READ_OUT
        assert challenge.kind == TopicKind.DEEPENING
    assert {c.builds_on_id for c in challenges} == {tables[0].topic_id, tables[1].topic_id}
