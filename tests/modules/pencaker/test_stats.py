"""Disnaker's statistics on a known dataset: seekers by highest education, gender and age at registration,
vacancies and openings by sector, applications and placements per month; local (WIB) days with both ends
of the period included; the CSV export read back; impossible periods refused with 400."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest
from flask import g

from tests.core.test_roles import sign_in
from webapp.core.models import utcnow
from webapp.extensions import db
from webapp.modules.pencaker import stats
from webapp.modules.pencaker.models import (Application, Placement, Seeker, SeekerEducation, VacancyStatus)

from .conftest import nik_for
from .test_staff_queues import EN, new_employer, new_seeker, new_vacancy, text  # noqa: F401  (fixtures)

START, END = date(2026, 1, 1), date(2026, 3, 31)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def dataset(pencaker_region, make_region, new_seeker, new_vacancy):
    """Seekers, vacancies, applications and placements around the first quarter of 2026 (WIB = UTC+7)."""

    def seeker(created, born, gender, education=None, **fields):
        return new_seeker(with_account=False, created_at=created, birth_date=born, gender=gender,
                          education=education, nik=nik_for(born, gender), **fields)

    seeker(utc(2025, 12, 31, 16, 59), date(1990, 1, 1), "L", "S1")  # 23:59 WIB on 31 December: before
    b = seeker(utc(2025, 12, 31, 17, 0), date(2000, 3, 10), "L", "SMK")  # 00:00 WIB on 1 January, 25 years old
    c = seeker(utc(2026, 3, 9, 10, 0), date(2006, 3, 10), "P", "SMA")  # the day before turning 20: 19
    c.educations.append(SeekerEducation(level="S1", school="Universitas Terbuka", year=2025))
    seeker(utc(2026, 3, 9, 17, 30), date(2006, 3, 10), "L")  # 00:30 WIB on 10 March, turning 20; no education
    seeker(utc(2026, 3, 31, 16, 59), date(1960, 1, 1), "P", "SD")  # 23:59 WIB on 31 March, 66
    seeker(utc(2026, 3, 31, 17, 0), date(1990, 1, 1), "P", "S2")  # 00:00 WIB on 1 April: after
    db.session.commit()

    v1 = new_vacancy(sector="C", openings=5, published_at=utc(2026, 1, 15, 3, 0))
    v2 = new_vacancy(sector="C", openings=3, published_at=utc(2026, 2, 1, 3, 0), status=VacancyStatus.CLOSED)
    new_vacancy(sector="G", openings=2, published_at=utc(2026, 3, 31, 16, 0))  # 23:00 WIB on 31 March
    new_vacancy(sector="G", openings=9, published_at=utc(2026, 3, 31, 18, 0))  # 01:00 WIB on 1 April: after
    new_vacancy(sector="F", openings=4, status=VacancyStatus.REVIEW)

    db.session.add_all([
        Application(vacancy_id=v1.id, seeker_id=b.id, created_at=utc(2026, 1, 31, 17, 30)),  # 1 Feb WIB
        Application(vacancy_id=v1.id, seeker_id=c.id, created_at=utc(2026, 1, 20, 2, 0)),
        Application(vacancy_id=v2.id, seeker_id=b.id, created_at=utc(2026, 3, 5, 2, 0)),
        Application(vacancy_id=v2.id, seeker_id=c.id, created_at=utc(2025, 12, 31, 16, 0)),  # 31 Dec WIB
    ])
    for day in (date(2026, 1, 1), date(2026, 2, 14), date(2026, 3, 31), date(2026, 4, 1)):
        db.session.add(Placement(seeker_id=b.id, employer_name="PT X", started_on=day, source="self"))
    db.session.commit()

    other = make_region("depok", hosts=["depok.test"], modules=["pencaker"])
    db.session.add(Seeker(region_id=other.id, nik=nik_for(date(2000, 1, 1)), full_name="Orang Depok",
                          birth_place="Depok", birth_date=date(2000, 1, 1), gender="L", marital_status="single",
                          address="x", created_at=utc(2026, 2, 1)))
    db.session.commit()
    g.region = pencaker_region
    return pencaker_region


def counts(rows) -> dict:
    return {row.key: row.count for row in rows if row.count}


def test_seekers_are_counted_by_highest_education_gender_and_age_at_registration(dataset):
    numbers = stats.numbers(START, END)
    assert numbers.seekers == 4
    assert counts(numbers.education) == {"SMK": 1, "S1": 1, "SD": 1, "none": 1}
    assert counts(numbers.gender) == {"L": 2, "P": 2}
    assert counts(numbers.age) == {"15-19": 1, "20-24": 1, "25-29": 1, "55+": 1}
    assert [row.key for row in numbers.age] == ["15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-54", "55+"]


def test_vacancies_and_openings_are_counted_by_sector(dataset):
    numbers = stats.numbers(START, END)
    assert [(row.key, row.count, row.extra) for row in numbers.sectors] == [("C", 2, 8), ("G", 1, 2)]
    assert (numbers.vacancies, numbers.openings) == (3, 10)


def test_applications_and_placements_are_counted_per_local_month(dataset):
    numbers = stats.numbers(START, END)
    assert [(key, applied, placed) for key, _label, applied, placed in numbers.months] == [
        ("2026-01", 1, 1), ("2026-02", 1, 1), ("2026-03", 1, 1)]


def test_a_one_day_period_counts_that_local_day(dataset):
    numbers = stats.numbers(date(2026, 3, 10), date(2026, 3, 10))
    assert numbers.seekers == 1 and counts(numbers.gender) == {"L": 1}


def test_the_numbers_take_one_query_per_table(dataset, count_statements):
    stats.numbers(START, END)
    assert count_statements(lambda: stats.numbers(START, END)) == 5


@pytest.fixture
def officer(client, disnaker):
    sign_in(client, disnaker)
    return disnaker


def test_the_statistics_page_shows_the_tables_with_captions(client, officer, dataset):
    page = text(client.get("/staf/pencaker/statistik?dari=2026-01-01&sampai=2026-03-31", headers=EN))
    assert "4 job seekers registered, 3 vacancies published with 10 openings" in page
    for caption in ("Job seekers registered, by highest education", "Job seekers registered, by gender",
                    "Job seekers registered, by age when they registered", "Vacancies published, by sector",
                    "Applications sent and placements (by the day work started), per month"):
        assert f"<caption>{caption}</caption>" in page
    assert "<th scope=\"row\">Manufacturing</th><td>2</td><td>8</td>" in page
    assert 'href="/staf/pencaker/statistik.csv?dari=2026-01-01&amp;sampai=2026-03-31"' in page


def test_the_default_period_is_this_year_so_far(client, officer, new_seeker):
    new_seeker(created_at=utcnow())
    page = text(client.get("/staf/pencaker/statistik", headers=EN))
    year = utcnow().year
    assert f'value="{year}-01-01"' in page and "1 job seekers registered" in page


def read_csv(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_export_has_one_line_per_number(client, officer, dataset):
    response = client.get("/staf/pencaker/statistik.csv?dari=2026-01-01&sampai=2026-03-31", headers=EN)
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="pencaker-2026-01-01-2026-03-31.csv"'
    rows = read_csv(response)
    assert rows[0] == ["section", "key", "label", "count"]
    assert all(len(row) == 4 for row in rows)
    found = {(section, key): int(count) for section, key, _label, count in rows[1:]}
    assert found[("seekers", "total")] == 4 and found[("education", "S1")] == 1 and found[("education", "none")] == 1
    assert found[("gender", "P")] == 2 and found[("age", "55+")] == 1 and found[("age", "30-34")] == 0
    assert found[("vacancies", "C")] == 2 and found[("openings", "C")] == 8 and found[("openings", "total")] == 10
    assert found[("applications", "2026-02")] == 1 and found[("placements", "2026-03")] == 1
    labels = {(section, key): label for section, key, label, _count in rows[1:]}
    assert labels[("vacancies", "G")] == "Wholesale and retail trade, vehicle repair"


def test_the_statistics_page_also_answers_in_csv(client, officer, dataset):
    response = client.get("/staf/pencaker/statistik?dari=2026-01-01&sampai=2026-03-31&format=csv", headers=EN)
    assert response.mimetype == "text/csv" and read_csv(response)[1] == ["seekers", "total",
                                                                          "Job seekers registered", "4"]


@pytest.mark.parametrize("query, message", [
    ("dari=2026-03-01&sampai=2026-02-01", "The end of the period must not be before its start."),
    ("dari=2026-02-30&sampai=2026-03-01", "Not a valid date value."),
    ("dari=2020-01-01&sampai=2025-06-30", "Choose a period of at most 5 years."),
    ("dari=2026-01-01", "Enter the last day of the period."),
])
def test_an_impossible_period_is_refused_with_the_form(client, officer, query, message):
    response = client.get(f"/staf/pencaker/statistik?{query}", headers=EN)
    page = text(response)
    assert response.status_code == 400 and message in page and "<caption>" not in page
    assert f'value="{query.split("&")[0].removeprefix("dari=")}"' in page  # what was typed stays
    assert 'name="dari"' in page and client.get(f"/staf/pencaker/statistik.csv?{query}",
                                                 headers=EN).status_code == 400
