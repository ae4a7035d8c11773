"""Phone weight: bytes over the wire for a cold load of the phone wall.

    .venv/bin/python -m bench.phone_weight

Served the way production serves it: DJANGO_DEBUG=0, a throwaway secret key,
no SSL redirect, ``collectstatic`` into a temp ARENA_STATIC_ROOT (whitenoise
then serves hashed, pre-compressed files), one uvicorn. A phone joins
(``GET /j/<code>/`` and its Join button's POST), then loads ``/p/<code>/wall/`` cold, with
``Accept-Encoding: gzip, br`` as browsers send it; then every stylesheet,
script, icon and preload the HTML references, every ``@import`` and every
``url()`` in the stylesheets (for ``@font-face``, only the first source, the
one a browser takes, normally woff2; other url()s are counted all, which
over-counts images that no rule on the page uses).

Counted: body bytes as transferred (compressed when the server compressed),
per resource with its Content-Encoding; headers are printed separately and
not in the total. 1 kB = 1,000 bytes.

Last line: ``phone_weight kb=…``.
"""

import argparse
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from . import _common as c

ACCEPT = {"Accept-Encoding": "gzip, br", "User-Agent": "Mozilla/5.0 (phone-weight bench)"}


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "script" and a.get("src"):
            self.urls.append(("js", a["src"]))
        elif tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.urls.append(("css", a["href"]))
            elif {"icon", "preload", "modulepreload", "manifest", "apple-touch-icon"} & set(rel):
                self.urls.append(("link", a["href"]))
        elif tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.urls.append(("img", a["src"]))


def css_refs(text: str):
    """url()s and @imports of a stylesheet; for each @font-face only the
    first url (what a browser downloads)."""
    refs = []
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for block in re.findall(r"@font-face\s*{[^}]*}", text):
        m = re.search(r"url\(\s*['\"]?([^'\")]+)", block)
        if m:
            refs.append(("font", m.group(1)))
    rest = re.sub(r"@font-face\s*{[^}]*}", "", text)
    for m in re.finditer(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", rest):
        refs.append(("css", m.group(1)))
    for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)", rest):
        if not m.group(1).startswith(("data:", "#")):
            refs.append(("url", m.group(1)))
    return refs


def fetch(http, url):
    """(wire body bytes, header bytes, encoding, status, decoded text or None)."""
    with http.stream("GET", url, headers=ACCEPT) as r:
        raw = b"".join(r.iter_raw())
        header_bytes = sum(len(k) + len(v) + 4 for k, v in r.headers.raw) + 17
        encoding = r.headers.get("content-encoding", "identity")
        ctype = r.headers.get("content-type", "")
        status = r.status_code
    text = None
    if any(t in ctype for t in ("text/", "javascript", "json")):
        import httpx

        text = httpx.Response(status, headers=r.headers, content=raw).text
    return len(raw), header_bytes, encoding, status, text


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.parse_args(argv)
    import httpx

    print(c.machine_info())
    with c.Setup("embedded", static=True) as setup:
        proc, port = setup.start_server(flags=["--loop", "uvloop", "--http", "httptools"])
        base = f"http://127.0.0.1:{port}"
        code = setup.seed["code"]
        rows, seen, total, headers_total = [], set(), 0, 0
        with httpx.Client(base_url=base, timeout=30) as http:
            r = http.get(f"/j/{code}/")  # the Join button (the GET creates no one)
            assert r.status_code == 200, r.status_code
            token = http.cookies.get("csrftoken")
            r = http.post(f"/j/{code}/", data={"csrfmiddlewaretoken": token})
            assert r.status_code == 302, r.status_code
            page = f"/p/{code}/wall/"
            size, hb, enc, status, html = fetch(http, page)
            assert status == 200, status
            plain = len(http.get(page, headers={"Accept-Encoding": "identity"}).content)
            rows.append(("html", page, size, enc, status))
            total += size
            headers_total += hb
            parser = Refs()
            parser.feed(html)
            queue = [(kind, urljoin(base + page, u)) for kind, u in parser.urls]
            while queue:
                kind, url = queue.pop(0)
                if url in seen or urlsplit(url).netloc not in ("", f"127.0.0.1:{port}"):
                    continue
                seen.add(url)
                size, hb, enc, status, text = fetch(http, url)
                rows.append((kind, urlsplit(url).path, size, enc, status))
                total += size
                headers_total += hb
                if kind == "css" and text:
                    queue += [(k, urljoin(url, u)) for k, u in css_refs(text)]
        from django.utils.text import compress_string

        gz_html = len(compress_string(html.encode()))  # what GZipMiddleware sends
    for kind, path, size, enc, status in rows:
        print(f"{kind:5s} {size:8,d} B  {enc:8s} {status}  {path}")
    print(f"headers (not counted): {headers_total:,d} B")
    print(
        f"HTML: served {rows[0][2]:,d} B ({rows[0][3]}); uncompressed {plain:,d} B; "
        f"with GZipMiddleware (not enabled) it would be {gz_html:,d} B"
    )
    if rows[0][3] == "identity":
        print(f"total with GZipMiddleware: {(total - rows[0][2] + gz_html) / 1000:.1f} kB")
    print(f"phone_weight kb={total / 1000:.1f}")


if __name__ == "__main__":
    main()
