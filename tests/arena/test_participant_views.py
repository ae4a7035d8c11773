from django.urls import reverse

from tests.personas import client_for


def test_participant_page_without_token_sends_back_to_join(arena):
    response = client_for().get(reverse("participant_home", args=[arena.join_code]))
    assert response["Location"].startswith(f"{reverse('join')}?code={arena.join_code}")


def test_participant_sees_arena_language_until_choosing(arena, participant):
    arena.language = "en"
    arena.save()
    phone = client_for(participant=participant)
    response = phone.get(reverse("participant_home", args=[arena.join_code]))
    assert '<html lang="en"' in response.content.decode()
    phone.post(reverse("set_language"), {"language": "nn"})
    response = phone.get(reverse("participant_home", args=[arena.join_code]))
    assert '<html lang="nn"' in response.content.decode()


def test_persona_saved_and_withdrawn(arena, participant):
    phone = client_for(participant=participant)
    perspective = arena.perspectives.first()
    url = reverse("persona", args=[arena.join_code])
    response = phone.post(
        url,
        {
            "display_name": "Pia P",
            "organisation": "Nav",
            "perspectives": [perspective.pk],
            "consent_named": "on",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.report_name == "Pia P" and list(participant.perspectives.all()) == [
        perspective
    ]
    phone.post(reverse("persona_withdraw", args=[arena.join_code]))
    participant.refresh_from_db()
    assert participant.display_name == "" and participant.report_name == ""
    assert not participant.perspectives.exists()


def test_persona_without_name_is_explained_and_kept(arena, participant):
    phone = client_for(participant=participant)
    response = phone.post(
        reverse("persona", args=[arena.join_code]),
        {"display_name": "", "organisation": "Helse Sør"},
    )
    assert response.context["form"].errors["display_name"]
    assert 'value="Helse Sør"' in response.content.decode()


def test_sharing_email_needs_an_address(arena, participant):
    response = client_for(participant=participant).post(
        reverse("persona", args=[arena.join_code]),
        {"display_name": "Pia", "share_email": "on", "email": ""},
    )
    assert response.context["form"].errors["email"]


def test_persona_picture_is_processed_served_to_the_arena_and_removed_on_withdraw(
    arena, participant, organiser, settings, tmp_path, django_capture_on_commit_callbacks
):
    import io

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "teal").save(buffer, "JPEG")
    phone = client_for(participant=participant)
    upload = SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = phone.post(
        reverse("persona", args=[arena.join_code]),
        {"display_name": "Pia", "picture_upload": upload},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.picture.startswith("photos/persona-") and default_storage.exists(
        participant.picture
    )
    url = reverse("persona_picture", args=[arena.join_code, participant.pk])
    assert phone.get(url).status_code == 200
    assert client_for(organiser).get(url).status_code == 200
    assert client_for().get(url).status_code == 404
    name = participant.picture
    with django_capture_on_commit_callbacks(execute=True):
        phone.post(reverse("persona_withdraw", args=[arena.join_code]))
    assert not default_storage.exists(name)


def test_persona_picture_that_is_not_an_image_is_refused_and_name_kept(arena, participant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg")
    response = client_for(participant=participant).post(
        reverse("persona", args=[arena.join_code]),
        {"display_name": "Pia", "picture_upload": upload},
    )
    assert response.status_code == 200 and response.context["form"].errors["picture_upload"]
    assert 'value="Pia"' in response.content.decode()
