"""Pencaker's part of /cari: open vacancies of verified employers by title, company or description, and
published job fairs that have not ended, linked to their public pages; nothing else."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, JobFair, VacancyStatus
from webapp.modules.pencaker.search import search

from .test_public import EN


@pytest.fixture
def request_ctx(app, pencaker_region):
    """url_for needs a request: one on the region's host."""
    with app.test_request_context("/", base_url="http://localhost", headers=EN):
        yield


def fair(title, starts_in=5, published=True, **fields):
    start = region_today() + timedelta(days=starts_in)
    row = JobFair(slug=title.lower().replace(" ", "-"), title=title, starts_on=start, ends_on=start,
                  place=fields.pop("place", "GOR Tangerang"), published=published, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def test_finds_open_vacancies_by_title_company_or_description_newest_first(make_vacancy, make_employer, request_ctx):
    now = datetime.now(timezone.utc)
    a = make_vacancy(title="Teknisi Listrik", published_at=now - timedelta(hours=1))
    make_vacancy(title="Admin", employer=make_employer(name="PT Listrik Jaya"), published_at=now - timedelta(hours=2))
    make_vacancy(title="Satpam", description="Menjaga gardu LISTRIK.", published_at=now - timedelta(hours=3))
    make_vacancy(title="Listrik draf", status=VacancyStatus.DRAFT)
    make_vacancy(title="Listrik ditutup", status=VacancyStatus.CLOSED)
    make_vacancy(title="Listrik lewat", closes_on=region_today() - timedelta(days=1))
    make_vacancy(title="Listrik belum diverifikasi", employer=make_employer(status=EmployerStatus.PENDING))
    make_vacancy(title="Kasir")

    hits = search("listrik", 10)

    assert [h.title for h in hits] == ["Teknisi Listrik · PT Maju Jaya", "Admin · PT Listrik Jaya",
                                       "Satpam · PT Maju Jaya"]
    assert hits[0].url == f"/loker/{a.id}" and hits[2].summary == "Menjaga gardu LISTRIK."
    assert str(hits[0].kind) == "Vacancy" and hits[0].when is not None


def test_finds_published_job_fairs_that_have_not_ended(pencaker_region, request_ctx):
    fair("Bursa Kerja Akbar", starts_in=10, place="Mall Tangcity")
    fair("Bursa Kerja Lalu", starts_in=-5)
    fair("Bursa Kerja Draf", published=False)
    fair("Pameran", description="Bursa kerja dan pelatihan.", starts_in=0)

    hits = search("bursa kerja", 10)

    assert [h.title for h in hits] == ["Pameran", "Bursa Kerja Akbar"]
    assert hits[1].url == "/loker/bursa-kerja/bursa-kerja-akbar" and hits[1].summary == "Mall Tangcity"
    assert str(hits[1].kind) == "Job fair"


def test_percent_and_underscore_are_literal(make_vacancy, request_ctx):
    make_vacancy(title="Bonus 100% target")
    make_vacancy(title="Bonus 1000 target")
    assert [h.title for h in search("100%", 10)] == ["Bonus 100% target · PT Maju Jaya"]
    assert search("_", 10) == [] and search("a_b", 10) == []


def test_a_short_query_or_no_room_finds_nothing(make_vacancy, request_ctx):
    make_vacancy(title="Operator")
    assert search("o", 10) == [] and search("   ", 10) == [] and search("Operator", 0) == []


def test_at_most_limit_hits(make_vacancy, make_employer, request_ctx):
    employer = make_employer()
    for n in range(5):
        make_vacancy(employer=employer, title=f"Operator {n}")
    assert len(search("operator", 3)) == 3


def test_cari_lists_vacancies_with_links(client, make_vacancy):
    vacancy = make_vacancy(title="Operator Forklift")
    response = client.get("/cari?q=forklift", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<a href="/loker/{vacancy.id}">Operator Forklift · PT Maju Jaya</a>' in html
    assert 'id="found-pencaker"' in html and "· Vacancy" in html
