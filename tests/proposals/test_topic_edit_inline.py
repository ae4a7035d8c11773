"""Editing a queued topic's wording in its card on the wall (htmx), without leaving it."""

from django.urls import reverse

from proposals.models import Topic
from tests.personas import client_for


def test_edit_form_comes_into_the_card_and_saves_in_place(arena, topics, organiser):
    client = client_for(organiser, language="en")
    url = reverse("proposals:topic_edit", args=[arena.pk, topics[0].pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="edit-form-{topics[0].pk}"' in form and "<html" not in form
    assert f'id="edit-{topics[0].pk}-title"' in form and 'value="Topic 1"' in form
    saved = client.post(
        url, {"title": "Unge i arbeid", "description": "Nytt"}, HTTP_HX_REQUEST="true"
    )
    body = saved.content.decode()
    assert saved.status_code == 200
    assert 'id="feedback" hx-swap-oob="outerHTML"' in body and "Saved." in body
    assert "edit-form" not in body  # the card's form closes
    topic = Topic.objects.get(pk=topics[0].pk)
    assert (topic.title, topic.description) == ("Unge i arbeid", "Nytt")


def test_an_error_is_shown_in_the_card_with_the_text_kept(arena, topics, organiser):
    client = client_for(organiser, language="en")
    url = reverse("proposals:topic_edit", args=[arena.pk, topics[0].pk])
    response = client.post(url, {"title": "   ", "description": "mine ord"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 422  # the form with its errors (arena.js swaps a 422)
    assert f'id="edit-form-{topics[0].pk}"' in body and 'aria-invalid="true"' in body
    assert "mine ord" in body and "ds-validation-message" in body
    assert Topic.objects.get(pk=topics[0].pk).title == "Topic 1"


def test_without_htmx_the_edit_page_still_works(arena, topics, organiser):
    client = client_for(organiser, language="en")
    url = reverse("proposals:topic_edit", args=[arena.pk, topics[0].pk])
    assert 'id="id_title"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Ny", "description": ""})
    assert response.status_code == 302
    assert Topic.objects.get(pk=topics[0].pk).title == "Ny"
