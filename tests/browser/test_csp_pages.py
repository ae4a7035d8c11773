"""Every kind of page runs under the Content-Security-Policy without a violation.

The app sends a strict policy (no 'unsafe-inline', no 'unsafe-eval'; see
SECURE_CSP in arena/settings.py). The ``new_page`` fixture fails a test on any
CSP or Permissions-Policy report from Chromium (tests/browser/conftest.py);
here an organiser, a phone and Django's admin walk through the demo arena
(with a group report, an input on the input wall and a closed vote added), so
every page kind is loaded: the wall and its WebSocket, the projector views,
perspective colours and vote bars (SVG, not style attributes), the report
editor (report-editor.js), the persona form (persona-draw.js) and the report
preview.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "Csp-pages-pass-2026"
PHONE = {"width": 390, "height": 844}
#: Not pages (files, exports), or they end the session.
SKIP = re.compile(
    r"/accounts/logout/|/i18n/|/admin/|\.(pdf|csv|json|jpg|jpeg|png|svg)(\?|$)|/download|/export"
)


@pytest.fixture
def demo(live_server_url):
    from arena.models import Participant
    from proposals.models import Group
    from reports.demo import load_demo
    from reports.models import Dot, GroupReport, Input, ReportStatus, ReportTemplate, Vote

    arena = load_demo(participants=12)
    User = get_user_model()
    organiser = User.objects.create_user("csp-olga", password=PASSWORD)
    from arena.models import Membership, Role

    Membership.objects.create(arena=arena, user=organiser, role=Role.ORGANISER)
    group = Group.objects.filter(arena=arena).order_by("pk").first()
    if not ReportTemplate.objects.filter(arena=None).exists():  # flushed by an earlier test
        from reports.documentation import builtins
        from reports.models import TemplateSection

        builtins.install(ReportTemplate, TemplateSection)
    report = GroupReport.objects.create(
        group=group,
        template=ReportTemplate.objects.filter(arena=None).first(),
        status=ReportStatus.SUBMITTED,
    )
    item = Input.objects.create(report=report, title="Flere lærlingplasser", text="Tidlig innsats.")
    # a closed vote with a result (rows, not the services: they broadcast, and
    # this thread runs Playwright's event loop)
    vote = Vote.objects.create(arena=arena, title="Prioriter", closed_at=timezone.now())
    voter = Participant.objects.filter(arena=arena).first()
    Dot.objects.create(vote=vote, input=item, participant=voter)
    admin = User.objects.create_superuser("csp-admin", password=PASSWORD)
    return arena, group, vote, admin


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _crawl(page, start: str, *, within: str, limit: int) -> list[str]:
    """Visit same-origin GET links breadth-first from ``start`` (paths under ``within``)."""
    origin = urlsplit(page.url).netloc
    queue, seen = [start], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)  # htmx processes the page, sockets open
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if (
                parts.scheme in ("http", "https")
                and parts.netloc == origin
                and target.startswith(within)
                and not SKIP.search(target)
                and target not in seen
            ):
                queue.append(target)
    return seen


def test_no_page_breaks_the_content_security_policy(new_page, demo):
    arena, group, vote, admin = demo

    staff = new_page()
    _log_in(staff, "csp-olga")
    _crawl(staff, f"/a/{arena.pk}/", within=f"/a/{arena.pk}/", limit=30)
    for path in (
        "wall/",
        "projector/wall/",
        "projector/join/",
        "perspectives/",
        "people/",
        f"groups/{group.pk}/report/",
        "reports/",
        "reports/templates/",
        "inputs/projector/",
        "votes/",
        f"votes/{vote.pk}/projector/",
        "report/",
        "report/edit/",
        "report/preview/",
    ):
        response = staff.goto(f"/a/{arena.pk}/{path}")
        assert response is not None and response.status == 200, path
        staff.wait_for_load_state("load")
    expect(staff.locator(".chart .bar rect[fill]").first).to_be_attached()  # the preview
    staff.goto(f"/a/{arena.pk}/votes/{vote.pk}/projector/")
    expect(staff.locator(".vote-bar rect").first).to_be_attached()
    staff.goto(f"/a/{arena.pk}/wall/")
    expect(staff.locator("#connection-status")).to_have_attribute("data-state", "online")
    staff.goto(f"/a/{arena.pk}/projector/perspectives/")
    expect(staff.locator("#board svg rect[fill]").first).to_be_attached()  # colour stripes
    for path in ("/", "/join/", "/no-such-page/"):
        staff.goto(path)

    phone = new_page(viewport=PHONE)
    phone.goto(f"/j/{arena.join_code}/")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))
    code = arena.join_code
    visited = _crawl(phone, f"/p/{code}/", within=f"/p/{code}/", limit=25)
    assert f"/p/{code}/persona/" in visited
    for path in ("persona/", "wall/", "topics/", "inputs/", "vote/", f"groups/{group.pk}/"):
        response = phone.goto(f"/p/{code}/{path}")
        assert response is not None and response.status == 200, path
        phone.wait_for_load_state("load")
    phone.goto(f"/p/{code}/wall/")
    expect(phone.locator("#connection-status")).to_have_attribute("data-state", "online")

    admin_page = new_page()
    admin_page.goto("/admin/login/")
    admin_page.fill("#id_username", admin.username)
    admin_page.fill("#id_password", PASSWORD)
    admin_page.locator("input[type=submit]").click()
    admin_page.wait_for_url(lambda url: "/admin/login/" not in url)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/"):
        response = admin_page.goto(path)
        assert response is not None and response.status == 200, path
        admin_page.wait_for_load_state("load")
