"""The report editor's views: saving, conflicts, inputs, photos, status,
permissions on photos, and the template editor (Gap analysis, no code change)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Attendance
from reports.documentation import services
from reports.models import GroupReport, Input, Photo, ReportStatus, ReportTemplate, SectionKind
from tests.helpers import jpeg_with_gps
from tests.personas import client_for


def edit_url(group):
    return reverse("reports:edit", args=[group.arena_id, group.pk])


def form_data(report, base, **texts):
    """POST data for the editor: ``texts`` by section title."""
    data = {"base_revision": str(base)}
    by_title = {s.title: s for s in report.template.sections.all()}
    for title, text in texts.items():
        data[f"s{by_title[title].pk}"] = text
    return data


@pytest.fixture
def report(group):
    return services.report_for(group)


def test_editor_shows_sections_and_prefilled_participants(arena, group, support, participant):
    participant.consent_named = True
    participant.save()
    shy = arena.participants.create(display_name="Secret Person", consent_named=False)
    for person in (participant, shy):
        Attendance.objects.create(participant=person, group=group, session=group.session)
    response = client_for(support, language="en").get(edit_url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hva ble diskutert" in html and "Hva snakket gruppen om?" in html
    assert "Pia" in html and "Secret Person" not in html
    assert "1 person who did not agree to be named." in html
    assert 'capture="environment"' in html and "multiple" in html


def test_editor_post_saves_and_stale_post_gets_merge_view(group, report, support, facilitator):
    kari = client_for(support, language="en")
    frank = client_for(facilitator, language="en")
    response = kari.post(edit_url(group), form_data(report, 0, **{"Hva ble diskutert": "Kari"}))
    assert response.status_code == 302
    response = frank.post(
        edit_url(group), form_data(report, 0, **{"Hva ble diskutert": "Frank sin tekst"})
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this report" in html
    assert "Kari" in html and "Frank sin tekst" in html  # both versions shown
    assert 'name="base_revision" value="1"' in html  # the merge saves on top of the current
    report.refresh_from_db()
    assert report.content == {str(report.template.sections.first().pk): "Kari"}
    response = frank.post(
        edit_url(group), form_data(report, 1, **{"Hva ble diskutert": "Kari + Frank"})
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.revision == 2 and "Kari + Frank" in str(report.content)


def test_autosave_json_and_conflict(group, report, support):
    client = client_for(support)
    url = reverse("reports:autosave", args=[group.arena_id, group.pk])
    response = client.post(url, form_data(report, 0, **{"Hva ble diskutert": "a"}))
    # The answer echoes what was stored, so the script keeps its draft unless it matches.
    section = report.template.sections.first()
    assert response.status_code == 200 and response.json()["revision"] == 1
    assert response.json()["saved"][f"s{section.pk}"] == "a"
    response = client.post(url, form_data(report, 0, **{"Hva ble diskutert": "b"}))
    assert response.status_code == 409 and response.json()["conflict"] is True
    response = client.post(url, {"base_revision": "garbage"})
    assert response.status_code == 400 and "error" in response.json()


def test_presence_shows_the_other_editor(group, report, support, facilitator):
    # Presence is the page script's heartbeat (a POST): opening the page writes nothing.
    client_for(support).post(reverse("reports:presence", args=[group.arena_id, group.pk]))
    response = client_for(facilitator, language="en").get(edit_url(group))
    assert "siri is editing this report." in response.content.decode()
    url = reverse("reports:presence", args=[group.arena_id, group.pk])
    data = client_for(facilitator, language="en").post(url).json()
    assert data["editing"] == "siri is editing this report."


def test_history_and_restore(group, report, support):
    client = client_for(support, language="en")
    for base, text in enumerate(["one", "two"]):
        client.post(edit_url(group), form_data(report, base, **{"Hva ble diskutert": text}))
    history = client.get(reverse("reports:history", args=[group.arena_id, group.pk]))
    assert history.status_code == 200 and "Restore version 1" in history.content.decode()
    restore = reverse("reports:restore", args=[group.arena_id, group.pk])
    assert client.post(restore, {"number": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.revision == 3 and "one" in str(report.content)
    response = client.post(restore, {"number": "x'; drop"}, follow=True)
    assert "There is no such revision." in response.content.decode()


def test_input_add_invalid_keeps_text_then_edit_move_delete(group, report, support):
    client = client_for(support, language="en")
    add = reverse("reports:input_add", args=[group.arena_id, group.pk])
    response = client.post(add, {"title": "", "text": "Long text kept", "addressee": "national"})
    assert response.status_code == 400 and "Long text kept" in response.content.decode()
    client.post(add, {"title": "A", "text": "", "addressee": ""})
    client.post(add, {"title": "B", "text": "", "addressee": "own"})
    b = Input.objects.get(title="B")
    client.post(reverse("reports:input_move", args=[group.arena_id, b.pk]), {"direction": "up"})
    assert [i.title for i in report.inputs.all()] == ["B", "A"]
    edit = reverse("reports:input_edit", args=[group.arena_id, b.pk])
    assert (
        client.post(edit, {"title": "B2", "text": "t", "addressee": "services"}).status_code == 302
    )
    delete = reverse("reports:input_delete", args=[group.arena_id, b.pk])
    assert "Are you sure?" in client.get(delete).content.decode()
    client.post(delete)
    assert [i.title for i in report.inputs.all()] == ["A"]


def test_other_arenas_input_is_404(group, report, other_organiser, support):
    from arena.models import Arena

    own = Arena.objects.for_user(other_organiser).get()
    item = services.add_input(report, title="Not yours")
    client = client_for(other_organiser)
    assert client.get(reverse("reports:input_edit", args=[own.pk, item.pk])).status_code == 404
    assert client.get(reverse("reports:edit", args=[own.pk, group.pk])).status_code == 404


def test_photo_upload_keeps_good_files_and_reports_bad_ones(group, report, support):
    client = client_for(support, language="en")
    url = reverse("reports:photo_add", args=[group.arena_id, group.pk])
    response = client.post(
        url,
        {
            "caption": "Arket fra gruppe 1.1",
            "credit": "Siri",
            "photos": [
                SimpleUploadedFile("good.jpg", jpeg_with_gps(), content_type="image/jpeg"),
                SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
                SimpleUploadedFile("notes.txt", b"just text" * 20, content_type="text/plain"),
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "empty.jpg: The file is empty." in html
    assert "notes.txt: This file is not a photo Arena can read" in html
    assert 'value="Arket fra gruppe 1.1"' in html  # what was typed is kept
    photo = Photo.objects.get()
    assert photo.caption == "Arket fra gruppe 1.1" and photo.credit == "Siri"
    response = client.post(url, {"caption": ""})
    assert response.status_code == 400
    assert "Choose or take at least one photo." in response.content.decode()


def test_photos_are_served_only_to_the_arena(
    arena, group, report, support, reader, participant, stranger, other_organiser
):
    photo = services.add_photo(report, SimpleUploadedFile("a.jpg", jpeg_with_gps()), support)
    staff = reverse("reports:photo", args=[arena.pk, photo.pk, "print"])
    response = client_for(reader).get(staff)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client_for(stranger).get(staff).status_code == 404
    assert (
        client_for(support)
        .get(reverse("reports:photo", args=[arena.pk, photo.pk, "original"]))
        .status_code
        == 404
    )
    phone = client_for(participant=participant)
    code = arena.join_code
    assert (
        phone.get(reverse("phone_reports:photo", args=[code, photo.pk, "web"])).status_code == 200
    )
    assert (
        phone.get(reverse("phone_reports:photo", args=[code, photo.pk, "thumb"])).status_code == 200
    )
    assert (
        phone.get(reverse("phone_reports:photo", args=[code, photo.pk, "print"])).status_code == 404
    )
    anonymous = client_for()
    assert (
        anonymous.get(reverse("phone_reports:photo", args=[code, photo.pk, "web"])).status_code
        == 404
    )
    # photo edit/delete
    client = client_for(support)
    edit = reverse("reports:photo_edit", args=[arena.pk, photo.pk])
    assert client.post(edit, {"caption": "Ny", "credit": "K"}).status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Ny"
    assert (
        client.post(reverse("reports:photo_delete", args=[arena.pk, photo.pk])).status_code == 302
    )
    assert not Photo.objects.exists()


def test_submit_send_back_and_approve_through_views(group, report, support, facilitator):
    documenter = client_for(support, language="en")
    boss = client_for(facilitator, language="en")
    submit = reverse("reports:submit", args=[group.arena_id, group.pk])
    response = documenter.post(submit, follow=True)
    assert "Fill in the required sections first: Hva ble diskutert." in response.content.decode()
    documenter.post(edit_url(group), form_data(report, 0, **{"Hva ble diskutert": "Mye"}))
    documenter.post(submit)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    send_back = reverse("reports:send_back", args=[group.arena_id, group.pk])
    assert boss.post(send_back, {"comment": ""}).status_code == 400
    boss.post(send_back, {"comment": "Legg til deltakere"})
    page = documenter.get(edit_url(group)).content.decode()
    assert "Sent back by a facilitator:" in page and "Legg til deltakere" in page
    documenter.post(submit)
    assert (
        documenter.post(reverse("reports:approve", args=[group.arena_id, group.pk])).status_code
        == 403
    )
    boss.post(reverse("reports:approve", args=[group.arena_id, group.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_assign_claim_and_newsroom(arena, group, other_group, report, support, facilitator):
    boss = client_for(facilitator, language="en")
    assign = reverse("reports:assign", args=[arena.pk, group.pk])
    response = boss.post(assign, {"user": "99999", "next": "newsroom"}, follow=True)
    assert "That person cannot document groups in this arena." in response.content.decode()
    boss.post(assign, {"user": str(support.pk), "next": "newsroom"})
    assert GroupReport.objects.get(pk=report.pk).documenter == support
    page = boss.get(reverse("reports:newsroom", args=[arena.pk])).content.decode()
    assert group.topic.title in page and other_group.topic.title in page
    assert "0 of 2 submitted" in page
    claim = reverse("reports:claim", args=[arena.pk, group.pk])
    response = boss.post(claim, follow=True)
    assert "siri is already documenting this group." in response.content.decode()
    index = client_for(support, language="en").get(reverse("reports:index", args=[arena.pk]))
    assert "Groups you document" in index.content.decode()


def test_people_search_add_remove(arena, group, report, support, participant):
    participant.consent_named = True
    participant.save()
    client = client_for(support, language="en")
    search = reverse("reports:people_search", args=[arena.pk, group.pk])
    response = client.get(search, {"q": "pi"}, headers={"HX-Request": "true"})
    assert "Pia" in response.content.decode() and "<html" not in response.content.decode()
    add = reverse("reports:person_add", args=[arena.pk, group.pk])
    client.post(add, {"participant": str(participant.pk)})
    assert report.participants.count() == 1
    response = client.post(add, {"participant": "nonsense"}, follow=True)
    assert "That person is not in this arena." in response.content.decode()
    client.post(
        reverse("reports:person_remove", args=[arena.pk, group.pk]),
        {"participant": str(participant.pk)},
    )
    assert report.participants.count() == 0


def test_gap_analysis_template_defined_in_the_ui_is_used_by_a_report(
    arena, group, organiser, support
):
    """An organiser defines "Gap analysis" through the views, makes it the
    default; a new group report uses it, with no code change."""
    client = client_for(organiser, language="en")
    assert client.get(reverse("reports:templates", args=[arena.pk])).status_code == 200
    response = client.post(
        reverse("reports:template_new", args=[arena.pk]),
        {"name": "Gap analysis", "description": "Today, the future, the gap, actions"},
    )
    template = ReportTemplate.objects.get(arena=arena, name="Gap analysis")
    assert response.status_code == 302
    add = reverse("reports:section_add", args=[arena.pk, template.pk])
    for title, question, kind, required in [
        ("Actions", "What do we do?", "list", True),
        ("Today", "How is it today?", "text", True),
        ("Desired future", "How should it be?", "text", True),
        ("The gap", "What is missing?", "text", False),
    ]:
        data = {"new-title": title, "new-help_question": question, "new-kind": kind}
        if required:
            data["new-required"] = "on"
        assert client.post(add, data).status_code == 302
    bad = client.post(add, {"new-title": "", "new-help_question": "Kept question"})
    assert bad.status_code == 400 and "Kept question" in bad.content.decode()
    actions = template.sections.get(title="Actions")
    move = reverse("reports:section_move", args=[arena.pk, template.pk, actions.pk])
    for _ in range(3):
        client.post(move, {"direction": "down"})
    assert [s.title for s in template.sections.all()] == [
        "Today", "Desired future", "The gap", "Actions",
    ]  # fmt: skip
    gap = template.sections.get(title="The gap")
    client.post(
        reverse("reports:section_edit", args=[arena.pk, template.pk, gap.pk]),
        {f"s{gap.pk}-title": "The gap", f"s{gap.pk}-help_question": "What stands between?",
         f"s{gap.pk}-kind": "text", f"s{gap.pk}-required": "on"},
    )  # fmt: skip
    client.post(
        reverse("reports:template_edit", args=[arena.pk, template.pk]),
        {"t-name": "Gap analysis", "t-description": "", "t-action_sheet": "on"},
    )
    client.post(reverse("reports:template_default", args=[arena.pk, template.pk]))
    template.refresh_from_db()
    assert template.action_sheet and services.default_template(arena) == template

    documenter = client_for(support, language="en")
    page = documenter.get(edit_url(group)).content.decode()
    assert "What stands between?" in page and "Desired future" in page
    assert "Date of the next meeting" in page  # the action sheet is on
    assert not GroupReport.objects.filter(group=group).exists()  # a GET made nothing
    data = form_data(
        services.unsaved_report(group), 0,
        **{"Today": "Siloer", "Desired future": "Samhandling", "The gap": "Tid",
           "Actions": "Felles møte\n\nPilot i Drammen\n"},
    )  # fmt: skip
    data.update({"as_next_step": "Invitere", "as_next_meeting": "2026-05-01"})
    assert documenter.post(edit_url(group), data).status_code == 302
    report = GroupReport.objects.get(group=group)  # made by the first save
    assert report.template == template
    actions = template.sections.get(title="Actions")
    assert actions.kind == SectionKind.LIST
    assert report.content[str(actions.pk)] == ["Felles møte", "Pilot i Drammen"]
    assert report.action_sheet == {"next_step": "Invitere", "next_meeting": "2026-05-01"}
    documenter.post(reverse("reports:submit", args=[arena.pk, group.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # the section can be removed again, and the template copied
    client.post(reverse("reports:section_delete", args=[arena.pk, template.pk, gap.pk]))
    assert template.sections.count() == 3
    client.post(reverse("reports:template_copy", args=[arena.pk, template.pk]))
    assert ReportTemplate.objects.filter(arena=arena).count() == 2


def test_builtin_templates_are_not_editable_through_the_ui(arena, organiser):
    builtin = services.builtin_templates().first()
    client = client_for(organiser)
    assert (
        client.get(reverse("reports:template_edit", args=[arena.pk, builtin.pk])).status_code == 404
    )


def test_a_photos_description_and_width_are_saved_and_kept(arena, organiser, group):
    """The photo's own form carries every field, so saving the caption keeps
    the description, and an unticked box is a narrow photo again."""
    report = services.report_for(group)
    photo = services.add_photo(
        report,
        SimpleUploadedFile("ark.jpg", jpeg_with_gps((400, 300)), "image/jpeg"),
        organiser,
        caption="Arket",
        description="Et fjell med en vei opp",
        full_width=True,
    )
    client = client_for(organiser, language="en")
    editor = client.get(edit_url(group)).content.decode()
    assert 'value="Et fjell med en vei opp"' in editor and 'name="full_width" checked' in editor
    url = reverse("reports:photo_edit", args=[arena.pk, photo.pk])
    client.post(url, {"caption": "Arket, ny tekst", "credit": "", "description": "Et fjell"})
    photo = Photo.objects.get(pk=photo.pk)
    assert (photo.caption, photo.description) == ("Arket, ny tekst", "Et fjell")
    assert photo.full_width is False
