"""A group's main area, set by a facilitator from the group's actions on the
wall (proposals.views.group_theme): the label on the wall's cell (and in the
broadcast of its row), the phone's group page, the "Highlight theme" control."""

from django.urls import reverse

from arena.live import STAFF
from arena.models import Arena
from proposals.models import Group
from sessions.models import Theme, ThemeKind
from tests.helpers import make_group
from tests.personas import client_for


def themes(arena):
    area = Theme.objects.create(
        arena=arena, title="Om arbeidsdeltakelse", question="Hva hjelper folk i jobb?", position=1
    )
    other = Theme.objects.create(arena=arena, title="Om helse", position=2)
    cross = Theme.objects.create(arena=arena, title="Tverrgående", kind=ThemeKind.CROSS, position=3)
    return area, other, cross


def theme_url(arena, group):
    return reverse("proposals:group_theme", args=[arena.pk, group.pk])


def test_facilitator_sets_a_groups_theme_from_its_actions(
    arena, facilitator, sessions, spaces, broadcasts
):
    area, other, cross = themes(arena)
    group = make_group(arena, sessions[0], spaces[1], "Unge i jobb")
    client = client_for(facilitator, language="en")
    actions = client.get(reverse("proposals:group_actions", args=[arena.pk, group.pk]))
    body = actions.content.decode()
    # A select of the arena's main areas, in order; not the cross-cutting theme.
    assert f'id="theme-{group.pk}"' in body
    assert body.index("Om arbeidsdeltakelse") < body.index("Om helse")
    assert "Tverrgående" not in body

    version = Arena.objects.get(pk=arena.pk).wall_version
    with broadcasts(arena) as sent:
        response = client.post(theme_url(arena, group), {"theme": area.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "belongs to “Om arbeidsdeltakelse”" in response.content.decode()
    assert Group.objects.get(pk=group.pk).theme == area
    assert Arena.objects.get(pk=arena.pk).wall_version == version + 1
    # Every facilitator's wall gets the cell with its label.
    assert any("group-theme" in html and "Om arbeidsdeltakelse" in html for html in sent[STAFF])

    wall = client.get(reverse("proposals:wall", args=[arena.pk])).content.decode()
    assert 'class="group-theme"' in wall and f'data-theme="{area.pk}"' in wall
    assert 'id="wall-theme-select"' in wall  # the highlight control (wall-themes.js)
    # The select now shows it chosen.
    actions = client.get(reverse("proposals:group_actions", args=[arena.pk, group.pk]))
    assert f'value="{area.pk}" selected' in actions.content.decode()

    # Back to none.
    client.post(theme_url(arena, group), {"theme": ""})
    assert Group.objects.get(pk=group.pk).theme is None


def test_a_theme_that_is_not_a_main_area_of_the_arena_is_refused(
    arena, facilitator, sessions, spaces, other_organiser
):
    area, _other, cross = themes(arena)
    elsewhere = Theme.objects.create(
        arena=Arena.objects.create(title="Annen"), title="Fremmed", position=1
    )
    group = make_group(arena, sessions[0], spaces[0], "G")
    client = client_for(facilitator, language="en")
    for value in [cross.pk, elsewhere.pk, "abc", "-1", "99999999999999999999999"]:
        response = client.post(theme_url(arena, group), {"theme": value}, HTTP_HX_REQUEST="true")
        assert response.status_code == 422
        assert "main areas" in response.content.decode()
    assert Group.objects.get(pk=group.pk).theme is None
    # Without JavaScript: back to the wall with the message.
    response = client.post(theme_url(arena, group), {"theme": cross.pk}, follow=True)
    assert "main areas" in response.content.decode()


def test_wall_without_themes_shows_no_theme_controls(arena, facilitator, sessions, spaces):
    group = make_group(arena, sessions[0], spaces[0], "G")
    client = client_for(facilitator, language="en")
    wall = client.get(reverse("proposals:wall", args=[arena.pk])).content.decode()
    assert "wall-theme-select" not in wall and 'class="group-theme"' not in wall
    actions = client.get(reverse("proposals:group_actions", args=[arena.pk, group.pk]))
    assert f'id="theme-{group.pk}"' not in actions.content.decode()


def test_the_phone_group_page_shows_the_theme_and_its_question(
    arena, participant, sessions, spaces
):
    area, _other, _cross = themes(arena)
    group = make_group(arena, sessions[0], spaces[0], "G")
    Group.objects.filter(pk=group.pk).update(theme=area)
    phone = client_for(participant=participant, language="en")
    page = phone.get(reverse("phone:group", args=[arena.join_code, group.pk])).content.decode()
    assert "Om arbeidsdeltakelse" in page and "Hva hjelper folk i jobb?" in page


def test_a_moved_group_keeps_its_theme(arena, facilitator, sessions, spaces):
    area, _other, _cross = themes(arena)
    group = make_group(arena, sessions[0], spaces[0], "G")
    client = client_for(facilitator)
    client.post(theme_url(arena, group), {"theme": area.pk})
    client.post(
        reverse("proposals:group_move", args=[arena.pk, group.pk]),
        {"cell": f"{sessions[1].pk}-{spaces[2].pk}"},
    )
    group.refresh_from_db()
    assert (group.space, group.theme) == (spaces[2], area)


def test_organiser_orders_a_main_areas_groups_and_the_report_follows(
    arena, organiser, facilitator, sessions, spaces
):
    from reports.models import ReportStatus
    from reports.publication import generation
    from tests.helpers import make_report

    area, _other, _cross = themes(arena)
    first = make_group(arena, sessions[0], spaces[0], "Første på veggen")
    second = make_group(arena, sessions[0], spaces[1], "Andre på veggen")
    third = make_group(arena, sessions[1], spaces[0], "Tredje på veggen")
    for group in (first, second, third):
        client_for(facilitator).post(theme_url(arena, group), {"theme": area.pk})
        make_report(group, ["Et innspill"], ReportStatus.SUBMITTED)
    client = client_for(organiser, language="en")
    page_url = reverse("proposals:theme_groups", args=[arena.pk, area.pk])
    move_url = reverse("proposals:theme_group_move", args=[arena.pk, area.pk])
    page = client.get(page_url).content.decode()
    # Until someone moves one, the wall's order.
    assert page.index("Første") < page.index("Andre") < page.index("Tredje")
    # The themes page links here from the main area's row.
    themes_page = client.get(reverse("programme:themes", args=[arena.pk])).content.decode()
    assert page_url in themes_page

    response = client.post(move_url, {"group": third.pk, "direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#group-{third.pk}")
    client.post(move_url, {"group": third.pk, "direction": "up"})
    client.post(move_url, {"group": third.pk, "direction": "up"})  # already first: nothing
    page = client.get(page_url).content.decode()
    assert page.index("Tredje") < page.index("Første") < page.index("Andre")

    html = generation.html_for(arena, "en")
    appendix = html[html.index('id="appendix-2"') :]
    assert appendix.index("Tredje") < appendix.index("Første") < appendix.index("Andre")

    # A group joining the ordered area goes last; a facilitator may not order.
    fourth = make_group(arena, sessions[1], spaces[1], "Fjerde på veggen")
    client_for(facilitator).post(theme_url(arena, fourth), {"theme": area.pk})
    page = client.get(page_url).content.decode()
    assert page.index("Andre") < page.index("Fjerde")
    assert (
        client_for(facilitator).post(move_url, {"group": first.pk, "direction": "up"}).status_code
        == 403
    )
    # A group of another area, or nonsense, is refused with a message, nothing moved.
    response = client.post(move_url, {"group": "x", "direction": "sideways"}, follow=True)
    assert "Choose a group of this main area" in response.content.decode()
