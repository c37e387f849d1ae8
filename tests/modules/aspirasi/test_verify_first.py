"""The region setting "reports are public only once verified" (`aspirasi_verify_first`): where it is on, a
new report (diterima) stays out of every public view until an administrator verifies it; its reporter can
still follow it with the tracking code. The region admin switches it on the categories page."""
from __future__ import annotations

import re

import pytest
from flask import g

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import (EN, detail_url, file_report, fresh, html_of,  # noqa: F401
                                                      place, sign_in)
from webapp.extensions import db
from webapp.modules.aspirasi import flow, services
from webapp.modules.aspirasi.models import VERIFY_FIRST, Status, verifies_first
from webapp.modules.aspirasi.rules import FlowError


def switch(place, on: bool) -> None:
    place.region.settings = {**(place.region.settings or {}), VERIFY_FIRST: on}
    db.session.commit()


def checkbox(html: str) -> str:
    return re.search(r'<input[^>]*name="verify_first"[^>]*>', html).group()


def track(client, code: str):
    page = client.get("/aspirasi/lacak", headers=EN)
    return client.post("/aspirasi/lacak", data={"kode": code, "csrf_token": csrf_from(page)}, headers=EN)


def test_by_default_a_new_report_is_public_at_once(client, place):
    report = file_report(place, title="Lampu jalan mati")
    assert not verifies_first(place.region) and report.is_public
    assert "Lampu jalan mati" in html_of(client.get("/aspirasi/", headers=EN))
    assert client.get(detail_url(report), headers=EN).status_code == 200


def test_where_it_is_on_a_new_report_is_hidden_from_the_public_until_verified(client, place):
    switch(place, True)
    report = file_report(place, title="Lampu jalan mati")
    assert not report.is_public
    assert services.public_report(report.id) is None
    assert "Lampu jalan mati" not in html_of(client.get("/aspirasi/", headers=EN))
    assert "Lampu jalan mati" not in html_of(client.get("/aspirasi/?status=menunggu", headers=EN))
    assert client.get(detail_url(report), headers=EN).status_code == 404
    assert services.similar_open_reports(place.sudimara.id, place.roads.id) == []

    flow.verify(report, place.admin)
    assert fresh(report.id).is_public
    assert "Lampu jalan mati" in html_of(client.get("/aspirasi/", headers=EN))
    assert client.get(detail_url(report), headers=EN).status_code == 200


def test_a_rejected_report_is_public_as_before_and_rahasia_stays_hidden_once_verified(client, place):
    switch(place, True)
    rejected = file_report(place, Status.REJECTED, title="Minta jalan tol baru")
    secret = file_report(place, Status.DISPOSED, privacy="rahasia", title="Pungutan liar")
    assert "Minta jalan tol baru" in html_of(client.get("/aspirasi/?status=ditolak", headers=EN))
    assert client.get(detail_url(secret), headers=EN).status_code == 404
    assert rejected.is_public and not secret.is_public


def test_the_reporter_still_follows_an_unverified_report_with_the_code(client, app, place):
    switch(place, True)
    report = file_report(place, title="Saluran air tersumbat")
    response = track(client, report.code)
    assert response.status_code == 303
    page = client.get(detail_url(report), headers=EN)
    assert page.status_code == 200 and "Saluran air tersumbat" in html_of(page) and report.code in html_of(page)
    stranger = app.test_client()
    assert stranger.get(detail_url(report), headers=EN).status_code == 404


def test_an_unverified_report_cannot_be_supported(client, place):
    switch(place, True)
    report = file_report(place)
    with pytest.raises(FlowError):
        flow.support(report, "s:somebody")


def test_without_a_current_region_the_setting_reads_as_off(place):
    switch(place, True)
    report = file_report(place)
    assert not report.is_public
    g.region = None
    assert not verifies_first() and report.is_public


def test_the_setting_of_one_region_does_not_touch_another(client, place, make_region):
    report = file_report(place, title="Lampu jalan mati")
    bekasi = make_region("bekasi", hosts=["bekasi.test"], modules=["aspirasi"],
                         settings={VERIFY_FIRST: True})
    assert verifies_first(bekasi) and not verifies_first(place.region)
    assert client.get(detail_url(report), headers=EN).status_code == 200


# The admin's setting

def test_the_admin_switches_it_on_and_off_on_the_categories_page(client, login, place):
    sign_in(client, login, place.admin)
    page = client.get("/staf/aspirasi/kategori", headers=EN)
    html = html_of(page)
    assert "Reports become public only once verified" in html and 'action="/staf/aspirasi/kategori/pengaturan"' in html
    assert "checked" not in checkbox(html)

    saved = client.post("/staf/aspirasi/kategori/pengaturan",
                        data={"verify_first": "y", "csrf_token": csrf_from(page)}, headers=EN)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/staf/aspirasi/kategori#pengaturan")
    db.session.expire_all()
    assert verifies_first(place.region)
    html = html_of(client.get("/staf/aspirasi/kategori", headers=EN))
    assert "new reports become public once they are verified" in html
    assert "checked" in checkbox(html)

    client.post("/staf/aspirasi/kategori/pengaturan", data={"csrf_token": csrf_from(page)}, headers=EN)
    db.session.expire_all()
    assert not verifies_first(place.region)
    assert place.region.settings.get(VERIFY_FIRST) is False


def test_the_setting_keeps_the_other_region_settings(client, login, place):
    place.region.settings = {"bbox": [106.5, -6.4, 106.8, -6.1], "open311_jurisdiction": "tangerangkota.go.id"}
    db.session.commit()
    sign_in(client, login, place.admin)
    page = client.get("/staf/aspirasi/kategori", headers=EN)
    client.post("/staf/aspirasi/kategori/pengaturan", data={"verify_first": "y", "csrf_token": csrf_from(page)})
    db.session.expire_all()
    assert place.region.settings == {"bbox": [106.5, -6.4, 106.8, -6.1],
                                     "open311_jurisdiction": "tangerangkota.go.id", VERIFY_FIRST: True}


def test_only_a_region_admin_changes_it_and_only_with_the_csrf_token(client, login, place):
    sign_in(client, login, place.officer)
    page = client.get("/aspirasi/lacak", headers=EN)
    refused = client.post("/staf/aspirasi/kategori/pengaturan",
                          data={"verify_first": "y", "csrf_token": csrf_from(page)}, headers=EN)
    assert refused.status_code == 403
    client.post("/keluar", data={"csrf_token": csrf_from(page)})
    sign_in(client, login, place.admin)
    assert client.post("/staf/aspirasi/kategori/pengaturan", data={"verify_first": "y"}, headers=EN).status_code == 400
    db.session.expire_all()
    assert not verifies_first(place.region)
