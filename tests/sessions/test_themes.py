"""The organiser's themes screen (sessions.views theme_*): add, edit, order
with up/down buttons (plain form posts), delete without taking groups or
inputs along."""

from django.urls import reverse

from proposals.models import Group
from reports.models import Input
from sessions.models import Theme, ThemeKind
from tests.helpers import make_group, make_report
from tests.personas import client_for


def themes_url(arena):
    return reverse("programme:themes", args=[arena.pk])


def add(client, arena, title, kind="area", question="", place="after_days"):
    return client.post(
        themes_url(arena),
        {"kind": kind, "title": title, "question": question, "report_place": place},
    )


def order(arena):
    return list(Theme.objects.filter(arena=arena).values_list("title", flat=True))


def test_organiser_adds_themes_in_order_and_moves_them(arena, organiser):
    client = client_for(organiser, language="en")
    for title in ["Om arbeidsdeltakelse", "Om helse", "Om samarbeid"]:
        response = add(client, arena, title, question=f"Hva med {title.lower()}?")
        assert response.status_code == 302
    assert order(arena) == ["Om arbeidsdeltakelse", "Om helse", "Om samarbeid"]
    page = client.get(themes_url(arena)).content.decode()
    assert "Hva med om helse?" in page
    assert page.index("Om arbeidsdeltakelse") < page.index("Om helse") < page.index("Om samarbeid")

    last = Theme.objects.get(title="Om samarbeid")
    move = reverse("programme:theme_move", args=[arena.pk, last.pk])
    response = client.post(move, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#theme-{last.pk}")
    client.post(move, {"direction": "up"})
    assert order(arena) == ["Om samarbeid", "Om arbeidsdeltakelse", "Om helse"]
    # At the top: it stays, with a message, not an error.
    response = client.post(move, {"direction": "up"}, follow=True)
    assert response.status_code == 200 and "cannot move further" in response.content.decode()
    client.post(move, {"direction": "down"})
    assert order(arena) == ["Om arbeidsdeltakelse", "Om samarbeid", "Om helse"]
    # Garbage is ignored with a message.
    assert client.post(move, {"direction": "sideways"}).status_code == 302
    assert order(arena) == ["Om arbeidsdeltakelse", "Om samarbeid", "Om helse"]


def test_the_up_and_down_buttons_are_real_form_buttons(arena, organiser):
    client = client_for(organiser, language="en")
    add(client, arena, "A")
    add(client, arena, "B")
    page = client.get(themes_url(arena)).content.decode()
    first = Theme.objects.get(title="A")
    assert f'action="{reverse("programme:theme_move", args=[arena.pk, first.pk])}"' in page
    assert 'name="direction" value="up"' in page and 'name="direction" value="down"' in page
    assert 'visually-hidden"> – A' in page  # each button names its theme for screen readers


def test_a_title_twice_is_refused_with_what_was_typed(arena, organiser):
    client = client_for(organiser, language="en")
    add(client, arena, "Om helse")
    response = add(client, arena, "om helse", question="Mitt spørsmål")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is already a theme" in body and "Mitt spørsmål" in body
    assert Theme.objects.filter(arena=arena).count() == 1


def test_edit_a_theme_into_a_cross_cutting_one(arena, organiser):
    client = client_for(organiser, language="en")
    add(client, arena, "Brukermedvirkning")
    theme = Theme.objects.get()
    response = client.post(
        reverse("programme:theme_edit", args=[arena.pk, theme.pk]),
        {"kind": "cross", "title": "Brukermedvirkning", "question": "", "report_place": "appendix"},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.kind == ThemeKind.CROSS and theme.report_place == "appendix"
    page = client.get(themes_url(arena)).content.decode()
    # The cross-cutting theme links to its inputs and its wall.
    assert reverse("reports:theme_inputs", args=[arena.pk, theme.pk]) in page
    assert reverse("reports:theme_wall", args=[arena.pk, theme.pk]) in page


def test_deleting_a_theme_keeps_its_groups_and_inputs_and_says_so(
    arena, organiser, sessions, spaces
):
    client = client_for(organiser, language="en")
    add(client, arena, "Om helse")
    add(client, arena, "Tverrgående", kind="cross")
    area, cross = Theme.objects.order_by("position")
    group = make_group(arena, sessions[0], spaces[0], "Gruppe")
    Group.objects.filter(pk=group.pk).update(theme=area)
    report = make_report(group, ["Et innspill"])
    report.inputs.first().themes.add(cross)

    url = reverse("programme:theme_delete", args=[arena.pk, area.pk])
    page = client.get(url).content.decode()
    assert "nothing else is deleted; these only lose the theme: 1 group" in page
    assert client.post(url).status_code == 302
    group.refresh_from_db()
    assert group.theme is None

    url = reverse("programme:theme_delete", args=[arena.pk, cross.pk])
    assert "1 input" in client.get(url).content.decode()
    client.post(url)
    assert not Theme.objects.exists()
    assert Input.objects.filter(title="Et innspill").exists()


def test_only_organisers_manage_themes(arena, facilitator, other_organiser):
    assert client_for(facilitator).get(themes_url(arena)).status_code == 403
    assert client_for(other_organiser).get(themes_url(arena)).status_code == 404


def test_a_theme_holding_groups_keeps_its_kind(arena, organiser, sessions, spaces):
    client = client_for(organiser, language="en")
    add(client, arena, "Om helse", question="Hva nå?")
    theme = Theme.objects.get()
    group = make_group(arena, sessions[0], spaces[0], "Gruppe")
    Group.objects.filter(pk=group.pk).update(theme=theme)
    url = reverse("programme:theme_edit", args=[arena.pk, theme.pk])
    data = {
        "kind": "cross",
        "title": "Om helse 2",
        "question": "Hva nå?",
        "report_place": "appendix",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This theme holds 1 group, so it keeps its kind" in body and 'value="Om helse 2"' in body
    theme.refresh_from_db()
    assert (theme.kind, theme.title) == (ThemeKind.AREA, "Om helse")


def test_the_arena_page_section_lists_themes_in_order(arena, organiser):
    """sessions/_arena_themes.html with sessions.page.themes_context (the
    section for arena.page.register_section)."""
    from django.template.loader import render_to_string

    from sessions.page import themes_context

    client = client_for(organiser, language="en")
    add(client, arena, "B-tema", question="Spørsmål B")
    add(client, arena, "A-tema", kind="cross")
    html = render_to_string(
        "sessions/_arena_themes.html",
        {"arena": arena, "can": {"manage"}, **themes_context(None, arena, [])},
    )
    assert html.index("B-tema") < html.index("A-tema") and "Spørsmål B" in html
    assert reverse("programme:themes", args=[arena.pk]) in html
