"""reports.publication.assembly: the arena's report as data, in constant queries, and the
organiser's Markdown sanitised.

``tests.helpers.build_report_data`` makes a small but complete arena."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arena.models import Participant
from proposals.models import Group, Topic, TopicKind
from reports.models import (
    GroupReport,
)
from reports.publication.assembly import assemble, markdown_html
from sessions.models import AgendaItem
from tests.helpers import NAMED, SECRET, build_report_data

# --- tests ---------------------------------------------------------------------------


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser)


def test_assembles_everything(arena, data):
    report = assemble(arena)
    assert report.title == "Rapport fra Åpen arena"
    assert [i.title for i in report.inputs] == [
        f"Innspill {g}.{k}" for g in (1, 2, 3) for k in (1, 2)
    ]
    assert report.inputs[0].code == "1.1 – 1"
    assert report.inputs[0].dots == 2 and report.inputs[0].comments[0].text == "En kommentar"
    assert report.inputs[0].addressee  # the label
    assert len(report.reported_groups) == 3
    assert report.figures.groups == 5 and report.figures.reports == 3
    assert report.figures.participants == 4 and report.figures.inputs == 6
    assert sum(p.count for p in report.figures.perspectives) == 4
    first = report.reported_groups[0]
    assert first.named == sorted(NAMED) and first.unnamed_count == 2
    assert first.photos and first.photos[0].print_url.startswith("/media/reports/")
    assert first.photos[0].print_url.endswith("-print.jpg")
    assert report.participants == [(n, ["1.1", "1.2", "1.3"]) for n in sorted(NAMED)]
    assert report.links == [
        {
            "code": "3.1",
            "title": "Videre arbeid",
            "kind": "deepening",
            "kind_label": str(TopicKind.DEEPENING.label),
            "builds_on_code": "1.1",
            "builds_on_title": "Gruppetema 1",
        }
    ]
    assert [len(d.sessions) for d in report.days] == [2, 1]
    assert "<strong>travel</strong>" in report.days[0].summary
    assert report.quotes[1].anonymous and report.quotes[1].name == ""


def test_names_only_with_consent(arena, data):
    report = assemble(arena)
    everything = repr(report)
    for name in SECRET:
        assert name not in everything
    # a convener without consent is not named in the programme either
    conveners = [c for g in report.groups for c in g.conveners]
    assert set(conveners) <= set(NAMED)


def test_withdrawn_participant_is_not_named(arena, data):
    Participant.objects.filter(display_name="Ada Named").update(
        withdrawn_at=datetime.datetime(2026, 3, 11, tzinfo=datetime.UTC)
    )
    assert "Ada Named" not in repr(assemble(arena).groups)


def _queries(arena) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assemble(arena)
    return len(ctx.captured_queries)


def test_constant_queries(arena, organiser):
    build_report_data(arena, organiser, groups=1, photos=False)
    one = _queries(arena)
    GroupReport.objects.all().delete()
    Group.objects.all().delete()
    Topic.objects.all().delete()
    Participant.objects.all().delete()
    AgendaItem.objects.filter(day__date=arena.days.order_by("date")[1].date).delete()
    build_report_data(arena, organiser, groups=3, photos=False)
    three = _queries(arena)
    assert one == three, (one, three)
    assert three <= 20


@pytest.mark.parametrize(
    ("source", "absent", "present"),
    [
        ("![x](https://evil.example/x.png)", ["<img", "evil.example"], []),
        ("<script>alert(1)</script>", ["<script"], []),
        ("[a](javascript:alert(1))", ["javascript:"], []),
        ("[a](file:///etc/passwd)", ["file:"], []),
        ('<p style="background:url(https://evil.example/)">x</p>', ["url(", "style"], []),
        ("[ok](https://example.org/a)", [], ['href="https://example.org/a"', "noopener"]),
        ("[m](mailto:a@example.org)", [], ['href="mailto:a@example.org"']),
        ("# Tittel", ["<h1"], ["<h2>Tittel</h2>"]),
        # The first level typed is h2 below the chapter's h1, and none is skipped.
        ("## Under", ["<h1", "<h3"], ["<h2>Under</h2>"]),
        ("## Under\n\n#### Detalj", ["<h1", "<h4"], ["<h2>Under</h2>", "<h3>Detalj</h3>"]),
        ("*em* **strong**\n\n1. a\n2. b", [], ["<em>em</em>", "<strong>", "<ol>"]),
    ],
)
def test_markdown_is_sanitised(source, absent, present):
    html = str(markdown_html(source))
    for bad in absent:
        assert bad not in html, html
    for good in present:
        assert good in html, html


@pytest.mark.parametrize(
    "typed",
    ["16. – 17. januar 2013 i Oslo", "16.–17. jan. 2013", "12. mai var det møte", "3. March"],
)
def test_text_that_begins_with_a_date_prints_as_typed(typed):
    """Markdown took "16. – 17. januar" for a numbered list and printed "1. – 17. januar"."""
    html = str(markdown_html(f"Velkommen.\n\n{typed}"))
    assert f"<p>{typed}</p>" in html and "<ol" not in html


def test_a_numbered_list_keeps_its_numbers():
    assert '<ol start="3">' in str(markdown_html("3. Tredje\n4. Fjerde"))
    assert "<ol>" in str(markdown_html("1. Første\n2. Andre"))
    assert "<ol" in str(markdown_html("5. Mai-møtet\n6. Juni-møtet"))  # not dates


@pytest.mark.parametrize("language", ["nb", "en"])
def test_next_steps_print_once_under_the_templates_own_section(arena, data, language):
    """A template with its own "Neste skritt" section takes the action sheet
    under it: the heading is not printed twice."""
    from reports.models import GroupReport, TemplateSection
    from reports.publication.generation import html_for

    report = GroupReport.objects.filter(group=data.groups[0]).get()
    steps = TemplateSection.objects.filter(template=report.template, title="Neste skritt").first()
    assert steps is not None, "the built-in template has a 'Neste skritt' section"
    report.content = {**report.content, str(steps.pk): "Møtes igjen i mars."}
    report.action_sheet = {"next_step": "Invitere Nav", "coordinator": "Kari"}
    report.save()
    html = html_for(arena, language)
    article = html[html.index(f'id="group-{data.groups[0].pk}"') :]
    article = article[: article.index("</article>")]
    assert article.count(">Neste skritt</h3>") == 1 and ">Next steps<" not in article, article
    assert article.index("Møtes igjen i mars.") < article.index("Invitere Nav")
    # Another group, whose template has no such section, keeps its own heading.
    other = GroupReport.objects.filter(group=data.groups[1]).get()
    other.action_sheet = {"next_step": "Skrive til departementet"}
    other.save()
    TemplateSection.objects.filter(pk=steps.pk).update(title="Videre")
    html = html_for(arena, language)
    expected = {"nb": "Neste skritt", "en": "Next steps"}[language]
    article = html[html.index(f'id="group-{data.groups[1].pk}"') :]
    assert expected in article[: article.index("</article>")]


def test_empty_chapters_are_left_out_with_their_line_in_the_contents(arena, data):
    """An introduction or closing with nothing in it printed as a near-empty page."""
    from reports.models import ArenaReportText
    from reports.publication.generation import html_for

    ArenaReportText.objects.filter(arena=arena).update(introduction="", closing="")
    arena.theme = ""
    arena.guiding_questions = ""
    arena.save()
    html = html_for(arena, "en")
    for chapter in ("introduction", "closing"):
        assert f'id="{chapter}"' not in html and f'href="#{chapter}"' not in html
    ArenaReportText.objects.filter(arena=arena).update(closing="Takk for i dag.")
    html = html_for(arena, "en")
    assert 'id="closing"' in html and 'href="#closing"' in html and "Takk for i dag." in html
    assert 'id="introduction"' not in html


def test_key_figures_use_the_organisers_head_count(arena, data):
    """Phones are not people: the head-count the organiser enters is the
    participants' figure; who joined with a phone is shown as that."""
    from reports.publication.generation import html_for

    report = assemble(arena)
    assert report.figures.attending is None and report.figures.participants == 4
    html = html_for(arena, "en")
    assert "<dt>Joined with a phone</dt><dd>4</dd>" in html and "<dt>Participants</dt>" not in html
    arena.registered_count, arena.attending_count = 210, 183
    arena.save()
    report = assemble(arena)
    assert (report.figures.participants, report.figures.registered) == (183, 210)
    html = html_for(arena, "en")
    for figure in ("<dt>Participants</dt><dd>183</dd>", "<dt>Registered</dt><dd>210</dd>"):
        assert figure in html
    assert "<dt>Joined with a phone</dt><dd>4</dd>" in html


def test_a_photo_speaks_once_and_a_sheet_can_print_across_the_page(arena, data):
    """The alt text is the photo's description; without one the caption (the
    figcaption) speaks and the alt only says what it is. A photo marked
    full-width prints as wide as the text, from the web copy."""
    from reports.models import Photo
    from reports.publication.generation import html_for

    photo = Photo.objects.filter(report__group=data.groups[0]).get()
    html = html_for(arena, "en")
    figure = html[html.index(photo.print_version) - 300 :]
    figure = figure[: figure.index("</figure>")]
    assert 'alt="Photo"' in figure and "Arket fra gruppe 1" in figure  # caption once
    photo.description = "Et stort ark med et fjell tegnet på"
    photo.full_width = True
    photo.save()
    html = html_for(arena, "en")
    start = html.index('class="photo photo--wide')
    figure = html[start : html.index("</figure>", start)]
    assert f'alt="{photo.description}"' in figure and photo.web in figure
    assert photo.print_version not in figure


def test_a_group_prints_its_topics_few_lines_and_its_template(arena, data):
    from reports.publication.generation import html_for

    topic = data.groups[0].topic
    topic.description = "Hvordan får vi til samarbeid\nmellom Nav og helse?"
    topic.save()
    html = html_for(arena, "en")
    start = html.index(f'id="group-{data.groups[0].pk}"')
    article = html[start : html.index("</article>", start)]
    assert "Hvordan får vi til samarbeid<br>mellom Nav og helse?" in article
    template = data.groups[0].report.template.name
    assert f"<dt>Report template</dt><dd>{template}</dd>" in article
