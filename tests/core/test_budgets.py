"""Byte budgets, measured the way users pay for them: gzip (level 9) of what a first visit downloads."""
import gzip
import re
from html.parser import HTMLParser

import pytest

KB = 1024


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


@pytest.fixture
def first_visit(client, make_region):
    """Everything a phone downloads on its first visit to a typical home page, except images."""
    make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                tagline="Layanan publik Kota Tangerang", contact_phone="(021) 5585 000",
                emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"},
                                   {"label": "Ambulans", "number": "118"},
                                   {"label": "Polisi", "number": "110"}])

    def fetch(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.data

    html = fetch("/")
    parts = PageParts()
    parts.feed(html.decode())
    css = {url: fetch(url) for url in parts.stylesheets}
    js = {s["src"]: fetch(s["src"]) for s in parts.scripts}
    sprite = re.search(rb'/static/icons/sprite\.[0-9a-f]{10}\.svg', html).group().decode()
    extra = {url: fetch(url) for url in ("/manifest.webmanifest", "/sw.js", sprite)}
    return {"html": html, "css": css, "js": js, "extra": extra, "parts": parts}


def test_first_visit_is_at_most_30_kb(first_visit):
    files = [first_visit["html"], *first_visit["css"].values(), *first_visit["js"].values(),
             *first_visit["extra"].values()]
    total = sum(gz(body) for body in files)
    print(f"first visit: {total / KB:.1f} KB gzip over {len(files)} files")
    assert total <= 30 * KB


def test_html_and_render_blocking_css_fit_in_one_round_trip(first_visit):
    critical = gz(first_visit["html"]) + sum(gz(body) for body in first_visit["css"].values())
    print(f"HTML + CSS: {critical / KB:.1f} KB gzip")
    assert critical <= 14 * KB


def test_all_javascript_is_at_most_16_kb(first_visit):
    scripts = {**first_visit["js"], "/sw.js": first_visit["extra"]["/sw.js"]}
    assert any("htmx" in url for url in scripts) and any("/js/app." in url for url in scripts)
    total = sum(gz(body) for body in scripts.values())
    own = sum(gz(body) for url, body in scripts.items() if "htmx" not in url)
    print(f"JavaScript: {total / KB:.1f} KB gzip, of which app.js + sw.js {own / KB:.2f} KB")
    assert total <= 16 * KB


def test_no_script_blocks_rendering(first_visit):
    scripts = first_visit["parts"].scripts
    assert scripts, "the page loads htmx and app.js"
    blocking = [s["src"] for s in scripts if s["in_head"] and not s["deferred"]]
    assert blocking == []
