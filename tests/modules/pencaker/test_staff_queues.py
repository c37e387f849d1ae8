"""Disnaker's queues through HTTP: who may open them, region isolation, the overview counts, AK/1 decisions
(with the applicant told, and a second officer's late decision refused with 409), employers, vacancies and
reported vacancies."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_notify import smtp_server  # noqa: F401  (a real SMTP server keeping every message)
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role, utcnow
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.models import (Card, CardStatus, Employer, EmployerStatus, JobFair, SeekerTraining,
                                            Vacancy, VacancyReport, VacancyStatus)
from webapp.modules.pencaker.views_staff import queue_counts

from .conftest import nik_for

EN = {"Accept-Language": "en"}
STAFF_PAGES = ["/staf/pencaker/", "/staf/pencaker/ak1", "/staf/pencaker/perusahaan", "/staf/pencaker/lowongan",
               "/staf/pencaker/laporan-lowongan", "/staf/pencaker/loket", "/staf/pencaker/pencari-kerja",
               "/staf/pencaker/statistik", "/staf/pencaker/bursa-kerja", "/staf/pencaker/bursa-kerja/baru"]


def token(client, url="/staf/pencaker/loket") -> str:
    return csrf_from(client.get(url, headers=EN))


def post(client, url, data=None, **kwargs):
    """POST `data` with a fresh CSRF token of the signed-in session, read in English."""
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, headers=EN, **kwargs)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def waiting_card(seeker, days_ago: int = 0) -> Card:
    card = cards.apply(seeker)
    card.submitted_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return card


def fresh(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


@pytest.fixture
def officer(client, disnaker):
    sign_in(client, disnaker)
    return disnaker


@pytest.fixture
def new_seeker(make_seeker, pencaker_region):
    """make_seeker with a quick account (no password hashing)."""

    def make(**fields):
        if fields.get("with_account", True):
            fields.setdefault("user", quick_user(pencaker_region, name="Pencari Kerja"))
        return make_seeker(**fields)

    return make


@pytest.fixture
def new_employer(make_employer, pencaker_region):
    def make(**fields):
        fields.setdefault("owner", quick_user(pencaker_region, name="Pemilik Usaha"))
        return make_employer(**fields)

    return make


@pytest.fixture
def new_vacancy(make_vacancy, new_employer):
    def make(**fields):
        if fields.get("employer") is None:
            fields["employer"] = new_employer()
        return make_vacancy(**fields)

    return make


@pytest.fixture
def english_seeker(new_seeker):
    """A seeker whose account reads English, so their messages can be compared."""

    def make(**fields):
        seeker = new_seeker(**fields)
        seeker.user.locale = "en"
        db.session.commit()
        return seeker

    return make


# Who may open the pages

@pytest.mark.parametrize("person, expected", [
    ("citizen", 403), (Role.EDITOR, 403), (Role.DEPARTMENT_OFFICER, 403), (Role.PRICE_OFFICER, 403),
    (Role.MANPOWER_OFFICER, 200), (Role.REGION_ADMIN, 200),
])
def test_only_disnaker_and_region_admins_open_the_staff_pages(client, pencaker_region, make_department, person,
                                                              expected):
    department = make_department(pencaker_region) if person == Role.DEPARTMENT_OFFICER else None
    sign_in(client, quick_user(pencaker_region, role=None if person == "citizen" else person, department=department))
    assert {url: client.get(url, headers=EN).status_code for url in STAFF_PAGES} == {u: expected for u in STAFF_PAGES}


def test_a_visitor_is_sent_to_sign_in(client, pencaker_region):
    for url in STAFF_PAGES:
        response = client.get(url, headers=EN)
        assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_a_citizen_cannot_decide_an_application(app, client, pencaker_region, new_seeker, monkeypatch):
    card = waiting_card(new_seeker())
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the role check is under test, not CSRF
    sign_in(client, quick_user(pencaker_region, name="Warga"))
    response = client.post(f"/staf/pencaker/ak1/{card.id}", data={"action": "approve"}, headers=EN)
    assert response.status_code == 403 and fresh(card).status == CardStatus.SUBMITTED


def test_an_officer_of_another_region_gets_404_for_this_regions_rows(app, client, pencaker_region, make_region,
                                                                    new_seeker, new_employer, new_vacancy,
                                                                    monkeypatch):
    seeker = new_seeker()
    card = waiting_card(seeker)
    employer = new_employer(status=EmployerStatus.PENDING)
    vacancy = new_vacancy(employer=employer, status=VacancyStatus.REVIEW)
    report = VacancyReport(vacancy_id=vacancy.id, reason="fee")
    fair = JobFair(slug="bursa", title="Bursa", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 1), place="GOR")
    db.session.add_all([report, fair])
    db.session.commit()
    other = make_region("depok", hosts=["depok.test"], name="Kota Depok", code="32.76", modules=["pencaker"])
    stranger = quick_user(other, role=Role.MANPOWER_OFFICER, name="Petugas Depok")
    g.region = pencaker_region
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the region check is under test, not CSRF
    sign_in(client, stranger, host="depok.test")
    there = {"base_url": "http://depok.test", "headers": EN}
    for url in (f"/staf/pencaker/ak1/{card.id}", f"/staf/pencaker/perusahaan/{employer.id}",
                f"/staf/pencaker/lowongan/{vacancy.id}", f"/staf/pencaker/pencari-kerja/{seeker.id}",
                f"/staf/pencaker/bursa-kerja/{fair.id}"):
        assert client.get(url, **there).status_code == 404, url
    decisions = ((f"/staf/pencaker/ak1/{card.id}", "approve"), (f"/staf/pencaker/perusahaan/{employer.id}", "verify"),
                 (f"/staf/pencaker/lowongan/{vacancy.id}", "publish"),
                 (f"/staf/pencaker/laporan-lowongan/{report.id}", "dismiss"))
    for url, action in decisions:
        assert client.post(url, data={"action": action}, **there).status_code == 404, url
    home = text(client.get("/staf/pencaker/", **there))
    assert "AK/1 applications waiting</a>: <strong>0</strong>" in home
    assert fresh(card).status == CardStatus.SUBMITTED and fresh(employer).status == EmployerStatus.PENDING
    assert fresh(vacancy).status == VacancyStatus.REVIEW and fresh(report).status == "open"


# The overview

def _queues(new_seeker, new_employer, new_vacancy):
    """Two applications waiting (one decided), one employer to verify, one vacancy to review, one open report."""
    waiting_card(new_seeker())
    waiting_card(new_seeker())
    decided = waiting_card(new_seeker())
    decided.status = CardStatus.REJECTED
    pending = new_employer(status=EmployerStatus.PENDING, name="PT Baru")
    new_vacancy(employer=pending, status=VacancyStatus.REVIEW)
    published = new_vacancy()
    db.session.add_all([VacancyReport(vacancy_id=published.id, reason="fee"),
                        VacancyReport(vacancy_id=published.id, reason="fake", status="dismissed")])
    db.session.commit()


def test_the_overview_counts_each_queue(client, officer, new_seeker, new_employer, new_vacancy):
    _queues(new_seeker, new_employer, new_vacancy)
    page = text(client.get("/staf/pencaker/", headers=EN))
    assert "AK/1 applications waiting</a>: <strong>2</strong>" in page
    assert "Employers to verify</a>: <strong>1</strong>" in page
    assert "Vacancies to review</a>: <strong>1</strong>" in page
    assert "Reported vacancies</a>: <strong>1</strong>" in page
    for endpoint in ("/staf/pencaker/loket", "/staf/pencaker/pencari-kerja", "/staf/pencaker/statistik",
                     "/staf/pencaker/bursa-kerja"):
        assert f'href="{endpoint}"' in page


def test_the_counts_take_one_query(app, pencaker_region, new_seeker, new_employer, new_vacancy, count_statements):
    _queues(new_seeker, new_employer, new_vacancy)
    assert queue_counts() == {"cards": 2, "employers": 1, "vacancies": 1, "reports": 1}
    assert count_statements(queue_counts) == 1  # (the first call above also loaded the region again)


def test_the_staff_dashboard_shows_the_queues_to_disnaker_only(client, pencaker_region, officer, new_seeker):
    waiting_card(new_seeker())
    page = text(client.get("/staf/", headers=EN))
    assert "AK/1 applications waiting</a>: 1" in page
    sign_in(client, quick_user(pencaker_region, role=Role.EDITOR))
    assert "AK/1 applications waiting" not in client.get("/staf/", headers=EN).get_data(as_text=True)


# AK/1 applications

def test_the_queue_lists_the_oldest_application_first_with_its_waiting_days(client, officer, new_seeker):
    waiting_card(new_seeker(full_name="Baru Saja"), days_ago=0)
    waiting_card(new_seeker(full_name="Lama Menunggu"), days_ago=5)
    done = waiting_card(new_seeker(full_name="Sudah Diputus"))
    cards.approve(done, officer)
    db.session.commit()
    page = text(client.get("/staf/pencaker/ak1", headers=EN))
    assert page.index("Lama Menunggu") < page.index("Baru Saja") and "Sudah Diputus" not in page
    assert "waiting 5 days" in page and "waiting 0 days" in page
    assert "Sudah Diputus" in text(client.get("/staf/pencaker/ak1?status=active", headers=EN))


def test_the_application_page_shows_the_whole_profile_and_nik_warnings(client, officer, new_seeker):
    # the NIK says 17-05-99 but the stated date of birth is a day later
    seeker = new_seeker(full_name="Siti Aminah", gender="P", nik=nik_for(date(1999, 5, 17), "P"),
                         birth_date=date(1999, 5, 18))
    seeker.trainings.append(SeekerTraining(name="Kursus Las", organizer="BLK Tangerang", year=2020,
                                           certificate="BNSP 123"))
    db.session.commit()
    old = waiting_card(seeker)
    cards.reject(old, "Foto buram", officer)
    db.session.commit()
    card = waiting_card(seeker)
    page = text(client.get(f"/staf/pencaker/ak1/{card.id}", headers=EN))
    assert "Siti Aminah" in page and f"{seeker.nik[:4]}••••••••{seeker.nik[-4:]}" in page and "Female" in page
    assert "SMKN 1 Tangerang" in page and "Kursus Las" in page and "BNSP 123" in page
    assert f'src="/pencaker/foto/{seeker.id}"' in page
    assert "does not match the date of birth" in page  # the NIK re-checked
    assert f'href="/staf/pencaker/ak1/{old.id}"' in page and "Rejected" in page  # the other card
    assert "Approve and issue the card" in page and "Ask for a correction" in page


def test_a_correction_shows_what_changed_since_the_previous_card(client, officer, new_seeker):
    seeker = new_seeker(full_name="Budi Santosa")
    first = waiting_card(seeker)
    cards.approve(first, officer)
    db.session.commit()
    seeker.full_name, seeker.kecamatan_code = "Budi Santoso", "36.71.05"
    correction = cards.apply(seeker, "correction", note="Nama salah ketik")
    db.session.commit()
    page = text(client.get(f"/staf/pencaker/ak1/{correction.id}", headers=EN))
    assert "Changed since the previous card" in page and "Nama salah ketik" in page
    assert "<th scope=\"row\">Name</th><td>Budi Santosa</td><td>Budi Santoso</td>" in page
    assert "<td>Tangerang</td><td>Karawaci</td>" in page


def test_approving_issues_the_card_links_to_print_and_tells_the_applicant(client, officer, english_seeker,
                                                                         smtp_server):  # noqa: F811
    card = waiting_card(english_seeker())
    response = post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "approve"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staf/pencaker/ak1/{card.id}")
    card = fresh(card)
    assert card.status == CardStatus.ACTIVE and card.number.startswith("AK1/3671/")
    assert card.decided_by_id == officer.id
    page = text(client.get(f"/staf/pencaker/ak1/{card.id}", headers=EN))
    assert f'href="/pencaker/kartu/{card.id}/cetak"' in page and "Print the AK/1 card" in page
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["budi@example.id"] and card.number in message.get_content()


def test_asking_for_a_correction_needs_a_reason_which_the_applicant_reads(client, officer, english_seeker,
                                                                         smtp_server):  # noqa: F811
    card = waiting_card(english_seeker())
    refused = post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "correct", "reason": "   "})
    assert refused.status_code == 422 and "Say what the applicant should correct." in text(refused)
    assert fresh(card).status == CardStatus.SUBMITTED and smtp_server.messages == []
    done = post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "correct", "reason": "Foto kurang jelas."})
    assert done.status_code == 303
    card = fresh(card)
    assert card.status == CardStatus.NEEDS_CORRECTION and card.reason == "Foto kurang jelas."
    [(_to, message)] = smtp_server.messages
    assert "Foto kurang jelas." in message.get_content()


def test_rejecting_needs_a_reason_which_the_applicant_reads(client, officer, english_seeker,
                                                           smtp_server):  # noqa: F811
    card = waiting_card(english_seeker())
    assert post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "reject"}).status_code == 422
    assert post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "reject",
                                                         "reason": "NIK bukan milik pemohon."}).status_code == 303
    assert fresh(card).status == CardStatus.REJECTED
    assert "NIK bukan milik pemohon." in smtp_server.messages[-1][1].get_content()


def test_an_unknown_action_is_a_400_that_keeps_the_typed_reason(client, officer, new_seeker):
    card = waiting_card(new_seeker())
    response = post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "delete", "reason": "Catatan saya"})
    assert response.status_code == 400 and "Catatan saya" in text(response)
    assert fresh(card).status == CardStatus.SUBMITTED


def test_a_second_officer_deciding_later_gets_409_saying_who_decided(client, officer, pencaker_region,
                                                                    english_seeker, smtp_server):  # noqa: F811
    card = waiting_card(english_seeker())
    assert post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "approve"}).status_code == 303
    colleague = quick_user(pencaker_region, role=Role.REGION_ADMIN, name="Admin Kota")
    sign_in(client, colleague)
    late = post(client, f"/staf/pencaker/ak1/{card.id}", {"action": "reject", "reason": "Tidak lengkap"})
    assert late.status_code == 409
    assert "already decided by Petugas Disnaker" in text(late) and "Tidak lengkap" in text(late)
    assert fresh(card).status == CardStatus.ACTIVE and len(smtp_server.messages) == 1


def test_a_double_tapped_approval_issues_one_number(client, officer, new_seeker):
    card = waiting_card(new_seeker())
    url = f"/staf/pencaker/ak1/{card.id}"
    assert post(client, url, {"action": "approve"}).status_code == 303
    assert post(client, url, {"action": "approve"}).status_code == 409
    numbers = db.session.execute(select(Card.number).where(Card.number.is_not(None))).scalars().all()
    assert len(numbers) == 1


def test_a_decision_without_the_csrf_token_is_refused(client, officer, new_seeker):
    card = waiting_card(new_seeker())
    response = client.post(f"/staf/pencaker/ak1/{card.id}", data={"action": "approve"}, headers=EN)
    assert response.status_code == 400 and fresh(card).status == CardStatus.SUBMITTED


# Employers

def test_employers_waiting_for_verification_come_first_and_can_be_filtered(client, officer, new_employer):
    new_employer(name="PT Sudah Terverifikasi")
    new_employer(name="PT Menunggu", status=EmployerStatus.PENDING)
    new_employer(name="PT Ditolak", status=EmployerStatus.REJECTED)
    page = text(client.get("/staf/pencaker/perusahaan", headers=EN))
    assert page.index("PT Menunggu") < page.index("PT Sudah Terverifikasi")
    only = text(client.get("/staf/pencaker/perusahaan?status=rejected", headers=EN))
    assert "PT Ditolak" in only and "PT Menunggu" not in only


def test_the_employer_page_shows_nib_contact_and_vacancies(client, officer, new_employer, new_vacancy):
    employer = new_employer(name="PT Kurang Digit", nib="123456789012", status=EmployerStatus.PENDING,
                             contact_email="hrd@kurang.id")
    new_vacancy(employer=employer, title="Staf Gudang", status=VacancyStatus.REVIEW)
    page = text(client.get(f"/staf/pencaker/perusahaan/{employer.id}", headers=EN))
    assert "123456789012" in page and "An NIB has 13 digits" in page
    assert "Ibu Rina" in page and 'href="tel:+6281298765432"' in page and "hrd@kurang.id" in page
    assert "Staf Gudang" in page and "Waiting for review" in page


def test_verifying_an_employer_leaves_their_vacancies_for_review(client, officer, new_employer, new_vacancy):
    employer = new_employer(status=EmployerStatus.PENDING)
    vacancy = new_vacancy(employer=employer, status=VacancyStatus.REVIEW)
    response = post(client, f"/staf/pencaker/perusahaan/{employer.id}", {"action": "verify"}, follow_redirects=True)
    assert "1 of their vacancies waits for your review" in text(response)
    employer = fresh(employer)
    assert employer.status == EmployerStatus.VERIFIED and employer.verified_by_id == officer.id
    assert fresh(vacancy).status == VacancyStatus.REVIEW
    again = post(client, f"/staf/pencaker/perusahaan/{employer.id}", {"action": "verify"})
    assert again.status_code == 409 and "already verified by Petugas Disnaker" in text(again)


def test_rejecting_an_employer_needs_a_reason(client, officer, new_employer):
    employer = new_employer(status=EmployerStatus.PENDING)
    refused = post(client, f"/staf/pencaker/perusahaan/{employer.id}", {"action": "reject", "reason": ""})
    assert refused.status_code == 422 and fresh(employer).status == EmployerStatus.PENDING
    assert post(client, f"/staf/pencaker/perusahaan/{employer.id}",
                {"action": "reject", "reason": "NIB tidak ditemukan di OSS."}).status_code == 303
    employer = fresh(employer)
    assert employer.status == EmployerStatus.REJECTED and employer.reason == "NIB tidak ditemukan di OSS."


# Vacancies

def test_vacancies_to_review_are_listed_oldest_first_and_others_by_filter(client, officer, new_vacancy):
    newer = new_vacancy(title="Kasir Baru", status=VacancyStatus.REVIEW)
    older = new_vacancy(title="Satpam Lama", status=VacancyStatus.REVIEW)
    older.updated_at = utcnow() - timedelta(days=3)
    newer.updated_at = utcnow()
    new_vacancy(title="Sudah Tayang")
    db.session.commit()
    page = text(client.get("/staf/pencaker/lowongan", headers=EN))
    assert page.index("Satpam Lama") < page.index("Kasir Baru") and "Sudah Tayang" not in page
    assert "Sudah Tayang" in text(client.get("/staf/pencaker/lowongan?status=published", headers=EN))
    assert "Kasir Baru" in text(client.get("/staf/pencaker/lowongan?status=all", headers=EN))


def test_a_vacancy_of_an_unverified_employer_cannot_be_published(client, officer, new_employer, new_vacancy):
    vacancy = new_vacancy(employer=new_employer(status=EmployerStatus.PENDING), status=VacancyStatus.REVIEW,
                           description="Menjaga keamanan pabrik.\n\nShift malam.")
    page = text(client.get(f"/staf/pencaker/lowongan/{vacancy.id}", headers=EN))
    assert "Employer not verified yet" in page and "Shift malam." in page
    refused = post(client, f"/staf/pencaker/lowongan/{vacancy.id}", {"action": "publish"})
    assert refused.status_code == 409 and "Verify the employer first" in text(refused)
    assert fresh(vacancy).status == VacancyStatus.REVIEW


def test_publishing_a_vacancy_of_a_verified_employer(client, officer, new_vacancy):
    vacancy = new_vacancy(status=VacancyStatus.REVIEW)
    assert "Verified employer" in text(client.get(f"/staf/pencaker/lowongan/{vacancy.id}", headers=EN))
    assert post(client, f"/staf/pencaker/lowongan/{vacancy.id}", {"action": "publish"}).status_code == 303
    vacancy = fresh(vacancy)
    assert vacancy.status == VacancyStatus.PUBLISHED and vacancy.published_at is not None
    assert post(client, f"/staf/pencaker/lowongan/{vacancy.id}", {"action": "publish"}).status_code == 409


def test_returning_a_vacancy_needs_a_reason_for_the_employer(client, officer, new_vacancy):
    vacancy = new_vacancy(status=VacancyStatus.REVIEW)
    refused = post(client, f"/staf/pencaker/lowongan/{vacancy.id}", {"action": "return", "reason": " "})
    assert refused.status_code == 422 and "Say what the employer should change." in text(refused)
    assert post(client, f"/staf/pencaker/lowongan/{vacancy.id}",
                {"action": "return", "reason": "Sebutkan gaji."}).status_code == 303
    vacancy = fresh(vacancy)
    assert vacancy.status == VacancyStatus.RETURNED and vacancy.review_note == "Sebutkan gaji."


def test_closing_a_published_vacancy_and_not_one_in_review(client, officer, new_vacancy):
    published = new_vacancy()
    in_review = new_vacancy(status=VacancyStatus.REVIEW)
    assert post(client, f"/staf/pencaker/lowongan/{published.id}", {"action": "close"}).status_code == 303
    assert fresh(published).status == VacancyStatus.CLOSED
    assert post(client, f"/staf/pencaker/lowongan/{in_review.id}", {"action": "close"}).status_code == 409
    assert fresh(in_review).status == VacancyStatus.REVIEW


# Reported vacancies

def test_open_reports_are_listed_with_their_reason_and_details(client, officer, new_vacancy):
    vacancy = new_vacancy(title="Admin Online")
    db.session.add(VacancyReport(vacancy_id=vacancy.id, reason="fee", details="Diminta transfer Rp 500.000."))
    db.session.add(VacancyReport(vacancy_id=vacancy.id, reason="fake", status="dismissed"))
    db.session.commit()
    page = text(client.get("/staf/pencaker/laporan-lowongan", headers=EN))
    assert "Admin Online" in page and "Asks applicants for money" in page and "Diminta transfer Rp 500.000." in page
    assert "Fake or misleading vacancy" not in page
    assert "Fake or misleading vacancy" in text(client.get("/staf/pencaker/laporan-lowongan?status=dismissed",
                                                           headers=EN))


def test_dismissing_a_report_records_who_and_when(client, officer, new_vacancy):
    vacancy = new_vacancy()
    report = VacancyReport(vacancy_id=vacancy.id, reason="other")
    db.session.add(report)
    db.session.commit()
    assert post(client, f"/staf/pencaker/laporan-lowongan/{report.id}", {"action": "dismiss"}).status_code == 303
    report = fresh(report)
    assert report.status == "dismissed" and report.handled_by_id == officer.id and report.handled_at is not None
    assert fresh(vacancy).status == VacancyStatus.PUBLISHED
    again = post(client, f"/staf/pencaker/laporan-lowongan/{report.id}", {"action": "close"})
    assert again.status_code == 409 and "already handled by Petugas Disnaker" in text(again)
    assert fresh(vacancy).status == VacancyStatus.PUBLISHED


def test_closing_a_reported_vacancy_handles_all_its_open_reports(client, officer, new_vacancy):
    vacancy = new_vacancy()
    first = VacancyReport(vacancy_id=vacancy.id, reason="fee")
    second = VacancyReport(vacancy_id=vacancy.id, reason="contact")
    db.session.add_all([first, second])
    db.session.commit()
    assert post(client, f"/staf/pencaker/laporan-lowongan/{first.id}", {"action": "close"}).status_code == 303
    assert fresh(vacancy).status == VacancyStatus.CLOSED
    assert {fresh(first).status, fresh(second).status} == {"actioned"}
    assert fresh(second).handled_by_id == officer.id


def test_employers_and_vacancies_of_the_region_only_are_listed(client, officer, make_region, new_vacancy,
                                                              pencaker_region):
    new_vacancy(title="Lowongan Tangerang", status=VacancyStatus.REVIEW)
    other = make_region("depok", hosts=["depok.test"], modules=["pencaker"])
    employer = Employer(region_id=other.id, name="PT Depok", nib="1234567890123", sector="C", address="x",
                        contact_name="x", contact_phone="+628123", status=EmployerStatus.PENDING)
    db.session.add(employer)
    db.session.flush()
    db.session.add(Vacancy(region_id=other.id, employer_id=employer.id, title="Lowongan Depok", sector="C",
                           description="x", min_education="SMA", employment_type="FULL_TIME",
                           closes_on=date.today() + timedelta(days=10), status=VacancyStatus.REVIEW))
    db.session.commit()
    g.region = pencaker_region
    assert "Lowongan Depok" not in text(client.get("/staf/pencaker/lowongan?status=all", headers=EN))
    assert "PT Depok" not in text(client.get("/staf/pencaker/perusahaan", headers=EN))
