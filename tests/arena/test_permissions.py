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
ORGANISERS_ONLY_400 = {**ORGANISERS_ONLY, "organiser": 400}
FACILITATORS = {**ORGANISERS_ONLY, "facilitator": 200}
FACILITATORS_POST = {**FACILITATORS, "facilitator": 302, "organiser": 302}
DOCUMENTERS = {**MEMBERS_ONLY, "reader": 403}
DOCUMENTERS_POST = {**DOCUMENTERS, "support": 302, "facilitator": 302, "organiser": 302}
# Photo rows in the matrix have no files: members pass the access check, then 404.
MEMBERS_NO_FILE = {
    **MEMBERS_ONLY,
    **dict.fromkeys(["reader", "support", "facilitator", "organiser"], 404),
}
# READ_REPORT: readers, facilitators and organisers (support facilitators do not).
READERS = {**MEMBERS_ONLY, "support": 403}
READERS_NO_FILE = {**READERS, **dict.fromkeys(["reader", "facilitator", "organiser"], 404)}
PARTICIPANTS = {**dict.fromkeys(ROLES, 302), "participant": 200}
PARTICIPANTS_POST = dict.fromkeys(ROLES, 302)
EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN, "participant": LOGIN}
STRATEGY_READERS = {**MEMBERS_ONLY, "support": 404, "facilitator": 404}
STRATEGY_EDITORS = {**STRATEGY_READERS, "reader": 403}
STRATEGY_EDITORS_POST = {**STRATEGY_EDITORS, "organiser": 302}
NOT_COUNCIL = {**FACILITATORS, "facilitator": 404, "organiser": 404}  # the arena is Open Space
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
        "pk": _challenge(arena).pk,
        "theme_pk": _theme(arena).pk,
        "area_pk": _theme(arena, area=True).pk,
        **_council_objects(arena),
        **_signup_objects(arena),
        **_strategy_objects(arena),
        **_input_wall_objects(arena),
        **_report_objects(arena),
        **_arena_report_objects(arena),
    }


def _strategy_objects(arena):
    """A strategy over the arena with a pillar and a tagged input from another source."""
    from reports.models import Pillar, PillarTag, SourceInput, Strategy

    strategy = Strategy.objects.create(title="Strategi")
    strategy.arenas.add(arena)
    pillar = Pillar.objects.create(strategy=strategy, title="Bærebjelke")
    source = SourceInput.objects.create(
        strategy=strategy, source="Arbeidsgruppen", title="Et innspill"
    )
    tag = PillarTag.objects.create(pillar=pillar, source_input=source)
    published = Strategy.objects.create(title="Publisert", public_token="t" * 32)
    return {
        "strategy_pk": strategy.pk,
        "pillar_pk": pillar.pk,
        "source_pk": source.pk,
        "tag_pk": tag.pk,
        "key": f"s{source.pk}",
        "strategy_token": published.public_token,
    }


def _signup_objects(arena):
    """An agenda item open for sign-up, and a staff note on it."""
    from sessions.models import AgendaNote, SignupOffer

    item = arena.days.first().items.first()
    offer, _ = SignupOffer.objects.get_or_create(item=item, defaults={"capacity": 50})
    note = AgendaNote.objects.create(item=item, text="Notat")
    return {"offer_pk": offer.pk, "note_pk": note.pk}


def _council_objects(arena):
    """A PDF row without a file on the first item; a discussion with one council input."""
    from reports.models import CouncilInput
    from sessions.models import AgendaItem, ItemKind, PresenterMaterial

    item = arena.days.first().items.first()
    material = PresenterMaterial.objects.create(
        item=item, title="PDF", file="private/material/missing.pdf"
    )
    discussion = AgendaItem.objects.create(
        day=item.day,
        kind=ItemKind.DISCUSSION,
        title="Diskusjon",
        start=datetime.time(20, 0),
        end=datetime.time(20, 30),
    )
    council_input = CouncilInput.objects.create(item=discussion, number="1", title="Innspill")
    return {
        "material_pk": material.pk,
        "discussion_pk": discussion.pk,
        "council_input_pk": council_input.pk,
    }


def _theme(arena, area=False):
    """A cross-cutting theme (it has a theme wall), or a main area."""
    from sessions.models import Theme, ThemeKind

    if area:
        return Theme.objects.create(arena=arena, title="Hovedområde", kind=ThemeKind.AREA)
    return Theme.objects.create(arena=arena, title="Tverrgående", kind=ThemeKind.CROSS)


def _challenge(arena):
    """A challenge group's registration, waiting for the organiser."""
    from proposals.challenge_models import ChallengeRegistration

    return ChallengeRegistration.objects.create(
        arena=arena, title="Utfordring", problem="P", desired_result="R", owner="Eier"
    )


def _input_wall_objects(arena):
    """A submitted report with one input (on the input wall) and an open vote."""
    from proposals.models import Group, Topic
    from reports.models import GroupReport, Input, ReportStatus, ReportTemplate, Vote
    from sessions.models import Space

    space = Space.objects.create(arena=arena, number=arena.spaces.count() + 200)
    topic = Topic.objects.create(arena=arena, title="Input wall")
    group = Group.objects.create(
        arena=arena, topic=topic, session=arena.days.first().items.first(), space=space
    )
    report = GroupReport.objects.create(
        group=group,
        template=ReportTemplate.objects.filter(arena=None).first(),
        status=ReportStatus.SUBMITTED,
    )
    item = Input.objects.create(report=report, title="Innspill")
    Vote.objects.filter(arena=arena, closed_at=None).update(closed_at=timezone.now())
    vote = Vote.objects.create(arena=arena, title="V", dots_per_participant=99, cap_per_input=99)
    return {"input_pk": item.pk, "vote_pk": vote.pk}


def _arena_report_objects(arena):
    """The arena report's text with a quote and a photo row, and a queued
    version (no files: downloads are 404 after the access check)."""
    from reports.models import ArenaReportText, ReportImage, ReportQuote, ReportVersion

    text, _ = ArenaReportText.objects.get_or_create(arena=arena)
    quote = ReportQuote.objects.create(text=text, quote="Q")
    image = ReportImage.objects.create(
        text=text, web="missing", print_version="missing", thumb="missing"
    )
    number = ReportVersion.objects.filter(arena=arena).count() + 1
    version = ReportVersion.objects.create(arena=arena, number=number, language="nb")
    return {
        "quote_pk": quote.pk,
        "image_pk": image.pk,
        "version_pk": version.pk,
        "export_name": "inputs.csv",
    }


def _report_objects(arena):
    """An arena template with one section, and a photo row (its files do not
    exist, so members get 404 after the access check)."""
    from reports.models import GroupReport, Photo, ReportTemplate, TemplateSection

    template = ReportTemplate.objects.create(arena=arena, name="Own")
    section = TemplateSection.objects.create(template=template, title="S")
    report = GroupReport.objects.filter(group__arena=arena).first()
    photo = Photo.objects.create(
        report=report, web="missing", print_version="missing", thumb="missing"
    )
    return {
        "template_pk": template.pk,
        "section_pk": section.pk,
        "photo_pk": photo.pk,
        "variant": "web",
    }


# (url name, kwargs it takes, method, expected status per role)
MATRIX = [
    ("home", [], "get", EVERYONE),
    # A strategy: its arenas' organisers edit, readers read, everyone else finds nothing.
    ("reports:followup", ["arena_pk"], "get", READERS),
    ("reports:followup_due", ["arena_pk"], "get", READERS),
    ("reports:followup_input", ["arena_pk", "input_pk"], "get", READERS),
    # nothing ticked: 400 with the message
    ("reports:followup_change", ["arena_pk"], "post", {**ORGANISERS_ONLY, "organiser": 400}),
    ("phone_reports:followup", ["code"], "get", PARTICIPANTS),
    ("strategy:list", [], "get", SIGNED_IN),
    # the archive: every signed-in user searches the arenas they are a member of
    ("archive:home", [], "get", SIGNED_IN),
    ("archive:search", [], "get", SIGNED_IN),
    # organisers (of any arena) make strategies
    (
        "strategy:create",
        [],
        "get",
        {**SIGNED_IN, **dict.fromkeys(["stranger", "reader", "support", "facilitator"], 403)},
    ),
    # to the list of the strategies over the arena, for those who may read one
    (
        "strategy:for_arena",
        ["arena_pk"],
        "get",
        {**MEMBERS_ONLY, "reader": 302, "support": 403, "facilitator": 302, "organiser": 302},
    ),
    ("strategy:detail", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:edit", ["strategy_pk"], "get", STRATEGY_EDITORS),
    # an empty pillar is refused (400)
    ("strategy:pillar_add", ["strategy_pk"], "post", {**STRATEGY_EDITORS, "organiser": 400}),
    ("strategy:pillar", ["strategy_pk", "pillar_pk"], "get", STRATEGY_READERS),
    ("strategy:pillar_edit", ["strategy_pk", "pillar_pk"], "get", STRATEGY_EDITORS),
    ("strategy:pillar_move", ["strategy_pk", "pillar_pk"], "post", STRATEGY_EDITORS_POST),
    ("strategy:pillar_delete", ["strategy_pk", "pillar_pk"], "get", STRATEGY_EDITORS),
    ("strategy:inputs", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:input", ["strategy_pk", "key"], "get", STRATEGY_READERS),
    ("strategy:tag_delete", ["strategy_pk", "tag_pk"], "post", STRATEGY_EDITORS_POST),
    ("strategy:sources", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:source_edit", ["strategy_pk", "source_pk"], "get", STRATEGY_EDITORS),
    ("strategy:source_delete", ["strategy_pk", "source_pk"], "get", STRATEGY_EDITORS),
    ("strategy:export_csv", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:extract_pdf", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:extract_docx", ["strategy_pk"], "get", STRATEGY_READERS),
    ("strategy:publish", ["strategy_pk"], "get", STRATEGY_EDITORS),
    ("strategy:unpublish", ["strategy_pk"], "post", STRATEGY_EDITORS_POST),
    # the published trace: anyone with the link, no account
    ("strategy:public", ["strategy_token"], "get", EVERYONE),
    ("strategy:public_pdf", ["strategy_token"], "get", EVERYONE),
    # The council meeting's screens (the matrix arena is an Open Space: they are 404 there).
    ("programme:material", ["arena_pk", "item_pk"], "get", MEMBERS_ONLY),
    ("programme:material_file", ["arena_pk", "material_pk"], "get", MEMBERS_NO_FILE),
    ("programme:material_delete", ["arena_pk", "material_pk"], "get", ORGANISERS_ONLY),
    ("programme:observe", ["arena_pk", "code"], "get", dict.fromkeys(ROLES, 404)),
    (
        "programme:observe_material",
        ["arena_pk", "code", "material_pk"],
        "get",
        dict.fromkeys(ROLES, 404),
    ),
    ("reports:council", ["arena_pk"], "get", NOT_COUNCIL),
    ("reports:council_discussion", ["arena_pk", "discussion_pk"], "get", NOT_COUNCIL),
    ("reports:council_input_edit", ["arena_pk", "council_input_pk"], "get", NOT_COUNCIL),
    ("reports:council_input_move", ["arena_pk", "council_input_pk"], "post", NOT_COUNCIL),
    ("reports:council_input_delete", ["arena_pk", "council_input_pk"], "get", NOT_COUNCIL),
    ("signups:list", ["arena_pk"], "get", FACILITATORS),
    ("signups:offer", ["arena_pk", "item_pk"], "get", ORGANISERS_ONLY),
    ("signups:offer_delete", ["arena_pk", "item_pk"], "get", ORGANISERS_ONLY),
    ("signups:notes", ["arena_pk", "item_pk"], "get", FACILITATORS),
    ("signups:note_edit", ["arena_pk", "note_pk"], "get", FACILITATORS),
    ("signups:note_delete", ["arena_pk", "note_pk"], "get", FACILITATORS),
    ("phone_signups:list", ["code"], "get", PARTICIPANTS),
    ("phone_signups:join", ["code", "offer_pk"], "post", PARTICIPANTS_POST),
    ("phone_signups:cancel", ["code", "offer_pk"], "post", PARTICIPANTS_POST),
    ("programme:themes", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("programme:theme_edit", ["arena_pk", "theme_pk"], "get", ORGANISERS_ONLY),
    ("programme:theme_delete", ["arena_pk", "theme_pk"], "get", ORGANISERS_ONLY),
    ("programme:theme_move", ["arena_pk", "theme_pk"], "post", ORGANISERS_ONLY_POST),
    ("proposals:group_theme", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    ("proposals:theme_groups", ["arena_pk", "theme_pk=area_pk"], "get", ORGANISERS_ONLY),
    ("proposals:theme_group_move", ["arena_pk", "theme_pk=area_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:theme_inputs", ["arena_pk", "theme_pk"], "get", ORGANISERS_ONLY),
    ("reports:theme_wall", ["arena_pk", "theme_pk"], "get", FACILITATORS),
    ("phone_reports:theme_wall", ["code", "theme_pk"], "get", PARTICIPANTS),
    ("reports:report_word", ["arena_pk"], "get", READERS),
    # without ?template= the preview has nothing to show: 400 with the message
    (
        "reports:template_change",
        ["arena_pk", "group_pk"],
        "get",
        {**DOCUMENTERS, **dict.fromkeys(["support", "facilitator", "organiser"], 400)},
    ),
    ("challenges:list", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("challenges:detail", ["arena_pk", "pk"], "get", ORGANISERS_ONLY),
    # an empty POST: 422, the form says what is missing
    ("challenges:approve", ["arena_pk", "pk"], "post", {**ORGANISERS_ONLY, "organiser": 422}),
    ("challenges:decline", ["arena_pk", "pk"], "post", ORGANISERS_ONLY_POST),
    ("challenges:facilitating", ["arena_pk"], "get", DOCUMENTERS),
    # the registration is not approved yet: it has no sessions to show
    (
        "challenges:facilitator",
        ["arena_pk", "pk"],
        "get",
        {**DOCUMENTERS, **dict.fromkeys(["support", "facilitator", "organiser"], 404)},
    ),
    # The public pages exist only in a challenge-group arena (this one is Open Space),
    # and a token that is not a challenge's opens nothing.
    ("challenge_public:register", ["code"], "get", dict.fromkeys(ROLES, 404)),
    ("challenge_public:owner", ["code", "token"], "get", dict.fromkeys(ROLES, 404)),
    ("challenge_public:invitation", ["code", "token"], "get", dict.fromkeys(ROLES, 404)),
    ("cafe:remix", ["arena_pk"], "get", FACILITATORS),
    (
        "cafe:remix",
        ["arena_pk"],
        "post",
        FACILITATORS,
    ),  # without action=confirm a POST only reviews
    ("keys:form", ["arena_pk", "group_pk"], "get", DOCUMENTERS),
    # an empty POST is refused with 400 ("Nothing to save")
    (
        "keys:form",
        ["arena_pk", "group_pk"],
        "post",
        {**DOCUMENTERS, "support": 400, "facilitator": 400, "organiser": 400},
    ),
    ("healthz", [], "get", EVERYONE),
    ("join", [], "get", EVERYONE),
    ("invitation", ["token"], "get", EVERYONE),
    # GET shows the Join button and creates no one; a phone that joined goes on
    ("join_code", ["code"], "get", {**dict.fromkeys(ROLES, 200), "participant": 302}),
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
    # the door: pause joining, remove a flood (facilitators and organisers)
    ("arena:door", ["arena_pk"], "get", FACILITATORS),
    ("arena:joining", ["arena_pk"], "post", FACILITATORS_POST),
    ("arena:flood_remove", ["arena_pk"], "get", FACILITATORS),
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
    ("proposals:sheets", ["arena_pk"], "get", FACILITATORS),
    ("proposals:group_sheet", ["arena_pk", "group_pk"], "get", FACILITATORS),
    ("proposals:projector_wall", ["arena_pk"], "get", FACILITATORS),
    ("proposals:projector_mode", ["arena_pk"], "post", FACILITATORS_POST),
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
    ("phone:earlier_topics", ["code"], "get", PARTICIPANTS),
    ("phone:group", ["code", "group_pk"], "get", PARTICIPANTS),
    ("phone:attend", ["code", "group_pk"], "post", PARTICIPANTS_POST),
    ("phone:leave", ["code", "group_pk"], "post", PARTICIPANTS_POST),
    ("reports:input_wall_projector", ["arena_pk"], "get", FACILITATORS),
    ("reports:votes", ["arena_pk"], "get", FACILITATORS),
    ("reports:vote_close", ["arena_pk", "vote_pk"], "post", FACILITATORS_POST),
    ("reports:vote_projector", ["arena_pk", "vote_pk"], "get", FACILITATORS),
    ("phone_reports:input_wall", ["code"], "get", PARTICIPANTS),
    ("phone_reports:comment", ["code", "input_pk"], "get", PARTICIPANTS),
    ("phone_reports:vote", ["code"], "get", PARTICIPANTS),
    ("phone_reports:vote_dot", ["code", "vote_pk", "input_pk"], "post", PARTICIPANTS_POST),
    # group reports (reports.views): documenting = support, facilitator, organiser
    ("reports:index", ["arena_pk"], "get", DOCUMENTERS),
    ("reports:newsroom", ["arena_pk"], "get", FACILITATORS),
    ("reports:photo", ["arena_pk", "photo_pk", "variant"], "get", MEMBERS_NO_FILE),
    ("reports:templates", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("reports:template_new", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("reports:template_edit", ["arena_pk", "template_pk"], "get", ORGANISERS_ONLY),
    ("reports:template_copy", ["arena_pk", "template_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:template_default", ["arena_pk", "template_pk"], "post", ORGANISERS_ONLY_POST),
    (
        "reports:section_add",
        ["arena_pk", "template_pk"],
        "post",
        {**ORGANISERS_ONLY, "organiser": 400},
    ),
    (
        "reports:section_edit",
        ["arena_pk", "template_pk", "section_pk"],
        "post",
        {**ORGANISERS_ONLY, "organiser": 400},
    ),
    (
        "reports:section_move",
        ["arena_pk", "template_pk", "section_pk"],
        "post",
        ORGANISERS_ONLY_POST,
    ),
    (
        "reports:section_delete",
        ["arena_pk", "template_pk", "section_pk"],
        "post",
        ORGANISERS_ONLY_POST,
    ),
    (
        "reports:section_delete",
        ["arena_pk", "template_pk", "section_pk"],
        "get",
        ORGANISERS_ONLY,
    ),
    ("reports:edit", ["arena_pk", "group_pk"], "get", DOCUMENTERS),
    (
        "reports:autosave",
        ["arena_pk", "group_pk"],
        "post",
        {**DOCUMENTERS, **dict.fromkeys(["support", "facilitator", "organiser"], 400)},
    ),
    ("reports:presence", ["arena_pk", "group_pk"], "post", DOCUMENTERS),
    ("reports:history", ["arena_pk", "group_pk"], "get", DOCUMENTERS),
    ("reports:restore", ["arena_pk", "group_pk"], "post", DOCUMENTERS_POST),
    ("reports:submit", ["arena_pk", "group_pk"], "post", DOCUMENTERS_POST),
    ("reports:approve", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    (
        "reports:send_back",
        ["arena_pk", "group_pk"],
        "post",
        {**FACILITATORS, "facilitator": 400, "organiser": 400},
    ),
    ("reports:assign", ["arena_pk", "group_pk"], "post", FACILITATORS_POST),
    ("reports:claim", ["arena_pk", "group_pk"], "post", DOCUMENTERS_POST),
    ("reports:people_search", ["arena_pk", "group_pk"], "get", DOCUMENTERS),
    ("reports:person_add", ["arena_pk", "group_pk"], "post", DOCUMENTERS_POST),
    ("reports:person_remove", ["arena_pk", "group_pk"], "post", DOCUMENTERS_POST),
    (
        "reports:input_add",
        ["arena_pk", "group_pk"],
        "post",
        {**DOCUMENTERS, **dict.fromkeys(["support", "facilitator", "organiser"], 400)},
    ),
    ("reports:input_edit", ["arena_pk", "input_pk"], "get", DOCUMENTERS),
    ("reports:input_move", ["arena_pk", "input_pk"], "post", DOCUMENTERS_POST),
    ("reports:input_delete", ["arena_pk", "input_pk"], "get", DOCUMENTERS),
    (
        "reports:photo_add",
        ["arena_pk", "group_pk"],
        "post",
        {**DOCUMENTERS, **dict.fromkeys(["support", "facilitator", "organiser"], 400)},
    ),
    ("reports:photo_edit", ["arena_pk", "photo_pk"], "post", DOCUMENTERS_POST),
    ("reports:photo_delete", ["arena_pk", "photo_pk"], "get", DOCUMENTERS),
    ("phone_reports:photo", ["code", "photo_pk", "variant"], "get", dict.fromkeys(ROLES, 404)),
    # the arena's report (reports.report_views): READ_REPORT = reader, facilitator, organiser
    ("reports:report_home", ["arena_pk"], "get", READERS),
    ("reports:report_edit", ["arena_pk"], "get", ORGANISERS_ONLY),
    ("reports:report_quote_add", ["arena_pk"], "post", {**ORGANISERS_ONLY, "organiser": 400}),
    ("reports:report_quote_delete", ["arena_pk", "quote_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:report_image_add", ["arena_pk"], "post", {**ORGANISERS_ONLY, "organiser": 400}),
    # an empty POST is refused with 400 (issue 9: say why, never a silent redirect)
    ("reports:report_image_edit", ["arena_pk", "image_pk"], "post", ORGANISERS_ONLY_400),
    ("reports:report_image", ["arena_pk", "image_pk", "variant"], "get", READERS_NO_FILE),
    ("reports:report_preview", ["arena_pk"], "get", READERS),
    ("reports:report_generate", ["arena_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:report_version", ["arena_pk", "version_pk"], "get", READERS),
    ("reports:report_download", ["arena_pk", "version_pk"], "get", READERS_NO_FILE),
    ("reports:report_publish", ["arena_pk", "version_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:report_retry", ["arena_pk", "version_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:report_unpublish", ["arena_pk"], "post", ORGANISERS_ONLY_POST),
    ("reports:report_export", ["arena_pk", "export_name"], "get", READERS),
    ("public_reports:report", ["token"], "get", dict.fromkeys(ROLES, 404)),
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
        # "theme_pk=area_pk": the URL's theme_pk, filled with the object area_pk
        kwargs = {k.split("=")[0]: objects[k.split("=")[-1]] for k in kwarg_names}
        url = reverse(name, kwargs=kwargs)
        response = getattr(people[role], method)(url)
        assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
        phone_url = (
            name.startswith(("phone:", "phone_reports:", "phone_signups:")) or name in PHONE_URLS
        )
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
