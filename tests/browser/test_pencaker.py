"""Pencaker in Chromium on a phone: a citizen makes an account, fills the job-seeker profile, adds education and
a photo and applies for the AK/1 card; a Disnaker officer approves it in another browser; the citizen opens
the printable card (number, QR code, no site header or menu on paper) and applies to a vacancy with one tap.
Without JavaScript, the /loker/ filters are a plain GET form. Nothing scrolls sideways at 360 or 320 px.

The module fixture switches Pencaker on for the live server's only region, imports Kota Tangerang's real
kecamatan and kelurahan, and adds a Disnaker officer, a verified company and two open vacancies; afterwards
it removes every Pencaker row and restores the region's modules, so other browser tests find the site as
they expect.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from tests.browser.conftest import account_link, in_live_region

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
OFFICER_EMAIL, OFFICER_PASSWORD = "disnaker.browser@example.id", "petugas-rahasia-1"
CITIZEN = {"name": "Rina Kartika", "email": "rina.browser@example.id", "password": "pencari-kerja-77"}
BIRTH = date(2000, 3, 15)
NIK = "3671015503000007"  # kecamatan Tangerang (36.71.01), 15 March 2000 + 40 (a woman), serial 0007
KECAMATAN, KELURAHAN = "36.71.01", "36.71.01.1001"
FACTORY_JOB, SHOP_JOB = "Operator Produksi Shift Pagi", "Pramuniaga Toko Sembako"


@dataclass(frozen=True)
class Setup:
    factory_job: int  # vacancy ids
    shop_job: int


@pytest.fixture(scope="module")
def pencaker(live_app):
    """Pencaker on, the real areas, a Disnaker officer, a verified company with two open vacancies; undone after."""
    from webapp.core import wilayah
    from webapp.core.clock import region_today
    from webapp.core.models import Role, RoleGrant, User, utcnow
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Employer, EmployerStatus, Vacancy, VacancyStatus

    def setup(region):
        modules = list(region.modules)
        if "pencaker" not in region.modules:
            region.modules = [*region.modules, "pencaker"]
        wilayah.import_areas(region)
        officer = User(name="Petugas Disnaker", email=OFFICER_EMAIL)
        officer.set_password(OFFICER_PASSWORD)
        officer.roles.append(RoleGrant(role=Role.MANPOWER_OFFICER, region_id=region.id))
        owner = User(name="HRD Pabrik", email="hrd.browser@example.id")
        owner.set_password(OFFICER_PASSWORD)
        db.session.add_all([officer, owner])
        db.session.flush()
        employer = Employer(owner_id=owner.id, name="PT Uji Karya Logam", nib="9120000000001", sector="C",
                            address="Jl. Industri Raya 5", kecamatan_code="36.71.02", contact_name="Ibu Rina",
                            contact_phone="+622155001199", status=EmployerStatus.VERIFIED, verified_at=utcnow())
        db.session.add(employer)
        vacancies = {}
        for title, sector, hours in ((FACTORY_JOB, "C", 3), (SHOP_JOB, "G", 2)):
            vacancies[title] = Vacancy(
                employer=employer, title=title, sector=sector, description="Bekerja delapan jam sehari.",
                requirements="Sehat dan teliti.", min_education="SMA", kecamatan_code="36.71.02",
                employment_type="FULL_TIME", pay_min=5_100_000, pay_max=5_400_000, openings=3,
                closes_on=region_today() + timedelta(days=20), status=VacancyStatus.PUBLISHED,
                published_at=utcnow() - timedelta(hours=hours))
            db.session.add(vacancies[title])
        db.session.commit()
        return modules, Setup(factory_job=vacancies[FACTORY_JOB].id, shop_job=vacancies[SHOP_JOB].id)

    before, values = in_live_region(live_app, setup)
    yield values

    def teardown(region):
        from webapp.modules.pencaker import models as m

        for model in (m.ApplicationEvent, m.Application, m.Placement, m.CardReport, m.CardEvent, m.Card,
                      m.SeekerEducation, m.SeekerTraining, m.SeekerExperience, m.Seeker, m.VacancyReport,
                      m.JobFairCompany, m.JobFair, m.Vacancy, m.Employer):
            db.session.execute(delete(model))
        region.modules = before
        db.session.commit()

    in_live_region(live_app, teardown)


def the_card(live_app) -> dict | None:
    """The citizen's newest card (id, status, number) straight from the database."""
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Card, Seeker

    def read(_region):
        card = db.session.execute(select(Card).join(Seeker).where(Seeker.nik == NIK)
                                  .order_by(Card.id.desc()).limit(1)).scalar_one_or_none()
        return {"id": card.id, "status": card.status, "number": card.number} if card else None

    return in_live_region(live_app, read)


def applications_of_citizen(live_app) -> list[tuple[int, str]]:
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Application, Seeker

    def read(_region):
        return [tuple(r) for r in db.session.execute(
            select(Application.vacancy_id, Application.status).join(Seeker).where(Seeker.nik == NIK))]

    return in_live_region(live_app, read)


def seekers_with_nik(live_app) -> int:
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Seeker

    return in_live_region(live_app, lambda _r: db.session.execute(
        select(func.count(Seeker.id)).where(Seeker.nik == NIK)).scalar_one())


@pytest.fixture
def pas_photo(tmp_path):
    """A phone snapshot of a face against a plain wall (landscape: the site cuts it to 3×4)."""
    image = Image.new("RGB", (1200, 900), (200, 40, 40))
    draw = ImageDraw.Draw(image)
    draw.ellipse((480, 180, 720, 480), fill=(230, 190, 160))
    draw.rectangle((400, 520, 800, 900), fill=(30, 60, 120))
    path = tmp_path / "IMG_20261129_093000.jpg"
    image.save(path, "JPEG", quality=85)
    return path


def too_wide(page, width: int) -> list[str]:
    """Elements reaching past `width` CSS pixels, when the page scrolls sideways (empty when it fits)."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate("""width => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 0.5)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
        .slice(0, 8)""", width)


def sign_in(page, login: str, password: str) -> None:
    page.goto("/masuk")
    page.fill("#login", login)
    page.fill("#password", password)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/masuk" not in url)


def register(page, live_app) -> None:
    page.goto("/daftar")
    page.fill("#name", CITIZEN["name"])
    page.fill("#email", CITIZEN["email"])
    page.fill("#password", CITIZEN["password"])
    page.fill("#confirm", CITIZEN["password"])
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Check your messages")
    page.goto(account_link(live_app, CITIZEN["email"]))  # the link in the e-mail
    page.get_by_role("button", name="Open my account").click()
    page.wait_for_url(lambda url: "/daftar" not in url)
    expect(page.locator(".flash-success")).to_contain_text("Your account is ready")


def fill_profile(page) -> None:
    page.goto("/pencaker/profil")
    expect(page.locator("h1")).to_have_text("My job-seeker profile")
    expect(page.locator("#full_name")).to_have_value(CITIZEN["name"])  # taken from the account
    page.fill("#nik", "3671 0155 0300 0007")  # typed with spaces, as it is printed on the KTP
    page.fill("#birth_place", "Tangerang")
    page.fill("#birth_date", BIRTH.isoformat())
    page.check("input[name=gender][value=P]")
    page.select_option("#marital_status", "single")
    page.fill("#address", "Jl. Kisamaun Gg. Mawar No. 3, RT 002/RW 004")
    page.select_option("#kecamatan_code", KECAMATAN)
    page.select_option("#kelurahan_code", KELURAHAN)
    page.fill("#phone", "0812-0010-9911")
    page.fill("#skills", "Excel, melayani pelanggan, mengemudi motor")
    page.fill("#jobs_wanted", "Admin, kasir")
    page.get_by_role("button", name="Make my profile").click()
    expect(page.locator(".flash-success")).to_contain_text("Your profile is saved.")
    assert too_wide(page, 360) == []


def add_education(page) -> None:
    form = page.locator("form[action$='/pencaker/profil/education']")
    form.locator("[name=level]").select_option("SMK")
    form.locator("[name=major]").fill("Akuntansi")
    form.locator("[name=school]").fill("SMK Negeri 1 Kota Tangerang")
    form.locator("[name=year]").fill("2018")
    form.get_by_role("button", name="Add education").click()
    expect(page.locator(".flash-success")).to_contain_text("Added to your profile.")
    expect(page.locator("#education ul.rows")).to_contain_text("SMK Negeri 1 Kota Tangerang")


def upload_photo(page, photo) -> None:
    page.set_input_files("#photo-file", str(photo))
    page.get_by_role("button", name="Upload the photo").click()
    expect(page.locator(".flash-success")).to_contain_text("Your photo is saved.")
    picture = page.locator("#photo img.pas")
    expect(picture).to_be_visible()
    page.wait_for_function("document.querySelector('#photo img.pas').complete")
    assert page.evaluate("document.querySelector('#photo img.pas').naturalWidth") == 300  # re-encoded 300×400


def test_register_apply_for_the_card_print_it_and_apply_to_a_vacancy_on_a_phone(
        new_context, live_app, pencaker, pas_photo):
    citizen = new_context(**PHONE).new_page()
    register(citizen, live_app)
    fill_profile(citizen)
    assert seekers_with_nik(live_app) == 1
    add_education(citizen)
    upload_photo(citizen, pas_photo)
    assert too_wide(citizen, 360) == []

    citizen.goto("/pencaker/kartu")
    citizen.get_by_role("button", name="Apply for the AK/1 card").click()
    expect(citizen.locator(".flash-success")).to_contain_text("Your application is sent to Disnaker")
    expect(citizen.locator("main")).to_contain_text("Waiting for Disnaker to check your application")
    card = the_card(live_app)
    assert card["status"] == "submitted" and card["number"] is None

    # The officer, on their own phone, opens the application and approves it.
    officer = new_context(**PHONE).new_page()
    sign_in(officer, OFFICER_EMAIL, OFFICER_PASSWORD)
    officer.goto("/staf/pencaker/ak1")
    officer.get_by_role("link", name=re.compile(CITIZEN["name"])).first.click()
    officer.wait_for_url(f"**/staf/pencaker/ak1/{card['id']}")
    expect(officer.locator("main")).to_contain_text(NIK[:4] + "••••••••" + NIK[-4:])  # full only on request
    officer.get_by_role("button", name="Approve and issue the card").click()
    expect(officer.locator(".flash-success")).to_contain_text("The AK/1 card is approved.")
    assert too_wide(officer, 360) == []
    card = the_card(live_app)
    assert card["status"] == "active" and re.fullmatch(r"AK1/3671/\d{4}/\d{6}", card["number"])

    # The citizen prints the card: its number and QR code, and on paper no site header or menu.
    citizen.goto("/pencaker/kartu")
    expect(citizen.locator("main")).to_contain_text(card["number"])
    citizen.get_by_role("link", name="Show and print the card").click()
    citizen.wait_for_url(f"**/pencaker/kartu/{card['id']}/cetak")
    sheet = citizen.locator("article.ak1")
    expect(sheet).to_contain_text(card["number"])
    expect(sheet).to_contain_text(NIK)
    qr = sheet.locator("svg")
    expect(qr).to_have_count(1)
    assert qr.evaluate("svg => svg.querySelectorAll('rect, path').length") > 0
    expect(citizen.locator("header.top")).to_be_visible()
    assert too_wide(citizen, 360) == []
    citizen.emulate_media(media="print")
    expect(citizen.locator("header.top")).to_be_hidden()
    expect(citizen.locator("nav.nav")).to_be_hidden()
    expect(sheet).to_be_visible()
    expect(qr).to_be_visible()
    citizen.emulate_media(media="screen")

    # One tap on a vacancy, and the application says "Sent".
    citizen.goto(f"/loker/{pencaker.factory_job}")
    expect(citizen.locator("h1")).to_have_text(FACTORY_JOB)
    citizen.get_by_role("button", name="Apply now").click()
    citizen.wait_for_url(re.compile(r"/pencaker/lamaran/\d+$"))
    expect(citizen.locator("#status-title + p .badge")).to_have_text("Sent")
    assert applications_of_citizen(live_app) == [(pencaker.factory_job, "sent")]
    assert too_wide(citizen, 360) == []

    # The same pages on the narrowest phones.
    citizen.set_viewport_size({"width": 320, "height": 640})
    for path in ("/pencaker/profil", "/pencaker/kartu", f"/pencaker/kartu/{card['id']}/cetak",
                 f"/loker/{pencaker.factory_job}", "/pencaker/lamaran", "/loker/"):
        citizen.goto(path)
        assert too_wide(citizen, 320) == [], path


def test_vacancy_filters_are_a_plain_get_form_without_javascript(new_context, pencaker):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto("/loker/")
    items = page.locator("#loker-list li.news-item")
    expect(items.filter(has_text=FACTORY_JOB)).to_have_count(1)
    expect(items.filter(has_text=SHOP_JOB)).to_have_count(1)
    page.select_option("#sektor", "G")
    page.get_by_role("button", name="Show vacancies").click()
    page.wait_for_url(re.compile(r"/loker/\?.*sektor=G"))
    expect(items.filter(has_text=SHOP_JOB)).to_have_count(1)
    expect(items.filter(has_text=FACTORY_JOB)).to_have_count(0)
    expect(page.locator("#sektor")).to_have_value("G")  # the form shows what was chosen
    assert too_wide(page, 360) == []
