"""The query-count guard: each main page runs a bounded number of SQL statements, however many rows it shows.

One city with every module on (tests/query_helpers.py) is built once for this file, inside one transaction
rolled back at the end. Every page below is fetched with SMALL rows of each kind (reports, a report's
timeline lines and photos, vacancies, employers, applications and education rows of the signed-in seeker,
AK/1 applications, job fairs and their companies, markets × commodities × days of prices, articles,
announcements, important numbers, ...) and again after the city grew to LARGE rows of each kind; the
statements each request sends are counted (SQLAlchemy's `before_cursor_execute`, the transaction's own
SAVEPOINT/RELEASE left out). Two checks per page:

* the count with LARGE rows equals the count with SMALL rows (plus `GROWTH[page]`, 0 unless documented), so
  a query per row shown (an N+1) fails — every row points at its own category, department, kelurahan,
  employer, officer, market, ..., so a relationship loaded lazily per row cannot hide behind the identity map;
* the count is at most `LIMITS[page]` (measured, plus a margin of 2), so a new query on every request is
  noticed and the limit raised on purpose, in review.

Each page must also show the newest row (its `marker`), so a page that stopped listing rows cannot pass.
Run with `-s` for the table of counts (`-k "staff and inbox"` picks pages by the words of their names); a
failure lists the statements the larger page added.
Speed is measured by bench/, never here.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import pytest
from flask import g
from sqlalchemy import event

from tests.conftest import PASSWORD, csrf_from, rolled_back
from tests.query_helpers import WORD, World, build_world, grow
from webapp.extensions import db

SMALL, LARGE = 3, 12
EN = {"Accept-Language": "en"}
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")  # the test transaction's, not the page's


@dataclass(frozen=True)
class Page:
    url: Callable[[World], str]
    marker: Callable[[World], str]  # text the page shows once it lists the newest row
    who: str = "anonymous"  # or "seeker", "admin", "disnaker": whose signed-in browser asks
    htmx: bool = False  # asked by htmx (the list alone, swapped in place)


PAGES: dict[str, Page] = {
    # Public pages
    "home": Page(lambda w: "/", lambda w: w.last["commodity"]),
    "aspirasi list": Page(lambda w: "/aspirasi/", lambda w: w.last["report"]),
    "aspirasi list htmx search": Page(lambda w: f"/aspirasi/?q={WORD}", lambda w: w.last["report"], htmx=True),
    "aspirasi form": Page(lambda w: "/aspirasi/baru", lambda w: f"Kategori {w.n}"),
    "aspirasi report": Page(lambda w: f"/aspirasi/{w.report.id}", lambda w: w.last["reply"]),
    "loker list": Page(lambda w: "/loker/", lambda w: w.last["vacancy"]),
    "loker list htmx search": Page(lambda w: f"/loker/?q={WORD}", lambda w: w.last["vacancy"], htmx=True),
    "loker vacancy": Page(lambda w: f"/loker/{w.vacancy.id}", lambda w: w.vacancy.title),
    "loker fairs": Page(lambda w: "/loker/bursa-kerja", lambda w: w.last["fair"]),
    "loker fair": Page(lambda w: f"/loker/bursa-kerja/{w.fair.slug}", lambda w: f"{WORD.title()} {w.n} stan"),
    "harga board": Page(lambda w: "/harga/", lambda w: w.last["commodity"]),
    "harga board one market": Page(lambda w: f"/harga/?pasar={w.market.slug}", lambda w: w.last["commodity"]),
    "harga commodity 365": Page(lambda w: f"/harga/{w.commodity.slug}?hari=365", lambda w: w.last["market"]),
    "harga market": Page(lambda w: f"/harga/pasar/{w.market.slug}", lambda w: w.last["commodity"]),
    "berita list": Page(lambda w: "/berita/", lambda w: w.last["article"]),
    "berita article": Page(lambda w: f"/berita/{w.article.slug}", lambda w: w.article.title),
    "berita feed": Page(lambda w: "/berita/feed.xml", lambda w: w.last["article"]),
    "berita info pages": Page(lambda w: "/berita/info/", lambda w: f"Info {WORD} {w.n}"),
    "berita announcements": Page(lambda w: "/berita/pengumuman/", lambda w: w.last["announcement"]),
    "kontak": Page(lambda w: "/kontak/", lambda w: f"Posko {w.n}"),
    "search": Page(lambda w: f"/cari?q={WORD}", lambda w: w.last["report"]),
    # A signed-in job seeker
    "pencaker home": Page(lambda w: "/pencaker/", lambda w: "AK/1", "seeker"),
    "pencaker applications": Page(lambda w: "/pencaker/lamaran", lambda w: w.last["vacancy"], "seeker"),
    "pencaker profile": Page(lambda w: "/pencaker/profil", lambda w: f"Sekolah {w.n}", "seeker"),
    "pencaker card": Page(lambda w: "/pencaker/kartu", lambda w: "AK/1", "seeker"),
    # Staff
    "staff dashboard": Page(lambda w: "/staf/", lambda w: w.region.name, "admin"),
    "staff aspirasi inbox": Page(lambda w: "/staf/aspirasi/", lambda w: w.last["report"], "admin"),
    "staff aspirasi report": Page(lambda w: f"/staf/aspirasi/laporan/{w.report.code}", lambda w: w.last["reply"],
                                  "admin"),
    "staff aspirasi kinerja": Page(lambda w: "/staf/aspirasi/kinerja", lambda w: f"Dinas {w.n}", "admin"),
    "staff harga entry": Page(lambda w: "/staf/harga/", lambda w: w.last["market"], "admin"),
    "staff harga entry form": Page(lambda w: f"/staf/harga/{w.market.slug}/{w.today}", lambda w: w.last["commodity"],
                                   "admin"),
    "staff berita articles": Page(lambda w: "/staf/berita/", lambda w: w.last["article"], "admin"),
    "staff users": Page(lambda w: "/staf/pengguna", lambda w: f"Petugas {w.n}", "admin"),
    "disnaker home": Page(lambda w: "/staf/pencaker/", lambda w: "AK/1", "disnaker"),
    "disnaker ak1 queue": Page(lambda w: "/staf/pencaker/ak1", lambda w: f"Pencari {WORD} {w.n}", "disnaker"),
    "disnaker ak1 application": Page(lambda w: f"/staf/pencaker/ak1/{w.card.id}", lambda w: f"Petugas loket {w.n}",
                                     "disnaker"),
    "disnaker employers queue": Page(lambda w: "/staf/pencaker/perusahaan", lambda w: f"CV Baru {w.n}", "disnaker"),
    "disnaker vacancies queue": Page(lambda w: "/staf/pencaker/lowongan", lambda w: f"Kasir {WORD} {w.n}",
                                     "disnaker"),
    "disnaker reported vacancies": Page(lambda w: "/staf/pencaker/laporan-lowongan", lambda w: f"Minta uang {w.n}",
                                        "disnaker"),
    "disnaker seekers": Page(lambda w: "/staf/pencaker/pencari-kerja", lambda w: f"Pencari {WORD} {w.n}",
                             "disnaker"),
    "disnaker seeker": Page(lambda w: f"/staf/pencaker/pencari-kerja/{w.seeker.id}", lambda w: w.last["vacancy"],
                            "disnaker"),
    "disnaker employer": Page(lambda w: f"/staf/pencaker/perusahaan/{w.vacancy.employer_id}", lambda w: w.vacancy.title,
                              "disnaker"),
    "disnaker stats": Page(lambda w: "/staf/pencaker/statistik", lambda w: "AK/1", "disnaker"),
    "disnaker fairs": Page(lambda w: "/staf/pencaker/bursa-kerja", lambda w: w.last["fair"], "disnaker"),
    # Open data
    "open311 requests": Page(lambda w: "/open311/v2/requests.json", lambda w: f"nomor {w.n}."),
    "api reports": Page(lambda w: "/api/v1/reports", lambda w: w.last["report"]),
    "api report stats": Page(lambda w: "/api/v1/reports/stats", lambda w: "total"),
    "api report": Page(lambda w: f"/api/v1/reports/{w.report.id}", lambda w: w.last["reply"]),
    "api vacancies": Page(lambda w: "/api/v1/vacancies", lambda w: w.last["vacancy"]),
    "api job fairs": Page(lambda w: "/api/v1/job-fairs", lambda w: w.last["fair"]),
    "api news": Page(lambda w: "/api/v1/news", lambda w: w.last["article"]),
    "api announcements": Page(lambda w: "/api/v1/announcements", lambda w: w.last["announcement"]),
    "api commodities": Page(lambda w: "/api/v1/commodities", lambda w: w.last["commodity"]),
    "api markets": Page(lambda w: "/api/v1/markets", lambda w: w.last["market"]),
    "api prices": Page(lambda w: "/api/v1/prices", lambda w: '"commodity":"komoditas-'),  # a page of 50 either way
    "api numbers": Page(lambda w: "/api/v1/numbers", lambda w: f"Posko {w.n}"),
}

# Statements per request with LARGE rows, measured on SQLite and PostgreSQL (the same on both). Every HTML page
# starts with two (the region of the Host, the footer's information pages), a JSON answer with one (the region);
# a signed-in browser adds its user and their roles. The limit is the count plus MARGIN. Change a count on
# purpose, in review, when a page needs another query (or drops one); never because its data grew.
MARGIN = 2
COUNTED: dict[str, int] = {
    "home": 13,  # region, footer pages, then each module's card and strip: one board of prices, counts, latest
    "aspirasi list": 6,
    "aspirasi list htmx search": 5,
    "aspirasi form": 7,
    "aspirasi report": 5,  # the report, its photos and timeline in one query each (selectin), no actor names
    "loker list": 5,
    "loker list htmx search": 4,
    "loker vacancy": 5,
    "loker fairs": 5,
    "loker fair": 5,
    "harga board": 8,
    "harga board one market": 7,
    "harga commodity 365": 9,
    "harga market": 7,
    "berita list": 5,
    "berita article": 6,
    "berita feed": 2,
    "berita info pages": 3,
    "berita announcements": 4,
    "kontak": 2,  # region and footer pages only: the numbers live on the region row
    "search": 14,  # each module's search: ≤ 3 statements per module, one for its whole list of hits
    "pencaker home": 7,
    "pencaker applications": 6,
    "pencaker profile": 12,  # the profile, its card, education, training, experience: a query per kind of row
    "pencaker card": 8,
    "staff dashboard": 12,  # one count or list per module's block
    "staff aspirasi inbox": 14,  # rows, the overdue block, the escalation list, filter choices and the officers
    "staff aspirasi report": 15,  # history actors and the verify form's kelurahan loaded in bulk (was 24 and 51)
    "staff aspirasi kinerja": 9,
    "staff harga entry": 8,
    "staff harga entry form": 10,
    "staff berita articles": 5,
    "staff users": 6,
    "disnaker home": 5,
    "disnaker ak1 queue": 5,
    "disnaker ak1 application": 14,  # the card, its history with actors joined, the seeker's rows, the next
    "disnaker employers queue": 5,
    "disnaker vacancies queue": 5,
    "disnaker reported vacancies": 5,
    "disnaker seekers": 6,
    "disnaker seeker": 10,
    "disnaker employer": 9,
    "disnaker stats": 9,
    "disnaker fairs": 6,
    "open311 requests": 5,
    "api reports": 6,
    "api report stats": 4,
    "api report": 7,
    "api vacancies": 5,
    "api job fairs": 4,
    "api news": 4,
    "api announcements": 2,
    "api commodities": 3,
    "api markets": 2,
    "api prices": 4,
    "api numbers": 1,
}
LIMITS: dict[str, int] = {name: count + MARGIN for name, count in COUNTED.items()}

# Statements a page may add between SMALL and LARGE rows, with the reason (none so far).
GROWTH: dict[str, int] = {}

# Pages with a known N+1: their checks are expected failures (strict: once the app is fixed they pass, and
# the mark must go). name -> where, and the fix proposed.
KNOWN_N_PLUS_ONE: dict[str, str] = {}

MEASURED: dict[str, dict] = {}


# ------------------------------------------------------------------------------------------- the city

@pytest.fixture(scope="module", autouse=True)
def _transaction(app):
    """Replaces conftest's per-test transaction: the city is built once for the file, then rolled back."""
    with rolled_back(app):
        yield
        if MEASURED:
            print_table()


def signed_in(app, user):
    client = app.test_client()
    page = client.get("/masuk")
    response = client.post("/masuk", data={"login": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page)})
    assert response.status_code == 302, f"{user.email} could not sign in"
    return client


@contextmanager
def counting():
    """Yields the list that fills with the SQL statements sent meanwhile (transaction control left out)."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def measure(client, url: str, htmx: bool = False) -> dict:
    """One warm-up request (anything a process does once stays out), then the counted one."""
    headers = {**EN, "HX-Request": "true"} if htmx else EN
    client.get(url, headers=headers)
    with counting() as seen:
        response = client.get(url, headers=headers)
    return {"status": response.status_code, "count": len(seen), "statements": list(seen),
            "body": response.get_data(as_text=True)}


def measure_all(world: World, clients: dict) -> dict:
    return {name: {**measure(clients[page.who], page.url(world), page.htmx), "url": page.url(world),
                   "marker": page.marker(world)} for name, page in PAGES.items()}


@pytest.fixture(scope="module")
def measured(app):
    """{page: {"small": ..., "large": ...}}: each page counted with SMALL and with LARGE rows of each kind."""
    world = grow(build_world(), SMALL)
    clients = {"anonymous": app.test_client(), "seeker": signed_in(app, world.seeker_user),
               "admin": signed_in(app, world.admin), "disnaker": signed_in(app, world.disnaker)}
    small = measure_all(world, clients)
    grow(world, LARGE - SMALL)
    g.region = world.region
    large = measure_all(world, clients)
    for name in PAGES:
        MEASURED[name] = {"small": small[name], "large": large[name]}
    return MEASURED


def print_table() -> None:
    print(f"\n\nSQL statements per request, {SMALL} and {LARGE} rows of each kind ({db.engine.dialect.name})")
    print(f"{'page':<30} {'address':<42} {'small':>6} {'large':>6} {'limit':>6}")
    for name, m in MEASURED.items():
        print(f"{name:<30} {m['large']['url'][:42]:<42} {m['small']['count']:>6} {m['large']['count']:>6} "
              f"{LIMITS.get(name, '-'):>6}")


def new_statements(small: list[str], large: list[str]) -> list[str]:
    """The statements of the large run beyond those of the small one (the likely per-row queries)."""
    left = list(small)
    extra = []
    for statement in large:
        if statement in left:
            left.remove(statement)
        else:
            extra.append(statement)
    return extra


# ------------------------------------------------------------------------------------------- the checks

def _param(name: str):
    if name in KNOWN_N_PLUS_ONE:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_N_PLUS_ONE[name]))
    return name


@pytest.mark.parametrize("name", [_param(name) for name in PAGES])
def test_a_main_page_runs_the_same_statements_however_many_rows_it_shows(measured, name):
    small, large = measured[name]["small"], measured[name]["large"]
    for run, rows in ((small, SMALL), (large, LARGE)):
        assert run["status"] == 200, f"{run['url']} answered {run['status']} with {rows} rows of each kind"
    assert large["marker"] in large["body"], f"{large['url']} does not show {large['marker']!r}: no rows listed"
    allowed = small["count"] + GROWTH.get(name, 0)
    extra = new_statements(small["statements"], large["statements"])
    assert large["count"] <= allowed, (
        f"{large['url']}: {small['count']} statements with {SMALL} rows of each kind, {large['count']} with "
        f"{LARGE}: a query per row (N+1). The statements the larger page added:\n" + "\n---\n".join(extra[:5]))


@pytest.mark.parametrize("name", [_param(name) for name in PAGES])
def test_a_main_page_stays_within_its_statement_limit(measured, name):
    large = measured[name]["large"]
    limit = LIMITS.get(name)
    assert limit is not None, f"{name}: no limit yet; measured {large['count']} statements"
    assert large["count"] <= limit, (
        f"{large['url']}: {large['count']} statements per request, over its limit of {limit}. If the new query "
        f"is meant, raise LIMITS[{name!r}] in review. The statements:\n" + "\n---\n".join(large["statements"]))


def test_every_page_of_the_guard_has_a_limit():
    assert set(LIMITS) == set(PAGES), "each page needs a measured limit, and each limit a page"
