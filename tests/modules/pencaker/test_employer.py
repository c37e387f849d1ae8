"""Employers register their company (NIB, phone, website checked), one per account and region; Disnaker's
verification shows as a badge, a rejection with its reason, and changing a verified company's name or NIB
sends it back for verification. Also the employer's home page with vacancies by state."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.clock import region_today
from webapp.core.models import IdempotencyKey
from webapp.extensions import db
from webapp.modules.pencaker.models import Application, Employer, EmployerStatus, VacancyStatus

EN = {"Accept-Language": "en"}
HOME = "/pencaker/perusahaan/"
REGISTER = "/pencaker/perusahaan/daftar"
EDIT = "/pencaker/perusahaan/ubah"


def page(client, url, **kwargs):
    return client.get(url, headers=EN, **kwargs)


def post(client, url, data, page_url):
    """Open `page_url` for its CSRF token, then send the form as a person would."""
    token = csrf_from(page(client, page_url))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def company_data(**changes) -> dict:
    data = {"name": "CV Sumber Rezeki", "nib": "9120 0012 3456 7", "sector": "G", "address": "Jl. Daan Mogot 12",
            "kecamatan_code": "36.71.01", "contact_name": "Pak Hendra", "contact_phone": "0812-1111-2222",
            "contact_email": "HRD@Sumber.co.id", "website": "https://sumber.co.id", "description": "Toko grosir."}
    data.update(changes)
    return data


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@pytest.fixture
def person(pencaker_region, client):
    """A signed-in account without a company."""
    user = quick_user(pencaker_region, name="Hendra")
    sign_in(client, user)
    return user


@pytest.fixture
def boss(pencaker_region, make_employer, client):
    """A signed-in account that owns a verified company."""
    user = quick_user(pencaker_region, name="Rina")
    employer = make_employer(owner=user)
    sign_in(client, user)
    return employer


# Who may open the employer's pages

@pytest.mark.parametrize("path", [HOME, REGISTER, EDIT, "/pencaker/perusahaan/lowongan/baru"])
def test_employer_pages_need_a_signed_in_account(client, pencaker_region, path):
    response = page(client, path)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_without_a_company_the_home_page_invites_to_register(client, person):
    html = text_of(page(client, HOME))
    assert "Register your company" in html and REGISTER in html


# Registration

def test_registering_a_company_stores_clean_values_and_waits_for_verification(client, person):
    response = post(client, REGISTER, company_data(), REGISTER)
    assert response.status_code == 302
    employer = db.session.execute(select(Employer)).scalar_one()
    assert (employer.owner_id, employer.status) == (person.id, EmployerStatus.PENDING)
    assert employer.nib == "9120001234567"  # separators stripped
    assert employer.contact_phone == "+6281211112222" and employer.contact_email == "hrd@sumber.co.id"
    assert employer.kecamatan_code == "36.71.01" and employer.website == "https://sumber.co.id"
    html = text_of(page(client, HOME))
    assert "Waiting for verification" in html
    assert "Your vacancies go live only after Disnaker verifies your company." in html


def test_kecamatan_website_e_mail_and_description_are_optional(client, person):
    data = company_data(kecamatan_code="", website="", contact_email="", description="")
    assert post(client, REGISTER, data, REGISTER).status_code == 302
    employer = db.session.execute(select(Employer)).scalar_one()
    assert (employer.kecamatan_code, employer.website, employer.contact_email) == (None, None, None)


@pytest.mark.parametrize("field, value, message", [
    ("nib", "12345", "The NIB is the 13-digit number from OSS"),
    ("nib", "12345678901234", "The NIB is the 13-digit number from OSS"),
    ("nib", "91200O1234567", "The NIB is the 13-digit number from OSS"),
    ("contact_phone", "12345", "This phone number is not valid."),
    ("contact_phone", "", "Enter a phone number."),
    ("website", "ftp://sumber.co.id", "starting with https:// or http://"),
    ("website", "javascript:alert(1)", "starting with https:// or http://"),
    ("contact_email", "hrd@", "This e-mail address is not valid."),
    ("name", "", "Enter the company name."),
    ("sector", "ZZ", "Not a valid choice."),
    ("kecamatan_code", "32.01.01", "Not a valid choice."),
])
def test_bad_company_details_come_back_with_the_reason_and_what_was_typed(client, person, field, value, message):
    response = post(client, REGISTER, company_data(**{field: value}), REGISTER)
    assert response.status_code == 422
    html = text_of(response)
    error = re.search(rf'id="{field}-error">([^<]*)', html)
    assert error and message in error.group(1)
    assert 'value="Jl. Daan Mogot 12"' in html and "Toko grosir." in html
    assert count(Employer) == 0


def test_a_website_without_scheme_gets_https(client, person):
    post(client, REGISTER, company_data(website="www.sumber.co.id"), REGISTER)
    assert db.session.execute(select(Employer.website)).scalar_one() == "https://www.sumber.co.id"


def test_a_repeated_registration_creates_the_company_once(client, person):
    token = csrf_from(page(client, REGISTER))
    data = {**company_data(), "csrf_token": token, "idempotency_key": "kunci-sekali-saja-123"}
    first = client.post(REGISTER, data=data, headers=EN)
    again = client.post(REGISTER, data=data, headers=EN)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"].endswith(HOME)
    assert count(Employer) == 1
    assert count(IdempotencyKey, IdempotencyKey.scope == "pencaker.employer") == 1


def test_a_second_company_for_the_same_account_is_refused_with_a_link_to_the_first(client, boss):
    html = text_of(page(client, REGISTER))
    assert "already registered “PT Maju Jaya”" in html and f'href="{HOME}"' in html
    assert 'name="nib"' not in html
    response = post(client, REGISTER, company_data(), EDIT)
    assert response.status_code == 409 and "already registered “PT Maju Jaya”" in text_of(response)
    assert count(Employer) == 1


def test_the_same_account_may_register_in_another_region(client, boss, make_region, in_region, pencaker_region):
    other = make_region("depok", hosts=["depok.test"])
    in_region(other)
    db.session.add(Employer(region_id=other.id, owner_id=boss.owner_id, name="PT Lain", nib="1111111111111",
                            sector="C", address="x", contact_name="x", contact_phone="+6281200000000"))
    db.session.commit()
    in_region(pencaker_region)
    html = text_of(page(client, HOME))
    assert "PT Maju Jaya" in html and "PT Lain" not in html


# Verification, rejection, edits

def test_a_verified_company_shows_the_badge_in_words(client, boss):
    html = text_of(page(client, HOME))
    assert "Verified by Disnaker" in html and "✓" in html
    assert "Waiting for verification" not in html


def test_a_rejected_company_sees_the_reason_and_can_ask_again(client, boss):
    boss.status, boss.reason = EmployerStatus.REJECTED, "NIB tidak cocok dengan nama perusahaan."
    db.session.commit()
    html = text_of(page(client, HOME))
    assert "Not verified" in html and "NIB tidak cocok dengan nama perusahaan." in html and EDIT in html
    assert "Save and ask Disnaker again" in text_of(page(client, EDIT))
    data = company_data(name="PT Maju Jaya Sentosa", nib="1234567890124")
    assert post(client, EDIT, data, EDIT).status_code == 302
    db.session.refresh(boss)
    assert (boss.status, boss.reason, boss.name) == (EmployerStatus.PENDING, None, "PT Maju Jaya Sentosa")


def test_the_edit_form_warns_that_a_new_name_needs_verification_again(client, boss):
    html = text_of(page(client, EDIT))
    assert "Changing the name or the NIB sends your company back to Disnaker for verification" in html
    assert 'value="PT Maju Jaya"' in html and 'value="0812-9876-5432"' in html


@pytest.mark.parametrize("changes", [{"name": "PT Maju Mundur"}, {"nib": "1234567890999"}])
def test_renaming_a_verified_company_sends_it_back_to_pending(client, boss, changes):
    data = company_data(**{"name": "PT Maju Jaya", "nib": "1234567890123", **changes})
    response = post(client, EDIT, data, EDIT)
    assert response.status_code == 302
    db.session.refresh(boss)
    assert boss.status == EmployerStatus.PENDING and boss.verified_at is None
    assert "Disnaker will check your company again" in text_of(page(client, HOME))


def test_other_edits_keep_a_verified_company_verified(client, boss):
    data = company_data(name="PT Maju Jaya", nib="1234-5678-9012-3", address="Jl. Baru 7")
    assert post(client, EDIT, data, EDIT).status_code == 302
    db.session.refresh(boss)
    assert boss.status == EmployerStatus.VERIFIED and boss.address == "Jl. Baru 7"


def test_a_bad_edit_is_refused_and_keeps_the_company(client, boss):
    response = post(client, EDIT, company_data(name="PT Maju Jaya", nib="123"), EDIT)
    assert response.status_code == 422 and 'value="123"' in text_of(response)
    db.session.refresh(boss)
    assert boss.nib == "1234567890123" and boss.status == EmployerStatus.VERIFIED


def test_editing_without_a_company_leads_to_registration(client, person):
    response = page(client, EDIT)
    assert response.status_code == 302 and response.headers["Location"].endswith(REGISTER)


# The employer's home

def test_home_groups_vacancies_by_state_in_words_with_the_disnaker_note(client, boss, make_vacancy):
    today = region_today()
    make_vacancy(boss, title="Kasir", status=VacancyStatus.DRAFT)
    make_vacancy(boss, title="Sopir", status=VacancyStatus.REVIEW)
    make_vacancy(boss, title="Satpam", status=VacancyStatus.RETURNED, review_note="Gaji harus ditulis.")
    make_vacancy(boss, title="Operator", closes_on=today + timedelta(days=10))
    make_vacancy(boss, title="Admin Gudang", closes_on=today - timedelta(days=1))
    make_vacancy(boss, title="Teknisi", status=VacancyStatus.CLOSED)
    html = text_of(page(client, HOME))
    for heading in ("Drafts (1)", "In review by Disnaker (1)", "Returned by Disnaker (1)", "Published (1)",
                    "Expired (1)", "Closed (1)"):
        assert heading in html
    assert "Gaji harus ditulis." in html
    assert "Published, open until" in html and "Expired on" in html
    assert html.index("Returned by Disnaker (1)") < html.index("Drafts (1)")  # what needs action first
    assert 'href="/pencaker/perusahaan/lowongan/baru"' in html


def test_home_counts_applicants_per_vacancy_in_one_query(client, boss, make_vacancy, make_seeker,
                                                         count_statements):
    vacancies = [make_vacancy(boss, title=f"Lowongan {n}") for n in range(3)]
    for n, vacancy in enumerate(vacancies):
        for _ in range(n + 1):
            db.session.add(Application(vacancy_id=vacancy.id, seeker=make_seeker(full_name="Pelamar")))
    db.session.commit()
    html = text_of(page(client, HOME))
    assert "1 applicant" in html and "2 applicants" in html and "3 applicants" in html
    assert "3 not opened yet" in html
    few = count_statements(lambda: page(client, HOME))
    more = make_vacancy(boss, title="Lowongan 4")
    db.session.add(Application(vacancy_id=more.id, seeker=make_seeker()))
    db.session.commit()
    assert count_statements(lambda: page(client, HOME)) == few


def test_another_companys_vacancies_are_not_on_my_home(client, boss, make_vacancy, make_employer):
    make_vacancy(make_employer(name="PT Saingan"), title="Lowongan Saingan")
    make_vacancy(boss, title="Lowongan Saya")
    html = text_of(page(client, HOME))
    assert "Lowongan Saya" in html and "Lowongan Saingan" not in html
