"""Changing a group report's template (issue #12, item 2): the picker, the
preview of where each text goes, the confirm, stale changes refused, every
word kept (including "More from the sheet"), and changing back."""

import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from arena.models import Arena
from reports.documentation import builtins, services
from reports.models import (
    GroupReport,
    ReportRevision,
    ReportStatus,
    ReportTemplate,
    SectionKind,
    TemplateSection,
)
from tests.personas import client_for


@pytest.fixture(autouse=True)
def _english():
    """Service-level texts ("More from the sheet") in English, whatever the default."""
    with translation.override("en"):
        yield


def builtin(key):
    return services.builtin_templates().get(key=key)


def change_url(group):
    return reverse("reports:template_change", args=[group.arena_id, group.pk])


def edit_url(group):
    return reverse("reports:edit", args=[group.arena_id, group.pk])


def words(content: dict) -> Counter:
    """Every word of a report's texts, sections and "More from the sheet"."""
    text = " ".join(
        " ".join(v) if isinstance(v, list) else str(v) for v in (content or {}).values()
    )
    return Counter(re.findall(r"\w+", text))


def by_title(report) -> dict:
    report.refresh_from_db()
    return {
        s.title: report.content.get(str(s.pk))
        for s in report.template.sections.all()
        if report.content.get(str(s.pk))
    }


@pytest.fixture
def report(group, support):
    report = services.report_for(group)
    assert report.template.key == "open-space-2020"
    sections = {s.title: s for s in report.template.sections.all()}
    return services.save_report(
        report,
        support,
        base_revision=0,
        content={
            str(sections["Hva ble diskutert"].pk): "Vi snakket om arbeid\n- og helse\n  - og skole",
            str(sections["Neste skritt"].pk): ["Ringe Nav", "Møte i januar"],
        },
    )


# --- the service -------------------------------------------------------------


def test_sections_map_by_title_part_then_position_and_back(report, support):
    before = dict(report.content)
    mountain = builtin("mountain-2013")
    plan = services.plan_template_change(report, mountain)
    assert [(m.source_label, m.target_label) for m in plan.moves] == [
        ("Hva ble diskutert", "Sola: visjonen"),  # same position, same kind
        ("Neste skritt", "Veien: handlingsplan og neste skritt"),  # a shared part of the title
    ]
    services.change_template(report, support, mountain, base_revision=report.revision)
    assert by_title(report) == {
        "Sola: visjonen": "Vi snakket om arbeid\n- og helse\n  - og skole",
        "Veien: handlingsplan og neste skritt": ["Ringe Nav", "Møte i januar"],
    }
    assert words(report.content) == words(before)
    services.change_template(
        report, support, builtin("open-space-2020"), base_revision=report.revision
    )
    report.refresh_from_db()
    assert report.content == before  # changing back restores every text in place


def test_text_without_a_section_goes_to_more_and_comes_back(report, support):
    before = dict(report.content)
    keys = builtin("challenges-and-keys-2012")  # "Utfordring" (text), "Nøkler" (list)
    plan = services.plan_template_change(report, keys)
    targets = {m.source_label: m.target_label for m in plan.moves}
    assert targets == {"Hva ble diskutert": "Utfordring", "Neste skritt": "Nøkler"}
    # A template of one text section: the list has nowhere to go but "More".
    single = ReportTemplate.objects.create(arena=report.group.arena, name="Én del")
    services.add_section(single, title="Oppsummering", kind=SectionKind.TEXT)
    plan = services.plan_template_change(report, single)
    assert [(m.source_label, m.target_label) for m in plan.moves] == [
        ("Hva ble diskutert", "Oppsummering"),
        ("Neste skritt", "More from the sheet"),
    ]
    services.change_template(report, support, single, base_revision=report.revision)
    report.refresh_from_db()
    assert report.content[services.MORE_KEY] == "# Neste skritt\nRinge Nav\nMøte i januar"
    assert words(report.content) - words(before) == Counter({"Neste": 1, "skritt": 1})
    assert not words(before) - words(report.content)  # nothing lost
    services.change_template(
        report, support, builtin("open-space-2020"), base_revision=report.revision
    )
    report.refresh_from_db()
    assert report.content == before


def test_more_from_the_sheet_keeps_typed_text_and_edits(report, support):
    single = ReportTemplate.objects.create(arena=report.group.arena, name="Én del")
    services.add_section(single, title="Oppsummering", kind=SectionKind.TEXT)
    services.change_template(report, support, single, base_revision=report.revision)
    report.refresh_from_db()
    key = str(single.sections.get().pk)
    report = services.save_report(
        report,
        support,
        base_revision=report.revision,
        content={
            key: report.content[key],
            services.MORE_KEY: "Fra arket: tre lapper\n\n" + report.content[services.MORE_KEY],
        },
    )
    # A save from an editor without the field keeps "More from the sheet".
    services.save_report(report, support, base_revision=report.revision, content={key: "Kortere"})
    report.refresh_from_db()
    assert report.content[services.MORE_KEY].startswith("Fra arket: tre lapper")
    before = dict(report.content)
    services.change_template(
        report, support, builtin("open-space-2020"), base_revision=report.revision
    )
    report.refresh_from_db()
    assert by_title(report)["Neste skritt"] == ["Ringe Nav", "Møte i januar"]
    assert report.content[services.MORE_KEY] == "Fra arket: tre lapper"
    assert words(report.content) + Counter({"Neste": 1, "skritt": 1}) == words(before)


def test_change_is_a_revision_and_a_stale_change_is_refused(report, support, facilitator):
    start = report.revision
    sections = {s.title: s for s in report.template.sections.all()}
    services.save_report(  # someone saves after the preview was made from `start`
        report,
        facilitator,
        base_revision=start,
        content={str(sections["Hva ble diskutert"].pk): "Ny tekst"},
    )
    with pytest.raises(services.StaleTemplateChange):
        services.change_template(report, support, builtin("mountain-2013"), base_revision=start)
    report.refresh_from_db()
    assert report.template.key == "open-space-2020" and report.revision == start + 1
    services.change_template(
        report, support, builtin("mountain-2013"), base_revision=report.revision
    )
    revision = ReportRevision.objects.get(report=report, number=start + 2)
    assert "Toppen av fjellet" in revision.note and revision.created_by == support


def test_approved_report_and_other_arenas_templates_are_refused(report, support, other_organiser):
    foreign = ReportTemplate.objects.create(arena=Arena.objects.get(title="Other arena"))
    with pytest.raises(services.ReportError):
        services.change_template(report, support, foreign, base_revision=report.revision)
    GroupReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    with pytest.raises(services.ReportError):
        services.change_template(
            report, support, builtin("mountain-2013"), base_revision=report.revision
        )


def test_restoring_a_revision_of_another_template_keeps_every_word(report, support):
    first = report.revision
    before = dict(report.content)
    services.change_template(report, support, builtin("mountain-2013"), base_revision=first)
    services.restore(report, first, support)  # a revision made with the old template
    report.refresh_from_db()
    assert report.template.key == "mountain-2013"
    assert not words(before) - words(report.content)


def test_mountain_builtin_has_the_sheets_parts_and_picture(db):
    mountain = builtin("mountain-2013")
    assert mountain.name == "Toppen av fjellet (2013)"
    assert [s.title for s in mountain.sections.all()] == [
        "Sola: visjonen",
        "Skyene: ideene",
        "Fjellene: barrierene",
        "Toppen: målet",
        "Veien: handlingsplan og neste skritt",
    ]
    path, alt = builtins.picture(mountain)
    assert path == "img/templates/mountain.svg" and "summit" in str(alt)


# --- the views ---------------------------------------------------------------


def test_editor_has_the_picker_with_the_arenas_templates(arena, group, support):
    own = ReportTemplate.objects.create(arena=arena, name="Vår egen mal")
    ReportTemplate.objects.create(arena=None, name="Andres", key="")  # not a built-in
    html = client_for(support, language="en").get(edit_url(group)).content.decode()
    picker = html[html.index('id="report-template"') :]
    picker = picker[: picker.index("</section>")]
    assert f'<option value="{own.pk}"' in picker
    assert f'<option value="{builtin("mountain-2013").pk}"' in picker
    assert "See where the texts go" in picker


def test_preview_says_where_each_text_goes_and_writes_nothing(report, group, support):
    mountain = builtin("mountain-2013")
    client = client_for(support, language="en")
    response = client.get(change_url(group), {"template": mountain.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "From “Arbeidsrapport fra Open Space (2020)” to “Toppen av fjellet (2013)”" in html
    row = re.search(r"<th scope=\"row\">Neste skritt</th>\s*<td>([^<]*)</td>", html)
    assert row and row[1] == "Veien: handlingsplan og neste skritt"
    assert f'name="base_revision" value="{report.revision}"' in html
    assert 'src="/static/img/templates/mountain.svg"' in html
    report.refresh_from_db()
    assert report.template.key == "open-space-2020"  # a GET changes nothing
    fragment = client.get(change_url(group), {"template": mountain.pk}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="template-change"')
    assert "HX-Request" in fragment["Vary"]


def test_confirm_without_javascript_changes_and_the_editor_shows_more(report, group, support):
    single = ReportTemplate.objects.create(arena=group.arena, name="Én del")
    services.add_section(single, title="Oppsummering", kind=SectionKind.TEXT)
    client = client_for(support, language="en")
    response = client.post(
        change_url(group), {"template": single.pk, "base_revision": report.revision}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The report now uses “Én del”. Every text is kept." in page
    assert 'name="more"' in page and "# Neste skritt" in page
    assert "More from the sheet" in page
    # Editing "More from the sheet" in the form saves it.
    report.refresh_from_db()
    key = f"s{single.sections.get().pk}"
    client.post(
        edit_url(group),
        {"base_revision": report.revision, key: "Oppsummert", "more": "Bare dette"},
    )
    report.refresh_from_db()
    assert report.content[services.MORE_KEY] == "Bare dette"


def test_stale_confirm_shows_the_preview_again_with_a_message(report, group, support):
    mountain = builtin("mountain-2013")
    response = client_for(support, language="en").post(
        change_url(group), {"template": mountain.pk, "base_revision": report.revision - 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this report after you opened the change of template" in html
    assert f'name="base_revision" value="{report.revision}"' in html  # the fresh preview
    report.refresh_from_db()
    assert report.template.key == "open-space-2020"


def test_unknown_template_is_a_clear_message_not_a_500(report, group, support, other_organiser):
    foreign = ReportTemplate.objects.create(
        arena=Arena.objects.get(title="Other arena"), name="Fremmed"
    )
    client = client_for(support, language="en")
    response = client.get(change_url(group), {"template": foreign.pk})
    assert response.status_code == 400
    assert "Choose one of the arena&#x27;s templates." in response.content.decode()
    fragment = client.get(change_url(group), {"template": "x"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 422  # swapped in where the preview goes
    assert "Choose one of the arena&#x27;s templates." in fragment.content.decode()
    response = client.post(change_url(group), {"template": "x", "base_revision": "0"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.template.key == "open-space-2020"


def test_a_fresh_group_can_change_before_anything_is_saved(group, support):
    response = client_for(support, language="en").post(
        change_url(group), {"template": builtin("mountain-2013").pk, "base_revision": 0}
    )
    assert response.status_code == 302
    report = GroupReport.objects.get(group=group)
    assert report.template.key == "mountain-2013" and report.revision == 1
    html = client_for(support, language="en").get(edit_url(group)).content.decode()
    assert 'src="/static/img/templates/mountain.svg"' in html
    assert "the summit is the goal" in html  # the picture's text alternative


def test_readers_cannot_change_templates(report, group, reader):
    response = client_for(reader, language="en").post(
        change_url(group), {"template": builtin("mountain-2013").pk, "base_revision": 1}
    )
    assert response.status_code == 403


def test_a_page_opened_before_the_change_loses_no_typed_word(report, group, support, facilitator):
    """Someone still has the old sections open while a facilitator changes the
    template: what they then type and save is carried onto the new sections."""
    old_sections = {s.title: s for s in report.template.sections.all()}
    old_base = report.revision
    services.change_template(report, facilitator, builtin("mountain-2013"), base_revision=old_base)
    typed = {
        "base_revision": str(old_base),
        f"s{old_sections['Hva ble diskutert'].pk}": "Vi snakket om arbeid\nog om lønn",
        f"s{old_sections['Neste skritt'].pk}": "Ringe Nav\nMøte i januar\nSkrive brev",
    }
    client = client_for(support, language="en")
    autosave = client.post(reverse("reports:autosave", args=[group.arena_id, group.pk]), typed)
    assert autosave.status_code == 409 and autosave.json()["conflict"]
    response = client.post(edit_url(group), typed)  # what the script does on a 409
    assert response.status_code == 409
    html = response.content.decode()
    sola, veien = (
        TemplateSection.objects.get(template__key="mountain-2013", title=t).pk
        for t in ("Sola: visjonen", "Veien: handlingsplan og neste skritt")
    )
    sola_box = re.search(rf'<textarea name="s{sola}"[^>]*>\n?([^<]*)</textarea>', html)[1]
    veien_box = re.search(rf'<textarea name="s{veien}"[^>]*>\n?([^<]*)</textarea>', html)[1]
    assert sola_box == "Vi snakket om arbeid\nog om lønn"  # theirs is shown above it
    assert veien_box == "Ringe Nav\nMøte i januar\nSkrive brev"
    assert f'id="theirs-s{sola}"' in html
    report.refresh_from_db()
    assert report.template.key == "mountain-2013"
    assert "lønn" not in str(report.content)  # nothing saved until they combine and save
