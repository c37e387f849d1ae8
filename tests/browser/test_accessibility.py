"""axe-core in Chromium: no accessibility violations on the main public pages, in Indonesian, on a 360×640 phone
and on a 1280-pixel-wide screen.

axe-core (shipped inside axe-playwright-python) runs its default rule set: WCAG 2.0/2.1/2.2 A and AA (contrast,
names and labels, landmarks, headings, lists, ARIA, language) plus its best practices. No rule is switched off.

The module fixture switches every public module on for the live server's only region and gives each list a row
to show: a public complaint, two weeks of prices at one market, an article with a cover, a verified company with
an open vacancy and a job fair. Afterwards it deletes those rows, recomputes the price aggregates they touched and
restores the region's modules. Reference data that other browser tests also create idempotently (the region's
kecamatan and kelurahan, Aspirasi's categories, the national commodities) stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.browser.conftest import in_live_region

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True},
           "wide": {"viewport": {"width": 1280, "height": 800}}}
MARKET, ARTICLE, FAIR = "pasar-uji-aksesibilitas", "taman-kota-dirapikan-uji-aksesibilitas", "bursa-kerja-uji-a11y"
OWNER_EMAIL = "hrd.aksesibilitas@example.id"
PRICE_DAYS = 14


@dataclass(frozen=True)
class Setup:
    commodity: str  # paths of the pages with an id or a slug
    article: str
    vacancy: str


def cover_picture() -> Image.Image:
    image = Image.new("RGB", (1200, 675), (90, 150, 210))
    ImageDraw.Draw(image).ellipse((450, 350, 750, 600), fill=(60, 90, 40))
    return image


@pytest.fixture(scope="module")
def public_site(live_app):
    """Every public module on, with a row in each list; undone afterwards."""
    from webapp.core import wilayah
    from webapp.core.models import Area, User, utcnow
    from webapp.extensions import db
    from webapp.modules.aspirasi import demo as aspirasi_demo, flow
    from webapp.modules.berita import covers, markup
    from webapp.modules.berita.models import Article, Status
    from webapp.modules.harga.demo import generate_prices, insert_prices, price_rows
    from webapp.modules.harga.models import Market, Price
    from webapp.modules.harga.prices import ensure_national_commodities, refresh_daily, region_today
    from webapp.modules.pencaker.models import (Employer, EmployerStatus, JobFair, JobFairCompany, Vacancy,
                                                VacancyStatus)

    created = {}

    def setup(region):
        created["modules"] = list(region.modules)
        region.modules = [*region.modules, *(m for m in ("aspirasi", "harga", "berita", "pencaker")
                                             if m not in region.modules)]
        wilayah.import_areas(region)
        categories = aspirasi_demo.ensure_categories()
        db.session.flush()
        village = db.session.execute(select(Area).where(Area.level == "kelurahan").order_by(Area.code)).scalars().first()
        report, _ = flow.submit({"kind": "pengaduan", "category_id": str(categories["jalan-rusak"].id),
                                 "title": "Jalan berlubang di depan sekolah dasar",
                                 "description": "Lubang selebar satu meter membuat pengendara motor terjatuh. " * 3,
                                 "kecamatan_id": str(village.parent_id), "kelurahan_id": str(village.id),
                                 "privacy": "anonim"}, None, [], None)
        created["report"] = report.id

        commodities = ensure_national_commodities()
        market = Market(slug=MARKET, name="Pasar Uji Aksesibilitas", position=0)
        db.session.add(market)
        db.session.flush()
        today = region_today()
        rows = list(price_rows(region, generate_prices([(market.id, 0.0)], [(c.id, c.national_code) for c in commodities
                                                                           if c.national_code], today, PRICE_DAYS,
                                                       gaps=False), source="test"))
        insert_prices(rows)
        created["prices"] = {(row["commodity_id"], row["day"]) for row in rows}
        refresh_daily(created["prices"])
        created["market"] = market.id

        # Editors write "##" for a section (as the demo articles do); the list and link are what bodies hold.
        body = ("Warga bergotong royong membersihkan saluran dan menanam pohon di taman kota.\n\n"
                "## Yang sudah dikerjakan\n\n- Saluran dibersihkan\n- Pohon ditanam\n\n"
                "Jadwal berikutnya ada di [kantor kelurahan](https://example.id/jadwal).")
        article = Article(slug=ARTICLE, title="Taman kota selesai dirapikan", summary="Pekerjaan selesai pekan ini.",
                          body=body, body_html=markup.to_html(body), status=Status.PUBLISHED,
                          publish_at=datetime.now(timezone.utc) - timedelta(hours=1), tags=["taman"],
                          cover=covers.variants_from_image(cover_picture()), cover_alt="Taman kota yang baru dirapikan")
        db.session.add(article)

        owner = User(name="HRD Uji", email=OWNER_EMAIL)
        owner.set_password("pemberi-kerja-uji-1")
        db.session.add(owner)
        db.session.flush()
        employer = Employer(owner_id=owner.id, name="PT Uji Aksesibilitas", nib="9120000000099", sector="C",
                            address="Jl. Industri Raya 9", kecamatan_code=village.code[:8], contact_name="Ibu Sari",
                            contact_phone="+622155001198", status=EmployerStatus.VERIFIED, verified_at=utcnow())
        vacancy = Vacancy(employer=employer, title="Operator Gudang", sector="C", description="Bekerja delapan jam.",
                          requirements="Sehat dan teliti.", min_education="SMA", kecamatan_code=village.code[:8],
                          employment_type="FULL_TIME", pay_min=5_100_000, pay_max=5_400_000, openings=2,
                          closes_on=today + timedelta(days=20), status=VacancyStatus.PUBLISHED,
                          published_at=utcnow() - timedelta(hours=2))
        fair = JobFair(slug=FAIR, title="Bursa Kerja Uji", starts_on=today + timedelta(days=7),
                       ends_on=today + timedelta(days=8), hours="08.00–15.00 WIB", place="Gedung Serbaguna",
                       address="Jl. Perintis 1", description="Puluhan perusahaan membuka lowongan.",
                       companies=[JobFairCompany(name="PT Uji Aksesibilitas", booth="A1", openings=2)])
        db.session.add_all([employer, vacancy, fair])
        db.session.commit()
        created.update(owner=owner.id, employer=employer.id, vacancy=vacancy.id, fair=fair.id, article=article.id)
        slug = next(c.slug for c in commodities if c.national_code)
        return Setup(commodity=f"/harga/{slug}", article=f"/berita/{ARTICLE}", vacancy=f"/loker/{vacancy.id}")

    yield in_live_region(live_app, setup)

    def teardown(region):
        from webapp.modules.aspirasi.models import Report

        db.session.execute(delete(JobFairCompany).where(JobFairCompany.fair_id == created["fair"]))
        db.session.execute(delete(JobFair).where(JobFair.id == created["fair"]))
        db.session.execute(delete(Vacancy).where(Vacancy.id == created["vacancy"]))
        db.session.execute(delete(Employer).where(Employer.id == created["employer"]))
        db.session.execute(delete(User).where(User.id == created["owner"]))
        article = db.session.get(Article, created["article"])
        covers.delete_cover(article.cover)
        db.session.delete(article)
        db.session.execute(delete(Price).where(Price.market_id == created["market"]))
        refresh_daily(created["prices"])
        db.session.execute(delete(Market).where(Market.id == created["market"]))
        db.session.delete(db.session.get(Report, created["report"]))
        region.modules = created["modules"]
        db.session.commit()

    in_live_region(live_app, teardown)


@pytest.fixture
def indonesian(browser, live_server):
    """A page in a new browser context whose language is Indonesian (the suite's other contexts read English)."""
    contexts = []

    def open_page(**options):
        contexts.append(browser.new_context(base_url=live_server, locale="id-ID", **options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


# The main public pages, plus search, sign-in, the offline page and the open-data page; a bare word names
# a Setup field.
PAGES = ["/", "/aspirasi/", "/aspirasi/baru", "/aspirasi/lacak", "/harga/", "commodity", "/berita/", "article",
         "/loker/", "vacancy", "/loker/bursa-kerja", "/pencaker/", "/kontak/", "/cari?q=pasar", "/masuk", "/daftar",
         "/offline", "/data"]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("page_path", PAGES)
def test_public_page_has_no_accessibility_violations(indonesian, public_site, page_path, screen):
    path = getattr(public_site, page_path, page_path)
    page = indonesian(**SCREENS[screen])
    response = page.goto(path)
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "id")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_a_violation_when_there_is_one(indonesian, public_site):
    """The check itself works: an image without a text alternative on the same page is reported."""
    page = indonesian()
    page.goto("/kontak/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    assert "image-alt" in Axe().run(page).generate_snapshot()
