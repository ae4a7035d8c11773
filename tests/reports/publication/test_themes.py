"""The report grouped by theme: the organiser's themes (made, ordered and
assigned through the screens), the contents, "the result", appendix 1 and 2
by main area in the organiser's order with "Other groups" last, the key
figures per theme, and a cross-cutting theme's wall where the organiser put it."""

import re
import subprocess

from django.urls import reverse

from proposals.models import Group
from reports.models import Input
from reports.publication import generation
from reports.publication.assembly import assemble
from sessions.models import Theme
from tests.helpers import build_report_data
from tests.personas import client_for

HEADING = re.compile(r"<h([1-6])\b")


def make_themes(arena, organiser, *, place="before_appendices"):
    """Through the screens: "Om helse" and "Om arbeid" (moved up first), a
    cross-cutting "Brukermedvirkning"; groups 1.2 → Om arbeid, 1.1 → Om
    helse, 1.3 without; inputs 1.3 – 1 and 1.1 – 2 on the cross-cutting wall."""
    client = client_for(organiser, language="en")
    url = reverse("programme:themes", args=[arena.pk])
    for title, kind, question in [
        ("Om helse", "area", "Hva gjør helsetjenesten?"),
        ("Om arbeid", "area", "Hva får folk i jobb?"),
        ("Brukermedvirkning", "cross", "Hvor er brukerne?"),
    ]:
        response = client.post(
            url, {"kind": kind, "title": title, "question": question, "report_place": place}
        )
        assert response.status_code == 302
    health, work, cross = (
        Theme.objects.get(title=t) for t in ["Om helse", "Om arbeid", "Brukermedvirkning"]
    )
    client.post(reverse("programme:theme_move", args=[arena.pk, work.pk]), {"direction": "up"})
    groups = {
        g.code: g for g in Group.objects.filter(arena=arena).select_related("session", "space")
    }
    for code, theme in [("1.2", work), ("1.1", health)]:
        response = client.post(
            reverse("proposals:group_theme", args=[arena.pk, groups[code].pk]), {"theme": theme.pk}
        )
        assert response.status_code == 302
    chosen = [
        Input.objects.get(title="Innspill 3.1").pk,
        Input.objects.get(title="Innspill 1.2").pk,
    ]
    client.post(reverse("reports:theme_inputs", args=[arena.pk, cross.pk]), {"inputs": chosen})
    return work, health, cross


def preview(arena, organiser) -> str:
    client = client_for(organiser, language="en")
    return client.get(
        reverse("reports:report_preview", args=[arena.pk]) + "?lang=en"
    ).content.decode()


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def in_order(text: str, *parts: str) -> bool:
    places = [text.index(p) for p in parts]
    return places == sorted(places)


def test_the_report_groups_by_theme_in_the_organisers_order(arena, organiser):
    build_report_data(arena, organiser, groups=3, photos=False)
    work, health, cross = make_themes(arena, organiser)
    html = preview(arena, organiser)

    # Contents: appendix 1 and 2 by theme, Om arbeid first (it was moved up), Other groups last.
    toc = between(html, 'class="toc"', "</nav>")
    assert in_order(
        toc, f"#theme-{work.pk}-inputs", f"#theme-{health.pk}-inputs", "#theme-other-inputs"
    )
    assert in_order(toc, f'#theme-{work.pk}-groups', "Gruppetema 2", f'#theme-{health.pk}-groups',
                    "Gruppetema 1", "#theme-other-groups", "Gruppetema 3")  # fmt: skip
    # The cross-cutting wall before appendix 1, in the contents too.
    assert in_order(toc, f"#theme-wall-{cross.pk}", "#appendix-1")

    appendix_1 = between(html, 'id="appendix-1"', 'id="appendix-2"')
    assert in_order(appendix_1, "Om arbeid", "Hva får folk i jobb?", "Innspill 2.1", "Innspill 2.2",
                    "Om helse", "Hva gjør helsetjenesten?", "Innspill 1.1",
                    "Other groups", "Innspill 3.1")  # fmt: skip
    appendix_2 = html[html.index('id="appendix-2"') : html.index('id="who"')]
    assert in_order(appendix_2, f'id="theme-{work.pk}-groups"', 'id="group-', "Gruppetema 2",
                    f'id="theme-{health.pk}-groups"', "Gruppetema 1",
                    'id="theme-other-groups"', "Gruppetema 3")  # fmt: skip
    assert "Utkast" not in html  # the draft's inputs stay out, as without themes

    # The result's overview by theme too.
    result = between(html, 'id="result"', "</section>")
    assert in_order(result, "Om arbeid", "Innspill 2.1", "Om helse", "Innspill 1.1", "Other groups")

    # Key figures per theme: groups and inputs.
    figures = between(html, 'id="figures"', "</section>")
    assert re.search(r"Om arbeid</th><td>1</td><td>2</td>", figures)
    # Every group on the wall counts, as in "Groups" (a draft and a day-2 group).
    assert re.search(r"Other groups</th><td>3</td><td>2</td>", figures)
    assert re.search(
        r"Brukermedvirkning <span[^>]*>\(cross-cutting\)</span></th><td>–</td><td>2</td>", figures
    )

    # The theme wall: its question, by group in wall order, each input's code and group.
    wall = between(html, f'id="theme-wall-{cross.pk}"', "</section>")
    assert "Hvor er brukerne?" in wall
    assert in_order(wall, "1.1", "1.1 – 2", "Innspill 1.2", "1.3", "1.3 – 1", "Innspill 3.1")
    assert in_order(html, 'id="day-1"', f'id="theme-wall-{cross.pk}"', 'id="appendix-1"')


def test_headings_never_jump_a_level(arena, organiser):
    build_report_data(arena, organiser, groups=3, photos=False)
    make_themes(arena, organiser, place="appendix")
    html = preview(arena, organiser)
    # From the key figures on (the organiser's Markdown above is not ours to judge).
    body = html[html.index('id="figures"') :]
    levels = [int(m) for m in HEADING.findall(body)]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_a_theme_wall_as_an_appendix_is_numbered_after_appendix_2(arena, organiser):
    build_report_data(arena, organiser, groups=3, photos=False)
    _work, _health, cross = make_themes(arena, organiser, place="appendix")
    html = preview(arena, organiser)
    assert "Appendix 3: Brukermedvirkning" in html
    assert in_order(html, 'id="appendix-2"', f'id="theme-wall-{cross.pk}"', 'id="who"')


def test_without_themes_the_report_is_laid_out_by_group(arena, organiser):
    build_report_data(arena, organiser, groups=3, photos=False)
    html = preview(arena, organiser)
    assert "theme-" not in html and "Other groups" not in html and "Per theme" not in html
    report = assemble(arena)
    assert report.areas == [] and report.cross_themes == [] and not report.has_themes
    # Appendix 1's inputs are the chapter's h2, as always.
    assert re.search(r'<h2 id="input-\d+" class="input-title">', html)


def test_a_theme_nobody_uses_shows_in_the_figures_only(arena, organiser):
    build_report_data(arena, organiser, groups=1, photos=False)
    Theme.objects.create(arena=arena, title="Tomt tema", position=1)
    html = preview(arena, organiser)
    assert "Tomt tema</th><td>0</td><td>0</td>" in html
    assert "Tomt tema" not in between(html, 'id="appendix-1"', 'id="who"')
    assert "Other groups" in between(html, 'id="appendix-2"', 'id="who"')


def test_the_pdf_prints_the_themes(arena, organiser, tmp_path):
    build_report_data(arena, organiser, groups=3, photos=False)
    make_themes(arena, organiser)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(generation.render_report(arena, "en").pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    appendix = text[text.rindex("Appendix 1: All inputs") :]
    assert in_order(appendix, "Om arbeid", "Om helse", "Other groups", "Appendix 2")
    assert "Brukermedvirkning" in text and "Hvor er brukerne?" in text


def test_assembly_with_themes_costs_the_same_for_one_group_or_three(arena, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_report_data(arena, organiser, groups=3, photos=False)
    make_themes(arena, organiser)
    with CaptureQueriesContext(connection) as three:
        assemble(arena)
    Group.objects.exclude(topic__title="Gruppetema 1").filter(report__isnull=True).delete()
    for group in Group.objects.exclude(topic__title="Gruppetema 1"):
        group.report.inputs.all().delete()
        group.report.delete()
        group.delete()
    with CaptureQueriesContext(connection) as one:
        report = assemble(arena)
    assert len(report.groups) == 1
    assert len(one.captured_queries) == len(three.captured_queries)


def test_the_exports_carry_each_groups_and_inputs_themes(arena, organiser):
    import csv
    import io

    build_report_data(arena, organiser)
    make_themes(arena, organiser)
    client = client_for(organiser, language="en")

    def rows(table):
        url = reverse("reports:report_export", args=[arena.pk, f"{table}.csv"])
        body = client.get(url).content.decode("utf-8-sig")
        return {row["code"]: row for row in csv.DictReader(io.StringIO(body))}

    groups = rows("groups")
    assert groups["1.2"]["theme"] == "Om arbeid" and groups["1.1"]["theme"] == "Om helse"
    assert groups["1.3"]["theme"] == ""
    inputs = rows("inputs")
    assert inputs["1.2 – 1"]["theme"] == "Om arbeid"
    assert inputs["1.1 – 2"]["cross_themes"] == "Brukermedvirkning"
    assert inputs["1.2 – 1"]["cross_themes"] == ""
