"""Every URL × every role → the expected status.

Strangers (signed in, no role) and organisers of another arena get 404: the
arena's existence is not confirmed to them. Members whose role lacks the
capability get 403; anonymous visitors and participants (who have no account)
are sent to log in.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arena.models import Arena, Invitation, Membership, Role
from tests.personas import client_for

ROLES = [
    "anonymous",
    "participant",
    "stranger",
    "other_organiser",
    "reader",
    "support",
    "facilitator",
    "organiser",
]

LOGIN = 302
MEMBERS_ONLY = {
    "anonymous": LOGIN,
    "participant": LOGIN,
    "stranger": 404,
    "other_organiser": 404,
    "reader": 200,
    "support": 200,
    "facilitator": 200,
    "organiser": 200,
}
ORGANISERS_ONLY = {
    **MEMBERS_ONLY,
    "reader": 403,
    "support": 403,
    "facilitator": 403,
    "organiser": 200,
}
ORGANISERS_ONLY_POST = {**ORGANISERS_ONLY, "organiser": 302}
FACILITATORS = {**ORGANISERS_ONLY, "facilitator": 200}
FACILITATORS_POST = {**FACILITATORS, "facilitator": 302, "organiser": 302}
PARTICIPANTS = {**dict.fromkeys(ROLES, 302), "participant": 200}
PARTICIPANTS_POST = dict.fromkeys(ROLES, 302)
EVERYONE = dict.fromkeys(ROLES, 200)
# Participants' URLs send people without a token to the join page, not to log in.
PHONE_URLS = {"join_code", "participant_home", "persona", "persona_withdraw", "persona_picture"}


def _objects(arena):
    from arena.models import Announcement
    from proposals.models import Group, Topic

    day = arena.days.first()
    item = day.items.first()
    topic = Topic.objects.create(arena=arena, title="T")
    placed = Topic.objects.create(arena=arena, title="Placed")
    from sessions.models import Space

    free = Space.objects.create(arena=arena, number=arena.spaces.count() + 100)
    group = Group.objects.create(arena=arena, topic=placed, session=item, space=free)
    announcement = Announcement.objects.create(
        arena=arena, text="Hei", expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    inv = Invitation.objects.create(arena=arena, role=Role.READER)
    reader_membership = Membership.objects.filter(arena=arena, role=Role.READER).first()
    return {
        "arena_pk": arena.pk,
        "day_pk": day.pk,
        "item_pk": item.pk,
        "space_pk": arena.spaces.first().pk,
        "perspective_pk": arena.perspectives.first().pk,
        "invitation_pk": inv.pk,
        "membership_pk": reader_membership.pk,
        "token": inv.token,
        "code": arena.join_code,
        "topic_pk": topic.pk,
        "group_pk": group.pk,
        "announcement_pk": announcement.pk,
        "participant_pk": arena.participants.first().pk,
    }


# (url name, kwargs it takes, method, expected status per role)
MATRIX = [
    ("home", [], "get", EVERYONE),
    ("healthz", [], "get", EVERYONE),
    ("join", [], "get", EVERYONE),
    ("invitation", ["token"], "get", EVERYONE),
    ("join_code", ["code"], "get", dict.fromkeys(ROLES, 302)),
    ("participant_home", ["code"], "get", {**dict.fromkeys(ROLES, 302), "participant": 200}),
    (
        "arena_create",
        [],
        "get",
        {
            **dict.fromkeys(ROLES, 403),
            "anonymous": LOGIN,
            "participant": LOGIN,
            "other_organiser": 200,
            "organiser": 200,
        },
    ),
    ("arena:detail", ["arena_pk"], "get", MEMBERS_ONLY),
    ("arena:qr", ["arena_pk"], "get", MEMBERS_ONLY),
    ("arena:edit", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("arena:copy", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("arena:join_code_renew", ["arena_pk"], "post", ORGANISERS_ONLY_POST),
    ("arena:day_add", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("arena:day_delete", ["arena_pk", "day_pk"], "get", ORGANISERS_ONLY),
    ("arena:perspectives", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("arena:perspective_edit", ["arena_pk", "perspective_pk"], "get", ORGANISERS_ONLY),
    ("arena:perspective_delete", ["arena_pk", "perspective_pk"], "get", ORGANISERS_ONLY),
    ("arena:people", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("arena:invitation_revoke", ["arena_pk", "invitation_pk"], "post", ORGANISERS_ONLY_POST),
    ("arena:member_remove", ["arena_pk", "membership_pk"], "get", ORGANISERS_ONLY),
    ("programme:agenda_add", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("programme:agenda_edit", ["arena_pk", "item_pk"], "get", ORGANISERS_ONLY),
    ("programme:agenda_delete", ["arena_pk", "item_pk"], "get", ORGANISERS_ONLY),
    ("programme:spaces", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("programme:space_edit", ["arena_pk", "space_pk"], "get", ORGANISERS_ONLY),
    ("programme:space_delete", ["arena_pk", "space_pk"], "get", ORGANISERS_ONLY),
    # running the wall: facilitators and organisers
    ("proposals:wall", ["arena_pk"], "get", FACILITATORS),
    ("proposals:queue", ["arena_pk"], "get", FACILITATORS),
    ("proposals:topic_add", ["arena_pk"], "post", FACILITATORS_POST),
    ("proposals:topic_read_out", ["arena_pk", "topic_pk"], "post", FACILITATORS_POST),
    ("proposals:topic_edit", ["arena_pk", "topic_pk"], "get", FACILITATORS),
    ("proposals:topic_reject", ["arena_pk", "topic_pk"], "post", FACILITATORS_POST),
    ("proposals:topic_merge", ["arena_pk", "topic_pk"], "post", FACILITATORS_POST),
    ("proposals:topic_place", ["arena_pk", "topic_pk"], "post", FACILITATORS_POST),
    ("proposals:drop", ["arena_pk"], "post", FACILITATORS_POST),
    ("proposals:group_actions", ["arena_pk", "group_pk"], "get", FACILITATORS),
    ("proposals:group_move", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    ("proposals:group_swap", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    ("proposals:group_unplace", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    ("proposals:undo", ["arena_pk"], "post", FACILITATORS_POST),
    ("arena:projector_wall", ["arena_pk"], "get", FACILITATORS),
    ("arena:projector_join", ["arena_pk"], "get", FACILITATORS),
    ("arena:projector_perspectives", ["arena_pk"], "get", FACILITATORS),
    ("arena:announce", ["arena_pk"], "get", FACILITATORS),
    ("arena:announcement_dismiss", ["arena_pk", "announcement_pk"], "post", FACILITATORS),
    # participants' phones (signed-in people without a token go to join too)
    ("persona", ["code"], "get", PARTICIPANTS),
    ("persona_withdraw", ["code"], "post", PARTICIPANTS_POST),
    ("persona_picture", ["code", "participant_pk"], "get", {**dict.fromkeys(ROLES, 404)}),
    ("phone:wall", ["code"], "get", PARTICIPANTS),
    ("phone:topics", ["code"], "get", PARTICIPANTS),
    ("phone:group", ["code", "group_pk"], "get", PARTICIPANTS),
    ("phone:attend", ["code", "group_pk"], "post", PARTICIPANTS_POST),
]


def test_matrix_covers_every_url_name():
    """A new URL without a row in the matrix fails here."""
    from django.urls import get_resolver

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace
                yield from names(pattern, f"{prefix}{ns}:" if ns else prefix)
            elif pattern.name:
                yield prefix + pattern.name

    app_names = {
        n
        for n in names(get_resolver())
        if not n.startswith("admin:") and n not in {"login", "logout", "set_language"}
    }
    assert app_names == {row[0] for row in MATRIX}


@pytest.fixture
def people(arena, organiser, facilitator, support, reader, stranger, other_organiser, participant):
    return {
        "anonymous": client_for(),
        "participant": client_for(participant=participant),
        "stranger": client_for(stranger),
        "other_organiser": client_for(other_organiser),
        "reader": client_for(reader),
        "support": client_for(support),
        "facilitator": client_for(facilitator),
        "organiser": client_for(organiser),
    }


@pytest.mark.parametrize(
    ("name", "kwarg_names", "method", "expected"), MATRIX, ids=[r[0] for r in MATRIX]
)
def test_permission_matrix(people, arena, name, kwarg_names, method, expected):
    for role in ROLES:
        objects = _objects(arena)  # fresh objects: a POST may have used the last ones
        url = reverse(name, kwargs={k: objects[k] for k in kwarg_names})
        response = getattr(people[role], method)(url)
        assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
        phone_url = name.startswith("phone:") or name in PHONE_URLS
        if role in ("anonymous", "participant") and expected[role] == LOGIN and not phone_url:
            assert response["Location"].startswith(reverse("login"))


def test_other_arenas_objects_are_404_through_own_arena(arena, other_organiser):
    """An organiser cannot reach another arena's objects by swapping the pk."""
    own = Arena.objects.for_user(other_organiser).get()
    client = client_for(other_organiser)
    space = arena.spaces.first()
    item = arena.days.first().items.first()
    perspective = arena.perspectives.first()
    for url in [
        reverse("programme:space_edit", args=[own.pk, space.pk]),
        reverse("programme:agenda_edit", args=[own.pk, item.pk]),
        reverse("arena:perspective_edit", args=[own.pk, perspective.pk]),
        reverse("arena:day_delete", args=[own.pk, arena.days.first().pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("programme:space_delete", args=[own.pk, space.pk])).status_code == 404
    )
    assert arena.spaces.filter(pk=space.pk).exists()
