"""Hardening (issue 9, item 10): what the browser is told, and what the default run shows.

- Content-Security-Policy from Django's own middleware, with nothing inline:
  no template served to browsers has an inline script, a <style> block or a
  style attribute (scanned here, and checked again on rendered pages), so the
  policy needs no 'unsafe-inline'. The browser tests fail on any CSP
  violation (tests/browser/conftest.py).
- Permissions-Policy and COOP on app responses; ``Cache-Control: no-store`` on
  pages for signed-in users and participants, not on static files or the
  public report PDF.
- The embedded default runs with DEBUG off and a secret key it made itself,
  kept in the data folder; production still demands DJANGO_SECRET_KEY.
- Readable 400/403/404/413/500 pages in the person's language, without URL
  patterns; 500 needs neither a request nor the database.
- Text fields have limits the form reports; a huge body gets 413, not 500.
- Every third-party module the app imports is in the production lock.
"""

import ast
import importlib.metadata
import json
import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.translation import gettext

from arena.limits import AGENDA_DESCRIPTION_MAX, GUIDING_QUESTIONS_MAX, TEMPLATE_DESCRIPTION_MAX
from arena.models import Perspective
from tests.personas import HOST, client_for, make_user

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
#: Rendered only by WeasyPrint (arena.pdf), never served to a browser.
PDF_ONLY = {"proposals/sheet.html"}
APPS = ("arena", "sessions", "proposals", "reports")


# --- a URLconf with a view that fails, for the 500 page ----------------------------------


def _boom(request):
    raise RuntimeError("boom")


def _fine(request):
    return HttpResponse("fine")


urlpatterns = [
    path("boom/", _boom),
    path("fine/", _fine),
    path("", include("arena.urls")),
]
handler400 = "arena.errors.bad_request"


# --- helpers ------------------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block in an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names:
            kind = dict(attrs).get("type") or ""
            if kind not in ("application/json", "application/ld+json"):
                self.found.append("inline <script>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")
            elif name == "hx-vals" and "js:" in (value or ""):
                self.found.append(f"<{tag} hx-vals=js:…>")

    handle_startendtag = handle_starttag


def _inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def _template_files():
    roots = [TEMPLATES] + [ROOT / app / "templates" for app in APPS]
    for root in roots:
        if root.is_dir():
            for file in sorted(root.rglob("*.html")):
                yield file.relative_to(root).as_posix(), file


COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


# --- Content-Security-Policy ---------------------------------------------------------------


def test_csp_header_on_pages_without_unsafe_inline(arena, organiser, participant):
    pages = [
        (client_for(), "/"),
        (client_for(), reverse("join")),
        (client_for(organiser), arena.get_absolute_url()),
        (client_for(participant=participant), reverse("participant_home", args=[arena.join_code])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]  # the admin's nonce only where it is used
        assert policy["style-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]  # and so ws(s) of the same origin
        assert policy["img-src"] == ["'self'", "data:", "blob:"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header
        assert "nonce-" not in header


def test_admin_nonce_matches_the_header(db):
    admin = make_user("adam", is_staff=True, is_superuser=True)
    response = client_for(admin).get("/admin/auth/user/")
    assert response.status_code == 200
    html = response.content.decode()
    nonces = set(re.findall(r'nonce="([^"]+)"', html))
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    for nonce in nonces:
        assert f"'nonce-{nonce}'" in header


def test_no_template_served_to_browsers_has_inline_code():
    """Fails when someone adds an inline <script>, a <style> block, a style=""
    attribute, an on…= handler or hx-on to a template: the CSP would block it.
    Colours and bars: {% load colours %} (SVG attributes); styles: static/css."""
    offenders = []
    scanned = 0
    for name, file in _template_files():
        if name in PDF_ONLY:
            continue
        scanned += 1
        text = COMMENTS.sub("", file.read_text(encoding="utf-8"))
        for pattern, what in [
            (r"<style\b", "<style> block"),
            (r"<script\b(?![^>]*\bsrc=)[^>]*>", "inline <script>"),
            (r"\sstyle\s*=", "style attribute"),
            (r"\son[a-z]+\s*=", "on… handler"),
            (r"\shx-on", "hx-on"),
            (r"javascript:", "javascript: URL"),
            (r"js:", "hx-vals js:"),
        ]:
            for match in re.finditer(pattern, text, re.I):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{name}:{line}: {what}")
    assert scanned > 50
    assert not offenders, "needs 'unsafe-inline' under the CSP:\n" + "\n".join(offenders)


def test_htmx_is_configured_for_the_csp():
    """No injected indicator <style>; no style attribute copied by setAttribute on settle."""
    html = (TEMPLATES / "base.html").read_text()
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html)[1])
    assert config["includeIndicatorStyles"] is False
    assert "style" not in config["attributesToSettle"]


def test_rendered_pages_have_no_inline_code(arena, organiser, participant):
    perspective = Perspective.objects.create(arena=arena, label="Brukerstemme", colour="#c0ffee")
    participant.perspectives.add(perspective)
    staff = client_for(organiser)
    phone = client_for(participant=participant)
    pages = [
        (client_for(), "/"),
        (client_for(), reverse("login")),
        (client_for(), "/no-such-page/"),
        (staff, arena.get_absolute_url()),
        (staff, reverse("arena:perspectives", args=[arena.pk])),
        (staff, reverse("arena:projector_perspectives", args=[arena.pk])),
        (staff, reverse("arena:edit", args=[arena.pk])),
        (staff, reverse("reports:report_preview", args=[arena.pk])),
        (phone, reverse("participant_home", args=[arena.join_code])),
        (phone, reverse("persona", args=[arena.join_code])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert not _inline_code(html), (url, _inline_code(html))
    # the colour is still there, as an SVG attribute
    html = phone.get(reverse("participant_home", args=[arena.join_code])).content.decode()
    assert 'fill="#c0ffee"' in html
    html = staff.get(reverse("arena:projector_perspectives", args=[arena.pk])).content.decode()
    assert 'fill="#c0ffee"' in html


def test_colour_tags_accept_only_hex_colours_and_plain_numbers():
    from django.template import engines

    django_engine = engines["django"]
    template = django_engine.from_string(
        "{% load colours %}{% swatch colour %}|{% bar percent colour %}"
    )
    with translation.override("nb"):  # a decimal comma would break the SVG
        html = template.render({"colour": "#1E6FD9", "percent": 42.5})
    assert 'fill="#1E6FD9"' in html and 'width="42.5"' in html
    evil = template.render({"colour": 'red" onload="alert(1)', "percent": "300"})
    assert "onload" not in evil and "fill=" not in evil and 'width="100.0"' in evil
    assert 'width="0.0"' in template.render({"colour": "", "percent": "nan"})


# --- Permissions-Policy, COOP, Cache-Control -------------------------------------------------


def test_permissions_policy_and_coop(anon_client):
    response = anon_client.get("/")
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_store_for_signed_in_users_and_participants(arena, organiser, participant):
    staff = client_for(organiser)
    for url in (arena.get_absolute_url(), "/", reverse("arena:edit", args=[arena.pk])):
        assert staff.get(url)["Cache-Control"] == "no-store", url
    phone = client_for(participant=participant)
    for url in (
        reverse("participant_home", args=[arena.join_code]),
        reverse("persona", args=[arena.join_code]),
    ):
        assert phone.get(url)["Cache-Control"] == "no-store", url
    # the response that gives a phone its participant cookie
    joined = client_for().post(reverse("join_code", args=[arena.join_code]))
    assert any(name.startswith("arena_p") for name in joined.cookies)
    assert joined["Cache-Control"] == "no-store"


def test_no_store_not_on_anonymous_pages_static_files_or_public_pdf(arena, organiser):
    from reports.models import ReportVersion, VersionStatus
    from reports.publication import services as publication

    anonymous = client_for()
    assert "Cache-Control" not in anonymous.get("/")
    static = anonymous.get("/static/css/arena.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    assert "Permissions-Policy" not in static  # WhiteNoise answers before the app
    name = default_storage.save("reports/hardening-test.pdf", ContentFile(b"%PDF-1.7\n%test\n"))
    version = ReportVersion.objects.create(
        arena=arena, number=1, language="nb", status=VersionStatus.DONE, file=name, size=15
    )
    token = publication.publish(arena, version, organiser).public_token
    for client in (anonymous, client_for(organiser)):  # an organiser opening the public link
        response = client.get(reverse("public_reports:report", args=[token]))
        assert response.status_code == 200
        assert "no-store" not in response["Cache-Control"]
    default_storage.delete(name)


# --- DEBUG and the secret key -----------------------------------------------------------------

_SHOW_SETTINGS = """
import json
import arena.settings as s
print(json.dumps({
    "debug": s.DEBUG, "key": s.SECRET_KEY,
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "secure_cookies": getattr(s, "SESSION_COOKIE_SECURE", False),
    "finders": s.WHITENOISE_USE_FINDERS, "storage": s.STORAGES["staticfiles"]["BACKEND"],
    "hosts": s.ALLOWED_HOSTS,
}))
"""


def _settings_in_subprocess(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ARENA_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    clean.update(ARENA_DATA_DIR=str(tmp_path / "data"), PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run(
        [sys.executable, "-c", _SHOW_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_debug_off_and_key_generated_once(tmp_path):
    first = _settings_in_subprocess(tmp_path)
    assert first.returncode == 0, first.stderr
    shown = json.loads(first.stdout)
    assert shown["debug"] is False
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text().strip() == shown["key"]
    assert len(shown["key"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "insecure" not in shown["key"]
    # plain http on 127.0.0.1: no HTTPS redirect, no secure-only cookies;
    # static files straight from static/ (no collectstatic needed)
    assert shown["ssl_redirect"] is False and shown["secure_cookies"] is False
    assert shown["finders"] is True and shown["storage"].endswith("StaticFilesStorage")
    assert shown["hosts"] == ["127.0.0.1", "localhost", "[::1]"]

    again = json.loads(_settings_in_subprocess(tmp_path).stdout)
    assert again["key"] == shown["key"]
    other = json.loads(_settings_in_subprocess(tmp_path / "elsewhere").stdout)
    assert other["key"] != shown["key"]

    debug = json.loads(_settings_in_subprocess(tmp_path, DJANGO_DEBUG="1").stdout)
    assert debug["debug"] is True and debug["key"] == shown["key"]


def test_production_demands_a_secret_key(tmp_path):
    url = "postgres://arena@127.0.0.1:5432/arena"
    refused = _settings_in_subprocess(tmp_path, DATABASE_URL=url)
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in refused.stderr
    assert not (tmp_path / "data" / "secret_key").exists()
    key = "k" * 20 + "-production-key-" + "x" * 30
    shown = json.loads(
        _settings_in_subprocess(tmp_path, DATABASE_URL=url, DJANGO_SECRET_KEY=key).stdout
    )
    assert shown["key"] == key and shown["debug"] is False
    assert shown["ssl_redirect"] is True and shown["secure_cookies"] is True
    assert shown["storage"].endswith("CompressedManifestStaticFilesStorage")
    assert shown["finders"] is False


# --- error pages ------------------------------------------------------------------------------


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_mistyped_url_shows_the_friendly_404(db, settings, language):
    settings.DEBUG = False
    response = client_for(language=language).get("/a/1/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert {"nb": "Fant ikke siden", "en": "Not found"}[language] in html
    assert _in(language, "Join an arena") in html and f'href="{reverse("join")}"' in html
    assert _in(language, "Go to the front page") in html
    for leak in ("URLconf", "urlpatterns", "admin/", "healthz", "Traceback", "DEBUG"):
        assert leak not in html
    assert not _inline_code(html)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_500_page_in_the_persons_language(db, settings, language):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert _in(language, "Something went wrong") in html
    assert "boom" not in html and "Traceback" not in html
    assert _in(language, "Join an arena") in html and _in(language, "Go to the front page") in html
    assert not _inline_code(html)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_500_renders_without_request_or_database(language):
    # no db fixture: any query fails the test
    with translation.override(language):
        html = render_to_string("500.html")  # what Django's server_error does: no context
    assert f'<html lang="{language}">' in html
    assert _in(language, "Something went wrong") in html
    assert {"nb": "Gå til forsiden", "en": "Go to the front page"}[language] in html


@pytest.mark.parametrize("language", ["nb", "en"])
def test_403_page_and_refused_form(arena, support, language, settings):
    settings.DEBUG = False
    response = client_for(support, language=language).get(reverse("arena:edit", args=[arena.pk]))
    assert response.status_code == 403
    assert {"nb": "Ikke tilgang", "en": "Not allowed"}[language] in response.content.decode()
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    refused = client.post(reverse("join"), {"code": arena.join_code})
    assert refused.status_code == 403
    html = refused.content.decode()
    assert _in(language, "The form has expired") in html and "CSRF verification" not in html


def test_429_page_renders(rf, db):
    request = rf.get("/")
    request.user = make_user("rate")
    from django.utils import translation

    with translation.override("nb"):
        html = render_to_string("429.html", {"retry_after": 30}, request=request)
    assert "30" in html and _in("nb", "Too many requests") in html


# --- limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_two_megabyte_body_gets_413_not_500(arena, organiser, language, settings):
    settings.DEBUG = False
    client = client_for(organiser, language=language)
    client.raise_request_exception = False
    url = reverse("arena:edit", args=[arena.pk])
    response = client.post(url, {"title": arena.title, "guiding_questions": "x" * 2_000_000})
    assert response.status_code == 413
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert _in(language, "What you sent is too large") in html
    assert {"nb": "1,0\xa0MB", "en": "1.0\xa0MB"}[language] in html
    arena.refresh_from_db()
    assert len(arena.guiding_questions) < 100
    # too many fields: a plain 400 page, not a 500
    crowded = client.post(url, {f"f{i}": "1" for i in range(1500)})
    assert crowded.status_code == 400
    assert _in(language, "The request could not be read") in crowded.content.decode()


def _too_long(language: str, limit: int, typed: int) -> str:
    with translation.override(language):
        return gettext("At most %(limit_value)d characters; you typed %(show_value)d.") % {
            "limit_value": limit,
            "show_value": typed,
        }


@pytest.mark.parametrize("language", ["nb", "en"])
def test_long_texts_are_refused_with_the_limit_and_kept(arena, organiser, language):
    from reports.models import ReportTemplate

    client = client_for(organiser, language=language)
    day = arena.days.first()
    cases = [
        (
            reverse("arena:edit", args=[arena.pk]),
            {"title": arena.title, "format": arena.format, "language": arena.language},
            "guiding_questions",
            GUIDING_QUESTIONS_MAX,
        ),
        (
            reverse("programme:agenda_add", args=[arena.pk]),
            {
                "day": day.pk,
                "kind": "plenary",
                "title": "Innlegg",
                "start": "09:00",
                "end": "09:30",
            },
            "description",
            AGENDA_DESCRIPTION_MAX,
        ),
        (
            reverse("reports:template_new", args=[arena.pk]),
            {"name": "Egen mal"},
            "description",
            TEMPLATE_DESCRIPTION_MAX,
        ),
    ]
    templates_before = ReportTemplate.objects.count()
    for url, data, field, limit in cases:
        typed = "Lang tekst æøå." * (limit // 15 + 20)
        response = client.post(url, {**data, field: typed})
        assert response.status_code in (200, 400), url
        html = response.content.decode()
        assert _too_long(language, limit, len(typed)) in html, url
        assert typed in html  # what was typed is still in the form
    assert ReportTemplate.objects.count() == templates_before
    arena.refresh_from_db()
    assert len(arena.guiding_questions) <= GUIDING_QUESTIONS_MAX


# --- the production lock -------------------------------------------------------------------


def _lock_names(lock: Path) -> set[str]:
    from packaging.utils import canonicalize_name

    names = set()
    for line in lock.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==", line)
        if match:
            names.add(canonicalize_name(match.group(1)))
    return names


class _Imports(ast.NodeVisitor):
    """Top-level module names imported at run time (not under ``if TYPE_CHECKING``)."""

    def __init__(self):
        self.names: set[str] = set()

    def visit_If(self, node):
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node):
        self.names.update(alias.name.split(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            self.names.add(node.module.split(".")[0])


def _runtime_modules() -> dict[str, str]:
    """{top-level module: where it is needed} for the app's code and settings."""
    found: dict[str, str] = {}
    files = [ROOT / "manage.py"] + [f for app in APPS for f in sorted((ROOT / app).rglob("*.py"))]
    for file in files:
        visitor = _Imports()
        visitor.visit(ast.parse(file.read_text(encoding="utf-8"), str(file)))
        for name in visitor.names:
            found.setdefault(name, str(file.relative_to(ROOT)))
    # named by strings: apps, middleware, backends in the settings (both profiles)
    source = (ROOT / "arena" / "settings.py").read_text()
    for dotted in re.findall(r'"([a-z_][a-z0-9_]*\.[A-Za-z_][\w.]*)"', source):
        if not re.fullmatch(r"[a-z_]+\.[EWI]\d{3}", dotted):  # not a system check id
            found.setdefault(dotted.split(".")[0], "arena/settings.py")
    for name in django_settings.INSTALLED_APPS + django_settings.MIDDLEWARE:
        found.setdefault(name.split(".")[0], "INSTALLED_APPS/MIDDLEWARE")
    for name, why in {
        "redis": "RedisCache (production profile)",
        "psycopg": "PostgreSQL engine (production profile)",
        "uvicorn": "scripts/run.sh, scripts/prod.sh",
        "uvloop": "uvicorn --loop uvloop",
        "httptools": "uvicorn --http httptools",
    }.items():
        found.setdefault(name, why)
    local = set(APPS) | {"tests", "bench", "manage"}
    return {
        name: why
        for name, why in found.items()
        if name not in sys.stdlib_module_names and name not in local and name != "__future__"
    }


def test_every_runtime_import_is_in_the_production_lock():
    """AST walk of the app's own modules (plus what the settings and the run
    scripts name by string), each top-level module mapped to its distribution
    through importlib.metadata; then the lock's own closure: every installed
    distribution in it has its requirements in it. Runs in a second, on both
    profiles, where a throwaway venv from requirements.lock would take minutes
    and the network."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lock = _lock_names(ROOT / "requirements.lock")
    dev = _lock_names(ROOT / "requirements-dev.lock")
    assert {"django", "pypdf", "django-axes", "psycopg-pool"} <= lock
    assert {"pytest", "ruff", "playwright"} & lock == set()  # no dev tools in production
    providers = importlib.metadata.packages_distributions()
    missing = []
    for module, why in sorted(_runtime_modules().items()):
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists:
            missing.append(f"{module} ({why}): not installed")
        elif not dists & lock:
            missing.append(f"{module} ({why}): {', '.join(sorted(dists))} not in requirements.lock")
    assert not missing, "\n".join(missing)

    environment = default_environment()
    environment["extra"] = ""
    unpinned = []
    for name in sorted(lock):
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # for another platform (e.g. a marker-only wheel)
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            if canonicalize_name(requirement.name) not in lock:
                unpinned.append(f"{name} needs {requirement.name}")
    assert not unpinned, "\n".join(unpinned)
    assert lock <= dev  # the dev lock is the production lock plus tools
