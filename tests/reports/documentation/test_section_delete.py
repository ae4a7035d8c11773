"""Removing a section of an arena's report template keeps every word (issue 9,
item 1): each group report's text in it moves to "More from the sheet" as a
new revision, and the confirmation says how many reports that is."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports.documentation import services
from reports.models import GroupReport, ReportRevision, ReportStatus, SectionKind
from tests.helpers import make_group
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def template(arena):
    template = services.copy_template(services.default_template(arena), arena)
    return services.set_default_template(arena, template)


@pytest.fixture
def sections(template):
    text = services.add_section(template, title="Gjort", kind=SectionKind.TEXT)
    lines = services.add_section(template, title="Neste", kind=SectionKind.LIST)
    return text, lines


def _report(arena, session, space, title, support, content):
    report = services.report_for(make_group(arena, session, space, title))
    return services.save_report(report, support, base_revision=report.revision, content=content)


def url(arena, template, section):
    return reverse("reports:section_delete", args=[arena.pk, template.pk, section.pk])


def test_the_confirmation_counts_the_reports_with_text_and_deletes_nothing(
    arena, organiser, support, template, sections, sessions, spaces
):
    text, _lines = sections
    for space, title in zip(spaces[:2], ("Tidlig innsats", "Arbeid"), strict=True):
        _report(arena, sessions[0], space, title, support, {str(text.pk): "Noe"})
    _report(arena, sessions[0], spaces[2], "Tom", support, {})
    page = client_for(organiser, language="en").get(url(arena, template, text))
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 group reports have text in this section" in html
    assert "More from the sheet" in html
    assert template.sections.filter(pk=text.pk).exists()


def test_removing_moves_each_text_to_more_as_a_revision(
    arena, organiser, support, template, sections, sessions, spaces
):
    text, lines = sections
    draft = _report(
        arena, sessions[0], spaces[0], "Tidlig innsats", support,
        {str(lines.pk): ["Ringe Nav", "Møte"], services.MORE_KEY: "Fra arket"},
    )  # fmt: skip
    approved = _report(arena, sessions[0], spaces[1], "Arbeid", support, {str(lines.pk): ["Én"]})
    GroupReport.objects.filter(pk=approved.pk).update(status=ReportStatus.APPROVED)
    response = client_for(organiser).post(url(arena, template, lines))
    assert response.status_code == 302
    assert not template.sections.filter(pk=lines.pk).exists()
    draft.refresh_from_db()
    assert draft.content == {services.MORE_KEY: "Fra arket\n\n# Neste\nRinge Nav\nMøte"}
    revision = ReportRevision.objects.get(report=draft, number=draft.revision)
    assert revision.created_by == organiser and "Neste" in revision.note
    assert draft.editing_by != organiser  # the organiser is not shown as editing it
    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED
    assert approved.content == {services.MORE_KEY: "# Neste\nÉn"}
    # the text comes back into a section of that title on a change of template
    other = services.copy_template(services.builtin_templates().first(), arena)
    services.add_section(other, title="Neste", kind=SectionKind.LIST)
    services.change_template(draft, support, other, base_revision=draft.revision)
    draft.refresh_from_db()
    neste = other.sections.get(title="Neste")
    assert draft.content[str(neste.pk)] == ["Ringe Nav", "Møte"]


def test_a_removal_that_would_overflow_more_is_refused_with_nothing_changed(
    arena, organiser, support, template, sections, sessions, spaces
):
    text, _lines = sections
    full = "x" * (services.TEXT_MAX - 10)
    report = _report(
        arena, sessions[0], spaces[0], "Tidlig innsats", support,
        {str(text.pk): "Litt tekst her", services.MORE_KEY: full},
    )  # fmt: skip
    response = client_for(organiser, language="en").post(url(arena, template, text))
    assert response.status_code == 409
    assert 'id="delete-blocked"' in response.content.decode()
    assert template.sections.filter(pk=text.pk).exists()
    assert GroupReport.objects.get(pk=report.pk).revision == report.revision
