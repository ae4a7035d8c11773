"""arena.pdf: WeasyPrint reads only data: URLs and Arena's own static/media
files, and hostile HTML still gives a valid PDF without touching the network
or the file system outside those folders."""

import io
import socket
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

from arena.pdf import BASE_URL, RefusedURL, local_file, render_pdf

PASSWD = "root:x:0:0"
PNG_DATA_URI = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _url(path: str) -> str:
    return BASE_URL.rstrip("/") + path


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def fetcher():
    from arena.pdf import SafeFetcher

    return SafeFetcher()


@pytest.fixture
def folders(settings, tmp_path):
    """Static and media folders of our own, with a symlink leading out of each."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(PASSWD)
    static, media = tmp_path / "static", tmp_path / "media"
    for folder in (static, media):
        (folder / "css").mkdir(parents=True)
        (folder / "leak").symlink_to(outside, target_is_directory=True)
        (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (static / "css" / "print.css").write_text("p { color: #123456 }")
    (media / "photo.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "settings.py").write_text("SECRET_KEY = 'x'")
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = tmp_path / "staticfiles-missing"
    settings.MEDIA_ROOT = media
    return tmp_path


# --- the fetcher ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x.png",
        "http://localhost/static/css/arena.css",
        "https://example.org/x.png",
        "http://arena.invalid/static/css/arena.css",  # right host, wrong scheme
        "file:///etc/passwd",
        "ftp://example.org/x",
        _url("/static/../../etc/passwd"),
        _url("/static/%2e%2e/%2e%2e/etc/passwd"),
        _url("/static/css/..%2f..%2farena/settings.py"),
        _url("/media/../settings.py"),
        _url("/static/css\\..\\..\\arena\\settings.py"),
        _url("/etc/passwd"),
        _url("/static/"),
        _url("/static/css/"),
        _url("/static/css/no-such-file.css"),
        "arena-relative/static/css/arena.css",
    ],
)
def test_fetcher_refuses(fetcher, no_network, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url[:200]] and not fetcher.served


def test_fetcher_refuses_symlinks_leaving_the_folders(fetcher, folders):
    for path in ["/static/leak/secret.txt", "/static/leak.txt", "/media/leak.txt"]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(_url(path))
        with pytest.raises(RefusedURL):
            local_file(_url(path))
    with pytest.raises(RefusedURL):  # a folder next to MEDIA_ROOT
        fetcher.fetch(_url("/media/../settings.py"))
    assert len(fetcher.refused) == 4


def test_fetcher_serves_data_and_own_files(fetcher, folders, no_network):
    response = fetcher.fetch(PNG_DATA_URI)
    assert response.content_type == "image/png" and response.read().startswith(b"\x89PNG")
    response = fetcher.fetch(_url("/static/css/print.css"))
    assert response.content_type == "text/css" and b"#123456" in response.read()
    response = fetcher.fetch(_url("/media/photo.png"))
    assert response.content_type == "image/png"
    assert len(fetcher.served) == 3 and not fetcher.refused
    assert not no_network


def test_fetcher_serves_the_real_static_folder(fetcher, no_network):
    response = fetcher.fetch(_url("/static/css/arena.css"))
    assert response.content_type == "text/css"
    expected = (django_settings.BASE_DIR / "static" / "css" / "arena.css").read_bytes()
    assert response.read() == expected


def test_fetcher_is_a_weasyprint_url_fetcher(fetcher):
    import weasyprint

    assert isinstance(fetcher, weasyprint.URLFetcher)


def test_render_pdf_refuses_fetchers_that_are_not_safe():
    import weasyprint

    with pytest.raises(TypeError):
        render_pdf("<p>x</p>", fetcher=weasyprint.URLFetcher())


# --- rendering hostile HTML -----------------------------------------------------


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_hostile_html_renders_without_fetching_anything(fetcher, folders, no_network):
    svg_with_file = "data:image/svg+xml," + quote(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="10" height="10"><image xlink:href="file:///etc/passwd" width="10" height="10"/>'
        '<image href="http://127.0.0.1:1/y.png" width="10" height="10"/></svg>'
    )
    html = f"""<!doctype html><html><head>
    <title>Hostile</title>
    <link rel="stylesheet" href="file:///etc/passwd">
    <link rel="stylesheet" href="http://127.0.0.1:1/evil.css">
    <link rel="attachment" href="file:///etc/passwd">
    <link rel="attachment" href="/static/leak/secret.txt">
    <style>
      @import url(http://127.0.0.1:1/import.css);
      @import url("https://example.org/import.css");
      @font-face {{ font-family: Evil; src: url(https://example.org/font.woff2); }}
      body {{ background: url(https://example.org/bg.png); font-family: Evil, sans-serif; }}
      p.x::after {{ content: url(file:///etc/passwd); }}
    </style>
    <script>document.write("script ran")</script>
    </head><body>
    <p>Plain text survives.</p>
    <img src="http://127.0.0.1:1/x.png" alt="">
    <img src="https://example.org/x.png" alt="">
    <img src="/static/../../etc/passwd" alt="">
    <img src="/media/../settings.py" alt="">
    <img src="{svg_with_file}" alt="">
    <img src="{PNG_DATA_URI}" alt="pixel">
    <object data="file:///etc/passwd"></object>
    <embed src="file:///etc/passwd">
    <iframe src="file:///etc/passwd"></iframe>
    <div style="background-image: url('http://localhost:8000/x.png')">x</div>
    <p class="x">after</p>
    <a href="file:///etc/passwd" rel="attachment">attach</a>
    <p dir="rtl" lang="ar">مرحبا بالعالم</p>
    <p dir="rtl" lang="he">שלום עולם</p>
    <p>Emoji 😀 and Zalgo Z̴̡a̶l̷g̸o</p>
    </body></html>"""
    pdf = render_pdf(html, fetcher=fetcher)

    assert pdf.startswith(b"%PDF")
    assert not no_network
    assert sorted(fetcher.served) == sorted([PNG_DATA_URI, svg_with_file[:200]])
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:1/evil.css",
        "http://127.0.0.1:1/import.css",
        "https://example.org/import.css",
        "https://example.org/bg.png",
        "https://example.org/font.woff2",
        "http://127.0.0.1:1/x.png",
        "https://example.org/x.png",
        "http://localhost:8000/x.png",
        "http://127.0.0.1:1/y.png",
        _url("/etc/passwd"),  # /static/../../etc/passwd, joined to the base URL
        _url("/settings.py"),
        _url("/static/leak/secret.txt"),
    ]:
        assert url in fetcher.refused, url

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert not reader.attachments
    text = _text(pdf)
    assert "Plain text survives." in text
    assert "مرحبا بالعالم" in text and "שלום עולם" in text and "😀" in text
    assert PASSWD not in text and "SECRET_KEY" not in text and "script ran" not in text
    assert PASSWD.encode() not in pdf


def test_a_one_megabyte_word_renders(fetcher, no_network):
    """pypdf refuses to parse this page's text (a text array of a million glyphs
    is past its safety limits), and it misreads text once a glyph no installed
    font has (🎉) is drawn as .notdef (poppler reads it fine), so only the PDF's
    shape is checked here."""
    from pypdf import PdfReader

    html = (
        '<html lang="en"><body><p>Before</p>'
        f'<p>{"w" * 1_000_000}</p><p dir="rtl">שלום مرحبا 😀🎉</p></body></html>'
    )
    pdf = render_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert not no_network and not fetcher.refused


def test_render_pdf_sets_title_language_and_options(fetcher, no_network):
    from pypdf import PdfReader

    html = (
        '<html lang="nb"><head><title>Fra HTML</title>'
        '<link rel="stylesheet" href="/static/css/arena.css"></head>'
        f'<body><p>Hei</p><img src="{PNG_DATA_URI}" alt=""></body></html>'
    )
    pdf = render_pdf(
        html, title="Emneark 3.8", lang="nn", fetcher=fetcher, dpi=150, jpeg_quality=80
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Emneark 3.8"
    assert reader.trailer["/Root"]["/Lang"] == "nn"
    assert _url("/static/css/arena.css") in fetcher.served

    # Without overrides the document's own <title> and lang are kept.
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    assert reader.metadata.title == "Fra HTML"
    assert reader.trailer["/Root"]["/Lang"] == "nb"


def test_render_pdf_variant(no_network):
    from pypdf import PdfReader

    pdf = render_pdf('<html lang="en"><title>T</title><p>x</p></html>', pdf_variant="pdf/ua-1")
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged, as PDF/UA requires
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_importing_the_module_does_not_import_weasyprint():
    import os
    import subprocess
    import sys

    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'arena.settings';"
        "django.setup(); import arena.pdf, proposals.sheets;"
        "sys.exit(1 if 'weasyprint' in sys.modules else 0)"
    )
    # On the production profile (DATABASE_URL set) a process outside pytest is
    # "deployed" and needs a secret key.
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only-" + "k" * 50}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, capture_output=True, env=env
    )
    assert result.returncode == 0, result.stderr.decode()
