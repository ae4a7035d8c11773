from django.urls import reverse

from proposals import services
from proposals.models import Group, Topic, TopicKind, TopicStatus
from tests.personas import client_for

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_participant_posts_topic_and_sees_its_status(
    arena, participant, sessions, spaces, organiser
):
    phone = client_for(participant=participant, language="en")
    url = reverse("phone:topics", args=[arena.join_code])
    response = phone.post(url, {"title": "Unge i arbeid", "description": "Hvordan?", "kind": "new"})
    assert response.status_code == 302
    topic = Topic.objects.get(title="Unge i arbeid")
    assert "Waiting to be read out" in phone.get(url).content.decode()
    services.place_topic(topic, sessions[0], spaces[2], organiser)
    assert "On the wall at 1.3" in phone.get(url).content.decode()


def test_empty_and_too_long_titles_are_explained_and_kept(arena, participant):
    phone = client_for(participant=participant)
    url = reverse("phone:topics", args=[arena.join_code])
    response = phone.post(url, {"title": "   ", "description": "mine ord", "kind": "new"})
    assert response.context["form"].errors["title"]
    assert "mine ord" in response.content.decode()
    long_title = "x" * 2000
    response = phone.post(url, {"title": long_title, "kind": "new"})
    assert response.context["form"].errors["title"]
    assert long_title in response.content.decode()
    assert not Topic.objects.exists()


def test_fifty_topics_in_a_minute_get_a_kind_message(arena, participant):
    phone = client_for(participant=participant, language="en")
    url = reverse("phone:topics", args=[arena.join_code])
    for n in range(50):
        response = phone.post(url, {"title": f"T{n}", "kind": "new"})
    assert Topic.objects.count() == services.POST_LIMIT
    body = response.content.decode()
    assert "Wait a minute" in body and 'value="T49"' in body


def test_html_in_topics_is_escaped_everywhere(arena, participant, sessions, spaces, organiser):
    topic = services.post_topic(participant, title=XSS, description=XSS)
    staff = client_for(organiser)
    for body in [
        staff.get(reverse("proposals:wall", args=[arena.pk])).content.decode(),
        staff.get(
            reverse("proposals:queue", args=[arena.pk]), HTTP_HX_REQUEST="true"
        ).content.decode(),
    ]:
        assert "<script>alert" not in body and "&lt;script&gt;" in body
    services.place_topic(topic, sessions[0], spaces[0], organiser)
    from proposals.live import render_rows

    fragment = "".join(render_rows(arena.pk, [sessions[0].pk]))
    assert "<script>alert" not in fragment and "&lt;script&gt;" in fragment
    phone = client_for(participant=participant)
    body = phone.get(reverse("phone:wall", args=[arena.join_code])).content.decode()
    assert "<script>alert" not in body


def test_deepening_links_to_earlier_input_by_code(
    arena, participant, topics, sessions, spaces, organiser
):
    services.place_topic(topics[0], sessions[1], spaces[1], organiser)  # 2.2
    phone = client_for(participant=participant)
    url = reverse("phone:topics", args=[arena.join_code])
    response = phone.post(
        url, {"title": "Dypere", "kind": "deepening", "builds_on": "2.2 – Topic 1"}
    )
    assert response.status_code == 302
    assert Topic.objects.get(title="Dypere").builds_on == topics[0]
    response = phone.post(url, {"title": "Uten", "kind": "implementation", "builds_on": ""})
    assert response.context["form"].errors["builds_on"]
    response = phone.post(url, {"title": "Feil", "kind": "deepening", "builds_on": "9.99"})
    assert response.context["form"].errors["builds_on"]
    assert 'value="9.99"' in response.content.decode()
    assert Topic.objects.get(title="Dypere").kind == TopicKind.DEEPENING


def test_facilitator_places_by_form_and_loser_of_race_is_told(
    arena, topics, sessions, spaces, organiser, facilitator
):
    cell = f"{sessions[0].pk}-{spaces[0].pk}"
    first = client_for(organiser, language="en").post(
        reverse("proposals:topic_place", args=[arena.pk, topics[0].pk]),
        {"cell": cell},
        HTTP_HX_REQUEST="true",
    )
    assert "is on the wall at 1.1" in first.content.decode()
    second = client_for(facilitator, language="en").post(
        reverse("proposals:topic_place", args=[arena.pk, topics[1].pk]),
        {"cell": cell},
        HTTP_HX_REQUEST="true",
    )
    body = second.content.decode()
    assert "was just taken" in body
    assert (
        'id="grid"' in body and 'hx-swap-oob="true"' in body and "Topic 1" in body
    )  # current wall
    assert Group.objects.get().topic == topics[0]


def test_garbage_cell_and_ids_are_refused_plainly(arena, topics, organiser):
    client = client_for(organiser, language="en")
    for cell in ["", "abc", "1-", "-1", "999999-999999", "1;2", "1-2-3", "99999999999999999999-1"]:
        response = client.post(
            reverse("proposals:topic_place", args=[arena.pk, topics[0].pk]),
            {"cell": cell},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200 and "Pick a free cell" in response.content.decode()
    response = client.post(reverse("proposals:drop", args=[arena.pk]), {"cell": "x", "topic": "y"})
    assert response.status_code == 302
    response = client.post(
        reverse("proposals:topic_merge", args=[arena.pk, topics[0].pk]), {"into": "nope"}
    )
    assert response.status_code == 302
    assert Topic.objects.filter(status=TopicStatus.MERGED).count() == 0


def test_drop_on_occupied_cell_swaps(arena, topics, sessions, spaces, organiser):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    client_for(organiser).post(
        reverse("proposals:drop", args=[arena.pk]),
        {"group": a.pk, "cell": f"{sessions[0].pk}-{spaces[1].pk}"},
    )
    assert Group.objects.get(topic=topics[0]).space == spaces[1]
    assert Group.objects.get(topic=topics[1]).space == spaces[0]


def test_attend_from_phone_returns_my_groups(
    arena, participant, topics, sessions, spaces, organiser
):
    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    phone = client_for(participant=participant)
    response = phone.post(
        reverse("phone:attend", args=[arena.join_code, group.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="my-groups"') and "1.1" in body
    page = phone.get(reverse("phone:group", args=[arena.join_code, group.pk])).content.decode()
    assert "Pia" in page


def test_expired_or_forged_token_sent_back_to_join(arena, participant):
    from django.core import signing

    phone = client_for()
    phone.cookies[f"arena_p{arena.pk}"] = signing.dumps(
        {"a": arena.pk, "p": participant.pk, "k": "x"}
    )
    response = phone.get(reverse("phone:wall", args=[arena.join_code]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("join"))


def test_email_shared_only_with_people_of_the_same_group(
    arena, participant, topics, sessions, spaces, organiser
):
    from arena.models import Participant

    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    other = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    kari = Participant.objects.create(
        arena=arena, display_name="Kari", email="kari@example.org", share_email=True
    )
    ola = Participant.objects.create(arena=arena, display_name="Ola", email="ola@example.org")
    for person in (kari, ola, participant):
        services.attend(person, group)
    page = client_for(participant=participant).get(
        reverse("phone:group", args=[arena.join_code, group.pk])
    )
    body = page.content.decode()
    assert "kari@example.org" in body and "ola@example.org" not in body
    outsider = Participant.objects.create(arena=arena, display_name="Per")
    services.attend(outsider, other)
    body = (
        client_for(participant=outsider)
        .get(reverse("phone:group", args=[arena.join_code, group.pk]))
        .content.decode()
    )
    assert "kari@example.org" not in body
