"""Sign-ups for theme sessions and knowledge dating and the facilitators'
meeting's notes (the 2016 challenge-group arena), through the screens
(sessions.signup_views) as the organiser, the facilitators and the
participants use them. The fixtures and helpers: conftest.py."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arena import ratelimit
from arena.models import Participant
from sessions.models import AgendaNote, Signup, SignupOffer
from tests.personas import client_for

from .conftest import add_item, open_offer, phone, sign_up

pytestmark = pytest.mark.django_db


def test_theme_session_with_two_seats_fills_and_a_cancel_frees_a_seat(arena, organiser, theme):
    staff = client_for(organiser, language="en")
    page = staff.get(reverse("signups:list", args=[arena.pk]))
    assert page.status_code == 200
    assert "Tema: IPS i praksis" in page.text and "Not open for sign-up." in page.text

    response = open_offer(staff, arena, theme, 2)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.signup_offer.capacity == 2 and theme.signup_offer.open

    ada, bo, cy = (phone(arena, n) for n in ("Ada", "Bo", "Cy"))
    for client in (ada, bo, cy):
        client.cookies["django_language"] = "en"
    phone_url = reverse("phone_signups:list", args=[arena.join_code])
    first = ada.get(phone_url)
    assert "Tema: IPS i praksis" in first.text and "2 seats left" in first.text

    assert "You have signed up for “Tema: IPS i praksis”." in sign_up(ada, arena, theme).text
    assert "1 seat left" in bo.get(phone_url).text
    assert "You have signed up" in sign_up(bo, arena, theme).text

    refused = sign_up(cy, arena, theme)
    assert "is full" in refused.text
    assert theme.signup_offer.signups.count() == 2
    full = cy.get(phone_url).text
    join_url = reverse("phone_signups:join", args=[arena.join_code, theme.signup_offer.pk])
    assert "Full" in full and join_url not in full  # nothing to click

    staff_page = staff.get(reverse("signups:list", args=[arena.pk])).text
    assert "2 of 2 seats taken" in staff_page
    # Nobody agreed to be named: the staff page names them as the room does.
    assert "Ada" not in staff_page and "A participant" in staff_page

    cancel_url = reverse("phone_signups:cancel", args=[arena.join_code, theme.signup_offer.pk])
    cancelled = ada.post(cancel_url, follow=True)
    assert "Your sign-up is cancelled" in cancelled.text
    assert "1 seat left" in cancelled.text
    assert "You have signed up" in sign_up(cy, arena, theme).text
    assert set(theme.signup_offer.signups.values_list("participant__display_name", flat=True)) == {
        "Bo",
        "Cy",
    }


def test_a_second_signup_at_the_same_time_is_refused_naming_the_first(
    arena, organiser, theme, dating
):
    staff = client_for(organiser)
    open_offer(staff, arena, theme, 10)
    open_offer(staff, arena, dating, 10, kind="knowledge_dating")
    pia = phone(arena, "Pia")
    pia.cookies["django_language"] = "en"
    sign_up(pia, arena, theme)
    refused = sign_up(pia, arena, dating)
    assert "You have signed up for “Tema: IPS i praksis” (10:00–11:00)" in refused.text
    assert not Signup.objects.filter(offer__item=dating).exists()
    # After cancelling the first, the second is fine.
    pia.post(reverse("phone_signups:cancel", args=[arena.join_code, theme.signup_offer.pk]))
    assert "You have signed up for “Kunnskapsdating" in sign_up(pia, arena, dating).text


def test_a_closed_offer_takes_no_one_new_and_the_capacity_keeps_seats_taken(
    arena, organiser, theme
):
    staff = client_for(organiser, language="en")
    open_offer(staff, arena, theme, 3)
    for name in ("A", "B"):
        sign_up(phone(arena, name), arena, theme)
    url = reverse("signups:offer", args=[arena.pk, theme.pk])
    lower = staff.post(url, {"kind": "theme_session", "capacity": 1, "open": "on"})
    assert lower.status_code == 200
    assert "2 participants have signed up already" in lower.text
    assert 'value="1"' in lower.text  # what was typed stays
    assert staff.post(url, {"kind": "theme_session", "capacity": 3}).status_code == 302
    late = phone(arena, "Late")
    late.cookies["django_language"] = "en"
    assert "closed for sign-up" in sign_up(late, arena, theme).text
    assert theme.signup_offer.signups.count() == 2


def test_removing_the_offer_removes_the_signups(arena, organiser, theme):
    staff = client_for(organiser)
    open_offer(staff, arena, theme, 3)
    sign_up(phone(arena, "A"), arena, theme)
    url = reverse("signups:offer_delete", args=[arena.pk, theme.pk])
    assert staff.get(url).status_code == 200
    assert staff.post(url).status_code == 302
    assert not SignupOffer.objects.exists() and not Signup.objects.exists()


def test_facilitators_write_notes_on_the_facilitators_meeting_participants_cannot_read_them(
    arena, organiser, facilitator, support, participant, meeting
):
    frank = client_for(facilitator, language="en")
    url = reverse("signups:notes", args=[arena.pk, meeting.pk])
    assert frank.get(url).status_code == 200
    saved = frank.post(
        url, {"text": "Gruppe 3 trenger en ekstra fasilitator i morgen."}, follow=True
    )
    assert "Gruppe 3 trenger en ekstra fasilitator" in saved.text
    note = AgendaNote.objects.get()
    assert note.author == facilitator and note.item == meeting

    olivia = client_for(organiser, language="en")
    assert "Gruppe 3 trenger" in olivia.get(url).text
    edit = reverse("signups:note_edit", args=[arena.pk, note.pk])
    assert olivia.post(edit, {"text": "Gruppe 3: løst."}).status_code == 302
    note.refresh_from_db()
    assert note.text == "Gruppe 3: løst." and note.author == facilitator

    too_long = frank.post(url, {"text": "x" * 10001})
    assert too_long.status_code == 200
    assert "At most 10000 characters; you typed 10001." in too_long.text
    assert "x" * 10001 in too_long.text

    # The phone (no account) is sent to log in; a support facilitator may not.
    from_phone = client_for(participant=participant).get(url)
    assert from_phone.status_code == 302 and from_phone["Location"].startswith(reverse("login"))
    assert client_for(support).get(url).status_code == 403
    assert client_for(participant=participant).get(edit).status_code == 302
    assert (
        "Gruppe 3"
        not in client_for(participant=participant)
        .get(reverse("phone_signups:list", args=[arena.join_code]))
        .text
    )

    delete = reverse("signups:note_delete", args=[arena.pk, note.pk])
    assert frank.post(delete).status_code == 302
    assert not AgendaNote.objects.exists()


def test_another_arenas_phone_cannot_sign_up(arena, organiser, other_organiser, theme):
    from arena.models import Arena

    open_offer(client_for(organiser), arena, theme, 3)
    other = Arena.objects.for_user(other_organiser).get()
    stranger = client_for(participant=Participant.objects.create(arena=other, display_name="X"))
    url = reverse("phone_signups:join", args=[other.join_code, theme.signup_offer.pk])
    stranger.post(url)
    assert not Signup.objects.exists()
    staff_url = reverse("signups:offer", args=[other.pk, theme.pk])
    assert client_for(other_organiser).get(staff_url).status_code == 404


def test_phone_page_queries_do_not_grow_with_offers(arena, organiser, participant):
    staff = client_for(organiser)
    items = [add_item(arena, f"Tema {n}", f"{9 + n:02d}:00", f"{9 + n:02d}:45") for n in range(3)]
    open_offer(staff, arena, items[0], 5)
    client = client_for(participant=participant)
    url = reverse("phone_signups:list", args=[arena.join_code])
    sign_up(client, arena, items[0])
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for item in items[1:]:
        open_offer(staff, arena, item, 5)
        sign_up(phone(arena, item.title), arena, item)
    sign_up(client, arena, items[2])
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert all(item.title in page.text for item in items)
    assert len(three) == len(one)

    staff_url = reverse("signups:list", args=[arena.pk])
    staff.get(staff_url)
    with CaptureQueriesContext(connection) as staff_three:
        staff.get(staff_url)
    SignupOffer.objects.filter(item__in=items[1:]).delete()
    with CaptureQueriesContext(connection) as staff_one:
        staff.get(staff_url)
    assert len(staff_three) == len(staff_one)


def test_a_phone_changing_its_signups_over_and_over_is_slowed_down(
    arena, organiser, theme, monkeypatch
):
    from sessions import signups

    monkeypatch.setattr(signups, "CHANGES_PER_MINUTE", 2)
    # The limiter's clock held mid-minute: a fixed window turning over between
    # the posts would let the third through.
    middle = (time.time() // 60) * 60 + 30
    clock = type("Clock", (), {"time": staticmethod(lambda: middle)})
    monkeypatch.setattr(ratelimit, "time", clock)
    open_offer(client_for(organiser), arena, theme, 5)
    pia = phone(arena, "Pia")
    pia.cookies["django_language"] = "en"
    offer = theme.signup_offer
    assert sign_up(pia, arena, theme).status_code == 200
    pia.post(reverse("phone_signups:cancel", args=[arena.join_code, offer.pk]))
    slowed = pia.post(reverse("phone_signups:join", args=[arena.join_code, offer.pk]))
    assert slowed.status_code == 429 and slowed["Retry-After"] == "60"
    assert "Wait a minute, then try again." in slowed.text
    assert "Tema: IPS i praksis" in slowed.text  # the list stays on the screen
    assert not offer.signups.exists()
