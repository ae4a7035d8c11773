"""The one place Arena makes PDFs: WeasyPrint behind a fetcher that reads only
Arena's own files.

WeasyPrint fetches every URL a document names (images, stylesheets,
``@import``, fonts, SVG ``<image>``, ``<link rel=attachment>``). Its default
fetcher follows them anywhere: it requested ``http://127.0.0.1`` URLs and
attached ``/etc/passwd`` to a PDF when HTML asked for it (TECH-NOTES). Topic
titles, group reports and comments are written by participants, so every PDF
goes through :class:`SafeFetcher`, which serves only

- ``data:`` URLs (decoded in-process, no network), and
- files under ``STATIC_ROOT``, the ``STATICFILES_DIRS`` folders and
  ``MEDIA_ROOT``, addressed as ``/static/…`` and ``/media/…`` relative to
  :data:`BASE_URL`, a made-up origin (``.invalid`` never resolves, RFC 6761).

Everything else is refused: other hosts (127.0.0.1 and localhost included),
``file://``, ``ftp:``, ``..`` segments, symlinks that leave the folders, folders
and unknown prefixes. A refusal is an exception WeasyPrint catches: it logs a
warning and renders without the resource. Each fetcher remembers what it
refused and served (``refused`` / ``served``), for tests and logs.

WeasyPrint is imported inside the functions (it takes about a second to
import); importing this module is cheap, so views may import it at the top.
``SafeFetcher`` is built on first access (``from arena.pdf import
SafeFetcher`` imports WeasyPrint at that moment).
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from arena import pdftags

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint
    from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

#: The origin documents are rendered against: ``<link href="/static/css/x.css">``
#: becomes ``https://arena.invalid/static/css/x.css``, which only
#: :class:`SafeFetcher` can read (from disk; there is no such host).
BASE_URL = "https://arena.invalid/"
_ORIGIN = urlsplit(BASE_URL)
STATIC_PREFIX = "/static/"
MEDIA_PREFIX = "/media/"
#: Larger files are refused (a print copy of a photo is 1–2 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How much of a refused URL is kept in logs (a data: URL can be megabytes).
_URL_LOG_CHARS = 200


class RefusedURL(ValueError):
    """A URL :class:`SafeFetcher` will not fetch (WeasyPrint skips the resource)."""


def _folders() -> list[tuple[str, Path]]:
    """``(URL path prefix, folder)`` pairs that may be read, most specific first."""
    folders: list[tuple[str, Path]] = []
    for entry in settings.STATICFILES_DIRS:
        if isinstance(entry, (tuple, list)):  # ("prefix", "/path"): served under /static/prefix/
            prefix, folder = entry
            folders.append((f"{STATIC_PREFIX}{str(prefix).strip('/')}/", Path(folder)))
        else:
            folders.append((STATIC_PREFIX, Path(entry)))
    if settings.STATIC_ROOT:
        folders.append((STATIC_PREFIX, Path(settings.STATIC_ROOT)))
    if settings.MEDIA_ROOT:
        folders.append((MEDIA_PREFIX, Path(settings.MEDIA_ROOT)))
    return sorted(folders, key=lambda pair: -len(pair[0]))  # stable: order kept per prefix


def local_file(url: str) -> Path:
    """The file an Arena URL (``https://arena.invalid/static/…``) names.

    Raises :class:`RefusedURL` for anything that is not an existing regular
    file inside one of the allowed folders (after resolving symlinks).
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise RefusedURL("malformed URL") from error
    if (parts.scheme.lower(), parts.netloc.lower()) != (_ORIGIN.scheme, _ORIGIN.netloc):
        raise RefusedURL("not an Arena URL")
    path = unquote(parts.path)
    if "\\" in path or "\x00" in path:
        raise RefusedURL("bad characters in path")
    segments = path.split("/")
    if any(segment in ("..", ".") for segment in segments):
        raise RefusedURL("dot segment in path")
    for prefix, folder in _folders():
        if not path.startswith(prefix):
            continue
        relative = path[len(prefix) :]
        if not relative:
            continue
        try:
            root = folder.resolve(strict=True)
            candidate = (root / relative).resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            continue
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise RefusedURL("no such file under static or media")


@functools.cache
def _safe_fetcher_class() -> type:
    """Build :class:`SafeFetcher` on ``weasyprint.URLFetcher`` (once, on first use)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # slow: WeasyPrint on first PDF

    class SafeFetcher(URLFetcher):
        """A WeasyPrint fetcher for ``data:`` URLs and Arena's own static and
        media files; everything else raises :class:`RefusedURL`.

        ``refused`` lists the URLs refused, ``served`` the ones served (both
        shortened to 200 characters).
        """

        def __init__(self, **kwargs: Any) -> None:
            # fetch() never calls the base class's opener; should it ever be
            # reached some other way, it allows nothing and waits briefly.
            kwargs.setdefault("timeout", 2)
            kwargs["allowed_protocols"] = ()
            kwargs["allow_redirects"] = False
            super().__init__(**kwargs)
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            shown = url[:_URL_LOG_CHARS]
            try:
                if url[:5].lower() == "data:":
                    # Decoded here by urllib's DataHandler, never through the
                    # opener (whose proxy handler reads the environment).
                    data_request = urllib.request.Request(url)  # noqa: S310 - data: only
                    decoded = urllib.request.DataHandler().data_open(data_request)
                    response = URLFetcherResponse(
                        url, body=decoded.read(), headers=dict(decoded.headers.items())
                    )
                else:
                    path = local_file(url)
                    if path.stat().st_size > MAX_FILE_BYTES:
                        raise RefusedURL("file too large")
                    content_type = mimetypes.guess_type(path.name)[0]
                    response = URLFetcherResponse(
                        url,
                        body=path.read_bytes(),
                        headers={"Content-Type": content_type or "application/octet-stream"},
                    )
            except RefusedURL as error:
                self.refused.append(shown)
                logger.info("PDF: refused %s (%s)", shown, error)
                raise RefusedURL(f"Arena does not fetch this URL ({error}): {shown}") from None
            except Exception:
                self.refused.append(shown)  # e.g. a malformed data: URL
                raise
            self.served.append(shown)
            return response

    SafeFetcher.__module__ = __name__
    SafeFetcher.__qualname__ = "SafeFetcher"
    return SafeFetcher


def __getattr__(name: str) -> Any:
    # ``from arena.pdf import SafeFetcher`` imports WeasyPrint then, not before.
    if name == "SafeFetcher":
        return _safe_fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_pdf(
    html: str,
    *,
    base_url: str = BASE_URL,
    title: str | None = None,
    lang: str | None = None,
    pdf_variant: str | None = None,
    fetcher: Any = None,
    **render_kwargs: Any,
) -> bytes:
    """Render ``html`` to PDF bytes, fetching through :class:`SafeFetcher`.

    ``title`` and ``lang`` override the document's ``<title>`` and
    ``<html lang>`` in the PDF metadata; ``pdf_variant`` is one of WeasyPrint's
    (``"pdf/ua-1"``, ``"pdf/a-3b"`` …). Other keyword arguments are WeasyPrint
    options (``dpi``, ``jpeg_quality``, ``optimize_images``, ``stylesheets``,
    ``pdf_tags`` …); they are given to both ``render()`` (where ``dpi`` and
    ``jpeg_quality`` take effect) and ``write_pdf()``. Pass ``fetcher`` (a
    ``SafeFetcher()``) to inspect what it refused.

    Untrusted text belongs in ``html`` only. ``stylesheets`` and ``attachments``
    given as strings are fetched through the fetcher when they are URLs but
    *opened from disk by WeasyPrint* when they look like file names: give them
    as ``weasyprint.CSS(string=…)`` objects or Arena URLs (``BASE_URL`` + path).
    """
    import weasyprint  # slow to import (Pango, fonts): only when a PDF is made

    pdftags.install()  # scope, language and TOC tags WeasyPrint leaves out
    safe_fetcher = _safe_fetcher_class()
    if fetcher is None:
        fetcher = safe_fetcher()
    elif not isinstance(fetcher, safe_fetcher):
        raise TypeError("render_pdf only fetches through a SafeFetcher")
    options = dict(render_kwargs)
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    document: weasyprint.Document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=fetcher
    ).render(**options)
    if title is not None:
        document.metadata.title = title
    if lang is not None:
        document.metadata.lang = lang
    return document.write_pdf(**options)


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True):
    """An ``application/pdf`` response, shown in the browser by default."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
