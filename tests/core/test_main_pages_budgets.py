"""The foundation's three byte budgets on every main public page, as a first visit with the demo's data.

What a phone downloads the first time it opens each page (tests/budgets.py's `first_visit`: the page, its
stylesheets and scripts, the manifest, the service worker with its imports and the icon sprite; images aside), gzip level 9,
in Indonesian (the longer catalogue):

* everything at most 30 KB;
* the HTML and the render-blocking CSS at most 14 KB (one round trip on a slow link);
* the page's own JavaScript at most 16 KB, and no script blocking rendering (the service worker and the
  scripts it imports run apart from the page and count in the 30 KB).

The data is the demo city (`flask seed-demo`: Kota Tangerang with its 117 areas, a year of prices at its
markets, the demo reports, news and vacancies), seeded once for the module inside one transaction that is
rolled back at the end. Run with `-s` to see the table of sizes; the assertion messages carry the numbers.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from tests import budgets
from tests.budgets import KB, gz
from tests.conftest import rolled_back
from webapp.extensions import db

LIMIT_FIRST_VISIT, LIMIT_CRITICAL, LIMIT_JS = 30 * KB, 14 * KB, 16 * KB

# name: (address, or the list page whose first link of that shape is the page; what the page must show)
PAGES = {
    "home": ("/", b'class="card'),
    "aspirasi list": ("/aspirasi/", b'<li class="report">'),
    "aspirasi form": ("/aspirasi/baru", b'name="photos"'),
    "aspirasi tracking": ("/aspirasi/lacak", b'name="kode"'),
    "aspirasi report": (("/aspirasi/", r"/aspirasi/\d+"), b'class="badge'),
    "harga board": ("/harga/", b"Rp"),
    "harga commodity": (("/harga/", r"/harga/beras-medium"), b"<svg"),
    "berita list": ("/berita/", b'<li class="news-item">'),
    "berita article": (("/berita/", r"/berita/(?!info/|pengumuman/|arsip/|gambar/|feed)[a-z0-9-]+"), b"<article"),
    "loker list": ("/loker/", b'<li class="news-item">'),
    "loker vacancy": (("/loker/", r"/loker/\d+"), b"application/ld+json"),
    "pencaker": ("/pencaker/", b"AK/1"),
    "kontak": ("/kontak/", b'href="tel:112"'),
    "search": ("/cari?q=beras", b'class="hits"'),
}

MEASURED: dict[str, dict] = {}


@contextmanager
def demo_city(app):
    """The demo city seeded into one transaction that is rolled back afterwards (as `_transaction`, wider);
    yields the connection, for savepoints inside it."""
    from webapp.core import demo

    with rolled_back(app) as connection:
        demo.seed()
        db.session.commit()
        db.session.remove()
        yield connection


@pytest.fixture(scope="module", autouse=True)
def _transaction(app):
    """Replaces the per-test transaction: the demo city is seeded once for every page of this module."""
    with demo_city(app):
        yield
    if MEASURED:
        print_table()


@pytest.fixture(scope="module")
def addresses(app):
    """Each page's address: list pages lead to their first report, commodity, article and vacancy."""
    client = app.test_client()
    found = {}
    for name, (where, _marker) in PAGES.items():
        if isinstance(where, str):
            found[name] = where
            continue
        listing, pattern = where
        html = budgets.fetch(client, listing).decode()
        match = re.search(rf'href="({pattern})"', html)
        assert match, f"{listing} links to no {pattern}"
        found[name] = match.group(1)
    return found


def sw_imports(client, visit: dict) -> int:
    """Scripts the service worker imports (`importScripts`), shown in their own column (they are in the total)."""
    imports = re.findall(r"importScripts\(([^)]*)\)", visit["extra"]["/sw.js"].decode())
    urls = re.findall(r'"([^"]+)"', " ".join(imports))
    return sum(gz(budgets.fetch(client, url)) for url in urls)


def sizes(visit: dict) -> dict:
    html = gz(visit["html"])
    css = sum(gz(body) for body in visit["css"].values())
    js = sum(gz(body) for body in budgets.scripts_of(visit).values())  # the page's own scripts
    rest = sum(gz(body) for body in visit["extra"].values())  # manifest, sprite, the service worker and its imports
    return {"html": html, "css": css, "js": js, "other": rest, "total": html + css + js + rest,
            "critical": html + css, "files": 1 + len(visit["css"]) + len(visit["js"]) + len(visit["extra"])}


def print_table() -> None:
    print("\n\nFirst visit, bytes gzip -9 (images aside), demo data, Accept-Language id")
    print(f"{'page':<18} {'address':<50} {'HTML':>6} {'CSS':>6} {'HTML+CSS':>9} {'JS':>6} {'other':>6} {'total':>7} "
          f"{'SW imports':>10}")
    for name, s in MEASURED.items():
        print(f"{name:<18} {s['url'][:50]:<50} {s['html']:>6} {s['css']:>6} {s['critical']:>9} {s['js']:>6} "
              f"{s['other']:>6} {s['total']:>7} {s['imports']:>10}")
    print(f"limits: total {LIMIT_FIRST_VISIT}, HTML+CSS {LIMIT_CRITICAL}, JS {LIMIT_JS} "
          "(JS: the page's scripts; 'other' is the manifest, sprite, service worker and its imports)")


@pytest.mark.parametrize("name", list(PAGES))
def test_first_visit_of_a_main_page_fits_the_budgets(client, addresses, name):
    url = addresses[name]
    visit = budgets.first_visit(client, url)
    assert PAGES[name][1] in visit["html"], f"{url} shows what a visitor came for (the demo data is there)"
    s = MEASURED[name] = {"url": url, **sizes(visit), "imports": sw_imports(client, visit)}
    summary = (f"{url}: first visit {s['total']} B ({s['total'] / KB:.1f} KB) over {s['files']} files; "
               f"HTML {s['html']} B + CSS {s['css']} B = {s['critical']} B; JS {s['js']} B; "
               f"manifest, sprite and service worker {s['other']} B (of which {s['imports']} B imported by the worker)")
    print(f"\n{summary}")
    assert s["total"] <= LIMIT_FIRST_VISIT, f"{summary}: over the {LIMIT_FIRST_VISIT} B first-visit budget"
    assert s["critical"] <= LIMIT_CRITICAL, f"{summary}: HTML and render-blocking CSS over {LIMIT_CRITICAL} B"
    assert s["js"] <= LIMIT_JS, f"{summary}: JavaScript over {LIMIT_JS} B ({', '.join(budgets.scripts_of(visit))})"
    blocking = [x["src"] for x in visit["parts"].scripts if x["in_head"] and not x["deferred"]]
    assert blocking == [], f"{url}: scripts that block rendering: {blocking}"
