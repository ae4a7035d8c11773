"""Nothing lost, nothing changed without a word (issue 9, items 1–3).

Each test here failed before the change it guards: deletes that cascaded to
group reports and left photo files on disk, a list line cut to 2,000
characters behind a 200, renumbered codes that never reached the screens, a
GET that created a report, and workflow steps that did not say who.
"""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from arena import deletion
from arena.live import PHONES
from arena.models import Arena, AuditEntry, Participant
from proposals import services as wall_services
from proposals.models import Attendance, Group, Topic
from reports.documentation import services
from reports.models import (
    GroupReport,
    Input,
    InputComment,
    Photo,
    ReportImage,
    ReportRevision,
    ReportStatus,
)
from reports.publication import services as publication
from sessions.models import AgendaItem, Space
from sessions.services import save_agenda_item
from tests.personas import client_for

# --- fixtures (sessions, spaces and a temporary MEDIA_ROOT: tests/fixtures.py) ---------


def _group(arena, session, space, title):
    topic = Topic.objects.create(arena=arena, title=title)
    return Group.objects.create(arena=arena, topic=topic, session=session, space=space)


@pytest.fixture
def group(arena, sessions, spaces):
    """1.1 on the wall."""
    return _group(arena, sessions[0], spaces[0], "Arbeid og psykisk helse")


@pytest.fixture
def documented(group, support):
    """1.1's report, with a saved text: documentation."""
    report = services.report_for(group)
    first = report.template.sections.first()
    services.save_report(report, support, base_revision=0, content={str(first.pk): "Mye"})
    return GroupReport.objects.get(pk=report.pk)


def jpeg(size=(320, 240)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buf, "JPEG")
    return buf.getvalue()


def upload(name="sheet.jpg"):
    return SimpleUploadedFile(name, jpeg(), content_type="image/jpeg")


# --- 1. deleting never takes documentation with it ------------------------------------


def test_deleting_a_room_with_a_report_is_refused_keeps_the_report_and_says_so(
    arena, spaces, sessions, documented, organiser
):
    other = _group(arena, sessions[1], spaces[0], "Unge utenfor arbeid")  # 2.1, no report
    client = client_for(organiser, language="en")
    url = reverse("programme:space_delete", args=[arena.pk, spaces[0].pk])

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "Space 1 holds 2 groups: 1.1 “Arbeid og psykisk helse”, 2.1 “Unge utenfor arbeid” "
        "(1 with a group report). Move them to other cells first"
    ) in html
    assert "Delete</button>" not in html  # nothing to press while it is blocked

    response = client.post(url)
    assert response.status_code == 409
    assert "holds 2 groups" in response.content.decode()
    assert Space.objects.filter(pk=spaces[0].pk).exists()
    assert GroupReport.objects.filter(pk=documented.pk).exists()
    assert ReportRevision.objects.filter(report=documented).count() == 1
    assert Group.objects.filter(pk=other.pk).exists()


def test_deleting_an_agenda_item_or_a_day_that_holds_groups_is_refused(
    arena, sessions, documented, organiser
):
    client = client_for(organiser, language="en")
    item_url = reverse("programme:agenda_delete", args=[arena.pk, sessions[0].pk])
    response = client.post(item_url)
    assert response.status_code == 409
    assert "holds 1 group: 1.1" in response.content.decode()
    # The day → agenda items → groups chain is refused the same way.
    day_url = reverse("arena:day_delete", args=[arena.pk, sessions[0].day_id])
    page = client.get(day_url).content.decode()
    assert "holds 1 group: 1.1" in page and "(1 with a group report)" in page
    assert client.post(day_url).status_code == 409
    assert AgendaItem.objects.filter(pk=sessions[0].pk).exists()
    assert GroupReport.objects.filter(pk=documented.pk).exists()
    assert not AuditEntry.objects.filter(verb__endswith=".delete").exists()


def test_a_group_with_a_report_cannot_be_taken_off_the_wall(documented, facilitator):
    with pytest.raises(wall_services.WallError, match="has a group report"):
        wall_services.unplace_group(documented.group, facilitator)
    assert GroupReport.objects.filter(pk=documented.pk).exists()
    response = client_for(facilitator, language="en").post(
        reverse("proposals:group_unplace", args=[documented.group.arena_id, documented.group_id])
    )
    assert response.status_code < 500
    assert Group.objects.filter(pk=documented.group_id).exists()


def test_empty_things_are_deleted_with_a_list_of_what_goes_and_an_audit_line(
    arena, sessions, spaces, organiser
):
    client = client_for(organiser, language="en")
    space_url = reverse("programme:space_delete", args=[arena.pk, spaces[2].pk])
    page = client.get(space_url).content.decode()
    assert 'id="delete-removes"' in page and "1 space" in page
    assert client.post(space_url).status_code == 302
    assert not Space.objects.filter(pk=spaces[2].pk).exists()

    day2 = arena.days.order_by("date").last()
    save_agenda_item(
        AgendaItem(day=day2, title="Plenum", start=datetime.time(9), end=datetime.time(10))
    )
    day_url = reverse("arena:day_delete", args=[arena.pk, day2.pk])
    page = client.get(day_url).content.decode()
    assert "1 day" in page and "1 agenda item" in page
    assert client.post(day_url).status_code == 302

    lines = {e.verb: e for e in AuditEntry.objects.filter(arena=arena)}
    assert lines["space.delete"].actor == organiser and lines["space.delete"].target == "3"
    assert lines["day.delete"].actor == organiser and "1 agenda item" in lines["day.delete"].detail


def test_attendances_go_with_an_agenda_item_once_its_groups_have_moved(
    arena, sessions, spaces, group, participant, organiser, facilitator
):
    Attendance.objects.create(participant=participant, group=group, session=sessions[0])
    wall_services.move_group(group, sessions[1], spaces[1], facilitator)
    client = client_for(organiser, language="en")
    url = reverse("programme:agenda_delete", args=[arena.pk, sessions[0].pk])
    assert client.post(url).status_code == 302
    assert Group.objects.filter(pk=group.pk).exists()


def test_every_confirmation_lists_what_goes(arena, group, support, participant):
    report = services.report_for(group)
    item = services.add_input(report, title="Felles møte")
    InputComment.objects.create(input=item, participant=participant, text="Ja")
    InputComment.objects.create(input=item, participant=participant, text="Enig")
    page = client_for(support, language="en").get(
        reverse("reports:input_delete", args=[arena.pk, item.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200 and "1 input" in html and "2 comments" in html


def test_the_deletion_plan_describes_higher_apps_rows_without_importing_them(spaces, documented):
    plan = deletion.plan_deletion(spaces[0])
    assert plan.blocked
    [blocker] = plan.blockers
    assert blocker.obj == documented.group and blocker.holds == "1 group report"
    with pytest.raises(deletion.DeletionBlocked):
        deletion.delete(spaces[0])


# --- photo files go with their rows -----------------------------------------------------


def _files(*names):
    return [name for name in names if default_storage.exists(name)]


def test_photo_files_are_deleted_with_their_row_by_any_path(
    arena, group, support, django_capture_on_commit_callbacks
):
    report = services.report_for(group)
    one = services.add_photo(report, upload(), support)
    two = services.add_photo(report, upload(), support)
    names_one = [one.web, one.print_version, one.thumb]
    names_two = [two.web, two.print_version, two.thumb]
    assert len(_files(*names_one, *names_two)) == 6

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_photo(one)
    assert _files(*names_one) == []

    with django_capture_on_commit_callbacks(execute=True):  # a queryset delete, no service
        Photo.objects.filter(pk=two.pk).delete()
    assert _files(*names_two) == []


def test_report_images_and_persona_pictures_lose_their_files_with_their_rows(
    arena, participant, django_capture_on_commit_callbacks
):
    image = publication.add_image(arena, upload())
    image_names = [image.web, image.print_version, image.thumb]
    stem = f"persona-{arena.pk}-{participant.pk}-abcd"
    for variant in ("thumb", "web", "print"):
        default_storage.save(f"{stem}-{variant}.jpg", ContentFile(jpeg()))
    Participant.objects.filter(pk=participant.pk).update(picture=f"{stem}-thumb.jpg")
    picture_names = [f"{stem}-{variant}.jpg" for variant in ("thumb", "web", "print")]
    assert len(_files(*image_names, *picture_names)) == 6

    with django_capture_on_commit_callbacks(execute=True):
        image.text.delete()  # cascades to its images
        Participant.objects.filter(pk=participant.pk).delete()
    assert not ReportImage.objects.exists()
    assert _files(*image_names, *picture_names) == []


def test_a_rolled_back_delete_keeps_the_files(group, support):
    report = services.report_for(group)
    photo = services.add_photo(report, upload(), support)
    # In the test's transaction nothing commits: on_commit never runs.
    services.delete_photo(photo)
    assert len(_files(photo.web, photo.print_version, photo.thumb)) == 3


# --- 2. no silent truncation -------------------------------------------------------------


def _sections(report):
    by_title = {s.title: s for s in report.template.sections.all()}
    return by_title["Hva ble diskutert"], by_title["Neste skritt"]


def test_a_5000_character_list_line_gets_a_400_naming_the_limit_and_nothing_is_stored(
    arena, group, support
):
    text, steps = _sections(services.unsaved_report(group))
    url = reverse("reports:autosave", args=[arena.pk, group.pk])
    response = client_for(support, language="en").post(
        url,
        {"base_revision": "0", f"s{text.pk}": "Kort", f"s{steps.pk}": "a" * 5000 + "\nTo"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "Neste skritt" in error and "2,000" in error and "5,000" in error
    assert not ReportRevision.objects.exists()
    assert not GroupReport.objects.filter(group=group, revision__gt=0).exists()


def test_the_editor_form_refuses_a_long_line_with_400_and_keeps_the_text(arena, group, support):
    text, steps = _sections(services.unsaved_report(group))
    long_line = "b" * 2001
    response = client_for(support, language="en").post(
        reverse("reports:edit", args=[arena.pk, group.pk]),
        {"base_revision": "0", f"s{text.pk}": "Kort", f"s{steps.pk}": long_line},
    )
    assert response.status_code == 400
    assert long_line in response.content.decode()
    assert not ReportRevision.objects.exists()


def test_every_report_field_is_refused_whole_rather_than_cut(group, support):
    report = services.report_for(group)
    text, _steps = _sections(report)
    with pytest.raises(services.ReportError, match="20,000"):
        services.save_report(report, support, base_revision=0, content={str(text.pk): "x" * 20001})
    with pytest.raises(services.ReportError, match="1,000"):
        services.clean_action_sheet({"next_step": "y" * 1001})
    with pytest.raises(services.ReportError, match="5,000"):
        services.add_input(report, title="Tittel", text="z" * 5001)
    with pytest.raises(services.ReportError, match="200"):
        services.add_input(report, title="t" * 201)
    with pytest.raises(services.ReportError, match="300"):
        services.add_photo(report, upload(), support, caption="c" * 301)
    assert not Input.objects.exists() and not Photo.objects.exists()
    assert not ReportRevision.objects.exists()


def test_the_autosave_echoes_exactly_what_it_stored(arena, group, support):
    text, steps = _sections(services.unsaved_report(group))
    response = client_for(support).post(
        reverse("reports:autosave", args=[arena.pk, group.pk]),
        {"base_revision": "0", f"s{text.pk}": " Mye \n", f"s{steps.pk}": "Én\n\n To \n"},
    )
    assert response.status_code == 200
    saved = response.json()["saved"]
    assert saved[f"s{text.pk}"] == "Mye" and saved[f"s{steps.pk}"] == "Én\nTo"


# --- 3. codes broadcast; GETs never write; who did it ------------------------------------


def test_renumbering_sessions_broadcasts_the_new_codes_and_bumps_the_version(
    arena, sessions, spaces, broadcasts
):
    late = _group(arena, sessions[1], spaces[1], "Seint på dagen")  # 2.2
    version = Arena.objects.get(pk=arena.pk).wall_version
    moved = AgendaItem.objects.get(pk=sessions[1].pk)
    moved.start, moved.end = datetime.time(9), datetime.time(10)  # now before session 1

    with broadcasts(arena, audiences=[PHONES]) as sent:
        save_agenda_item(moved)

    late.refresh_from_db()
    assert late.code == "1.2"
    assert Arena.objects.get(pk=arena.pk).wall_version == version + 1
    html = "".join(sent[PHONES])
    assert f'data-version="{version + 1}"' in html
    assert f'id="m-{sessions[1].pk}-{spaces[1].pk}"' in html and "1.2" in html


def test_a_time_change_that_keeps_the_numbers_broadcasts_nothing(arena, sessions, broadcasts):
    item = AgendaItem.objects.get(pk=sessions[0].pk)
    item.end = datetime.time(14, 0)
    with broadcasts(arena, audiences=[PHONES]) as sent:
        save_agenda_item(item)
    assert Arena.objects.get(pk=arena.pk).wall_version == 0
    assert sent == {}


def test_report_get_views_create_nothing(arena, group, support):
    client = client_for(support, language="en")
    history = client.get(reverse("reports:history", args=[arena.pk, group.pk]))
    assert history.status_code == 200 and "Nothing documented yet." in history.content.decode()
    editor = client.get(reverse("reports:edit", args=[arena.pk, group.pk]))
    assert editor.status_code == 200 and "Nothing documented yet." in editor.content.decode()
    search = client.get(reverse("reports:people_search", args=[arena.pk, group.pk]), {"q": "P"})
    assert search.status_code == 200
    assert not GroupReport.objects.exists()


def test_the_arena_report_editor_get_creates_nothing(arena, organiser):
    from reports.models import ArenaReportText

    page = client_for(organiser).get(reverse("reports:report_edit", args=[arena.pk]))
    assert page.status_code == 200
    assert not ArenaReportText.objects.exists()


def test_the_first_post_creates_the_report(arena, group, support):
    client_for(support).post(
        reverse("reports:input_add", args=[arena.pk, group.pk]), {"title": "Felles møte"}
    )
    assert GroupReport.objects.filter(group=group).count() == 1


def test_submit_approve_and_send_back_record_who_did_it(arena, documented, support, facilitator):
    report = services.submit(documented, support)
    assert report.submitted_by == support and report.submitted_at
    report = services.send_back(report, facilitator, "Legg til deltakere")
    assert report.returned_by == facilitator and report.returned_at
    report = services.submit(report, support)
    report = services.approve(report, facilitator)
    assert report.status == ReportStatus.APPROVED and report.approved_by == facilitator

    lines = list(AuditEntry.objects.filter(arena=arena).order_by("created_at", "pk"))
    assert [(line.verb, line.actor) for line in lines] == [
        ("report.submit", support),
        ("report.send_back", facilitator),
        ("report.submit", support),
        ("report.approve", facilitator),
    ]
    assert lines[1].detail == "Legg til deltakere"
    assert all(line.target.startswith(f"GroupReport {report.pk}: 1.1 ") for line in lines)

    client = client_for(support, language="en")
    editor = client.get(reverse("reports:edit", args=[arena.pk, report.group_id])).content
    assert "by frank" in editor.decode() and "by siri" in editor.decode()
    history = client.get(reverse("reports:history", args=[arena.pk, report.group_id])).content
    assert "Legg til deltakere" in history.decode() and "Workflow (4 steps)" in history.decode()


def test_a_send_back_comment_is_kept_whole_or_refused(documented, support, facilitator):
    report = services.submit(documented, support)
    with pytest.raises(services.ReportError, match="500"):
        services.send_back(report, facilitator, "k" * 501)
    assert GroupReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
