"""Themes on the input walls: the phone's input wall by main area (filter,
label, the area's question), and a cross-cutting theme's wall, whose inputs
the organiser picks from every group (reports.inputwall.themes)."""

from django.urls import reverse

from proposals.models import Group
from reports.models import ReportStatus
from sessions.models import Theme, ThemeKind
from tests.helpers import make_group, make_report
from tests.personas import client_for


def setup_wall(arena, sessions, spaces):
    """1.1 in "Om arbeid", 1.2 in "Om helse", 2.1 without a theme; 1.3 a draft."""
    work = Theme.objects.create(arena=arena, title="Om arbeid", question="Hva virker?", position=1)
    health = Theme.objects.create(arena=arena, title="Om helse", position=2)
    cross = Theme.objects.create(
        arena=arena, title="Brukermedvirkning", kind=ThemeKind.CROSS, position=3
    )
    g11 = make_group(arena, sessions[0], spaces[0], "Jobb først")
    g12 = make_group(arena, sessions[0], spaces[1], "Helse i jobb")
    g21 = make_group(arena, sessions[1], spaces[0], "Løst tema")
    g13 = make_group(arena, sessions[0], spaces[2], "Kladdgruppe")
    Group.objects.filter(pk=g11.pk).update(theme=work)
    Group.objects.filter(pk=g12.pk).update(theme=health)
    make_report(g11, ["Lærlingplasser", "Tett oppfølging"])
    make_report(g12, ["Fastlegen med"])
    make_report(g21, ["Brukerråd overalt"])
    make_report(g13, ["Utkast"], status=ReportStatus.DRAFT)
    return work, health, cross


def wall_url(arena, **params):
    url = reverse("phone_reports:input_wall", args=[arena.join_code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_phone_input_wall_filters_by_main_area(arena, participant, sessions, spaces):
    work, health, _cross = setup_wall(arena, sessions, spaces)
    phone = client_for(participant=participant, language="en")
    page = phone.get(wall_url(arena)).content.decode()
    # Each group shows its theme; the themes are offered as a filter and as links.
    assert 'id="f-theme"' in page and 'aria-label="Inputs by theme"' in page
    assert "Om arbeid" in page and "Om helse" in page
    # A cross-cutting theme is not a main area to filter by (its wall is a link).
    theme_filter = page[page.index('id="f-theme"') :]
    theme_filter = theme_filter[: theme_filter.index("</select>")]
    assert "Om arbeid" in theme_filter and "Brukermedvirkning" not in theme_filter

    only_work = phone.get(wall_url(arena, theme=work.pk)).content.decode()
    assert "Lærlingplasser" in only_work and "Fastlegen med" not in only_work
    assert "Brukerråd overalt" not in only_work
    assert "Hva virker?" in only_work  # the area's guiding question

    none = phone.get(wall_url(arena, theme="none")).content.decode()
    assert "Brukerråd overalt" in none and "Lærlingplasser" not in none

    odd = phone.get(wall_url(arena, theme="abc")).content.decode()
    assert "There is no theme" in odd and "Lærlingplasser" in odd


def test_an_input_wall_without_themes_offers_no_theme_filter(arena, participant, sessions, spaces):
    make_report(make_group(arena, sessions[0], spaces[0], "G"), ["Et innspill"])
    page = client_for(participant=participant, language="en").get(wall_url(arena))
    body = page.content.decode()
    assert "Et innspill" in body and 'id="f-theme"' not in body and "Inputs by theme" not in body


def test_organiser_attaches_inputs_to_a_cross_cutting_theme(arena, organiser, sessions, spaces):
    _work, _health, cross = setup_wall(arena, sessions, spaces)
    client = client_for(organiser, language="en")
    url = reverse("reports:theme_inputs", args=[arena.pk, cross.pk])
    page = client.get(url).content.decode()
    # Every input of the arena by group, with its code; the draft's is marked.
    for code, title in [
        ("1.1 – 1", "Lærlingplasser"),
        ("1.2 – 1", "Fastlegen med"),
        ("2.1 – 1", "Brukerråd overalt"),
    ]:
        assert code in page and title in page
    assert "Utkast" in page and "report not submitted" in page
    assert page.index("Jobb først") < page.index("Helse i jobb") < page.index("Løst tema")

    chosen = [
        item.pk for item in cross.arena.groups.get(topic__title="Løst tema").report.inputs.all()
    ] + [cross.arena.groups.get(topic__title="Jobb først").report.inputs.last().pk]
    draft = cross.arena.groups.get(topic__title="Kladdgruppe").report.inputs.get()
    response = client.post(url, {"inputs": [*chosen, draft.pk, "abc", 999999]})
    assert response.status_code == 302
    assert set(cross.inputs.values_list("pk", flat=True)) == {*chosen, draft.pk}
    page = client.get(url).content.decode()
    assert page.count(" checked") == 3

    # The theme wall: by group, in wall order, each input with its code; the
    # draft's input waits until its report is submitted.
    wall = client.get(reverse("reports:theme_wall", args=[arena.pk, cross.pk])).content.decode()
    assert "1.1 – 2" in wall and "Tett oppfølging" in wall
    assert "2.1 – 1" in wall and "Brukerråd overalt" in wall
    assert "Lærlingplasser" not in wall and "Utkast" not in wall
    assert wall.index("Jobb først") < wall.index("Løst tema")
    assert "2 inputs from the groups" in wall

    # Unticking everything empties it.
    client.post(url, {})
    assert not cross.inputs.exists()


def test_theme_screens_are_for_staff_of_the_arena_and_cross_cutting_themes(
    arena, organiser, facilitator, other_organiser, participant, sessions, spaces
):
    work, _health, cross = setup_wall(arena, sessions, spaces)
    inputs_url = reverse("reports:theme_inputs", args=[arena.pk, cross.pk])
    wall_url_ = reverse("reports:theme_wall", args=[arena.pk, cross.pk])
    assert client_for(facilitator).get(inputs_url).status_code == 403
    assert client_for(facilitator).get(wall_url_).status_code == 200
    assert client_for(other_organiser).get(wall_url_).status_code == 404
    # A main area has no wall of its own here: its groups are on the input wall.
    area_wall = reverse("reports:theme_wall", args=[arena.pk, work.pk])
    assert client_for(organiser).get(area_wall).status_code == 404


def test_phones_read_a_cross_cutting_themes_wall_from_the_input_wall(
    arena, participant, sessions, spaces
):
    _work, _health, cross = setup_wall(arena, sessions, spaces)
    item = Group.objects.get(topic__title="Løst tema").report.inputs.get()
    item.themes.add(cross)
    phone = client_for(participant=participant, language="en")
    page = phone.get(wall_url(arena)).content.decode()
    theme_url = reverse("phone_reports:theme_wall", args=[arena.join_code, cross.pk])
    assert theme_url in page and 'aria-label="Cross-cutting themes"' in page
    wall = phone.get(theme_url).content.decode()
    assert "2.1 – 1" in wall and "Brukerråd overalt" in wall
    assert reverse("reports:theme_inputs", args=[arena.pk, cross.pk]) not in wall
    # Only with a phone of this arena.
    assert client_for().get(theme_url).status_code in (302, 403)
