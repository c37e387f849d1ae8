"""Byte budgets, measured one way for every page: gzip (level 9) of what a phone downloads on a first visit,
images aside. `first_visit(client, url)` downloads a page and everything it references; the four standard
budget tests below run in any test module that imports them and defines a `first_visit` fixture:

    from tests.budgets import *  # noqa: F401,F403  (the four tests, on this module's `first_visit`)
"""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser

KB = 1024
# A phone set to Indonesian, as most visitors' are (the longer of the two catalogues, too).
BROWSER = {"Accept-Language": "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"}

__all__ = ["test_first_visit_is_at_most_30_kb", "test_html_and_render_blocking_css_fit_in_one_round_trip",
           "test_all_javascript_is_at_most_16_kb", "test_no_script_blocks_rendering"]


class PageParts(HTMLParser):
    """Stylesheets and scripts a page references, and whether each script sits in <head>."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.in_head = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append({"src": attrs["src"], "in_head": self.in_head,
                                 "deferred": "defer" in attrs or "async" in attrs or attrs.get("type") == "module"})

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def fetch(client, url: str, headers=BROWSER) -> bytes:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.data


def first_visit(client, url: str, headers=BROWSER) -> dict:
    """Everything a phone downloads on its first visit to `url`, except images: the page, its stylesheets and
    scripts, the manifest, the service worker with the scripts it imports, and the icon sprite."""
    html = fetch(client, url, headers)
    parts = PageParts()
    parts.feed(html.decode())
    css = {u: fetch(client, u, headers) for u in parts.stylesheets}
    js = {s["src"]: fetch(client, s["src"], headers) for s in parts.scripts}
    sprite = re.search(rb"/static/icons/sprite\.[0-9a-f]{10}\.svg", html).group().decode()
    extra = {u: fetch(client, u, headers) for u in ("/manifest.webmanifest", "/sw.js", sprite)}
    for imported in worker_imports(extra["/sw.js"]):
        extra[imported] = fetch(client, imported, headers)
    return {"url": url, "html": html, "css": css, "js": js, "extra": extra, "parts": parts}


def worker_imports(worker: bytes) -> list[str]:
    """The scripts the service worker pulls in with importScripts() (the phone downloads them at install)."""
    return [u.decode() for call in re.findall(rb"importScripts\(([^)]*)\)", worker)
            for u in re.findall(rb"[\"']([^\"']+)[\"']", call)]


def scripts_of(visit: dict) -> dict[str, bytes]:
    """The JavaScript the page itself loads and runs: the 16 KB budget. The service worker (sw.js and what it
    imports) runs apart from the page, after it has loaded, and counts in the 30 KB first-visit total."""
    return dict(visit["js"])


def test_first_visit_is_at_most_30_kb(first_visit):
    files = {"html": first_visit["html"], **first_visit["css"], **first_visit["js"], **first_visit["extra"]}
    sizes = {name: gz(body) for name, body in files.items()}
    total = sum(sizes.values())
    detail = ", ".join(f"{name.rsplit('/', 1)[-1]} {size / KB:.1f}" for name, size in sizes.items())
    print(f"\nfirst visit of {first_visit['url']}: {total / KB:.1f} KB gzip over {len(files)} files ({detail})")
    assert total <= 30 * KB


def test_html_and_render_blocking_css_fit_in_one_round_trip(first_visit):
    html = gz(first_visit["html"])
    critical = html + sum(gz(body) for body in first_visit["css"].values())
    print(f"\n{first_visit['url']}: HTML {html / KB:.1f} KB + CSS = {critical / KB:.1f} KB gzip "
          f"({len(first_visit['html']) / KB:.1f} KB raw HTML)")
    assert critical <= 14 * KB


def test_all_javascript_is_at_most_16_kb(first_visit):
    scripts = scripts_of(first_visit)
    assert any("htmx" in u for u in scripts) and any("/js/app." in u for u in scripts)
    total = sum(gz(body) for body in scripts.values())
    print(f"\n{first_visit['url']}: JavaScript {total / KB:.1f} KB gzip over {len(scripts)} files "
          f"({total} of {16 * KB} bytes)")
    assert total <= 16 * KB


def test_no_script_blocks_rendering(first_visit):
    scripts = first_visit["parts"].scripts
    assert scripts, "the page loads htmx and app.js"
    assert [s["src"] for s in scripts if s["in_head"] and not s["deferred"]] == []
