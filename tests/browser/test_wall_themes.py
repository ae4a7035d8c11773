"""The programme wall with main areas, at real scale (the 30-room wall of
test_wall_layout.py, every group in one of three themes with long titles):
the layout checks of test_wall_layout still hold with the theme labels, and
"Highlight theme" dims the other themes' groups, also after a live update.

Screenshots: test-artifacts/screens/wall-themes-1366x768-nb-30[-<state>].png
(test_wall_layout.py's own are wall-1366x768-…)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from proposals.models import Group
from reports.demo import load_demo
from sessions.models import Theme
from tests.personas import *  # noqa: F403 - the arena and the people in it

from .layout import LIVE, check_layout, open_wall, wall_30

pytestmark = pytest.mark.browser

TITLES = [
    "Om arbeidsdeltakelse for unge med psykiske helseplager",
    "Om helse",
    "Om samarbeid mellom tjenestene og arbeidsgiverne",
]


def test_wall_30_rooms_with_themes(new_page, live_server_url):
    load_demo(participants=0)  # the demo organiser, who logs in
    organiser = get_user_model().objects.get(username="arrangor")
    arena = wall_30(organiser)
    themes = [
        Theme.objects.create(arena=arena, title=title, position=n)
        for n, title in enumerate(TITLES, 1)
    ]
    groups = list(Group.objects.filter(arena=arena).order_by("pk"))
    for n, group in enumerate(groups[:-1]):  # the last one stays without a theme
        Group.objects.filter(pk=group.pk).update(theme=themes[n % 3])
    page = open_wall(new_page, live_server_url, arena, "nb")
    assert page.locator("#grid .group-theme").count() == len(groups) - 1
    problems = check_layout(page, "nb", 30, prefix="wall-themes")
    assert not problems, "\n".join(problems)

    # Highlight: the chosen theme's groups get an outline, the others dim.
    expect(page.locator("#wall-theme-filter")).to_be_visible()
    page.select_option("#wall-theme-select", str(themes[1].pk))
    matching = page.locator("#grid .group.theme-match")
    expect(matching.first).to_be_visible()
    assert matching.count() == sum(1 for n in range(len(groups) - 1) if n % 3 == 1)
    assert page.locator("#grid .group.theme-dimmed").count() == len(groups) - matching.count()

    # Setting a theme from the group's actions: the cell comes back live
    # (the wall's broadcast) and keeps the highlight.
    last = groups[-1]
    page.locator(f'#grid .group[data-group="{last.pk}"] .wall-control').click()
    page.select_option(f"#theme-{last.pk}", str(themes[1].pk))
    page.locator('#panel form[action$="/theme/"] button[type=submit]').click()
    cell = page.locator(f'#grid .group[data-group="{last.pk}"]')
    expect(cell).to_have_attribute("data-theme", str(themes[1].pk), timeout=LIVE)
    expect(cell).to_have_class("group theme-match", timeout=LIVE)


def test_organiser_orders_themes_with_the_keyboard_and_picks_inputs(
    new_page, live_server_url, arena, organiser, axe_check, shot
):
    """The themes page, the inputs picker and the theme wall pass axe; the
    up/down buttons work from the keyboard (plain form posts)."""
    from django.urls import reverse

    from tests.helpers import build_report_data
    from tests.personas import PASSWORD

    build_report_data(arena, organiser, groups=2, photos=False)
    page = new_page(locale="en-GB")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server_url}])
    page.goto("/accounts/login/")
    page.fill("#id_username", organiser.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda u: "/accounts/login/" not in u)

    page.goto(reverse("programme:themes", args=[arena.pk]))
    for title, kind in [("Om helse", "area"), ("Om arbeid", "area"), ("Tverrgående", "cross")]:
        page.fill("#id_title", title)
        page.check(f"input[name=kind][value={kind}]")
        with page.expect_navigation():
            page.locator("main form[action$='/themes/'] button[type=submit]").click()
    axe_check(page)
    work = Theme.objects.get(title="Om arbeid")
    up = page.locator(f"#theme-{work.pk} button[value=up]")
    up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Back on the page at the moved theme's row.
    assert page.url.endswith(f"#theme-{work.pk}")
    assert list(Theme.objects.values_list("title", flat=True)) == [
        "Om arbeid",
        "Om helse",
        "Tverrgående",
    ]
    shot(page, "themes")

    cross = Theme.objects.get(title="Tverrgående")
    with page.expect_navigation():
        page.get_by_role("link", name="Choose inputs – Tverrgående").click()
    axe_check(page)
    page.locator("#theme-inputs-form input[type=checkbox]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the theme's inputs").click()
    assert cross.inputs.count() == 1
    page.goto(reverse("reports:theme_wall", args=[arena.pk, cross.pk]))
    axe_check(page)
    expect(page.locator("#theme-wall article.input")).to_have_count(1)
    shot(page, "theme-wall")
