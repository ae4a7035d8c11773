"""Light structure in a group report's sections (reports.publication.structure):
nested and numbered lists, typed bullets, sub-headings below the section's
h3 without skipped levels, dates at a line's start, sanitising; and the
report printing it."""

import re

from django.urls import reverse

from reports.documentation import services
from reports.publication.structure import item_html, section_html
from tests.helpers import make_report
from tests.personas import client_for


def squash(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_nested_lists_with_any_indent_and_numbered_items():
    text = "Vi fant:\n- arbeid\n  - deltid\n     1. først\n     2. så\n- helse"
    assert squash(section_html(text)) == (
        "<p>Vi fant:</p>"
        "<ul><li>arbeid<ul><li>deltid<ol><li>først</li><li>så</li></ol></li></ul></li>"
        "<li>helse</li></ul>"
    )


def test_typed_bullets_and_numbers_with_a_bracket_become_lists():
    assert squash(section_html("• én\n• to\n  • under to")) == (
        "<ul><li>én</li><li>to<ul><li>under to</li></ul></li></ul>"
    )
    assert squash(section_html("1) først\n2) så")) == "<ol><li>først</li><li>så</li></ol>"
    assert squash(section_html("3. tredje\n4. fjerde")) == (
        '<ol start="3"><li>tredje</li><li>fjerde</li></ol>'
    )


def test_sub_headings_print_below_the_sections_h3_without_skipping_levels():
    html = str(section_html("# Tema\ntekst\n### Dypere\nmer\n###### Dypest"))
    assert "<h4>Tema</h4>" in html and "<h5>Dypere</h5>" in html and "<h6>Dypest</h6>" in html
    assert not re.search(r"<h[1-3]", html)
    assert "<h4>Bare én</h4>" in str(section_html("### Bare én\ntekst"))
    assert "<h4>" not in str(section_html("#hashtag er et ord"))


def test_a_date_at_the_start_of_a_line_stays_as_typed():
    html = str(section_html("16. januar møttes vi\n17. januar igjen"))
    assert "<ol" not in html and "16. januar" in html and "17. januar" in html
    assert "<ol" not in str(item_html("16. januar: møte")) and "16. januar" in item_html(
        "16. januar: møte"
    )


def test_line_breaks_stay_where_they_were_typed():
    assert squash(section_html("Linje én\nLinje to")) == "<p>Linje én<br>\nLinje to</p>"


def test_raw_html_and_script_are_never_markup():
    html = str(section_html('<script>alert(1)</script>\n<img src=x onerror="y">\n<b>fet</b>'))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet" in html  # every word kept, as text
    links = str(section_html("[a](javascript:alert(1)) [b](https://nav.no)"))
    assert "javascript" not in links and 'href="https://nav.no"' in links
    assert "<script" not in str(item_html("<script>x</script>"))


def test_an_item_of_a_list_section_is_inline_without_its_typed_bullet():
    assert str(item_html("• **viktig** punkt")) == "<strong>viktig</strong> punkt"
    assert str(item_html("1. er et tall her")) == "1. er et tall her"
    assert str(section_html("")) == "" and str(item_html("")) == ""


def test_the_report_prints_the_structure(arena, group, organiser):
    report = make_report(group)
    sections = {s.kind: s for s in report.template.sections.all()}
    services.save_report(
        report,
        organiser,
        base_revision=0,
        content={
            str(sections["text"].pk): "## Funn\n- arbeid\n  - deltid",
            str(sections["list"].pk): ["• **Ringe** Nav"],
        },
    )
    html = client_for(organiser).get(reverse("reports:report_preview", args=[arena.pk]))
    html = squash(html.content.decode())
    assert "<h4>Funn</h4><ul><li>arbeid<ul><li>deltid</li></ul></li></ul>" in html
    assert '<ul class="section-items"><li><strong>Ringe</strong> Nav</li></ul>' in html
