"""The whole site with JavaScript switched off (proxy browsers, locked-down phones), on a 360×640 phone in
English: filing a complaint with a photo and landing on its tracking code, tracking a report by its code,
making an account and a job-seeker profile with education and photo and applying for the AK/1 card, applying
to a vacancy with one tap, a price officer entering a market's prices, and reading the news page by page.

Every form is sent as a plain page navigation (the request's resource type is "document", never fetch/XHR),
and each test checks what the person sees and what the database holds afterwards: one row, never two.

The module fixture switches on Aspirasi, Pencaker, Harga and Berita for the live server's only region and
adds what the flows need (real kecamatan and kelurahan, the demo categories, a verified company with a
vacancy, a job seeker with a complete profile, a market and a price officer, 12 articles). Afterwards it
removes its Pencaker rows, prices and articles and puts the region's modules back as they were.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from tests.browser.conftest import account_link, in_live_region
from tests.browser.test_aspirasi import DESCRIPTION, fill_report_form, send_button, tracking_code_shown

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "java_script_enabled": False, "extra_http_headers": {"Accept-Language": "en"}}  # locale en-US: conftest
PASSWORD = "tanpa-javascript-1"
OFFICER_EMAIL = "harga.tanpa.js@example.id"
SEEKER_EMAIL = "pencari.tanpa.js@example.id"
SEEKER_NIK = "3671011708990009"  # kecamatan Tangerang, born 17 August 1999 (a man), serial 0009
NEW_NIK = "3671015503000008"  # kecamatan Tangerang, born 15 March 2000 (a woman), serial 0008
MARKET = "pasar-tanpa-js"
ARTICLE_SLUG = "tanpa-js-{:02d}"
ARTICLES = 12
VACANCY_TITLE = "Kasir Minimarket Tanpa JS"
TRACKED_TITLE = "Lampu penerangan jalan mati di Jl. Sudirman"


@dataclass(frozen=True)
class Setup:
    """Plain values (not ORM rows: they outlive the app context)."""

    roads: int  # category "Jalan rusak"
    kecamatan: int
    kelurahan: int
    tracked_code: str  # a report filed in the set-up, to track
    vacancy: int
    day: date  # today in the region
    price_fields: tuple[str, ...]  # the first three price inputs of the entry form


def title_of(n: int) -> str:
    return f"Berita tanpa JavaScript nomor {n:02d}"


def open_every_module(region):
    """Switch every module on for `region`, with its real kecamatan and kelurahan and the demo report categories;
    returns the modules it had before, the categories and a kelurahan."""
    from webapp.core import wilayah
    from webapp.core.models import Area
    from webapp.extensions import db
    from webapp.modules.aspirasi import demo

    before = list(region.modules)
    region.modules = [*before, *(m for m in ("aspirasi", "pencaker", "harga", "berita") if m not in before)]
    wilayah.import_areas(region)
    categories = demo.ensure_categories()
    db.session.commit()
    village = db.session.execute(select(Area).where(Area.level == "kelurahan").order_by(Area.code)).scalars().first()
    return before, categories, village


def file_report(categories, village, title: str, privacy: str):
    """A road report in `village`, filed as the form files it."""
    from webapp.modules.aspirasi import flow

    report, _ = flow.submit({"kind": "pengaduan", "category_id": str(categories["jalan-rusak"].id), "title": title,
                             "description": DESCRIPTION, "kecamatan_id": str(village.parent_id),
                             "kelurahan_id": str(village.id), "privacy": privacy}, None, [], None)
    return report


def ensure_user(email: str, name: str):
    """The account with `email` (made if missing), its password set to PASSWORD."""
    from webapp.core.models import User
    from webapp.extensions import db

    found = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if found is None:
        found = User(name=name, email=email)
        db.session.add(found)
    found.set_password(PASSWORD)
    return found


@pytest.fixture(scope="module")
def city(live_app):
    from webapp.core.clock import region_today
    from webapp.core.models import Role, RoleGrant, utcnow
    from webapp.extensions import db
    from webapp.modules.berita import markup
    from webapp.modules.berita.models import Article, Status
    from webapp.modules.harga.models import Market, Price
    from webapp.modules.harga.prices import ensure_national_commodities, tracked_commodities
    from webapp.modules.pencaker.models import (Employer, EmployerStatus, Seeker, SeekerEducation, Vacancy,
                                                VacancyStatus)

    before = {}

    def setup(region):
        before["modules"], categories, village = open_every_module(region)
        report = file_report(categories, village, TRACKED_TITLE, "anonim")

        owner = ensure_user("hrd.tanpa.js@example.id", "HRD Minimarket")
        db.session.flush()
        employer = Employer(owner_id=owner.id, name="PT Minimarket Tanpa Skrip", nib="9120000000077", sector="G",
                            address="Jl. Merdeka 7", kecamatan_code="36.71.01", contact_name="Ibu Sari",
                            contact_phone="+622155001177", status=EmployerStatus.VERIFIED, verified_at=utcnow())
        vacancy = Vacancy(employer=employer, title=VACANCY_TITLE, sector="G", description="Melayani pembeli.",
                          requirements="Jujur dan teliti.", min_education="SMA", kecamatan_code="36.71.01",
                          employment_type="FULL_TIME", pay_min=4_900_000, openings=2,
                          closes_on=region_today() + timedelta(days=20), status=VacancyStatus.PUBLISHED,
                          published_at=utcnow())
        db.session.add_all([employer, vacancy])
        seeker_user = ensure_user(SEEKER_EMAIL, "Agus Pratama")
        db.session.flush()
        seeker = Seeker(user_id=seeker_user.id, nik=SEEKER_NIK, full_name="Agus Pratama", birth_place="Tangerang",
                        birth_date=date(1999, 8, 17), gender="L", marital_status="single",
                        address="Jl. Kisamaun 12", kecamatan_code="36.71.01", phone="+6281200990009",
                        skills="Kasir, Excel", photo="tangerang/pencaker/x.jpg")
        seeker.educations.append(SeekerEducation(level="SMA", school="SMAN 1 Tangerang", major="IPS", year=2017))
        db.session.add(seeker)

        ensure_national_commodities()
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one_or_none()
        if market is None:
            market = Market(slug=MARKET, name="Pasar Tanpa Skrip", position=0)
            db.session.add(market)
        officer = ensure_user(OFFICER_EMAIL, "Petugas Harga Tanpa JS")
        if not any(g.role == Role.PRICE_OFFICER for g in officer.roles):
            officer.roles.append(RoleGrant(role=Role.PRICE_OFFICER, region_id=region.id))
        db.session.flush()
        day = region_today()
        db.session.execute(delete(Price).where(Price.market_id == market.id, Price.day == day))

        db.session.execute(delete(Article).where(Article.slug.like("tanpa-js-%")))
        now = datetime.now(timezone.utc)
        body = "Warga bergotong royong membersihkan saluran dan menanam pohon di taman kota."
        for n in range(ARTICLES):  # the newest news of the site, a minute apart
            db.session.add(Article(slug=ARTICLE_SLUG.format(n), title=title_of(n), summary="Pekerjaan selesai.",
                                   body=body, body_html=markup.to_html(body), status=Status.PUBLISHED,
                                   publish_at=now - timedelta(minutes=n + 1)))
        db.session.commit()
        return Setup(roads=categories["jalan-rusak"].id, kecamatan=village.parent_id, kelurahan=village.id,
                     tracked_code=report.code, vacancy=vacancy.id, day=day,
                     price_fields=tuple(f"p-{c.id}" for c in tracked_commodities()[:3]))

    yield in_live_region(live_app, setup)

    def teardown(region):
        from webapp.modules.harga.prices import rebuild_daily
        from webapp.modules.pencaker import models as m

        # Foreign keys cascade: educations, cards and their events, applications and theirs go with them.
        db.session.execute(delete(m.Seeker).where(m.Seeker.nik.in_([SEEKER_NIK, NEW_NIK])))
        employers = select(m.Employer.id).where(m.Employer.nib == "9120000000077")
        db.session.execute(delete(m.Vacancy).where(m.Vacancy.employer_id.in_(employers)))
        db.session.execute(delete(m.Employer).where(m.Employer.nib == "9120000000077"))
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one()
        db.session.execute(delete(Price).where(Price.market_id == market.id))
        rebuild_daily()
        db.session.execute(delete(Article).where(Article.slug.like("tanpa-js-%")))
        region.modules = before["modules"]
        db.session.commit()

    in_live_region(live_app, teardown)


@pytest.fixture
def phone(new_context, city):
    return new_context(**PHONE).new_page()


@pytest.fixture
def photo(tmp_path):
    """A 1600×1200 JPEG, as a phone camera makes it."""
    image = Image.new("RGB", (1600, 1200))
    draw = ImageDraw.Draw(image)
    for y in range(0, 1200, 8):
        draw.rectangle((0, y, 1600, y + 8), fill=(90 + y // 12, 140 + y // 24, 220 - y // 6))
    draw.ellipse((600, 700, 1000, 1000), fill=(60, 50, 40))
    path = tmp_path / "IMG_20261130_071500.jpg"
    image.save(path, "JPEG", quality=88)
    return path


def submit(page, button) -> None:
    """Tap `button` and wait for the page that answers: a plain form post, not a script's request."""
    with page.expect_request(lambda r: r.method == "POST") as sent:
        button.click()
    assert sent.value.resource_type == "document", f"{sent.value.url} was sent by a script"
    page.wait_for_load_state()


def sign_in(page, email: str) -> None:
    page.fill("#login", email)
    page.fill("#password", PASSWORD)
    submit(page, page.locator("main form").get_by_role("button", name="Sign in"))
    assert "/masuk" not in page.url


def db_value(live_app, read):
    """`read()` inside the live region (a count or a list of plain values)."""
    return in_live_region(live_app, lambda _region: read())


def test_no_script_runs(phone):
    phone.goto("/")
    expect(phone.locator("h1")).to_be_visible()
    assert phone.evaluate("typeof window.htmx") == "undefined"  # the page's scripts never ran


def test_file_a_complaint_with_a_photo(phone, live_app, city, photo):
    from webapp.extensions import db
    from webapp.modules.aspirasi.models import Report

    title = "Got tersumbat di depan SDN 3 tanpa JavaScript"
    fill_report_form(phone, city, title, photo)  # the same form, the same fields as with JavaScript
    submit(phone, send_button(phone))
    code = tracking_code_shown(phone)  # "Your report has been received", and the code to read aloud
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    rows = db_value(live_app, lambda: [(r.code, len(r.photos)) for r in db.session.execute(
        select(Report).where(Report.title == title)).scalars()])
    assert rows == [(code, 1)]  # one report, with its photo, under the code the person was shown


def test_track_a_report_by_its_code(phone, city):
    phone.goto("/aspirasi/lacak")
    phone.fill("input[name=kode]", city.tracked_code.lower().replace("-", " "))  # as read out over the phone
    submit(phone, phone.locator("main form button[type=submit]"))
    assert re.search(r"/aspirasi/\d+$", phone.url)
    expect(phone.locator("h1")).to_have_text(TRACKED_TITLE)
    expect(phone.locator("main")).to_contain_text(city.tracked_code)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_register_make_a_job_seeker_profile_and_apply_for_the_card(phone, live_app, city, photo):
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Card, Seeker, SeekerEducation

    phone.goto("/daftar")
    phone.fill("#name", "Rina Wulandari")
    phone.fill("#email", "rina.tanpa.js@example.id")
    phone.fill("#password", PASSWORD)
    phone.fill("#confirm", PASSWORD)
    submit(phone, phone.locator("main form button[type=submit]"))
    expect(phone.locator("h1")).to_have_text("Check your messages")
    phone.goto(account_link(live_app, "rina.tanpa.js@example.id"))  # the link in the e-mail
    submit(phone, phone.get_by_role("button", name="Open my account"))
    expect(phone.locator(".flash-success")).to_contain_text("Your account is ready")

    phone.goto("/pencaker/profil")
    expect(phone.locator("#full_name")).to_have_value("Rina Wulandari")
    phone.fill("#nik", "3671 0155 0300 0008")
    phone.fill("#birth_place", "Tangerang")
    phone.fill("#birth_date", "2000-03-15")
    phone.check("input[name=gender][value=P]")
    phone.select_option("#marital_status", "single")
    phone.fill("#address", "Jl. Kisamaun Gg. Mawar No. 3")
    phone.select_option("#kecamatan_code", "36.71.01")
    phone.select_option("#kelurahan_code", "36.71.01.1001")
    phone.fill("#phone", "0812-0010-9912")
    phone.fill("#skills", "Melayani pelanggan, Excel")
    submit(phone, phone.get_by_role("button", name="Make my profile"))
    expect(phone.locator(".flash-success")).to_contain_text("Your profile is saved.")

    education = phone.locator("form[action$='/pencaker/profil/education']")
    education.locator("[name=level]").select_option("SMK")
    education.locator("[name=school]").fill("SMK Negeri 1 Kota Tangerang")
    education.locator("[name=major]").fill("Akuntansi")
    education.locator("[name=year]").fill("2018")
    submit(phone, education.get_by_role("button", name="Add education"))
    expect(phone.locator(".flash-success")).to_contain_text("Added to your profile.")
    expect(phone.locator("#education")).to_contain_text("SMK Negeri 1 Kota Tangerang")

    phone.set_input_files("#photo-file", str(photo))
    submit(phone, phone.get_by_role("button", name="Upload the photo"))
    expect(phone.locator(".flash-success")).to_contain_text("Your photo is saved.")
    expect(phone.locator("#photo img.pas")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.goto("/pencaker/kartu")
    submit(phone, phone.get_by_role("button", name="Apply for the AK/1 card"))
    expect(phone.locator(".flash-success")).to_contain_text("Your application is sent to Disnaker")
    expect(phone.locator("main")).to_contain_text("Waiting for Disnaker to check your application")

    def read():
        seekers = list(db.session.execute(select(Seeker).where(Seeker.nik == NEW_NIK)).scalars())
        return [(s.full_name, bool(s.photo), db.session.execute(select(func.count(SeekerEducation.id)).where(
                    SeekerEducation.seeker_id == s.id)).scalar_one(),
                 [c.status for c in db.session.execute(select(Card).where(Card.seeker_id == s.id)).scalars()])
                for s in seekers]

    assert db_value(live_app, read) == [("Rina Wulandari", True, 1, ["submitted"])]


def test_apply_to_a_vacancy_with_one_tap(phone, live_app, city):
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Application, Seeker

    phone.goto(f"/loker/{city.vacancy}")
    expect(phone.locator("h1")).to_have_text(VACANCY_TITLE)
    phone.get_by_role("link", name="Sign in to apply").click()
    sign_in(phone, SEEKER_EMAIL)
    assert phone.url.endswith(f"/loker/{city.vacancy}")  # back at the vacancy after signing in
    submit(phone, phone.get_by_role("button", name="Apply now"))
    assert re.search(r"/pencaker/lamaran/\d+$", phone.url)
    expect(phone.locator("#status-title + p .badge")).to_have_text("Sent")

    phone.goto(f"/loker/{city.vacancy}")  # the vacancy now says so, and offers no second application
    expect(phone.get_by_role("button", name="Apply now")).to_have_count(0)

    applied = db_value(live_app, lambda: [tuple(r) for r in db.session.execute(
        select(Application.vacancy_id, Application.status).join(Seeker).where(Seeker.nik == SEEKER_NIK))])
    assert applied == [(city.vacancy, "sent")]


def test_a_price_officer_enters_prices(phone, live_app, city):
    from webapp.extensions import db
    from webapp.modules.harga.models import Market, Price

    phone.goto("/masuk")
    sign_in(phone, OFFICER_EMAIL)
    phone.goto("/staf/harga/")
    phone.get_by_role("link", name="Enter prices Pasar Tanpa Skrip").click()
    phone.wait_for_url(f"**/staf/harga/{MARKET}/{city.day.isoformat()}")
    expect(phone.locator("h1")).to_have_text("Prices at Pasar Tanpa Skrip")
    first, second, third = city.price_fields
    phone.fill(f"#{first}", "15400")
    phone.fill(f"#{second}", "13.500")
    phone.fill(f"#{third}", "12500")
    submit(phone, phone.get_by_role("button", name="Save the prices"))
    expect(phone.locator(".flash-success")).to_contain_text("3 prices saved.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    saved = db_value(live_app, lambda: list(db.session.execute(
        select(Price.price).join(Market, Market.id == Price.market_id)
        .where(Market.slug == MARKET, Price.day == city.day).order_by(Price.price)).scalars()))
    assert saved == [12500, 13500, 15400]


def test_read_the_news_page_by_page(phone, city):
    phone.goto("/berita/")
    items = phone.locator("#news-list li.news-item")
    expect(items).to_have_count(10)
    expect(items.first).to_contain_text(title_of(0))
    phone.get_by_role("link", name="Older news").click()
    phone.wait_for_url("**/berita/?*sebelum=*")
    expect(items.first).to_contain_text(title_of(10))  # the next ten, newest first
    expect(items.filter(has_text=title_of(11))).to_have_count(1)
    expect(items.filter(has_text=title_of(0))).to_have_count(0)
    items.filter(has_text=title_of(11)).get_by_role("link").click()
    phone.wait_for_url(f"**/berita/{ARTICLE_SLUG.format(11)}")
    expect(phone.locator("h1")).to_have_text(title_of(11))
    expect(phone.locator("main")).to_contain_text("Warga bergotong royong")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
