"""Employers write vacancies (rupiah typed as people write it), save drafts, submit them for review, close
them once published; impossible vacancies come back with the reason beside the field and nothing typed
lost; published ones cannot be edited; another company's (or region's) vacancies are 404."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from tests.modules.pencaker.test_employer import EN, HOME, page, post, text_of
from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker import vacancies
from webapp.modules.pencaker.employer_forms import parse_rupiah
from webapp.modules.pencaker.models import Employer, EmployerStatus, Vacancy, VacancyStatus

NEW = "/pencaker/perusahaan/lowongan/baru"


def url(vacancy, action=""):
    return f"/pencaker/perusahaan/lowongan/{vacancy.id}" + (f"/{action}" if action else "")


def vacancy_data(**changes) -> dict:
    data = {"title": "Kasir Minimarket", "sector": "G", "description": "Melayani pembeli di kasir.",
            "requirements": "Teliti dan jujur.", "min_education": "SMA", "age_min": "18", "age_max": "30",
            "kecamatan_code": "36.71.01", "employment_type": "FULL_TIME", "pay_min": "Rp 3.500.000",
            "pay_max": "4.000.000", "openings": "2", "closes_on": (region_today() + timedelta(days=30)).isoformat(),
            "disability_friendly": "y", "action": "draft"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def only_vacancy() -> Vacancy:
    return db.session.execute(select(Vacancy)).scalar_one()


@pytest.fixture
def boss(pencaker_region, make_employer, client):
    """A signed-in account that owns a verified company."""
    user = quick_user(pencaker_region, name="Rina")
    employer = make_employer(owner=user)
    sign_in(client, user)
    return employer


@pytest.fixture
def rival(make_employer):
    return make_employer(name="PT Saingan")


# Writing a vacancy

def test_a_new_vacancy_is_saved_as_a_draft_with_clean_values(client, boss):
    response = post(client, NEW, vacancy_data(), NEW)
    assert response.status_code == 302 and response.headers["Location"].endswith(HOME)
    vacancy = only_vacancy()
    assert (vacancy.employer_id, vacancy.status) == (boss.id, VacancyStatus.DRAFT)
    assert (vacancy.pay_min, vacancy.pay_max, vacancy.age_min, vacancy.age_max) == (3_500_000, 4_000_000, 18, 30)
    assert vacancy.kecamatan_code == "36.71.01" and not vacancy.remote and vacancy.disability_friendly
    assert vacancy.openings == 2 and vacancy.min_education == "SMA"
    html = text_of(page(client, HOME))
    assert "Drafts (1)" in html and "Kasir Minimarket" in html and "is saved" in html


@pytest.mark.parametrize("typed", ["3500000", "3.500.000", "Rp 3.500.000", "Rp3.500.000,-", "rp. 3.500.000,00",
                                   "IDR 3,500,000", " 3 500 000 "])
def test_pay_is_understood_as_people_type_it(typed):
    assert parse_rupiah(typed) == 3_500_000


@pytest.mark.parametrize("typed", ["tiga juta", "3.500.000,50", "3.5", "-3500000", "3.50.000"])
def test_pay_that_is_not_a_whole_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_rupiah(typed)


def test_pay_in_words_comes_back_with_a_message(client, boss):
    response = post(client, NEW, vacancy_data(pay_min="tiga juta"), NEW)
    assert response.status_code == 422
    html = text_of(response)
    assert 'id="pay_min-error">Write the amount in rupiah, for example 3.500.000.' in html
    assert 'value="tiga juta"' in html and count(Vacancy) == 0


def test_pay_age_and_the_disability_flag_are_optional(client, boss):
    data = vacancy_data(pay_min="", pay_max="", age_min="", age_max="", disability_friendly=None,
                        requirements="", min_education="none")
    assert post(client, NEW, data, NEW).status_code == 302
    vacancy = only_vacancy()
    assert (vacancy.pay_min, vacancy.pay_max, vacancy.age_min, vacancy.age_max) == (None, None, None, None)
    assert vacancy.min_education == "none" and not vacancy.disability_friendly and vacancy.requirements == ""


@pytest.mark.parametrize("changes, field, message", [
    ({"closes_on": "past"}, "closes_on", "The closing date cannot be in the past."),
    ({"pay_min": "5.000.000", "pay_max": "Rp 3.500.000"}, "pay_min",
     "The lowest pay cannot be more than the highest pay."),
    ({"age_min": "40", "age_max": "25"}, "age_min", "The lowest age cannot be more than the highest age."),
    ({"age_min": "12"}, "age_min", "Ages are between 15 and 65."),
    ({"kecamatan_code": ""}, "kecamatan_code", "Choose the kecamatan where the work is, or mark the job as remote."),
    ({"openings": "0"}, "openings", "Enter a number from 1 to 10000."),
    ({"title": ""}, "title", "Enter the job title."),
    ({"closes_on": ""}, "closes_on", "Enter the closing date."),
    ({"min_education": "SMU"}, "min_education", "Not a valid choice."),
    ({"kecamatan_code": "32.01.01"}, "kecamatan_code", "Not a valid choice."),
])
def test_an_impossible_vacancy_comes_back_with_the_reason_beside_the_field(client, boss, changes, field, message):
    if changes.get("closes_on") == "past":
        changes["closes_on"] = (region_today() - timedelta(days=1)).isoformat()
    response = post(client, NEW, vacancy_data(**changes), NEW)
    assert response.status_code == 422
    html = text_of(response)
    assert f'id="{field}-error">{message}' in html
    assert "Melayani pembeli di kasir." in html and ('value="Kasir Minimarket"' in html or field == "title")
    assert count(Vacancy) == 0


def test_a_past_closing_date_is_refused_when_submitting_too(client, boss):
    data = vacancy_data(action="submit", closes_on=(region_today() - timedelta(days=3)).isoformat())
    response = post(client, NEW, data, NEW)
    assert response.status_code == 422 and "The closing date cannot be in the past." in text_of(response)
    assert count(Vacancy) == 0


def test_a_remote_job_needs_no_kecamatan_and_keeps_none(client, boss):
    assert post(client, NEW, vacancy_data(kecamatan_code="36.71.05", remote="y"), NEW).status_code == 302
    vacancy = only_vacancy()
    assert vacancy.remote and vacancy.kecamatan_code is None


def test_a_repeated_submission_creates_the_vacancy_once(client, boss):
    token = csrf_from(page(client, NEW))
    data = {**vacancy_data(), "csrf_token": token, "idempotency_key": "lowongan-sekali-saja-1"}
    assert client.post(NEW, data=data, headers=EN).status_code == 302
    assert client.post(NEW, data=data, headers=EN).status_code == 302
    assert count(Vacancy) == 1


def test_without_a_company_a_new_vacancy_leads_to_registration(client, pencaker_region, make_user):
    sign_in(client, make_user(pencaker_region))
    response = page(client, NEW)
    assert response.status_code == 302 and response.headers["Location"].endswith("/pencaker/perusahaan/daftar")


# Review, publication, closing

def test_submitting_at_once_sends_the_vacancy_to_review(client, boss):
    response = post(client, NEW, vacancy_data(action="submit"), NEW)
    assert response.status_code == 302
    assert only_vacancy().status == VacancyStatus.REVIEW
    html = text_of(page(client, HOME))
    assert "In review by Disnaker (1)" in html and "It goes live once they approve it." in html


def test_an_unverified_company_may_submit_and_is_told_it_goes_live_after_verification(client, boss):
    boss.status = EmployerStatus.PENDING
    db.session.commit()
    assert "Your vacancies go live only after Disnaker verifies your company" in text_of(page(client, NEW))
    post(client, NEW, vacancy_data(action="submit"), NEW)
    assert only_vacancy().status == VacancyStatus.REVIEW
    assert "can go live only after Disnaker verifies your company" in text_of(page(client, HOME))


def test_draft_to_review_to_published_to_closed(client, boss, make_vacancy, disnaker):
    vacancy = make_vacancy(boss, status=VacancyStatus.DRAFT)
    assert post(client, url(vacancy, "ajukan"), {}, url(vacancy)).status_code == 302
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.REVIEW
    vacancies.publish(vacancy, disnaker)
    db.session.commit()
    html = text_of(page(client, url(vacancy)))
    assert "Published, open until" in html and f"/loker/{vacancy.id}" in html and "Close this vacancy" in html
    assert post(client, url(vacancy, "tutup"), {}, url(vacancy)).status_code == 302
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.CLOSED and vacancy.closed_at is not None
    assert "Closed (1)" in text_of(page(client, HOME))


def test_closing_twice_is_harmless(client, boss, make_vacancy):
    vacancy = make_vacancy(boss)
    post(client, url(vacancy, "tutup"), {}, NEW)
    assert post(client, url(vacancy, "tutup"), {}, NEW).status_code == 302
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.CLOSED


def test_only_a_published_vacancy_can_be_closed(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.DRAFT)
    response = post(client, url(vacancy, "tutup"), {}, url(vacancy))
    assert response.status_code == 409 and "Only a published vacancy can be closed." in text_of(response)
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT


def test_submitting_a_draft_whose_closing_date_passed_shows_the_field(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.DRAFT, closes_on=region_today() - timedelta(days=2))
    response = post(client, url(vacancy, "ajukan"), {}, HOME)
    assert response.status_code == 422
    assert 'id="closes_on-error">The closing date cannot be in the past.' in text_of(response)
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT


def test_a_returned_vacancy_shows_the_note_and_can_be_edited_and_submitted_again(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.RETURNED, review_note="Tulis kisaran gaji.")
    html = text_of(page(client, url(vacancy)))
    assert "Tulis kisaran gaji." in html and 'name="title"' in html
    response = post(client, url(vacancy), vacancy_data(title="Operator Produksi Shift", action="submit"), url(vacancy))
    assert response.status_code == 302
    db.session.refresh(vacancy)
    assert (vacancy.title, vacancy.status, vacancy.pay_min) == ("Operator Produksi Shift", VacancyStatus.REVIEW,
                                                                3_500_000)


def test_editing_a_draft_keeps_it_a_draft(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.DRAFT, pay_min=3_000_000)
    html = text_of(page(client, url(vacancy)))
    assert 'value="Operator Produksi"' in html and 'value="3.000.000"' in html  # pay shown as people write it
    assert post(client, url(vacancy), vacancy_data(pay_min="2500000", pay_max=""), url(vacancy)).status_code == 302
    db.session.refresh(vacancy)
    assert (vacancy.status, vacancy.pay_min, vacancy.pay_max) == (VacancyStatus.DRAFT, 2_500_000, None)


def test_a_bad_edit_keeps_what_was_typed_and_changes_nothing(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.DRAFT)
    response = post(client, url(vacancy), vacancy_data(title="Judul Baru", age_min="50", age_max="20"), url(vacancy))
    assert response.status_code == 422
    html = text_of(response)
    assert "The lowest age cannot be more than the highest age." in html and 'value="Judul Baru"' in html
    db.session.refresh(vacancy)
    assert vacancy.title == "Operator Produksi"


@pytest.mark.parametrize("status", [VacancyStatus.PUBLISHED, VacancyStatus.REVIEW, VacancyStatus.CLOSED])
def test_a_vacancy_past_draft_cannot_be_edited(client, boss, make_vacancy, status):
    vacancy = make_vacancy(boss, status=status)
    html = text_of(page(client, url(vacancy)))
    assert 'name="title"' not in html and "Menjalankan mesin produksi." in html  # shown, not editable
    response = post(client, url(vacancy), vacancy_data(title="Diubah diam-diam"), NEW)
    assert response.status_code == 409
    assert "only a draft or a vacancy returned by Disnaker can be edited" in text_of(response)
    db.session.refresh(vacancy)
    assert vacancy.title == "Operator Produksi" and vacancy.status == status


def test_the_read_only_view_says_everything_in_words(client, boss, make_vacancy):
    vacancy = make_vacancy(boss, status=VacancyStatus.REVIEW, pay_min=3_500_000, pay_max=4_000_000, age_min=18,
                           age_max=30, disability_friendly=True)
    html = text_of(page(client, url(vacancy)))
    assert "In review by Disnaker" in html and "Manufacturing" in html and "Full time" in html
    assert "Senior high school (SMA/MA)" in html and "18 to 30 years" in html and "Karawaci" in html
    assert "IDR" in html and "3,500,000" in html and "Welcome to apply" in html


# Isolation: another company, another region

@pytest.mark.parametrize("method, action", [("get", ""), ("post", ""), ("post", "ajukan"), ("post", "tutup"),
                                            ("get", "pelamar")])
def test_another_companys_vacancy_is_not_found(client, boss, rival, make_vacancy, method, action):
    theirs = make_vacancy(rival, status=VacancyStatus.DRAFT if action == "ajukan" else VacancyStatus.PUBLISHED)
    if method == "get":
        response = page(client, url(theirs, action))
    else:
        response = post(client, url(theirs, action), vacancy_data(), NEW)
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.title == "Operator Produksi" and theirs.status in (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED)


def test_a_vacancy_of_another_region_is_not_found_even_for_its_owner(client, boss, make_region, in_region,
                                                                     pencaker_region):
    other = make_region("depok", hosts=["depok.test"])
    in_region(other)
    # The same person owns a company there too: only the region of the site counts.
    theirs = Employer(region_id=other.id, owner_id=boss.owner_id, name="PT Depok", nib="2222222222222",
                      sector="C", address="x", contact_name="x", contact_phone="+6281200000000",
                      status=EmployerStatus.VERIFIED)
    db.session.add(theirs)
    db.session.flush()
    vacancy = Vacancy(region_id=other.id, employer_id=theirs.id, title="Lowongan Depok", sector="C",
                      description="x", min_education="SMA", remote=True, employment_type="FULL_TIME",
                      closes_on=region_today() + timedelta(days=5), status=VacancyStatus.DRAFT)
    db.session.add(vacancy)
    db.session.commit()
    in_region(pencaker_region)
    assert page(client, url(vacancy)).status_code == 404
    assert page(client, url(vacancy, "pelamar")).status_code == 404
    assert post(client, url(vacancy, "ajukan"), {}, NEW).status_code == 404
    in_region(other)
    db.session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT


def test_a_person_without_a_company_finds_no_vacancy(client, pencaker_region, make_user, make_vacancy):
    vacancy = make_vacancy()
    sign_in(client, make_user(pencaker_region))
    assert page(client, url(vacancy)).status_code == 404
