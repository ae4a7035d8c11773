"""reports.documentation.services: templates, revisions and conflicts, status, participants,
inputs, photos, newsroom."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from arena.images import PhotoError
from arena.models import Perspective
from proposals.models import Attendance
from reports.documentation import selectors, services
from reports.models import (
    GroupReport,
    Photo,
    ReportStatus,
    ReportTemplate,
    SectionKind,
    TemplateSection,
)
from tests.helpers import jpeg_with_gps


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sections(report):
    return list(report.template.sections.all())


def text_and_list(report):
    secs = sections(report)
    text = next(s for s in secs if s.kind == SectionKind.TEXT)
    listed = next(s for s in secs if s.kind == SectionKind.LIST)
    return text, listed


# --- templates --------------------------------------------------------------


def test_builtin_templates_reinstalled_when_missing(db):
    ReportTemplate.objects.filter(arena=None).delete()
    assert services.builtin_templates().count() == 5
    assert services.builtin_templates().count() == 5


def test_reinstalling_a_missing_builtin_leaves_the_others_sections_alone(db):
    kept = services.builtin_templates().get(key="open-space-2020")
    pks = list(kept.sections.values_list("pk", flat=True))
    ReportTemplate.objects.filter(arena=None, key="mountain-2013").delete()
    assert services.builtin_templates().count() == 5
    assert list(kept.sections.values_list("pk", flat=True)) == pks  # reports' keys stay


def test_copy_template_copies_sections_in_order(arena):
    builtin = services.builtin_templates().get(key="visual-2013")
    copy = services.copy_template(builtin, arena)
    assert copy.arena == arena and copy.copied_from == builtin
    assert [s.title for s in copy.sections.all()] == [s.title for s in builtin.sections.all()]
    assert builtin.sections.count() == 5  # the built-in is untouched


def test_default_template_falls_back_to_builtin_then_chosen(arena):
    assert services.default_template(arena).key == services.FALLBACK_BUILTIN
    builtin = services.builtin_templates().get(key="challenges-and-keys-2012")
    chosen = services.set_default_template(arena, builtin)
    assert chosen.arena == arena  # a built-in is copied first
    assert services.default_template(arena) == chosen
    other = services.copy_template(builtin, arena, name="Other")
    services.set_default_template(arena, other)
    assert services.default_template(arena) == other
    assert ReportTemplate.objects.filter(arena=arena, key=services.DEFAULT_KEY).count() == 1


def test_builtin_sections_cannot_be_edited(arena):
    builtin = services.builtin_templates().first()
    with pytest.raises(services.ReportError):
        services.add_section(builtin, title="X")


def test_sections_move_and_delete_renumber(arena):
    template = ReportTemplate.objects.create(arena=arena, name="T")
    a, b, c = (services.add_section(template, title=t) for t in "abc")
    services.move_section(c, -1)
    assert [s.title for s in template.sections.all()] == ["a", "c", "b"]
    services.delete_section(a)
    assert [(s.title, s.position) for s in template.sections.all()] == [("c", 0), ("b", 1)]


# --- report_for and participants ---------------------------------------------


def test_report_for_prefills_participants_from_attendance(arena, group, participant):
    shy = arena.participants.create(display_name="Shy", consent_named=False)
    participant.consent_named = True
    participant.save()
    for person in (participant, shy):
        Attendance.objects.create(participant=person, group=group, session=group.session)
    report = services.report_for(group)
    assert report.template.key == services.FALLBACK_BUILTIN
    assert set(report.participants.values_list("participant", flat=True)) == {
        participant.pk,
        shy.pk,
    }
    assert services.report_for(group) == report  # get, not create again


def test_participants_summary_counts_unconsenting_and_perspectives(arena, group, participant):
    nav = Perspective.objects.create(arena=arena, label="Test A")
    kin = Perspective.objects.create(arena=arena, label="Test B")
    participant.consent_named = True
    participant.save()
    participant.perspectives.add(nav)
    shy = arena.participants.create(display_name="Hidden Name", consent_named=False)
    shy.perspectives.add(nav)
    report = services.report_for(group)
    services.add_participant(report, participant)
    services.add_participant(report, shy)
    summary = selectors.participants_summary(report)
    assert [p.report_name for p in summary["named"]] == ["Pia"]
    assert summary["unnamed_count"] == 1
    assert summary["present"] == [(nav, 2)]
    assert kin in summary["missing"] and nav not in summary["missing"]


def test_search_personas_lists_only_consenting_people_not_yet_in(arena, group, participant):
    participant.consent_named = True
    participant.save()
    arena.participants.create(display_name="Piano Shy", consent_named=False)
    report = services.report_for(group)
    assert [p.display_name for p in selectors.search_personas(report, "pi")] == ["Pia"]
    services.add_participant(report, participant)
    assert list(selectors.search_personas(report, "pi")) == []


def test_add_participant_of_other_arena_is_refused(group, other_organiser):
    from arena.models import Arena

    other = Arena.objects.for_user(other_organiser).get()
    stranger = other.participants.create(display_name="Elsewhere")
    with pytest.raises(services.ReportError):
        services.add_participant(services.report_for(group), stranger)


# --- saving, revisions, conflicts, restore -----------------------------------


def test_save_report_makes_revisions_and_refuses_stale(group, support, facilitator):
    report = services.report_for(group)
    text, listed = text_and_list(report)
    r1 = services.save_report(
        report, support, base_revision=0, content={str(text.pk): "Kari sin tekst"}
    )
    assert r1.revision == 1 and r1.revisions.count() == 1
    r2 = services.save_report(
        report,
        facilitator,
        base_revision=1,
        content={str(text.pk): "Frank", str(listed.pk): ["a", " ", "b "]},
    )
    assert r2.revision == 2 and r2.content[str(listed.pk)] == ["a", "b"]
    with pytest.raises(services.StaleRevision) as info:
        services.save_report(report, support, base_revision=1, content={str(text.pk): "Mine"})
    assert info.value.report.revision == 2
    assert info.value.report.content[str(text.pk)] == "Frank"
    report.refresh_from_db()
    assert report.revision == 2 and report.revisions.count() == 2


def test_save_report_resending_same_content_is_not_a_conflict(group, support):
    report = services.report_for(group)
    text, _ = text_and_list(report)
    content = {str(text.pk): "Sent twice from an offline phone"}
    services.save_report(report, support, base_revision=0, content=content)
    again = services.save_report(report, support, base_revision=0, content=content)
    assert again.revision == 1 and again.revisions.count() == 1


def test_save_report_validates_keys_and_kinds(group, support, other_group):
    report = services.report_for(group)
    text, listed = text_and_list(report)
    foreign = TemplateSection.objects.create(
        template=ReportTemplate.objects.create(name="Other"), title="X"
    )
    for bad in (
        {str(foreign.pk): "x"},
        {"nonsense": "x"},
        {str(text.pk): ["a list"]},
        {str(listed.pk): [1, 2]},
        {str(listed.pk): {"a": 1}},
    ):
        with pytest.raises(services.ReportError):
            services.save_report(report, support, base_revision=0, content=bad)
    report.refresh_from_db()
    assert report.revision == 0


def test_action_sheet_saved_and_validated(group, support):
    report = services.report_for(group)  # the 2020 template has the action sheet
    sheet = {
        "next_step": "Møte med Nav",
        "coordinator": "Kari",
        "next_meeting": "2026-04-01",
        "participants": "Kari, Ola",
    }
    saved = services.save_report(report, support, base_revision=0, content={}, action_sheet=sheet)
    assert saved.action_sheet == sheet
    with pytest.raises(services.ReportError):
        services.save_report(
            report, support, base_revision=1, content={}, action_sheet={"next_meeting": "soon"}
        )
    with pytest.raises(services.ReportError):
        services.save_report(report, support, base_revision=1, content={}, action_sheet={"x": "y"})


def test_restore_makes_a_new_revision_and_history_shows_changes(group, support):
    report = services.report_for(group)
    text, _ = text_and_list(report)
    key = str(text.pk)
    services.save_report(report, support, base_revision=0, content={key: "first"})
    services.save_report(report, support, base_revision=1, content={key: "second"})
    restored = services.restore(report, 1, support)
    assert restored.revision == 3 and restored.content[key] == "first"
    latest = restored.revisions.first()
    assert latest.note == "Restored revision 1"
    changes = selectors.revision_changes(latest, report.template)
    assert changes == [{"title": text.title, "before": "second", "after": "first"}]
    with pytest.raises(services.ReportError):
        services.restore(report, 99, support)


# --- status -----------------------------------------------------------------


def test_submit_requires_required_sections(group, support):
    report = services.report_for(group)
    required = [s for s in sections(report) if s.required]
    with pytest.raises(services.ReportError) as info:
        services.submit(report, support)
    assert required[0].title in str(info.value)
    services.save_report(
        report, support, base_revision=0, content={str(s.pk): "Filled" for s in required}
    )
    submitted = services.submit(report, support)
    assert submitted.status == ReportStatus.SUBMITTED and submitted.submitted_at


def test_approve_and_send_back(group, support, facilitator):
    report = services.report_for(group)
    required = {str(s.pk): "Filled" for s in sections(report) if s.required}
    services.save_report(report, support, base_revision=0, content=required)
    with pytest.raises(services.ReportError):
        services.approve(report, facilitator)  # still a draft
    services.submit(report, support)
    with pytest.raises(services.ReportError):
        services.send_back(report, facilitator, "  ")
    returned = services.send_back(report, facilitator, "Legg til neste skritt")
    assert returned.status == ReportStatus.RETURNED
    assert returned.return_comment == "Legg til neste skritt"
    services.submit(report, support)
    approved = services.approve(report, facilitator)
    assert approved.status == ReportStatus.APPROVED and approved.return_comment == ""
    with pytest.raises(services.ReportError):  # approved reports are frozen
        services.save_report(report, support, base_revision=1, content={})


def test_assign_and_claim(group, support, facilitator, reader, organiser):
    report = services.report_for(group)
    with pytest.raises(services.ReportError):
        services.assign(report, reader)  # readers do not document
    services.assign(report, support)
    assert GroupReport.objects.get(pk=report.pk).documenter == support
    with pytest.raises(services.ReportError) as info:
        services.claim(report, facilitator)
    assert "siri" in str(info.value)
    services.assign(report, None)
    services.claim(report, facilitator)
    assert GroupReport.objects.get(pk=report.pk).documenter == facilitator


def test_presence_shows_other_editor_only(group, support, facilitator):
    report = services.report_for(group)
    services.heartbeat(report, support)
    assert services.other_editor(report, facilitator) == support
    assert services.other_editor(report, support) is None


# --- inputs -----------------------------------------------------------------


def test_inputs_add_edit_move_delete(group):
    report = services.report_for(group)
    a = services.add_input(report, title="Første", text="Tekst", addressee="national")
    b = services.add_input(report, title="Andre")
    services.move_input(b, -1)
    assert [i.title for i in report.inputs.all()] == ["Andre", "Første"]
    services.update_input(a, title="Første (ny)", text="", addressee="own")
    a.refresh_from_db()
    assert (a.title, a.addressee) == ("Første (ny)", "own")
    with pytest.raises(services.ReportError):
        services.add_input(report, title="   ")
    with pytest.raises(services.ReportError):
        services.add_input(report, title="X", addressee="king")
    services.delete_input(b)
    assert [(i.title, i.position) for i in report.inputs.all()] == [("Første (ny)", 0)]


# --- photos -----------------------------------------------------------------


def test_add_photo_stores_processed_sizes_without_exif(group, support):
    report = services.report_for(group)
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    photo = services.add_photo(report, upload, support, caption="Arket", credit="Siri")
    assert (photo.caption, photo.credit, photo.width, photo.height) == ("Arket", "Siri", 640, 480)
    for name in (photo.web, photo.print_version, photo.thumb):
        assert name.startswith(f"reports/{report.pk}/")
        with default_storage.open(name) as fh:
            data = fh.read()
        img = Image.open(io.BytesIO(data))
        assert img.format == "JPEG"
        assert not img.getexif() and b"Exif" not in data and b"PhoneMaker" not in data
    assert "IMG_0001" not in photo.web  # the upload's name is not kept


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 not a photo at all" * 10, "unreadable"),
        (jpeg_with_gps()[:300], "damaged"),
    ],
    ids=["zero-bytes", "not-an-image", "corrupt"],
)
def test_add_photo_refuses_bad_files_with_message(group, support, data, code):
    report = services.report_for(group)
    with pytest.raises(PhotoError) as info:
        services.add_photo(report, SimpleUploadedFile("x.jpg", data), support)
    assert info.value.code == code and str(info.value)
    assert not Photo.objects.exists()


def test_delete_photo_removes_files(group, support, django_capture_on_commit_callbacks):
    report = services.report_for(group)
    photo = services.add_photo(report, SimpleUploadedFile("a.jpg", jpeg_with_gps()), support)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_photo(photo)
    assert not default_storage.exists(photo.web) and not default_storage.exists(photo.thumb)


# --- newsroom ---------------------------------------------------------------


def test_newsroom_lists_groups_without_submitted_report(group, other_group, support):
    report = services.report_for(group)
    services.assign(report, support)
    services.save_report(
        report,
        support,
        base_revision=0,
        content={str(s.pk): "x" for s in sections(report) if s.required},
    )
    rows = selectors.newsroom(group.arena)
    assert len(rows) == 1
    listed = {row["group"].pk: row for row in rows[0]["groups"]}
    assert set(listed) == {group.pk, other_group.pk}
    assert listed[group.pk]["report"].documenter == support
    assert listed[group.pk]["age_minutes"] == 0
    assert listed[other_group.pk]["age_minutes"] is None
    services.submit(report, support)
    rows = selectors.newsroom(group.arena)
    assert [row["group"].pk for row in rows[0]["groups"]] == [other_group.pk]
    assert (rows[0]["done"], rows[0]["total"]) == (1, 2)
