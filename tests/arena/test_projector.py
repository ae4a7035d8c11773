from django.urls import reverse

from tests.personas import client_for


def test_announcement_reaches_the_phone_page(arena, participant, organiser):
    client_for(organiser).post(
        reverse("arena:announce", args=[arena.pk]),
        {"text": "Økt 3 starter om 5 min", "minutes": "5"},
    )
    body = (
        client_for(participant=participant)
        .get(reverse("phone:wall", args=[arena.join_code]))
        .content.decode()
    )
    assert "Økt 3 starter om 5 min" in body
    response = client_for(organiser).post(
        reverse("arena:announce", args=[arena.pk]), {"text": "", "minutes": "0"}
    )
    assert set(response.context["form"].errors) == {"text", "minutes"}


def test_the_join_projector_shows_the_address_without_its_scheme(arena, facilitator):
    response = client_for(facilitator, language="en").get(
        reverse("arena:projector_join", args=[arena.pk])
    )
    assert response.status_code == 200
    display = response.context["join_url_display"]
    assert "://" not in display and display.endswith(f"/j/{arena.join_code}")


def test_the_perspective_projector_varies_on_htmx(arena, facilitator):
    url = reverse("arena:projector_perspectives", args=[arena.pk])
    staff = client_for(facilitator, language="en")
    page = staff.get(url)
    board = staff.get(url + "?part=board", HTTP_HX_REQUEST="true")
    assert "HX-Request" in page["Vary"] and "HX-Request" in board["Vary"]
    assert len(board.content) < len(page.content)


def test_an_announcement_with_errors_answers_422_to_htmx(arena, facilitator):
    staff = client_for(facilitator, language="en")
    url = reverse("arena:announce", args=[arena.pk])
    assert staff.post(url, {"text": "", "minutes": "10"}, HTTP_HX_REQUEST="true").status_code == 422
    assert staff.post(url, {"text": "", "minutes": "10"}).status_code == 200  # a full page
