"""The dot vote on the projector, at real scale: 90 inputs with dots, at
1920×1080 and 1280×720. The page never scrolls; the results are paged
("1 / n"), each wholly on a page, every one shown across the pages, none in
type smaller than 18 px. Screenshots:
test-artifacts/screens/projector-vote-<w>x<h>-<lang>[-p<n>].png
"""

import pytest
from django.conf import settings
from django.utils import timezone

from arena.models import Participant
from proposals.models import Group
from reports.demo import DEMO_PASSWORD, load_demo
from reports.documentation.services import default_template
from reports.models import Dot, GroupReport, Input, ReportStatus, Vote
from tests.servers import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
MIN_TEXT_PX = 18

CHECK = r"""
() => {
  const se = document.scrollingElement;
  const flow = document.querySelector('[data-paged]');
  const win = flow.parentElement.getBoundingClientRect();
  const pager = document.querySelector('[data-pager]');
  const problems = [], shown = [];
  for (const li of flow.querySelectorAll('.vote-result')) {
    const r = li.getBoundingClientRect();
    const inside = r.left >= win.left - 1 && r.right <= win.right + 1
      && r.top >= win.top - 1 && r.bottom <= win.bottom + 1;
    const outside = r.right <= win.left + 1 || r.left >= win.right - 1;
    const code = li.querySelector('.input-code').textContent.trim();
    if (!inside && !outside) problems.push(`${code}: cut off`);
    if (!inside) continue;
    shown.push(code);
    const size = parseFloat(getComputedStyle(li).fontSize);
    if (size < 18) problems.push(`${code}: ${size}px`);
  }
  return {scroll: [se.scrollWidth, se.scrollHeight, innerWidth, innerHeight],
          pages: Number(flow.dataset.pages),
          pager: pager && !pager.hidden
            ? pager.querySelector('[data-pager-text]').textContent.trim() : '',
          shown, problems};
}
"""


def _closed_vote_with_90_inputs():
    arena = load_demo(participants=150)
    people = list(Participant.objects.filter(arena=arena)[:150])
    # The demo documents a few groups itself: this test writes every report of its own.
    GroupReport.objects.filter(group__arena=arena).delete()
    vote = Vote.objects.create(arena=arena, title="Prioritering dag 1", blind=True)
    codes = set()
    groups = Group.objects.filter(arena=arena).order_by("session__session_number", "space__number")
    dots = []
    for g, group in enumerate(groups[:30]):
        report = GroupReport.objects.create(
            group=group,
            template=default_template(arena),
            status=ReportStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for position in (1, 2, 3):
            item = Input.objects.create(
                report=report,
                position=position,
                title=f"{group.topic.title[:60]} ({position})",
                text="Kort.",
            )
            codes.add(f"{group.code} – {position}")
            for person in people[: 1 + (g * 3 + position) % 12]:
                dots.append(Dot(vote=vote, input=item, participant=person))
    Dot.objects.bulk_create(dots)
    vote.closed_at = timezone.now()
    vote.save(update_fields=["closed_at"])
    return arena, vote, codes


@pytest.mark.parametrize(
    "size, language", [((1920, 1080), "nb"), ((1280, 720), "nb"), ((1920, 1080), "en")]
)
def test_vote_projector_pages_its_results_and_shows_every_one(
    new_page, live_server_url, size, language
):
    arena, vote, codes = _closed_vote_with_90_inputs()
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    SCREENS.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    pages = number = 1
    while number <= pages:
        page.goto(f"/a/{arena.pk}/votes/{vote.pk}/projector/?page={number}")
        page.wait_for_function("() => document.querySelector('[data-paged][data-pages]')")
        page.wait_for_timeout(100)
        result = page.evaluate(CHECK)
        pages = result["pages"]
        suffix = "" if number == 1 else f"-p{number}"
        page.screenshot(
            path=str(SCREENS / f"projector-vote-{size[0]}x{size[1]}-{language}{suffix}.png")
        )
        where = f"vote projector {size} {language} p{number}"
        sw, sh, iw, ih = result["scroll"]
        assert sw <= iw and sh <= ih, f"{where} scrolls: {result['scroll']}"
        assert not result["problems"], f"{where}: " + "\n".join(result["problems"][:10])
        assert result["shown"], f"{where}: nothing on the page"
        if pages > 1:
            assert result["pager"] == f"{number} / {pages}", where
        seen.update(result["shown"])
        number += 1
    assert pages > 1, "90 results fit one screen: the paging is not tried"
    assert seen == codes, f"not shown: {sorted(codes - seen)[:5]}"
