"""A repeat visit with the service worker costs at most 5 KB over the network, counted on the server.

The live app's WSGI callable is wrapped, for this module only, in a counter of what the server really sends:
the status line, the headers and every body byte after Flask-Compress (br or gzip, as Chromium asks). A phone
opens the home page for the first time (the service worker installs, stores the shell and warms the pages it
keeps for offline use), and later opens it again in a new tab: only the fresh HTML and the browser's check
for a new service worker (two 304s) cross the network; stylesheet, scripts, sprite and icons come from the
service worker's cache on the phone.

The module fixture switches on every module for the live server's region with a little of each (today's
prices at a market, three news articles, two reports, a vacancy), so the home page carries its usual cards;
afterwards it removes them and restores the region's modules. Run with `-s` to see every request counted.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.browser.conftest import in_live_region
from tests.browser.test_no_javascript import ensure_user, file_report, open_every_module

pytestmark = pytest.mark.browser

KB = 1024
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "extra_http_headers": {"Accept-Language": "id-ID,id;q=0.9"}}  # the longer catalogue
MARKET = "pasar-kunjungan-ulang"
SLUG = "kunjungan-ulang-{}"
NIB = "9120000000088"


class ByteCounter:
    """WSGI middleware: for each request, the bytes of the status line, headers and body the server sends."""

    def __init__(self, app):
        self.app, self.lock, self.log, self.open = app, threading.Lock(), [], 0

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        entry = {"path": path, "status": "", "head": 0, "body": 0, "encoding": ""}

        def start(status, headers, exc_info=None):
            entry["status"] = status.split()[0]
            entry["head"] = len(f"HTTP/1.1 {status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in headers) + 2
            entry["encoding"] = next((v for k, v in headers if k.lower() == "content-encoding"), "")
            return start_response(status, headers, exc_info)

        with self.lock:
            self.open += 1
            self.log.append(entry)
        body = self.app(environ, start)
        try:
            for chunk in body:
                entry["body"] += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            with self.lock:
                self.open -= 1

    def take(self) -> list[dict]:
        with self.lock:
            taken, self.log = self.log, []
        return taken

    def wait_for(self, path: str, longest: float = 10.0) -> bool:
        """Wait until `path` has been asked for (the browser checks its service worker a moment after a visit)."""
        deadline = time.monotonic() + longest
        while time.monotonic() < deadline:
            with self.lock:
                if any(e["path"] == path for e in self.log):
                    return True
            time.sleep(0.05)
        return False

    def wait_until_quiet(self, quiet: float = 1.5, longest: float = 20.0) -> None:
        """Wait until nothing is being served and nothing new has come for `quiet` seconds."""
        deadline, seen, since = time.monotonic() + longest, -1, time.monotonic()
        while time.monotonic() < deadline:
            with self.lock:
                now = (len(self.log), self.open)
            if now != seen or now[1]:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.05)


def total(entries: list[dict]) -> int:
    return sum(e["head"] + e["body"] for e in entries)


def table(title: str, entries: list[dict]) -> str:
    lines = [f"\n{title}: {total(entries)} bytes over {len(entries)} responses "
             f"({sum(e['body'] for e in entries)} body + {sum(e['head'] for e in entries)} status and headers)"]
    lines += [f"  {e['status']} {e['head'] + e['body']:>6} B ({e['encoding'] or 'identity'}) {e['path']}"
              for e in entries]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def full_home(live_app):
    """Every module on, with a little of each, so the home page shows its usual cards."""
    from webapp.core.clock import region_today
    from webapp.core.models import utcnow
    from webapp.extensions import db
    from webapp.modules.berita import markup
    from webapp.modules.berita.models import Article, Status
    from webapp.modules.harga.models import Market
    from webapp.modules.harga.prices import ensure_national_commodities, save_day, tracked_commodities
    from webapp.modules.harga.national import COMMODITIES
    from webapp.modules.pencaker.models import Employer, EmployerStatus, Vacancy, VacancyStatus

    before = {}

    def setup(region):
        before["modules"], categories, village = open_every_module(region)
        for title in ("Lampu jalan mati di depan pasar", "Saluran air tersumbat sampah di Gang Mawar"):
            file_report(categories, village, title, "publik")

        ensure_national_commodities()
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one_or_none()
        if market is None:
            market = Market(slug=MARKET, name="Pasar Kunjungan Ulang", position=0)
            db.session.add(market)
            db.session.flush()
        save_day(market, region_today(), {c.id: COMMODITIES[c.national_code].typical for c in tracked_commodities()
                                          if c.national_code in COMMODITIES}, user=None, source="test")

        now = datetime.now(timezone.utc)
        body = "Pemerintah kota memperbaiki jalan dan saluran di tiga kecamatan pekan ini."
        for n, title in enumerate(("Perbaikan jalan di Cipondoh selesai lebih cepat",
                                   "Imunisasi gratis untuk balita di puskesmas", "Pasar murah jelang akhir tahun")):
            db.session.add(Article(slug=SLUG.format(n), title=title, summary=body, body=body,
                                   body_html=markup.to_html(body), status=Status.PUBLISHED,
                                   publish_at=now - timedelta(minutes=n + 1)))

        owner = ensure_user("hrd.ulang@example.id", "HRD Toko")
        db.session.flush()
        employer = Employer(owner_id=owner.id, name="PT Toko Kunjungan Ulang", nib=NIB, sector="G",
                            address="Jl. Merdeka 8", kecamatan_code="36.71.01", contact_name="Ibu Sari",
                            contact_phone="+622155001188", status=EmployerStatus.VERIFIED, verified_at=utcnow())
        db.session.add(Vacancy(employer=employer, title="Pramuniaga toko", sector="G", description="Melayani pembeli.",
                               requirements="Jujur.", min_education="SMA", kecamatan_code="36.71.01",
                               employment_type="FULL_TIME", pay_min=4_900_000, openings=2,
                               closes_on=region_today() + timedelta(days=20), status=VacancyStatus.PUBLISHED,
                               published_at=utcnow()))
        db.session.commit()

    in_live_region(live_app, setup)
    yield

    def teardown(region):
        from webapp.modules.harga.models import Price
        from webapp.modules.harga.prices import rebuild_daily
        from webapp.modules.pencaker.models import Employer, Vacancy

        employers = select(Employer.id).where(Employer.nib == NIB)
        db.session.execute(delete(Vacancy).where(Vacancy.employer_id.in_(employers)))
        db.session.execute(delete(Employer).where(Employer.nib == NIB))
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one()
        db.session.execute(delete(Price).where(Price.market_id == market.id))
        rebuild_daily()
        db.session.execute(delete(Article).where(Article.slug.like(SLUG.format("%"))))
        region.modules = before["modules"]
        db.session.commit()

    in_live_region(live_app, teardown)


@pytest.fixture
def counter(live_app, full_home):
    """The live app's WSGI callable wrapped in a ByteCounter for one test, then put back."""
    original = live_app.wsgi_app
    live_app.wsgi_app = ByteCounter(original)
    yield live_app.wsgi_app
    live_app.wsgi_app = original


def test_repeat_visit_with_the_service_worker_is_at_most_5_kb(new_context, counter):
    context = new_context(**PHONE)
    first = context.new_page()
    first.goto("/")
    expect(first.locator("main section.card").first).to_be_visible()
    first.evaluate("navigator.serviceWorker.ready.then(() => true)")
    counter.wait_until_quiet()  # the service worker has stored the shell and warmed its pages
    first_visit = counter.take()
    first.close()

    again = context.new_page()  # later, the person opens the site again
    answered = []
    again.on("response", lambda r: answered.append((r.url, r.from_service_worker)))
    again.goto("/")
    expect(again.locator("main section.card").first).to_be_visible()
    assert again.evaluate("!!navigator.serviceWorker.controller"), "the service worker answers this visit"
    counter.wait_for("/sw.js")  # counted too: Chromium asks whether the service worker changed
    counter.wait_until_quiet()
    repeat = counter.take()

    print(table("first visit (page, its files, service worker install and warm-up)", first_visit))
    print(table("repeat visit", repeat))
    paths = [e["path"].split("?")[0] for e in repeat]
    assert paths.count("/") == 1, "the page itself is fetched fresh, once"
    assert not [p for p in paths if p.startswith("/static/")], f"static files came from the network: {paths}"
    shell = [(url, sw) for url, sw in answered if "/static/" in url]
    assert shell and all(sw for _url, sw in shell), f"the stylesheet and scripts come from the service worker: {shell}"
    html = next(e for e in repeat if e["path"] == "/")
    assert html["encoding"] in ("br", "gzip"), "the HTML is compressed on the way"
    assert total(repeat) <= 5 * KB, table(f"repeat visit over {5 * KB} bytes", repeat)
