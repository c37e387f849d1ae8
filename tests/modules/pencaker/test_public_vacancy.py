"""A vacancy's public page: everything a job seeker needs to decide, the company with its verified badge,
sharing, and the warning that applying is free with a "report" link on every vacancy. Closed and expired
vacancies stay readable with a clear note and no apply button; everything not public is 404."""
from __future__ import annotations

from datetime import timedelta

import pytest

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, VacancyStatus

from .test_public import EN

WARNING = "Applying is free. Never pay anyone for a job"


def html_of(client, vacancy, headers=EN) -> str:
    response = client.get(f"/loker/{vacancy.id}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True).replace("\xa0", " ")


def test_the_page_says_everything_about_the_job(client, make_vacancy, make_employer):
    employer = make_employer(name="PT Sinar Abadi", description="Pabrik kemasan sejak 1990.",
                             website="https://sinar.example.id")
    today = region_today()
    vacancy = make_vacancy(
        employer=employer, title="Operator Mesin Cetak", description="Menjalankan mesin cetak.\n\nShift pagi.",
        requirements="Teliti dan sehat.", min_education="SMK", age_min=18, age_max=35, openings=4,
        pay_min=4_800_000, pay_max=5_200_000, employment_type="CONTRACTOR", kecamatan_code="36.71.01",
        closes_on=today + timedelta(days=10), disability_friendly=True, sector="C")
    html = html_of(client, vacancy)
    for text in ("<h1 id=\"vacancy-title\">Operator Mesin Cetak</h1>", "Menjalankan mesin cetak.\n\nShift pagi.",
                 "Teliti dan sehat.", "Vocational high school (SMK)", "18 to 35 years old", "4 people",
                 "IDR 4,800,000 to IDR 5,200,000 a month", "<dd>Tangerang</dd>", "Contract", "Manufacturing",
                 "Closes in 10 days", "Welcomes people with disabilities", "PT Sinar Abadi", "Verified company",
                 "Pabrik kemasan sejak 1990.", 'href="https://sinar.example.id"', "Jl. Industri 5, Karawaci"):
        assert text in html, text


@pytest.mark.parametrize("fields, words", [
    ({"age_min": 20}, "At least 20 years old"),
    ({"age_max": 40}, "At most 40 years old"),
    ({"min_education": "none"}, "No minimum"),
    ({"pay_max": 6_000_000}, "Up to IDR 6,000,000 a month"),
    ({"pay_min": 5_000_000, "pay_max": 5_000_000}, "IDR 5,000,000 a month"),
    ({}, "Pay not stated"),
])
def test_ages_education_and_pay_read_as_words(client, make_vacancy, fields, words):
    assert words in html_of(client, make_vacancy(**fields))


def test_no_age_line_when_no_age_is_asked(client, make_vacancy):
    assert "<dt>Age</dt>" not in html_of(client, make_vacancy())


def test_a_website_that_is_not_http_is_not_a_link(client, make_vacancy, make_employer):
    html = html_of(client, make_vacancy(employer=make_employer(website="javascript:alert(1)")))
    assert "href=\"javascript:" not in html and "<dt>Website</dt>" not in html


def test_canonical_link_open_graph_and_whatsapp_share(client, make_vacancy):
    vacancy = make_vacancy(title="Barista", description="Meracik kopi untuk pelanggan.")
    html = html_of(client, vacancy)
    assert f'<link rel="canonical" href="http://localhost/loker/{vacancy.id}">' in html
    assert '<meta property="og:title" content="Barista at PT Maju Jaya">' in html
    assert '<meta property="og:description" content="Meracik kopi untuk pelanggan.">' in html
    share = "https://wa.me/?text=Barista%20at%20PT%20Maju%20Jaya%20http%3A%2F%2Flocalhost%2Floker%2F"
    assert f'href="{share}{vacancy.id}"' in html


@pytest.mark.parametrize("status", [VacancyStatus.PUBLISHED, VacancyStatus.CLOSED])
def test_every_vacancy_warns_that_applying_is_free_and_links_to_reporting(client, make_vacancy, status):
    vacancy = make_vacancy(status=status)
    html = html_of(client, vacancy)
    assert WARNING in html
    assert f'<a href="/loker/{vacancy.id}/laporkan">Report this vacancy</a>' in html


def test_an_expired_vacancy_also_carries_the_warning(client, make_vacancy):
    vacancy = make_vacancy(closes_on=region_today() - timedelta(days=2))
    html = html_of(client, vacancy)
    assert WARNING in html and "Report this vacancy" in html


def test_a_closed_vacancy_is_readable_with_a_note_and_no_apply_button(client, make_vacancy):
    html = html_of(client, make_vacancy(title="Satpam", status=VacancyStatus.CLOSED))
    assert "Satpam" in html and "<strong>Closed:</strong>" in html
    assert "no longer takes applications" in html
    assert "/lamar" not in html and "Sign in to apply" not in html
    assert "application/ld+json" not in html and '<meta name="robots" content="noindex">' in html


def test_an_expired_vacancy_says_when_it_closed(client, make_vacancy):
    closed_on = region_today() - timedelta(days=1)
    html = html_of(client, make_vacancy(closes_on=closed_on))
    assert "<strong>Closed:</strong> the closing date" in html and "has passed" in html
    assert "/lamar" not in html and "application/ld+json" not in html


def test_an_open_vacancy_has_no_closed_note(client, make_vacancy):
    html = html_of(client, make_vacancy())
    assert "<strong>Closed:</strong>" not in html and "noindex" not in html


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.REVIEW, VacancyStatus.RETURNED])
def test_drafts_and_vacancies_in_review_or_returned_are_404(client, make_vacancy, status):
    vacancy = make_vacancy(status=status)
    assert client.get(f"/loker/{vacancy.id}").status_code == 404
    assert client.get(f"/loker/{vacancy.id}/laporkan").status_code == 404


def test_a_vacancy_number_larger_than_any_id_is_404_not_an_error(client, make_vacancy):
    make_vacancy()
    huge = "9" * 25
    assert client.get(f"/loker/{huge}").status_code == 404
    assert client.get(f"/loker/{huge}/laporkan").status_code == 404


@pytest.mark.parametrize("employer_status", [EmployerStatus.PENDING, EmployerStatus.REJECTED])
def test_a_vacancy_of_an_unverified_employer_is_404(client, make_vacancy, make_employer, employer_status):
    vacancy = make_vacancy(employer=make_employer(status=employer_status))
    assert client.get(f"/loker/{vacancy.id}").status_code == 404


def test_a_published_vacancy_becomes_404_when_its_employer_loses_verification(client, make_vacancy):
    vacancy = make_vacancy()
    assert client.get(f"/loker/{vacancy.id}").status_code == 200
    vacancy.employer.status = EmployerStatus.REJECTED
    db.session.commit()
    assert client.get(f"/loker/{vacancy.id}").status_code == 404


def test_another_regions_vacancy_and_unknown_ids_are_404(client, make_vacancy, make_region):
    vacancy = make_vacancy()
    make_region("bogor", hosts=["bogor.test"], modules=["pencaker"])
    assert client.get(f"/loker/{vacancy.id}", base_url="http://bogor.test").status_code == 404
    assert client.get("/loker/987654").status_code == 404
