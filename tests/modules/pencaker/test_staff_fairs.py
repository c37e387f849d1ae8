"""Job fairs for Disnaker: creating one (address from the name, unique in the region, days in order, once per
submission), editing it, and the companies taking part."""
from __future__ import annotations

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, JobFair, JobFairCompany

from .test_staff_queues import EN, new_employer, officer, text, token  # noqa: F401  (fixtures)


def fairs() -> list[JobFair]:
    db.session.expire_all()
    return list(db.session.execute(select(JobFair).order_by(JobFair.id)).scalars())


def form_key(client, url: str) -> str:
    page = client.get(url, headers=EN).get_data(as_text=True)
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)


def fair_data(**changes) -> dict:
    data = {"title": "Job Fair Kota Tangerang 2026", "slug": "", "starts_on": "2026-06-10", "ends_on": "2026-06-11",
            "hours": "08.00–15.00 WIB", "place": "Gedung Cisadane", "address": "Jl. Satria Sudirman 1",
            "description": "Lebih dari 40 perusahaan.", "published": "y"}
    data.update(changes)
    return data


def create(client, **changes):
    data = {"csrf_token": token(client), "idempotency_key": form_key(client, "/staf/pencaker/bursa-kerja/baru"),
            **fair_data(**changes)}
    return client.post("/staf/pencaker/bursa-kerja/baru", data=data, headers=EN)


def test_a_new_job_fair_gets_its_address_from_the_name_and_is_listed(client, officer):
    response = create(client)
    [fair] = fairs()
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staf/pencaker/bursa-kerja/{fair.id}")
    assert fair.slug == "job-fair-kota-tangerang-2026" and fair.hours == "08.00–15.00 WIB" and fair.published
    listed = text(client.get("/staf/pencaker/bursa-kerja", headers=EN))
    assert "Job Fair Kota Tangerang 2026" in listed and "Gedung Cisadane" in listed


def test_a_double_submitted_job_fair_is_created_once(client, officer):
    data = {"csrf_token": token(client), "idempotency_key": form_key(client, "/staf/pencaker/bursa-kerja/baru"),
            **fair_data()}
    first = client.post("/staf/pencaker/bursa-kerja/baru", data=data, headers=EN)
    second = client.post("/staf/pencaker/bursa-kerja/baru", data=data, headers=EN)
    assert first.headers["Location"] == second.headers["Location"] and len(fairs()) == 1


def test_the_last_day_cannot_be_before_the_first_and_nothing_typed_is_lost(client, officer):
    response = create(client, ends_on="2026-06-09")
    page = text(response)
    assert response.status_code == 422 and "The last day cannot be before the first day." in page
    assert 'value="Gedung Cisadane"' in page and 'value="2026-06-09"' in page and fairs() == []


def test_two_fairs_cannot_share_an_address(client, officer):
    create(client)
    response = create(client, title="Bursa Lain", slug="Job Fair Kota Tangerang 2026")
    assert response.status_code == 422 and "Another job fair already uses this address" in text(response)
    assert len(fairs()) == 1


def test_editing_a_job_fair_can_hide_it(client, officer):
    create(client)
    [fair] = fairs()
    data = {"csrf_token": token(client), **fair_data(title="Job Fair 2026 (diundur)", slug=fair.slug)}
    data.pop("published")
    assert client.post(f"/staf/pencaker/bursa-kerja/{fair.id}", data=data, headers=EN).status_code == 303
    [fair] = fairs()
    assert fair.title == "Job Fair 2026 (diundur)" and not fair.published


def test_companies_are_added_from_verified_employers_or_by_name_and_removed(client, officer, new_employer):
    create(client)
    [fair] = fairs()
    verified = new_employer(name="PT Terverifikasi")
    new_employer(name="PT Belum", status=EmployerStatus.PENDING)
    url = f"/staf/pencaker/bursa-kerja/{fair.id}"
    page = text(client.get(url, headers=EN))
    assert "PT Terverifikasi" in page and "PT Belum" not in page  # only verified employers are offered
    add = f"{url}/perusahaan"
    assert client.post(add, data={"csrf_token": token(client), "idempotency_key": form_key(client, url),
                                  "employer_id": str(verified.id), "booth": "A1", "openings": "12"},
                       headers=EN).status_code == 303
    assert client.post(add, data={"csrf_token": token(client), "idempotency_key": form_key(client, url),
                                  "employer_id": "", "name": "Koperasi Warga"}, headers=EN).status_code == 303
    neither = client.post(add, data={"csrf_token": token(client), "employer_id": "", "name": "", "booth": "B2"},
                          headers=EN)
    assert neither.status_code == 422 and "Choose a registered employer or type" in text(neither)
    assert 'value="B2"' in text(neither)
    db.session.expire_all()
    companies = {c.name: c for c in db.session.execute(select(JobFairCompany)).scalars()}
    assert set(companies) == {"PT Terverifikasi", "Koperasi Warga"}
    assert (companies["PT Terverifikasi"].employer_id, companies["PT Terverifikasi"].booth,
            companies["PT Terverifikasi"].openings) == (verified.id, "A1", 12)
    removed = client.post(f"{url}/perusahaan/{companies['Koperasi Warga'].id}/hapus",
                          data={"csrf_token": token(client)}, headers=EN)
    assert removed.status_code == 303
    db.session.expire_all()
    assert [c.name for c in db.session.execute(select(JobFairCompany)).scalars()] == ["PT Terverifikasi"]
