"""Every htmx swap the app offers fits in one round trip: asked for by htmx (`HX-Request: true`), the answer is
the fragment alone (no `<html>`), at most 4 KB gzip with the demo city's data (a page of ten news items or
vacancies, twenty reports, the 25-row price board) and never above 14 KB, even with every list full of the
longest titles and texts the forms allow. Each fragment is a part of the page the same address gives without
htmx, and both answers say `Vary: HX-Request`, so no cache hands one out for the other.

`test_every_swap_in_the_templates_is_measured` keeps the list below complete: a template with a new
`hx-get`/`hx-post` fails it until its swap is added here. Sizes are gzip level 9, in Indonesian (the longer
catalogue); run with `-s` for the table.
"""
from __future__ import annotations

import html as htmlib
import random
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import select

from tests.api_helpers import demo_city_fixtures
from tests.budgets import BROWSER, KB, gz
from tests.conftest import csrf_from
from webapp.extensions import db

TYPICAL, ALWAYS = 4 * KB, 14 * KB
ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "serambi-demo"
ADMIN = "admin@demo.serambi.id"  # region admin: every staff list
DISNAKER = "disnaker@demo.serambi.id"

MEASURED: dict[str, dict] = {}


@dataclass(frozen=True)
class Demo:
    """Plain values from the demo city that the swaps' addresses need."""

    report: int  # a public, open report (the "Dukung" box)
    notice_category: int  # a category with a notice
    similar: tuple[int, int]  # category and kelurahan of open public reports
    market: str  # a market's slug
    staff_report: str  # the code of a report whose category has reply templates
    template: int


@dataclass(frozen=True)
class Swap:
    """One htmx swap: the template offering it, the element it replaces (as htmx names it in HX-Target),
    who may use it, its address (from the demo values, or found in another fragment) and what it shows."""

    templates: tuple[str, ...]
    target: str | None
    url: Callable
    marker: bytes
    who: str | None = None
    post: bool = False
    crowded: int = 0  # also measured with every list full of the longest texts: at least this many shown
    items: bytes | None = None  # how an item of the list starts, to count them


def next_page(list_name: str, pattern: str):
    """The address behind the "more"/"next page" link of another swap's fragment."""
    def find(client, demo):
        body = fetch(client, SWAPS[list_name], demo).data.decode()
        match = re.search(rf'hx-get="({pattern})"', body)
        assert match, f"the {list_name} fragment has no link to the next page"
        return htmlib.unescape(match.group(1))
    return find


SWAPS: dict[str, Swap] = {
    "aspirasi list": Swap(
        ("aspirasi/index.html",), "section#report-list",
        lambda c, d: "/aspirasi/?q=&status=&kategori=&kecamatan=&jenis=&urut=newest",
        b'<li class="report">', crowded=20, items=b'<li class="report">'),
    "aspirasi more": Swap(
        ("aspirasi/index.html",), "li", next_page("aspirasi list", r"/aspirasi/\?[^\"]*setelah=[^\"]+"),
        b'<li class="report">', crowded=1, items=b'<li class="report">'),
    "aspirasi category notice": Swap(
        ("aspirasi/new.html",), "div#category-notice",
        lambda c, d: f"/aspirasi/baru/kategori?category_id={d.notice_category}", b"<"),
    "aspirasi similar": Swap(
        ("aspirasi/new.html",), "div#similar",
        lambda c, d: f"/aspirasi/baru/serupa?category_id={d.similar[0]}&kelurahan_id={d.similar[1]}",
        b'<li class="report">', items=b'<li class="report">'),
    "aspirasi support": Swap(
        ("aspirasi/detail.html",), "div#dukung", lambda c, d: f"/aspirasi/{d.report}/dukung",
        b'id="dukung"', post=True),
    "aspirasi support from similar": Swap(
        ("aspirasi/_similar_item.html",), "li", lambda c, d: f"/aspirasi/{d.report}/dukung?dari=serupa",
        b'<li class="report">', post=True),
    "berita list": Swap(
        ("berita/index.html",), "section#news-list", lambda c, d: "/berita/?q=&kategori=",
        b'<li class="news-item">', crowded=10, items=b'<li class="news-item">'),
    "berita older": Swap(
        ("berita/index.html",), "li", next_page("berita list", r"/berita/\?[^\"]*sebelum=[^\"]+"),
        b'<li class="news-item">', crowded=1, items=b'<li class="news-item">'),
    "harga board": Swap(
        ("harga/index.html",), "section#board", lambda c, d: "/harga/?pasar=&tanggal=", b"Rp",
        items=b'<tr><th scope="row">'),
    "harga board of a market": Swap(
        ("harga/index.html",), "section#board", lambda c, d: f"/harga/?pasar={d.market}&tanggal=", b"Rp",
        items=b'<tr><th scope="row">'),
    "harga market page board": Swap(
        ("harga/market.html",), "section#board", lambda c, d: f"/harga/pasar/{d.market}?tanggal=", b"Rp",
        items=b'<tr><th scope="row">'),
    "loker list": Swap(
        ("pencaker/index.html",), "section#loker-list",
        lambda c, d: "/loker/?q=&sektor=&pendidikan=&kecamatan=&jenis=",
        b'<li class="news-item">', crowded=10, items=b'<li class="news-item">'),
    "loker more": Swap(
        ("pencaker/index.html", "pencaker/_vacancies.html"), "li",
        next_page("loker list", r"/loker/\?[^\"]*sebelum=[^\"]+"),
        b'<li class="news-item">', crowded=1, items=b'<li class="news-item">'),
    "search": Swap(
        ("search/index.html",), "div#results", lambda c, d: "/cari?q=jalan", b'class="hits"', crowded=9,
        items=b"<li><a "),
    "staff: aspirasi inbox": Swap(
        ("aspirasi/staff/inbox.html",), "div#inbox-list", lambda c, d: "/staf/aspirasi/?status=&kategori=&q=",
        b"<table", who=ADMIN, crowded=20, items=b"<tr"),
    "staff: aspirasi inbox next page": Swap(
        ("aspirasi/staff/inbox.html",), "div#inbox-list",
        next_page("staff: aspirasi inbox", r"/staf/aspirasi/\?[^\"]*setelah=[^\"]+"),
        b"<table", who=ADMIN, crowded=1, items=b"<tr"),
    "staff: aspirasi reply template": Swap(
        ("aspirasi/staff/report.html",), "div#reply-form",
        lambda c, d: f"/staf/aspirasi/laporan/{d.staff_report}?templat={d.template}", b"<textarea", who=ADMIN),
    "staff: berita articles": Swap(
        ("berita/staff/articles.html",), "div#article-list", lambda c, d: "/staf/berita/?status=", b"<table",
        who=ADMIN, crowded=11, items=b"<tr"),
    "staff: pencaker cards": Swap(
        ("pencaker/staff/_macros.html",), "div#card-list",
        lambda c, d: "/staf/pencaker/ak1?status=submitted", b"<table", who=DISNAKER, crowded=20, items=b"<tr"),
    "staff: pencaker employers": Swap(
        ("pencaker/staff/_macros.html",), "div#employer-list",
        lambda c, d: "/staf/pencaker/perusahaan?status=verified", b"<table", who=DISNAKER, crowded=11,
        items=b"<tr"),
    "staff: pencaker vacancies": Swap(
        ("pencaker/staff/_macros.html",), "div#vacancy-list",
        lambda c, d: "/staf/pencaker/lowongan?status=published", b"<table", who=DISNAKER, crowded=11,
        items=b"<tr"),
    "staff: pencaker seekers": Swap(
        ("pencaker/staff/seekers.html",), "div#seeker-list", lambda c, d: "/staf/pencaker/pencari-kerja?q=",
        b"<table", who=DISNAKER, crowded=30, items=b"<tr"),
    "staff: account search": Swap(
        ("staff/users.html",), "div#results", lambda c, d: "/staf/pengguna?q=demo", b"<table", who=ADMIN,
        items=b"<tr"),
}


# The demo city, once for the module ------------------------------------------------------------------------

# The demo city is seeded once for the module and each test runs in a savepoint: what a test adds (crowded
# lists, a support) is undone after it. The sizes measured are printed at the end.
_transaction, _savepoint = demo_city_fixtures(after=lambda: MEASURED and print_table())


@pytest.fixture(scope="module")
def demo(app) -> Demo:
    from webapp.core.models import Region
    from webapp.core.scoping import region_context
    from webapp.modules.aspirasi.models import Category, ReplyTemplate, Report, Status
    from webapp.modules.harga.models import Market

    with app.app_context():
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        with region_context(region):
            report = next(r for r in db.session.execute(select(Report).order_by(Report.id)).scalars()
                          if r.is_public and r.is_open)
            notice = db.session.execute(select(Category).where(Category.notice.is_not(None))
                                        .order_by(Category.id)).scalars().first()
            template = db.session.execute(select(ReplyTemplate).where(ReplyTemplate.category_id.is_not(None))
                                          .order_by(ReplyTemplate.id)).scalars().first()
            staff_report = db.session.execute(select(Report).where(Report.category_id == template.category_id,
                                                                   Report.status.in_(Status.OPEN))
                                              .order_by(Report.id)).scalars().first()
            market = db.session.execute(select(Market).order_by(Market.position)).scalars().first()
            return Demo(report=report.id, notice_category=notice.id, similar=(report.category_id, report.kelurahan_id),
                        market=market.slug, staff_report=staff_report.code, template=template.id)


# Asking the way htmx asks ----------------------------------------------------------------------------------

def sign_in(client, email: str) -> None:
    token = csrf_from(client.get("/masuk"))
    answer = client.post("/masuk", data={"login": email, "password": DEMO_PASSWORD, "csrf_token": token})
    assert answer.status_code in (302, 303), f"{email} signs in"


def htmx_headers(swap: Swap) -> dict:
    headers = {**BROWSER, "HX-Request": "true", "HX-Request-Type": "partial", "Accept": "text/html",
               "HX-Current-URL": "http://localhost/"}
    if swap.target:
        headers["HX-Target"] = swap.target
    return headers


def fetch(client, swap: Swap, demo: Demo, htmx: bool = True):
    url = swap.url(client, demo)
    headers = htmx_headers(swap) if htmx else BROWSER
    if not swap.post:
        return client.get(url, headers=headers)
    page = client.get(f"/aspirasi/{demo.report}", headers=BROWSER)
    return client.post(url, data={"csrf_token": csrf_from(page)}, headers=headers)


def ask(client, demo: Demo, name: str):
    """The swap, its address and its answer to htmx, checked to be a fragment (signed in first when it is staff's)."""
    swap = SWAPS[name]
    if swap.who:
        sign_in(client, swap.who)
    url = swap.url(client, demo)
    answer = fetch(client, swap, demo)
    assert answer.status_code == 200, f"{name}: {url} answers htmx with {answer.status_code}"
    assert b"<html" not in answer.data and b"<body" not in answer.data and b'class="top"' not in answer.data, \
        f"{name}: htmx gets the fragment alone, not a page"
    return swap, url, answer


def hrefs(body: bytes) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', body.decode()))


def print_table() -> None:
    print("\n\nhtmx swaps, bytes gzip -9 (Accept-Language id)")
    print(f"{'swap':<34} {'data':<9} {'items':>5} {'raw':>7} {'gzip':>6}  address")
    for (name, data), m in MEASURED.items():
        print(f"{name:<34} {data:<9} {m['items']:>5} {m['raw']:>7} {m['gz']:>6}  {m['url']}")
    print(f"limits: typical {TYPICAL}, always {ALWAYS}")


def measure(name: str, data: str, url: str, body: bytes, swap: Swap) -> int:
    size = gz(body)
    items = body.count(swap.items) if swap.items else 0
    MEASURED[(name, data)] = {"items": items, "raw": len(body), "gz": size, "url": url}
    print(f"\n{name} ({data}): {items} items, {size} B gzip ({len(body)} B raw) at {url}")
    return size


# The tests ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(SWAPS))
def test_swap_is_a_fragment_of_the_page_within_4_kb(client, demo, name):
    swap, url, answer = ask(client, demo, name)
    body = answer.data
    assert swap.marker in body, f"{name}: the fragment shows what it is for ({swap.marker!r})"
    assert "HX-Request" in answer.headers.get("Vary", ""), f"{name}: the fragment says Vary: HX-Request"

    full = fetch(client, swap, demo, htmx=False)
    if swap.post:  # without JavaScript the form posts and the browser is sent back to the report's page
        assert full.status_code == 303 and full.headers["Location"].split("#")[0].endswith(f"/aspirasi/{demo.report}")
        full = client.get(full.headers["Location"].split("#")[0], headers=BROWSER)
    assert full.status_code == 200 and b"<html" in full.data, f"{name}: without htmx, {url} is a whole page"
    assert "HX-Request" in full.headers.get("Vary", ""), f"{name}: the page says Vary: HX-Request"
    assert full.data != body
    if swap.target and "#" in swap.target:
        assert f'id="{swap.target.split("#")[1]}"'.encode() in full.data, f"{name}: the page has the swap's target"
    missing = {h for h in hrefs(body) if "setelah=" not in h and "sebelum=" not in h} - hrefs(full.data)
    assert swap.post or not missing, f"{name}: the fragment links to what the page links to, not {sorted(missing)[:3]}"

    size = measure(name, "demo", url, body, swap)
    assert size <= TYPICAL, f"{name}: {size} B gzip ({len(body)} B raw) at {url}, over {TYPICAL} B"


def test_every_swap_in_the_templates_is_measured():
    offering = set()
    for folder in [ROOT / "templates", *sorted((ROOT / "webapp" / "modules").glob("*/templates"))]:
        for path in folder.rglob("*.html"):
            if re.search(r"\bhx-(get|post|put|patch|delete)=", path.read_text()):
                offering.add(path.relative_to(folder).as_posix())
    measured = {t for swap in SWAPS.values() for t in swap.templates}
    assert offering - measured == set(), "templates offering an htmx swap this module does not measure"
    assert measured - offering == set(), "swaps measured here that no template offers any more"


# The longest lists the forms allow -------------------------------------------------------------------

WORDS = ("jalan rusak berlubang lampu penerangan mati sampah menumpuk saluran air tersumbat banjir genangan pohon "
         "tumbang trotoar pasar angkot parkir puskesmas antrean sekolah jembatan taman kabel operator produksi gudang "
         "kasir admin keuangan sopir kurir teknisi listrik perawat guru koki satpam penjahit pemerintah kelurahan "
         "kecamatan program layanan publik bantuan sosial imunisasi beasiswa festival budaya olahraga pelatihan "
         "usaha mikro perizinan kependudukan jadwal pekan depan bulan lalu hari ini warga mengeluh segera").split()


def words(rng: random.Random, length, prefix: str = "") -> str:
    """Random words of exactly `length` characters (so compression is not flattered); `length` may be a model's
    column, for as many characters as it holds."""
    if not isinstance(length, int):
        length = length.property.columns[0].type.length
    return prefix + _words(rng, length - len(prefix))


def _words(rng: random.Random, length: int) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(WORDS) + " "
    return (text[:length - 1].strip() + "x")[:length].capitalize()


@pytest.fixture
def crowded(app, demo):
    """Every list longer than a page, each item's texts as long as their columns hold: 21 public reports with
    a photo, 11 articles with covers and summaries, 11 vacancies of 11 companies, and 31 job seekers waiting
    for their AK/1 card. Returns what the lists show of them (titles and names)."""
    from webapp.core.clock import region_today
    from webapp.core.models import Area, Region, User, utcnow
    from webapp.core.scoping import region_context
    from webapp.modules.aspirasi import flow
    from webapp.modules.aspirasi.models import Category, Report, ReportPhoto
    from webapp.modules.berita.models import Article, Category as NewsCategory, Status
    from webapp.modules.berita import markup
    from webapp.modules.pencaker.models import (Card, Employer, EmployerStatus, Seeker, Vacancy,
                                                VacancyStatus)

    rng = random.Random(7)
    shown = []  # what each long item shows in a list: its title, or a company's or a person's name
    with app.app_context():
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        with region_context(region):
            villages = list(db.session.execute(select(Area).where(Area.parent_id.is_not(None))
                                               .order_by(Area.name)).scalars())
            longest = sorted(villages, key=lambda a: len(a.name), reverse=True)[:5]
            category = max((c for c in db.session.execute(select(Category)).scalars() if not c.sensitive),
                           key=lambda c: len(c.name))
            for n in range(21):
                village = longest[n % len(longest)]
                shown.append(words(rng, Report.title, "Jalan "))
                report, _ = flow.submit({
                    "kind": "pengaduan", "category_id": str(category.id), "title": shown[-1],
                    "description": words(rng, 1000), "kecamatan_id": str(village.parent_id),
                    "kelurahan_id": str(village.id), "privacy": "publik",
                    "name": words(rng, Report.reporter_name)}, None, [], None)
                db.session.add(ReportPhoto(report_id=report.id, path=f"tangerang/aspirasi/long-{n}.jpg",
                                           thumb_path=f"tangerang/aspirasi/long-{n}-t.jpg", width=1280, height=960))
            db.session.commit()

            cover = next(a.cover for a in db.session.execute(select(Article)).scalars() if a.cover)
            news_category = max(db.session.execute(select(NewsCategory)).scalars(), key=lambda c: len(c.name))
            now = utcnow()
            for n in range(11):
                body = words(rng, 600)
                shown.append(words(rng, Article.title, "Jalan "))
                db.session.add(Article(
                    slug=f"berita-panjang-{n}", title=shown[-1], summary=words(rng, Article.summary), body=body,
                    body_html=markup.to_html(body), status=Status.PUBLISHED, category=news_category,
                    publish_at=now - timedelta(minutes=n + 1), cover=cover, cover_alt=words(rng, Article.cover_alt)))

            places = ["36.71.01", "36.71.05"]
            for n in range(11):
                owner = User(name=words(rng, User.name), email=f"hrd.panjang{n}@example.id")
                owner.set_password("rahasia-panjang")
                shown += [words(rng, Employer.name), words(rng, Vacancy.title, "Jalan ")]
                employer = Employer(owner=owner, name=shown[-2], nib=f"91200000{n:05d}", sector="C",
                                    address=words(rng, Employer.address), kecamatan_code=places[n % 2],
                                    contact_name=words(rng, Employer.contact_name),
                                    contact_phone="+622155001199", status=EmployerStatus.VERIFIED, verified_at=now)
                db.session.add(Vacancy(
                    employer=employer, title=shown[-1], sector="C", description=words(rng, 2000),
                    requirements=words(rng, 500), min_education="SMA", kecamatan_code=places[n % 2],
                    employment_type="FULL_TIME", pay_min=4_900_000, pay_max=5_900_000, openings=20,
                    closes_on=region_today() + timedelta(days=3), disability_friendly=True,
                    status=VacancyStatus.PUBLISHED, published_at=now - timedelta(minutes=n + 1)))

            for n in range(31):
                shown.append(words(rng, Seeker.full_name))
                seeker = Seeker(nik=f"36710155030{n:05d}", full_name=shown[-1],
                                birth_place=words(rng, Seeker.birth_place),
                                birth_date=region_today() - timedelta(days=365 * 25 + n), gender="P",
                                marital_status="single", address=words(rng, Seeker.address),
                                kecamatan_code=places[n % 2],
                                phone="+6281234567890", email=f"panjang{n}@example.id", skills=words(rng, 300),
                                photo="tangerang/pencaker/x.jpg")
                seeker.cards.append(Card(verify_token=f"token-panjang-{n:05d}", submitted_at=now))
                db.session.add(seeker)
            db.session.commit()
    return shown


@pytest.mark.parametrize("name", [n for n, s in SWAPS.items() if s.crowded])
def test_swap_of_a_full_page_of_the_longest_items_is_at_most_14_kb(client, demo, crowded, name):
    swap, url, answer = ask(client, demo, name)
    body = answer.data
    listed = sum(text.encode() in body for text in crowded)
    assert listed >= swap.crowded, f"{name}: the page is full of the longest items ({listed} shown)"
    size = measure(name, "longest", url, body, swap)
    assert size <= ALWAYS, f"{name}: {size} B gzip ({len(body)} B raw) at {url}, over {ALWAYS} B"
