"""The outbox in Chromium: forms sent without a connection wait on the phone and are sent once it returns.

A complaint with a photo filed offline lands on the outbox page ("saved on this phone") with the header badge
"Waiting to send (1)"; back online it is delivered exactly once, also when the connection comes and goes twice
and extra "send" messages arrive, and the outbox links to the server's answer with the tracking code. A form the
server refuses meanwhile (its category was switched off) waits as "needs your attention", and opening it shows
the server's form with the person's text intact. A signed-in job seeker's application and a price officer's
prices, both sent offline, arrive once too; an application whose session ended meanwhile asks to sign in again,
then goes with "Send now". "Check for similar reports" offline is not kept, and a deleted item is never sent.
Every count is read from the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from tests.browser.conftest import in_live_region
from tests.browser.test_aspirasi import (DESCRIPTION, PHONE, aspirasi, big_photo, fill_report_form,  # noqa: F401
                                        report_count, reports_titled, send_button)
from tests.browser.test_harga_entry import EMAIL as PRICE_OFFICER, MARKET, PASSWORD as PRICE_PASSWORD
from tests.browser.test_harga_entry import _saved as saved_prices, harga  # noqa: F401 (fixture)
from tests.browser.test_offline import NETWORK_CHECK, controlled, go_offline

pytestmark = pytest.mark.browser

SEEKER_EMAIL, SEEKER_PASSWORD = "pelamar.outbox@example.id", "pelamar-rahasia-9"
VACANCIES = ("Staf Gudang Shift Malam", "Kurir Motor Area Karawaci")


def badge_says(page, text: str | None = None) -> None:
    """Wait until the header's outbox badge reads `text`, or is hidden when `text` is None."""
    badge = page.locator("header [data-outbox]")
    if text is None:
        expect(badge).to_be_hidden()
    else:
        expect(badge).to_have_text(text, use_inner_text=True, timeout=15_000)


def flush(page) -> dict:
    """Ask the service worker to send what waits, and return the next counts it reports."""
    return page.evaluate("""() => new Promise(done => {
        const sw = navigator.serviceWorker;
        sw.addEventListener("message", e => e.data.type === "outbox" && done(e.data));
        sw.controller.postMessage({type: "flush"});
    })""")


def outbox_item(page):
    return page.locator("[data-outbox-list] > li")


def open_outbox(page) -> None:
    page.goto("/antrean")
    page.wait_for_function("!!window.outboxJs")


# A complaint with a photo

def test_complaint_with_a_photo_filed_offline_is_sent_once_when_the_phone_is_back_online(
        new_context, live_app, aspirasi, big_photo):
    page = controlled(new_context(**PHONE).new_page())
    title = "Lampu lalu lintas mati di perempatan Cikokol"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    go_offline(page)
    send_button(page).click()

    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    expect(page.locator("[data-saved]")).to_have_text("Saved on this phone. It will be sent when you are online.")
    badge_says(page, "Waiting to send (1)")
    expect(outbox_item(page)).to_have_count(1)
    expect(outbox_item(page)).to_contain_text(title)
    expect(outbox_item(page)).to_contain_text("Waiting to send")
    page.locator("nav a[href='/']").click()  # reading on, offline: the badge stays in the header
    page.wait_for_url(re.compile(r"/$"))
    badge_says(page, "Waiting to send (1)")
    assert report_count(live_app) == before

    page.context.set_offline(False)
    badge_says(page, "Sent — see the answer (1)")
    assert report_count(live_app) == before + 1
    [report] = reports_titled(live_app, title)
    assert len(report["photos"]) == 1 and max(report["photos"][0]) <= 1280  # the photo as the page shrank it

    page.locator("header [data-outbox]").click()
    page.wait_for_url(re.compile(r"/antrean$"))
    expect(outbox_item(page)).to_contain_text("Sent")
    badge_says(page, None)  # seen
    outbox_item(page).get_by_role("link", name="Open the answer").click()
    page.wait_for_url(re.compile(r"/aspirasi/\d+/terkirim$"))
    expect(page.locator("p.code span[aria-hidden=true]")).to_have_text(report["code"])
    badge_says(page, None)
    assert report_count(live_app) == before + 1


def test_complaint_without_a_photo_sent_as_a_plain_form_post_waits_too(new_context, live_app, aspirasi, big_photo):
    page = controlled(new_context(**PHONE).new_page())
    title = "Pohon rawan tumbang di Jl. Perintis Kemerdekaan"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    page.set_input_files("input[name=photos]", [])  # no photo: the browser posts the form itself, no script
    go_offline(page)
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/aspirasi/baru")) as sent:
        send_button(page).click()
    assert sent.value.resource_type == "document"
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    badge_says(page, "Waiting to send (1)")

    page.context.set_offline(False)
    badge_says(page, "Sent — see the answer (1)")
    assert report_count(live_app) == before + 1
    assert [r["photos"] for r in reports_titled(live_app, title)] == [[]]


def test_connection_coming_and_going_twice_still_sends_the_complaint_once(new_context, live_app, aspirasi, big_photo):
    page = controlled(new_context(**PHONE).new_page())
    title = "Genangan air setinggi lutut di Jl. Daan Mogot"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    go_offline(page)
    send_button(page).click()
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    badge_says(page, "Waiting to send (1)")

    for offline in (False, True, False):
        page.context.set_offline(offline)
    page.evaluate("""() => { const sw = navigator.serviceWorker.controller;
                    for (let i = 0; i < 3; i++) sw.postMessage({type: 'flush'}); }""")
    page.reload()  # a page load asks for a flush too
    badge_says(page, "Sent — see the answer (1)")
    assert flush(page)["waiting"] == 0  # one more try finds nothing left to send
    assert report_count(live_app) == before + 1
    assert len(reports_titled(live_app, title)) == 1


@pytest.fixture
def switched_off_category(live_app, aspirasi):
    """A category a form may be filled in with, switched off (as if removed) by `switch_off()`; restored after."""
    from webapp.extensions import db
    from webapp.modules.aspirasi.models import Category

    def set_active(active: bool):
        def run(_region):
            db.session.execute(select(Category).where(Category.id == aspirasi.roads)).scalar_one().active = active
            db.session.commit()
        in_live_region(live_app, run)

    yield lambda: set_active(False)
    set_active(True)


def test_a_complaint_refused_after_it_waited_needs_attention_and_keeps_its_text(
        new_context, live_app, aspirasi, big_photo, switched_off_category):
    page = controlled(new_context(**PHONE).new_page())
    title = "Trotoar ambles di depan Pasar Anyar"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    go_offline(page)
    send_button(page).click()
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    switched_off_category()  # while the phone was offline, the category went away

    page.context.set_offline(False)
    badge_says(page, "Needs your attention (1)")
    item = outbox_item(page)
    expect(item).to_contain_text("Needs your attention")
    expect(item).to_contain_text("photos and files must be chosen again")
    assert report_count(live_app) == before

    item.get_by_role("link", name="Open and correct").click()
    page.wait_for_url(re.compile(r"/antrean/\d+$"))
    expect(page.locator("#category_id-error")).to_be_visible()  # the server says what is wrong, beside the field
    expect(page.locator("input[name=title]")).to_have_value(title)
    expect(page.locator("textarea[name=description]")).to_have_value(DESCRIPTION)
    expect(page.locator("select[name=kelurahan_id]")).to_have_value(str(aspirasi.kelurahan))


def test_an_update_inside_the_form_that_fails_offline_leaves_the_form_as_typed(new_context, aspirasi, big_photo):
    """Choosing a kelurahan asks for similar reports (htmx); offline that fails, and the form must stay put."""
    page = controlled(new_context(**PHONE).new_page())
    title = "Jembatan kayu lapuk di Kali Sabi"
    fill_report_form(page, aspirasi, title, big_photo)
    page.wait_for_load_state("networkidle")
    go_offline(page)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.evaluate("void (window.failed = new Promise(done => document.addEventListener('htmx:error', done, {once: true})))")
    page.select_option("select[name=kelurahan_id]", str(aspirasi.other_kelurahan))
    page.evaluate("window.failed.then(() => true)")
    page.wait_for_timeout(300)  # a navigation, if the failure caused one, has started by now
    assert navigations == []
    expect(page.locator("input[name=title]")).to_have_value(title)
    send_button(page).click()  # and sending it still keeps it in the outbox
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    expect(outbox_item(page)).to_contain_text(title)


def test_checking_for_similar_reports_offline_is_not_kept(new_context, live_app, aspirasi, big_photo):
    page = controlled(new_context(**PHONE).new_page())
    fill_report_form(page, aspirasi, "Saluran air mampet di Gang Kenari", big_photo)
    go_offline(page)
    page.get_by_role("button", name="Check for similar reports").click()
    expect(page.locator("h1")).to_contain_text("You are offline")  # only a check: nothing was meant to be sent
    open_outbox(page)
    expect(outbox_item(page)).to_have_count(0)
    expect(page.locator("[data-outbox-empty]")).to_be_visible()
    badge_says(page, None)


def test_a_waiting_complaint_can_be_deleted_and_is_never_sent(new_context, live_app, aspirasi, big_photo):
    page = controlled(new_context(**PHONE).new_page())
    title = "Laporan yang batal dikirim"
    fill_report_form(page, aspirasi, title, big_photo)
    go_offline(page)
    send_button(page).click()
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    badge_says(page, "Waiting to send (1)")

    page.once("dialog", lambda dialog: dialog.dismiss())  # changed their mind about deleting: it stays
    outbox_item(page).get_by_role("button", name="Delete").click()
    expect(outbox_item(page)).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    outbox_item(page).get_by_role("button", name="Delete").click()
    expect(outbox_item(page)).to_have_count(0)
    badge_says(page, None)

    page.context.set_offline(False)
    assert flush(page) == {"type": "outbox", "waiting": 0, "sent": 0, "attention": 0}  # nothing left to send
    assert reports_titled(live_app, title) == []


# A job application

@dataclass(frozen=True)
class Jobs:
    warehouse: int  # vacancy ids
    courier: int


@pytest.fixture(scope="module")
def jobs(live_app):
    """Pencaker on, a verified company with two open vacancies, and a seeker whose profile is complete; undone after."""
    from datetime import date, timedelta

    from webapp.core.clock import region_today
    from webapp.core.models import User, utcnow
    from webapp.extensions import db
    from webapp.modules.pencaker.models import (Employer, EmployerStatus, Seeker, SeekerEducation, Vacancy,
                                                VacancyStatus)

    def setup(region):
        modules = list(region.modules)
        if "pencaker" not in region.modules:
            region.modules = [*region.modules, "pencaker"]
        owner = User(name="HRD Gudang", email="hrd.outbox@example.id")
        seeker_user = User(name="Dewi Lestari", email=SEEKER_EMAIL)
        for user in (owner, seeker_user):
            user.set_password(SEEKER_PASSWORD)
        db.session.add_all([owner, seeker_user])
        db.session.flush()
        employer = Employer(owner_id=owner.id, name="PT Uji Gudang Sentosa", nib="9120000000777", sector="H",
                            address="Jl. Gatot Subroto 9", kecamatan_code="36.71.02", contact_name="Bapak Ari",
                            contact_phone="+622155007788", status=EmployerStatus.VERIFIED, verified_at=utcnow())
        vacancies = [Vacancy(employer=employer, title=title, sector="H", description="Menyusun barang masuk.",
                             requirements="Teliti.", min_education="SMA", kecamatan_code="36.71.02",
                             employment_type="FULL_TIME", pay_min=5_000_000, pay_max=5_300_000, openings=2,
                             closes_on=region_today() + timedelta(days=20), status=VacancyStatus.PUBLISHED,
                             published_at=utcnow()) for title in VACANCIES]
        seeker = Seeker(user_id=seeker_user.id, nik="3671015708010009", full_name="Dewi Lestari",
                        birth_place="Tangerang", birth_date=date(2001, 8, 17), gender="P", marital_status="single",
                        address="Jl. Mawar 3", kecamatan_code="36.71.01", phone="+6281200330044",
                        email=SEEKER_EMAIL, skills="Gudang, Excel", photo="tangerang/pencaker/x.jpg")
        seeker.educations.append(SeekerEducation(level="SMA", school="SMAN 1 Tangerang", major="IPA", year=2019))
        db.session.add_all([employer, *vacancies, seeker])
        db.session.commit()
        return modules, [owner.id, seeker_user.id], Jobs(*(v.id for v in vacancies))

    modules, users, values = in_live_region(live_app, setup)
    yield values

    def teardown(region):
        from webapp.modules.pencaker import models as m

        ids = (values.warehouse, values.courier)
        employer_id = db.session.get(m.Vacancy, values.warehouse).employer_id
        applications = select(m.Application.id).where(m.Application.vacancy_id.in_(ids))
        db.session.execute(delete(m.ApplicationEvent).where(m.ApplicationEvent.application_id.in_(applications)))
        db.session.execute(delete(m.Application).where(m.Application.vacancy_id.in_(ids)))
        db.session.execute(delete(m.Vacancy).where(m.Vacancy.id.in_(ids)))
        db.session.execute(delete(m.Employer).where(m.Employer.id == employer_id))
        seeker_ids = select(m.Seeker.id).where(m.Seeker.user_id.in_(users))
        db.session.execute(delete(m.SeekerEducation).where(m.SeekerEducation.seeker_id.in_(seeker_ids)))
        db.session.execute(delete(m.Seeker).where(m.Seeker.user_id.in_(users)))
        db.session.execute(delete(User).where(User.id.in_(users)))
        region.modules = modules
        db.session.commit()

    in_live_region(live_app, teardown)


def applications_to(live_app, vacancy: int) -> int:
    from webapp.extensions import db
    from webapp.modules.pencaker.models import Application

    return in_live_region(live_app, lambda _r: db.session.execute(
        select(func.count(Application.id)).where(Application.vacancy_id == vacancy)).scalar_one())


def sign_in(page, login: str, password: str) -> None:
    page.goto("/masuk")
    page.fill("#login", login)
    page.fill("#password", password)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/masuk" not in url)


def apply_offline(page, vacancy: int, title: str) -> None:
    page.goto(f"/loker/{vacancy}")
    expect(page.locator("h1")).to_contain_text(title)
    go_offline(page)
    page.get_by_role("button", name="Apply now").click()
    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    badge_says(page, "Waiting to send (1)")


def test_job_application_made_offline_is_sent_once(new_context, live_app, jobs):
    page = controlled(new_context(**PHONE).new_page())
    sign_in(page, SEEKER_EMAIL, SEEKER_PASSWORD)
    apply_offline(page, jobs.warehouse, VACANCIES[0])
    assert applications_to(live_app, jobs.warehouse) == 0

    page.context.set_offline(False)
    badge_says(page, "Sent — see the answer (1)")
    expect(outbox_item(page)).to_contain_text(VACANCIES[0])  # named after the vacancy's page, opened to send it
    assert applications_to(live_app, jobs.warehouse) == 1
    outbox_item(page).get_by_role("link", name="Open the answer").click()
    page.wait_for_url(re.compile(r"/pencaker/lamaran/\d+$"))
    expect(page.locator("main")).to_contain_text(VACANCIES[0])
    assert applications_to(live_app, jobs.warehouse) == 1


def test_application_waiting_while_the_session_ended_asks_to_sign_in_again(new_context, live_app, jobs):
    page = controlled(new_context(**PHONE).new_page())
    sign_in(page, SEEKER_EMAIL, SEEKER_PASSWORD)
    apply_offline(page, jobs.courier, VACANCIES[1])
    page.context.clear_cookies()  # signed out meanwhile (the session expired, or someone signed out)

    page.context.set_offline(False)
    badge_says(page, "Needs your attention (1)")
    item = outbox_item(page)
    expect(item).to_contain_text("Sign in again, then press “Send now”.")
    assert applications_to(live_app, jobs.courier) == 0

    item.get_by_role("link", name="Sign in").click()
    page.fill("#login", SEEKER_EMAIL)
    page.fill("#password", SEEKER_PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/antrean$"))  # back to the outbox
    outbox_item(page).get_by_role("button", name="Send now").click()
    badge_says(page, "Sent — see the answer (1)")
    assert applications_to(live_app, jobs.courier) == 1


# A day of market prices

def test_prices_entered_offline_are_saved_once(new_context, live_app, harga):
    page = controlled(new_context(**PHONE).new_page())
    sign_in(page, PRICE_OFFICER, PRICE_PASSWORD)
    page.goto(f"/staf/harga/{MARKET}/{harga.day.isoformat()}")
    first, second, _third = harga.fields
    page.fill(f"#{first}", "15400")
    page.fill(f"#{second}", "13500")
    go_offline(page)
    page.get_by_role("button", name="Save the prices").click()

    page.wait_for_url(re.compile(r"/antrean\?tersimpan=1$"))
    badge_says(page, "Waiting to send (1)")
    assert saved_prices(live_app, harga.day) == []

    page.context.set_offline(False)
    badge_says(page, "Sent — see the answer (1)")
    expect(outbox_item(page)).to_contain_text("2 prices saved.")  # the server's own words, kept with the item
    assert saved_prices(live_app, harga.day) == [13500, 15400]
    assert page.evaluate(NETWORK_CHECK) == "reached"
