"""Vacancies and job fairs in the open-data API (/api/v1/vacancies, /api/v1/vacancies/<id>, /api/v1/job-fairs):
only what /loker/ shows, with the schema.org JobPosting fields, filters, pages, revalidation, refusals of bad
parameters, never anyone's contact details, and never another region's rows."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import partial

import pytest
from flask import g
from jsonschema import Draft202012Validator

from tests.api_helpers import EN, get, response_conforms
from webapp.core.clock import region_today
from webapp.core.models import Area, Region, utcnow
from webapp.extensions import db
from webapp.modules.pencaker import api
from webapp.modules.pencaker.models import (Employer, EmployerStatus, JobFair, JobFairCompany, Vacancy,
                                            VacancyStatus)
from webapp.modules.pencaker.vacancies import close, job_posting

conforms = partial(response_conforms, api)  # conforms(response, path)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [i["title"] for i in response.get_json()["items"]]


@pytest.fixture
def today(pencaker_region):
    return region_today()


def walk(client, path, **params) -> list[dict]:
    items, cursor = [], None
    for _ in range(100):
        body = get(client, path, **params, **({"cursor": cursor} if cursor else {})).get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            assert body["next"] is None
            return items
        assert body["next"].startswith("http://localhost/api/v1/") and f"cursor={cursor}" in body["next"]
    raise AssertionError("the pages never end")


# ---------------------------------------------------------------------------------------------- list

def test_only_open_vacancies_of_verified_employers_are_listed(client, make_vacancy, make_employer, today):
    make_vacancy(title="Terbuka")
    pending = make_employer(status=EmployerStatus.PENDING, name="PT Belum")
    rejected = make_employer(status=EmployerStatus.REJECTED, name="PT Ditolak")
    make_vacancy(employer=pending, title="Perusahaan belum diverifikasi")
    make_vacancy(employer=rejected, title="Perusahaan ditolak")
    for status in (VacancyStatus.DRAFT, VacancyStatus.REVIEW, VacancyStatus.RETURNED):
        make_vacancy(title=f"Status {status}", status=status)
    closed = make_vacancy(title="Ditutup")
    close(closed)
    db.session.commit()
    make_vacancy(title="Kedaluwarsa", closes_on=today - timedelta(days=1))
    make_vacancy(title="Hari terakhir", closes_on=today)
    response = get(client, "/api/v1/vacancies")
    assert sorted(titles(response)) == ["Hari terakhir", "Terbuka"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    conforms(response, "/api/v1/vacancies")


def test_an_item_has_the_job_posting_fields_and_the_plain_ones(client, make_vacancy, make_employer, today):
    employer = make_employer(name="PT Sinar", website="https://sinar.example.id")
    vacancy = make_vacancy(employer=employer, title="Teknisi Listrik", description="Merawat panel.\n\nShift pagi.",
                           requirements="STM listrik.", pay_min=4_500_000, pay_max=5_500_000, openings=3,
                           min_education="SMK", age_min=20, age_max=35, employment_type="CONTRACTOR",
                           disability_friendly=True, closes_on=today + timedelta(days=10))
    [item] = get(client, "/api/v1/vacancies").get_json()["items"]
    ld = json.loads(json.dumps(job_posting_in_request(client, vacancy)))
    for key, value in ld.items():  # the web page's JSON-LD, field for field
        assert item[key] == value, key
    assert item["@type"] == "JobPosting" and item["@context"] == "https://schema.org/"
    assert item["title"] == "Teknisi Listrik"
    assert item["description"] == "<p>Merawat panel.</p><p>Shift pagi.</p><p>STM listrik.</p>"
    assert item["datePosted"] == today.isoformat()
    assert item["validThrough"].startswith((today + timedelta(days=10)).isoformat() + "T23:59:59")
    assert item["employmentType"] == "CONTRACTOR"
    assert item["hiringOrganization"] == {"@type": "Organization", "name": "PT Sinar",
                                          "sameAs": "https://sinar.example.id"}
    assert item["jobLocation"]["address"]["addressLocality"] == "Karawaci"
    assert "jobLocationType" not in item
    assert item["baseSalary"] == {"@type": "MonetaryAmount", "currency": "IDR", "value": {
        "@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 4_500_000, "maxValue": 5_500_000}}
    assert item["url"] == f"http://localhost/loker/{vacancy.id}"
    assert {k: item[k] for k in ("id", "status", "sector", "openings", "min_education", "age_min", "age_max",
                                 "pay_min", "pay_max", "remote", "disability_friendly", "kecamatan", "closes_on")} == {
        "id": vacancy.id, "status": "open", "sector": "C", "openings": 3, "min_education": "SMK", "age_min": 20,
        "age_max": 35, "pay_min": 4_500_000, "pay_max": 5_500_000, "remote": False, "disability_friendly": True,
        "kecamatan": {"code": "36.71.05", "name": "Karawaci"}, "closes_on": (today + timedelta(days=10)).isoformat()}
    assert item["published_at"].endswith("Z")


def job_posting_in_request(client, vacancy) -> dict:
    """The JobPosting the vacancy's web page embeds, built for the same host."""
    with client.application.test_request_context("/", base_url="http://localhost"):
        g.region = db.session.get(Region, vacancy.region_id)
        return job_posting(vacancy)


def test_a_remote_vacancy_says_telecommute_and_pay_without_a_range_is_one_value(client, make_vacancy):
    make_vacancy(title="Penulis", remote=True, kecamatan_code=None, pay_min=3_000_000)
    [item] = get(client, "/api/v1/vacancies").get_json()["items"]
    assert item["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in item
    assert item["remote"] is True and item["kecamatan"] is None
    assert item["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH", "value": 3_000_000}
    assert (item["pay_min"], item["pay_max"]) == (3_000_000, None)
    make_vacancy(title="Tanpa gaji disebut")
    unpaid = [i for i in get(client, "/api/v1/vacancies").get_json()["items"] if i["title"] == "Tanpa gaji disebut"]
    assert "baseSalary" not in unpaid[0] and unpaid[0]["pay_min"] is None


def test_no_contact_person_phone_email_or_nib_is_published(client, make_vacancy, make_employer, make_user,
                                                          pencaker_region):
    owner = make_user(pencaker_region, email="pemilik@rahasia.example", phone="+6281311112222")
    employer = make_employer(owner=owner, contact_name="Ibu Rina Kontak", contact_phone="+6281298765432",
                             contact_email="rina@rahasia.example", nib="9876543210123", address="Jl. Rumah 7")
    vacancy = make_vacancy(employer=employer)
    for path in ("/api/v1/vacancies", f"/api/v1/vacancies/{vacancy.id}"):
        text = get(client, path).get_data(as_text=True)
        for secret in ("Ibu Rina Kontak", "6281298765432", "rina@rahasia", "pemilik@rahasia", "6281311112222",
                       "9876543210123", "Jl. Rumah 7", "contact", "email", "phone", "nib"):
            assert secret not in text


# ------------------------------------------------------------------------------------------- filters

@pytest.fixture
def board(make_vacancy, make_employer, today):
    shop = make_employer(name="Toko Makmur", sector="G")
    make_vacancy(title="Operator Mesin", sector="C", kecamatan_code="36.71.05", employment_type="FULL_TIME",
                 closes_on=today + timedelta(days=3))
    make_vacancy(employer=shop, title="Kasir", sector="G", kecamatan_code="36.71.01", employment_type="PART_TIME",
                 disability_friendly=True, closes_on=today + timedelta(days=20))
    make_vacancy(title="Desainer Grafis", sector="J", remote=True, kecamatan_code=None, employment_type="CONTRACTOR",
                 description="Membuat poster 100% kreatif.", closes_on=today + timedelta(days=40))


@pytest.mark.parametrize("params, expected", [
    ({"q": "kasir"}, ["Kasir"]),
    ({"q": "MAKMUR"}, ["Kasir"]),  # the company's name
    ({"q": "poster"}, ["Desainer Grafis"]),  # the description
    ({"q": "100%"}, ["Desainer Grafis"]),  # % is taken literally
    ({"q": "0%k"}, []),
    ({"sector": "G"}, ["Kasir"]),
    ({"sector": "A"}, []),
    ({"kecamatan": "36.71.01"}, ["Kasir"]),
    ({"type": "FULL_TIME"}, ["Operator Mesin"]),
    ({"remote": "true"}, ["Desainer Grafis"]),
    ({"remote": "false"}, ["Kasir", "Operator Mesin"]),
    ({"disability_friendly": "true"}, ["Kasir"]),
    ({"disability_friendly": "false"}, ["Desainer Grafis", "Operator Mesin"]),
    ({"closing_before": "+20"}, ["Operator Mesin"]),  # strictly before
    ({"closing_before": "+21"}, ["Kasir", "Operator Mesin"]),
    ({"remote": "false", "sector": "C", "type": "FULL_TIME"}, ["Operator Mesin"]),
    ({"q": "", "sector": "", "remote": " "}, ["Desainer Grafis", "Kasir", "Operator Mesin"]),  # blank = missing
])
def test_each_filter_narrows_the_list(client, board, today, params, expected):
    if params.get("closing_before", "").startswith("+"):
        params["closing_before"] = (today + timedelta(days=int(params["closing_before"]))).isoformat()
    assert sorted(titles(get(client, "/api/v1/vacancies", **params))) == expected


def test_the_kecamatan_may_be_given_by_its_id(client, board):
    karawaci = db.session.execute(db.select(Area).where(Area.code == "36.71.05")).scalar_one()
    assert titles(get(client, "/api/v1/vacancies", kecamatan=str(karawaci.id))) == ["Operator Mesin"]


# ------------------------------------------------------------------------------------------ pagination

def test_pages_run_newest_first_with_every_vacancy_once_even_at_the_same_moment(client, make_vacancy):
    moment = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
    made = [make_vacancy(title=f"Lowongan {n}", published_at=moment + timedelta(hours=n // 3)) for n in range(8)]
    everything = get(client, "/api/v1/vacancies").get_json()["items"]
    expected = sorted(made, key=lambda v: (v.published_at.replace(tzinfo=timezone.utc) if v.published_at.tzinfo is None
                                           else v.published_at, v.id), reverse=True)
    assert [i["id"] for i in everything] == [v.id for v in expected]
    for limit in (1, 2, 3, 7):
        assert [i["id"] for i in walk(client, "/api/v1/vacancies", limit=limit)] == [v.id for v in expected]


def test_a_page_is_at_most_limit_long(client, make_vacancy):
    for n in range(3):
        make_vacancy(title=f"Lowongan {n}")
    body = get(client, "/api/v1/vacancies", limit=2).get_json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert get(client, "/api/v1/vacancies", limit=101).status_code == 400


# ------------------------------------------------------------------------------------------- refused

@pytest.mark.parametrize("params, parameter, words", [
    ({"q": "a"}, "q", "between 2 and 100"),
    ({"q": "x" * 101}, "q", "between 2 and 100"),
    ({"q": "ab\x00"}, "q", "not allowed"),
    ({"sector": "Z"}, "sector", "must be one of"),
    ({"type": "full_time"}, "type", "FULL_TIME"),
    ({"remote": "yes"}, "remote", "true, false"),
    ({"disability_friendly": "1"}, "disability_friendly", "true, false"),
    ({"kecamatan": "36.71.99"}, "kecamatan", "“36.71.99”"),
    ({"kecamatan": "99999"}, "kecamatan", "There is no kecamatan"),
    ({"kecamatan": "9" * 30}, "kecamatan", "There is no kecamatan"),
    ({"kecamatan": "Karawaci\x00"}, "kecamatan", "There is no kecamatan"),
    ({"kecamatan": "ካራዋቺ" * 100}, "kecamatan", "There is no kecamatan"),
    ({"closing_before": "2026-02-30"}, "closing_before", "YYYY-MM-DD"),
    ({"limit": "abc"}, "limit", "1 to 100"),
    ({"cursor": "%%%"}, "cursor", "next_cursor"),
    ({"cursor": base64.urlsafe_b64encode(b"[12]").decode()}, "cursor", "next_cursor"),
    ({"cursor": base64.urlsafe_b64encode(b'["99999999999999999999.1"]').decode()}, "cursor", "next_cursor"),
    ({"cursor": base64.urlsafe_b64encode(b'["abc.1"]').decode()}, "cursor", "next_cursor"),
])
def test_a_bad_parameter_is_a_400_that_names_it(client, pencaker_region, params, parameter, words):
    response = get(client, "/api/v1/vacancies", **params)
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and words in error["detail"]


def test_a_refusal_is_in_the_readers_language(client, pencaker_region):
    response = client.get("/api/v1/vacancies?q=a", headers={"Accept-Language": "id"})
    assert response.get_json()["error"]["detail"] == "Silakan ketik 2 sampai 100 karakter untuk mencari."


@pytest.mark.parametrize("params, parameter", [({"when": "soon"}, "when"), ({"limit": "0"}, "limit"),
                                               ({"cursor": "WyJ4IiwxXQ"}, "cursor")])  # ["x",1]
def test_a_bad_job_fair_parameter_is_a_400(client, pencaker_region, params, parameter):
    response = get(client, "/api/v1/job-fairs", **params)
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == parameter


# ------------------------------------------------------------------------------------------- one vacancy

def test_one_vacancy_is_its_job_posting_and_says_when_it_closed(client, make_vacancy, today):
    vacancy = make_vacancy(title="Satpam")
    response = get(client, f"/api/v1/vacancies/{vacancy.id}")
    assert response.status_code == 200
    listed = get(client, "/api/v1/vacancies").get_json()["items"][0]
    assert response.get_json() == listed
    conforms(response, "/api/v1/vacancies/{vacancy_id}")
    close(vacancy)
    db.session.commit()
    assert get(client, f"/api/v1/vacancies/{vacancy.id}").get_json()["status"] == "closed"
    expired = make_vacancy(title="Lewat", closes_on=today - timedelta(days=2))
    assert get(client, f"/api/v1/vacancies/{expired.id}").get_json()["status"] == "expired"


def test_a_vacancy_the_public_cannot_see_is_a_json_404(client, make_vacancy, make_employer):
    draft = make_vacancy(status=VacancyStatus.DRAFT)
    review = make_vacancy(status=VacancyStatus.REVIEW)
    unverified = make_vacancy(employer=make_employer(status=EmployerStatus.PENDING, name="PT Baru"))
    for ident in (draft.id, review.id, unverified.id, 987654):
        response = get(client, f"/api/v1/vacancies/{ident}")
        assert response.status_code == 404 and response.mimetype == "application/json"
        assert response.get_json()["error"]["detail"] == "There is no public vacancy with this number."
    assert get(client, "/api/v1/vacancies/abc").status_code == 404
    too_large = get(client, f"/api/v1/vacancies/{2 ** 64}")  # beyond any id: no route, the plain JSON 404
    assert too_large.status_code == 404 and too_large.mimetype == "application/json"


# ------------------------------------------------------------------------------------------- caching

def test_a_repeat_with_the_etag_or_the_date_gets_a_304(client, make_vacancy):
    vacancy = make_vacancy()
    for path in ("/api/v1/vacancies", f"/api/v1/vacancies/{vacancy.id}"):
        first = get(client, path)
        assert first.headers["ETag"] and first.headers["Last-Modified"]
        assert get(client, path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
        assert get(client, path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
        before = format_datetime(first.last_modified - timedelta(seconds=1), usegmt=True)
        assert get(client, path, headers={"If-Modified-Since": before}).status_code == 200


def test_a_vacancy_leaving_the_list_moves_last_modified(client, make_vacancy):
    staying = make_vacancy(title="Tetap", published_at=utcnow() - timedelta(days=3))
    leaving = make_vacancy(title="Pergi", published_at=utcnow() - timedelta(days=2))
    first = get(client, "/api/v1/vacancies")
    leaving.status, leaving.closed_at = VacancyStatus.CLOSED, utcnow() + timedelta(seconds=5)
    db.session.commit()
    second = get(client, "/api/v1/vacancies")
    assert titles(second) == ["Tetap"] and staying.id
    assert second.last_modified > first.last_modified
    assert get(client, "/api/v1/vacancies", headers={"If-Modified-Since": first.headers["Last-Modified"]}
               ).status_code == 200


# ------------------------------------------------------------------------------------------ job fairs

@pytest.fixture
def fairs(pencaker_region, make_employer, make_vacancy, today):
    employer = make_employer(name="PT Maju Jaya")
    make_vacancy(employer=employer)
    made = {}
    for slug, start, days, published in (("bursa-depan", 7, 2, True), ("bursa-kini", -1, 3, True),
                                         ("bursa-lalu", -40, 1, True), ("bursa-rahasia", 3, 1, False)):
        fair = JobFair(slug=slug, title=slug.replace("-", " ").title(), starts_on=today + timedelta(days=start),
                       ends_on=today + timedelta(days=start + days - 1), place="Gedung Pusat Pemerintahan",
                       address="Jl. Satria Sudirman", hours="08.00–15.00 WIB", published=published)
        fair.companies = [JobFairCompany(name="PT Maju Jaya", booth="A1", openings=12, employer_id=employer.id),
                          JobFairCompany(name="CV Tamu", booth="", openings=None)]
        db.session.add(fair)
        made[slug] = fair
    db.session.commit()
    return made


def test_job_fairs_are_listed_latest_start_first_with_their_companies(client, fairs, today):
    response = get(client, "/api/v1/job-fairs")
    items = response.get_json()["items"]
    assert [(i["slug"], i["status"]) for i in items] == [("bursa-depan", "upcoming"), ("bursa-kini", "ongoing"),
                                                         ("bursa-lalu", "past")]
    first = items[0]
    assert first["starts_on"] == (today + timedelta(days=7)).isoformat()
    assert first["ends_on"] == (today + timedelta(days=8)).isoformat()
    assert (first["place"], first["address"], first["hours"]) == ("Gedung Pusat Pemerintahan", "Jl. Satria Sudirman",
                                                                  "08.00–15.00 WIB")
    assert first["url"] == "http://localhost/loker/bursa-kerja/bursa-depan"
    assert first["companies"] == [
        {"name": "CV Tamu", "booth": "", "openings": None, "open_vacancies": None},
        {"name": "PT Maju Jaya", "booth": "A1", "openings": 12, "open_vacancies": 1}]
    conforms(response, "/api/v1/job-fairs")


def test_job_fairs_filter_by_when_and_page(client, fairs):
    assert [i["slug"] for i in get(client, "/api/v1/job-fairs", when="upcoming").get_json()["items"]] == [
        "bursa-depan", "bursa-kini"]
    assert [i["slug"] for i in get(client, "/api/v1/job-fairs", when="past").get_json()["items"]] == ["bursa-lalu"]
    assert [i["slug"] for i in walk(client, "/api/v1/job-fairs", limit=1)] == ["bursa-depan", "bursa-kini",
                                                                                "bursa-lalu"]
    first = get(client, "/api/v1/job-fairs")
    assert get(client, "/api/v1/job-fairs", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


# -------------------------------------------------------------------------------- regions and modules

@pytest.mark.parametrize("path", ["/api/v1/vacancies", "/api/v1/vacancies/1", "/api/v1/job-fairs"])
def test_a_region_without_jobs_answers_404(client, pencaker_region, make_region, path):
    make_region("serang", hosts=["serang.test"], modules=["kontak"])
    response = client.get(path, base_url="http://serang.test", headers=EN)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == 404


def test_another_regions_vacancies_and_fairs_never_appear(client, make_vacancy, make_region, make_user,
                                                          pencaker_region, today):
    ours = make_vacancy(title="Lowongan Tangerang")
    other = make_region("bogor", hosts=["bogor.test"], modules=["pencaker"])
    g.region = other
    owner = make_user(other)
    employer = Employer(owner_id=owner.id, name="PT Bogor", nib="1111111111111", sector="C", address="Jl. Bogor",
                        contact_name="Pak Bogor", contact_phone="+6281200000000", status=EmployerStatus.VERIFIED)
    db.session.add(employer)
    db.session.flush()
    theirs = Vacancy(employer_id=employer.id, title="Lowongan Bogor", sector="C", description="Kerja.",
                     min_education="SMA", remote=True, employment_type="FULL_TIME",
                     closes_on=today + timedelta(days=9), status=VacancyStatus.PUBLISHED, published_at=utcnow())
    db.session.add_all([theirs, JobFair(slug="bursa-bogor", title="Bursa Bogor", starts_on=today,
                                        ends_on=today, place="Bogor")])
    db.session.commit()
    g.region = pencaker_region
    assert titles(get(client, "/api/v1/vacancies")) == ["Lowongan Tangerang"]
    assert get(client, f"/api/v1/vacancies/{theirs.id}").status_code == 404
    assert get(client, "/api/v1/job-fairs").get_json()["items"] == []
    there = client.get("/api/v1/vacancies", base_url="http://bogor.test", headers=EN).get_json()["items"]
    assert [i["title"] for i in there] == ["Lowongan Bogor"] and there[0]["url"].startswith("http://bogor.test/")
    assert client.get(f"/api/v1/vacancies/{ours.id}", base_url="http://bogor.test").status_code == 404
    fairs_there = client.get("/api/v1/job-fairs", base_url="http://bogor.test").get_json()["items"]
    assert [f["slug"] for f in fairs_there] == ["bursa-bogor"]


def test_the_data_set_is_listed_with_the_regions_licence_and_working_examples(client, make_vacancy):
    make_vacancy()
    rows = {r["slug"]: r for r in client.get("/api/v1/", headers=EN).get_json()["datasets"]}
    assert rows["vacancies"]["module"] == "pencaker" and rows["vacancies"]["licence"] == "CC BY 4.0"
    for example in rows["vacancies"]["examples"]:
        assert client.get(example.removeprefix("http://localhost"), headers=EN).status_code == 200


def test_the_openapi_fragment_covers_every_route(app, pencaker_region):
    fragment = api.openapi()
    routes = {r.rule.replace("<int:vacancy_id>", "{vacancy_id}") for r in app.url_map.iter_rules()
              if r.endpoint.startswith("pencaker.api_")}
    assert routes == set(fragment["paths"])
    parameters = {p.get("name") for p in fragment["paths"]["/api/v1/vacancies"]["get"]["parameters"]}
    assert {"q", "sector", "kecamatan", "type", "remote", "disability_friendly", "closing_before"} <= parameters
    for schema in fragment["schemas"].values():
        Draft202012Validator.check_schema(schema)
