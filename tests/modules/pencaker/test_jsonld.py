"""An open vacancy's page carries a schema.org JobPosting that parses as JSON and has the fields search
engines require; nothing a company types can break out of the <script> element."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from webapp.core.clock import region_today
from webapp.modules.pencaker.models import VacancyStatus

from .test_public import EN

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def posting_of(client, vacancy) -> dict:
    html = client.get(f"/loker/{vacancy.id}", headers=EN).get_data(as_text=True)
    [block] = LD.findall(html)
    return json.loads(block)


def test_the_job_posting_parses_and_has_the_required_fields(client, make_vacancy):
    closes = region_today() + timedelta(days=20)
    vacancy = make_vacancy(title="Operator Produksi", description="Menjalankan mesin.", closes_on=closes,
                           employment_type="FULL_TIME", pay_min=4_500_000, pay_max=5_000_000, openings=3)
    data = posting_of(client, vacancy)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Operator Produksi"
    assert "Menjalankan mesin." in data["description"]
    assert data["datePosted"] == region_today().isoformat()
    assert data["validThrough"].startswith(closes.isoformat() + "T23:59:59")
    assert data["hiringOrganization"]["name"] == "PT Maju Jaya"
    assert data["jobLocation"]["address"]["addressCountry"] == "ID"
    assert data["jobLocation"]["address"]["addressRegion"] == "Kota Tangerang"
    assert data["employmentType"] == "FULL_TIME"
    assert data["baseSalary"]["currency"] == "IDR"
    assert data["baseSalary"]["value"]["minValue"] == 4_500_000 and data["baseSalary"]["value"]["maxValue"] == 5_000_000
    assert data["totalJobOpenings"] == 3
    assert data["url"] == f"http://localhost/loker/{vacancy.id}"


def test_a_remote_job_is_telecommute(client, make_vacancy):
    data = posting_of(client, make_vacancy(remote=True, kecamatan_code=None, employment_type="PART_TIME"))
    assert data["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in data
    assert data["employmentType"] == "PART_TIME"


def test_no_salary_when_pay_is_not_stated(client, make_vacancy):
    assert "baseSalary" not in posting_of(client, make_vacancy())


def test_a_single_amount_is_one_value_in_idr(client, make_vacancy):
    salary = posting_of(client, make_vacancy(pay_min=3_500_000))["baseSalary"]
    assert salary["currency"] == "IDR" and salary["value"]["value"] == 3_500_000


def test_a_title_with_a_closing_script_tag_cannot_break_out(client, make_vacancy, make_employer):
    title = 'Admin </script><script>alert("x")</script> & <!-- co'
    vacancy = make_vacancy(title=title, employer=make_employer(name="PT </SCRIPT> Jaya"),
                           description="</script><img src=x onerror=alert(1)>")
    html = client.get(f"/loker/{vacancy.id}", headers=EN).get_data(as_text=True)
    [block] = LD.findall(html)
    data = json.loads(block)
    assert data["title"] == title and data["hiringOrganization"]["name"] == "PT </SCRIPT> Jaya"
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.lower().count("</script>") == html.lower().count("<script")


def test_only_open_vacancies_carry_a_job_posting(client, make_vacancy):
    for vacancy in (make_vacancy(status=VacancyStatus.CLOSED),
                    make_vacancy(closes_on=region_today() - timedelta(days=1))):
        html = client.get(f"/loker/{vacancy.id}", headers=EN).get_data(as_text=True)
        assert LD.findall(html) == []
