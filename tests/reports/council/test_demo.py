"""The demo's council meeting (``reports.council.demo``), as the demo loader calls it."""

import pytest
from django.urls import reverse

from arena.models import Format
from reports.council.demo import TITLE, load_council_demo
from reports.models import CouncilInput, Strategy
from sessions.models import AgendaItem, ItemKind, PresenterMaterial
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_council_meeting(arena, organiser, facilitator, media_root, anon_client):
    strategy = Strategy.objects.create(title="Strategien", created_by=organiser)
    strategy.arenas.add(arena)
    meeting = load_council_demo(arena)
    assert meeting.title == TITLE and meeting.format == Format.COUNCIL
    assert meeting.memberships.filter(user=facilitator).exists()
    items = AgendaItem.objects.for_arena(meeting)
    intros = items.filter(kind=ItemKind.INTRODUCTION)
    discussions = items.filter(kind=ItemKind.DISCUSSION)
    assert intros.count() == discussions.count() == 7
    assert all(d.follows and d.follows.end == d.start for d in discussions)
    materials = PresenterMaterial.objects.filter(item__in=intros)
    assert materials.count() == 7
    assert (media_root / materials[0].file.name).read_bytes().startswith(b"%PDF-")
    first = discussions.order_by("start").first()
    assert list(first.council_inputs.values_list("number", flat=True)) == ["1", "1.1", "1.2", "2"]
    assert meeting in strategy.arenas.all()
    # the observers see the agenda and the stream
    page = anon_client.get(reverse("programme:observe", args=[meeting.pk, meeting.join_code]))
    assert page.status_code == 200 and "https://example.org/stream" in page.content.decode()
    # the strategy lists the council's inputs with their chain
    council_input = CouncilInput.objects.filter(item=first).first()
    detail = client_for(organiser, language="en").get(
        reverse("strategy:input", args=[strategy.pk, f"c{council_input.pk}"])
    )
    assert "Council meeting, discussion 1" in detail.content.decode()
    # loading again makes nothing
    assert load_council_demo(arena) is None
