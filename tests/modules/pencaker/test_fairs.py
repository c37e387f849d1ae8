"""Job fairs (bursa kerja): the list puts the ones on now and coming up first, soonest first, and past ones
apart; a fair's page says when and where and which companies take part, linking a registered company to
its open vacancies. Only published fairs of this region are shown."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, JobFair, JobFairCompany

from .test_public import EN


@pytest.fixture
def today(pencaker_region):
    return region_today()


@pytest.fixture
def make_fair(pencaker_region):
    def make(title, starts_in=7, days=2, companies=(), **fields):
        start = region_today() + timedelta(days=starts_in)
        fair = JobFair(region_id=pencaker_region.id, slug=fields.pop("slug", title.lower().replace(" ", "-")),
                       title=title, starts_on=start, ends_on=start + timedelta(days=days - 1),
                       place=fields.pop("place", "Gedung Pusat Pemerintahan"), **fields)
        for company in companies:
            fair.companies.append(JobFairCompany(region_id=pencaker_region.id, **company))
        db.session.add(fair)
        db.session.commit()
        return fair

    return make


def fair_titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/loker/bursa-kerja/[^"]+">([^<]+)</a></h3>', html)


def test_the_list_shows_coming_fairs_soonest_first_then_past_ones_apart(client, make_fair):
    make_fair("Bursa Agustus", starts_in=30)
    make_fair("Bursa Minggu Depan", starts_in=7)
    make_fair("Bursa Hari Ini", starts_in=-1, days=3)  # on now
    make_fair("Bursa Lalu", starts_in=-40)
    make_fair("Bursa Tahun Lalu", starts_in=-300)
    make_fair("Bursa Rahasia", published=False)
    response = client.get("/loker/bursa-kerja", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    coming, past = html.split('id="past-title"')
    assert fair_titles(coming) == ["Bursa Hari Ini", "Bursa Minggu Depan", "Bursa Agustus"]
    assert fair_titles(past) == ["Bursa Lalu", "Bursa Tahun Lalu"]
    assert "<strong>On now</strong>" in coming and "Ended" in past and "Bursa Rahasia" not in html


def test_the_list_says_when_none_is_planned(client, make_fair):
    make_fair("Bursa Lalu", starts_in=-40)
    html = client.get("/loker/bursa-kerja", headers=EN).get_data(as_text=True)
    assert "No job fair is planned right now." in html and "Bursa Lalu" in html


def test_the_list_counts_the_companies(client, make_fair):
    make_fair("Bursa Besar", companies=[{"name": "PT A"}, {"name": "PT B"}, {"name": "PT C"}])
    assert "3 companies" in client.get("/loker/bursa-kerja", headers=EN).get_data(as_text=True)


def test_a_fair_page_says_when_where_and_who(client, make_fair, make_employer, make_vacancy, today):
    registered = make_employer(name="PT Maju Jaya")
    make_vacancy(employer=registered)
    make_vacancy(employer=registered)
    fair = make_fair("Job Fair Kota Tangerang 2025", starts_in=3, days=2, hours="08.00–15.00 WIB",
                     place="Mall Tangcity", address="Jl. Jend. Sudirman No. 1", description="Gratis, bawa CV.",
                     companies=[{"name": "PT Maju Jaya", "booth": "A12", "openings": 25, "employer_id": registered.id},
                                {"name": "Toko Sumber Rejeki", "booth": "B3"}])
    response = client.get(f"/loker/bursa-kerja/{fair.slug}", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start, end = fair.starts_on, fair.ends_on  # two days
    for text in ("Job Fair Kota Tangerang 2025", "08.00–15.00 WIB", "Mall Tangcity", "Jl. Jend. Sudirman No. 1",
                 "Gratis, bawa CV.", "Booth A12", "25 openings", "Toko Sumber Rejeki", "Booth B3", "Coming up"):
        assert text in html, text
    assert f'<a href="/loker/?perusahaan={registered.id}">2 open vacancies on this site</a>' in html
    assert html.count("open vacanc") == 1  # the unregistered shop gets no link
    assert f"{start.day}, {start.year} to " in html and f"{end.day}, {end.year}" in html


def test_the_companys_link_opens_its_open_vacancies(client, make_fair, make_employer, make_vacancy):
    registered = make_employer(name="PT Maju Jaya")
    make_vacancy(employer=registered, title="Operator")
    make_vacancy(employer=make_employer(name="PT Lain"), title="Lainnya")
    make_fair("Bursa", companies=[{"name": "PT Maju Jaya", "employer_id": registered.id}])
    html = client.get(f"/loker/?perusahaan={registered.id}", headers=EN).get_data(as_text=True)
    assert "Operator" in html and "Lainnya" not in html


def test_an_unverified_registered_company_gets_no_vacancy_link(client, make_fair, make_employer, make_vacancy):
    pending = make_employer(status=EmployerStatus.PENDING)
    make_vacancy(employer=pending)
    fair = make_fair("Bursa", companies=[{"name": "PT Baru", "employer_id": pending.id}])
    html = client.get(f"/loker/bursa-kerja/{fair.slug}", headers=EN).get_data(as_text=True)
    assert "PT Baru" in html and "perusahaan=" not in html


def test_a_one_day_fair_shows_one_date(client, make_fair):
    fair = make_fair("Bursa Sehari", days=1)
    html = client.get(f"/loker/bursa-kerja/{fair.slug}", headers=EN).get_data(as_text=True)
    assert f'<time datetime="{fair.starts_on.isoformat()}">' in html


def test_a_past_fair_says_it_ended(client, make_fair):
    fair = make_fair("Bursa Lalu", starts_in=-10)
    assert "Ended" in client.get(f"/loker/bursa-kerja/{fair.slug}", headers=EN).get_data(as_text=True)


def test_unknown_or_unpublished_fairs_are_404(client, make_fair, make_region):
    hidden = make_fair("Bursa Rahasia", published=False)
    shown = make_fair("Bursa Umum")
    assert client.get("/loker/bursa-kerja/tidak-ada").status_code == 404
    assert client.get(f"/loker/bursa-kerja/{hidden.slug}").status_code == 404
    make_region("bogor", hosts=["bogor.test"], modules=["pencaker"])
    assert client.get(f"/loker/bursa-kerja/{shown.slug}", base_url="http://bogor.test").status_code == 404
