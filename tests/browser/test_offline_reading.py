"""Reading offline in Chromium: a stored page says it is offline and when it was stored; old pages are not shown as
if current; the page cache keeps at most 50 pages; the page of a report someone just filed opens offline."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import in_live_region
from tests.browser.test_offline import controlled, eventually, go_offline

pytestmark = pytest.mark.browser

# The page cache's entries, as paths with their query, from the page's side of the same origin.
STORED = """async () => { const name = (await caches.keys()).find(n => n.startsWith('p-'));
  const keys = name ? await (await caches.open(name)).keys() : [];
  return keys.map(r => { const u = new URL(r.url); return u.pathname + u.search; }); }"""
# Fetch `urls` one after the other as htmx-boosted navigations do (whole pages, stored by the worker).
OPEN_BOOSTED = """async urls => { for (const url of urls) {
  const r = await fetch(url, {headers: {'HX-Request': 'true', 'HX-Boosted': 'true'}});
  if (r.status != 200 || !(await r.text()).startsWith('<!doctype html>')) throw new Error(url + ' ' + r.status); } }"""
# Change when the worker says it stored `url`, as if that happened `days` ago.
BACKDATE = """async ([url, days]) => { const name = (await caches.keys()).find(n => n.startsWith('p-'));
  const cache = await caches.open(name), key = new URL(url, location.href).href, old = await cache.match(key);
  const headers = new Headers(old.headers); headers.set('x-stored-at', String(Date.now() - days * 864e5));
  await cache.put(key, new Response(await old.text(), {headers})); }"""


def stored(page) -> list[str]:
    return page.evaluate(STORED)


def wait_until_stored(page, url: str) -> None:
    assert eventually(page, f"({STORED})().then(k => k.includes({url!r}))"), f"{url} was stored"


def test_visited_page_offline_says_it_is_offline_and_when_it_was_stored(page):
    controlled(page)
    page.goto("/kontak/?dari=beranda")  # opened once, online
    wait_until_stored(page, "/kontak/?dari=beranda")
    go_offline(page)
    response = page.goto("/kontak/?dari=beranda")
    assert response.from_service_worker
    expect(page.locator("a[href='tel:113']")).to_be_visible()  # the page itself

    note = page.locator(".offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("You are offline.")
    expect(note).to_contain_text("This page is shown as it was on")
    when = note.locator("time")
    stamp = datetime.fromisoformat(when.get_attribute("datetime").replace("Z", "+00:00"))
    now = datetime.now(timezone.utc)
    assert now - timedelta(minutes=10) < stamp <= now + timedelta(seconds=5)
    # Written the way the page's language writes a date and time (the page is in English here).
    assert page.locator("html").get_attribute("lang") == "en"
    shown = page.evaluate("""iso => new Date(iso).toLocaleString('en', {dateStyle: 'medium', timeStyle: 'short'})""",
                          when.get_attribute("datetime"))
    expect(when).to_have_text(shown)
    assert str(stamp.year) in shown


def test_note_stays_on_a_stored_page_when_the_connection_returns(page):
    controlled(page)
    page.goto("/kontak/?dari=menu")
    wait_until_stored(page, "/kontak/?dari=menu")
    go_offline(page)
    page.goto("/kontak/?dari=menu")
    expect(page.locator(".offline-note time")).to_be_visible()
    # What is on screen is still the stored copy (also when a dead mobile network says it is connected).
    page.context.set_offline(False)
    page.evaluate("new Promise(done => navigator.onLine ? done() : addEventListener('online', done))")
    expect(page.locator(".offline-note time")).to_be_visible()


def test_live_page_losing_its_connection_shows_the_note_without_a_time(page):
    controlled(page)
    page.context.set_offline(True)
    expect(page.locator("[data-offline-note]")).to_be_visible()
    expect(page.locator("[data-as-of]")).to_be_hidden()  # the page on screen is current


def test_page_stored_eight_days_ago_is_not_shown_offline(page):
    controlled(page)
    page.goto("/kontak/?dari=lama")
    wait_until_stored(page, "/kontak/?dari=lama")
    page.evaluate(BACKDATE, ["/kontak/?dari=lama", 8])
    go_offline(page)
    page.goto("/kontak/?dari=lama")
    expect(page.locator("h1")).to_contain_text("You are offline")  # the offline page instead
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator("[data-as-of]")).to_be_hidden()  # not "as of": it is not the page asked for


def test_page_stored_six_days_ago_is_still_shown(page):
    controlled(page)
    page.goto("/kontak/?dari=minggu")
    wait_until_stored(page, "/kontak/?dari=minggu")
    page.evaluate(BACKDATE, ["/kontak/?dari=minggu", 6])
    go_offline(page)
    page.goto("/kontak/?dari=minggu")
    expect(page.locator("a[href='tel:113']")).to_be_visible()
    stamp = datetime.fromisoformat(page.locator(".offline-note time").get_attribute("datetime").replace("Z", "+00:00"))
    assert timedelta(days=5) < datetime.now(timezone.utc) - stamp < timedelta(days=7)


def test_page_cache_keeps_at_most_fifty_pages_dropping_the_oldest(page):
    controlled(page)
    urls = [f"/kontak/?n={i}" for i in range(55)]
    page.evaluate(OPEN_BOOSTED, urls)
    assert eventually(page, f"({STORED})().then(k => k.length <= 50 && !k.includes('/kontak/?n=0'))", 15)
    kept = stored(page)
    assert len(kept) == 50
    numbers = sorted(int(u.split("=")[1]) for u in kept if "?n=" in u)
    assert numbers == list(range(5, 55))  # the five first stored went, and the pages stored at install before them
    go_offline(page)
    page.goto("/kontak/?n=0")
    expect(page.locator("h1")).to_contain_text("You are offline")
    page.goto("/kontak/?n=54")
    expect(page.locator("a[href='tel:113']")).to_be_visible()


def test_fragment_is_not_stored_and_the_whole_page_of_the_same_url_is(page):
    controlled(page)
    url = "/kontak/?bagian=daftar"
    page.evaluate("url => fetch(url, {headers: {'HX-Request': 'true'}}).then(r => r.text())", url)
    page.evaluate(OPEN_BOOSTED, ["/kontak/?dari=fragmen"])  # a whole page stored after it: the worker has run
    wait_until_stored(page, "/kontak/?dari=fragmen")
    assert url not in stored(page)
    page.evaluate(OPEN_BOOSTED, [url])  # the same URL as a boosted navigation: a whole page
    wait_until_stored(page, url)
    go_offline(page)
    page.goto(url)
    expect(page.locator("nav")).to_be_visible()
    expect(page.locator("a[href='tel:113']")).to_be_visible()


@pytest.fixture
def aspirasi_on(live_app):
    """Aspirasi switched on with the region's areas and categories; the region's modules restored afterwards."""
    from webapp.core import wilayah
    from webapp.core.models import Area
    from webapp.extensions import db
    from webapp.modules.aspirasi import demo

    def setup(region):
        before = list(region.modules)
        if "aspirasi" not in region.modules:
            region.modules = [*region.modules, "aspirasi"]
        wilayah.import_areas(region)
        category = demo.ensure_categories()["jalan-rusak"]
        db.session.commit()
        village = db.session.execute(select(Area).where(Area.level == "kelurahan").order_by(Area.code)).scalars().first()
        return before, {"category": category.id, "kecamatan": village.parent_id, "kelurahan": village.id}

    before, choices = in_live_region(live_app, setup)
    yield choices

    def restore(region):
        region.modules = before
        db.session.commit()

    in_live_region(live_app, restore)


def test_report_filed_online_opens_offline_without_being_opened_again(page, aspirasi_on):
    controlled(page)
    title = "Lampu jalan mati di Jl. Daan Mogot"
    page.goto("/aspirasi/baru")
    page.check("input[name=kind][value=pengaduan]")
    page.select_option("select[name=category_id]", str(aspirasi_on["category"]))
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", "Sudah seminggu lampu jalan mati, jalan gelap sekali saat malam hari.")
    page.select_option("select[name=kecamatan_id]", str(aspirasi_on["kecamatan"]))
    page.select_option("select[name=kelurahan_id]", str(aspirasi_on["kelurahan"]))
    page.locator("#report-form button[type=submit]:not([name]):not([formaction])").click()
    page.wait_for_url(re.compile(r"/aspirasi/\d+/terkirim$"))
    code = page.locator("p.code span[aria-hidden=true]").inner_text().strip()
    report_page = re.search(r"/aspirasi/\d+", page.url).group(0)
    wait_until_stored(page, report_page)  # fetched by the worker: this test never opens it

    go_offline(page)
    response = page.goto(report_page)
    assert response.from_service_worker
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(code)  # the reporter's own view, with the tracking code
    expect(page.locator(".offline-note time")).to_be_visible()
    page.goto(report_page + "/terkirim")
    expect(page.locator("p.code")).to_contain_text(code)


CITIZEN = {"email": "warga.offline@example.id", "password": "baca-offline-42"}


@pytest.fixture
def citizen(live_app):
    """A citizen's account in the live region (no staff role)."""
    from webapp.core.models import User
    from webapp.extensions import db

    def setup(region):
        user = db.session.execute(select(User).where(User.email == CITIZEN["email"])).scalar_one_or_none()
        if user is None:
            user = User(name="Warga Offline", email=CITIZEN["email"], region_id=region.id)
            db.session.add(user)
        user.set_password(CITIZEN["password"])
        db.session.commit()

    in_live_region(live_app, setup)
    return CITIZEN


def test_signed_in_pages_are_never_stored(page, citizen):
    controlled(page)
    page.goto("/masuk")
    page.fill("#login", citizen["email"])
    page.fill("#password", citizen["password"])
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/masuk" not in url)
    page.goto("/akun")
    expect(page.locator("main")).to_contain_text("Warga Offline")
    page.goto("/kontak/?dari=akun")  # a public page, but seen signed in: private as well
    expect(page.locator("a[href='tel:113']")).to_be_visible()
    go_offline(page)
    for url in ("/akun", "/kontak/?dari=akun"):
        page.goto(url)
        expect(page.locator("h1")).to_contain_text("You are offline")
    assert not {"/akun", "/kontak/?dari=akun"} & set(stored(page))
