"""Filing a report at /aspirasi/baru as a phone without JavaScript does it: plain form posts, the tracking
code afterwards, one report per form however often it is sent, and nothing typed lost to a mistake."""
from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import (EN, HTMX, detail_url, file_report, fresh, html_of, jpeg,
                                                      place, report_count, sign_in)  # noqa: F401 (fixture)
from webapp.extensions import db
from webapp.modules.aspirasi.models import Privacy, Report, Status


def open_form(client, query: str = "") -> dict:
    """GET the form; returns the hidden fields a browser would send back (CSRF token, one-time key)."""
    page = client.get(f"/aspirasi/baru{query}", headers=EN)
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html_of(page)).group(1)
    return {"csrf_token": csrf_from(page), "idempotency_key": key}


def typed(place, **changes) -> dict:
    data = {"kind": "pengaduan", "category_id": str(place.roads.id), "title": "Jalan berlubang di depan SD",
            "description": "Lubang besar di Jl. Merdeka, dua motor jatuh minggu ini.",
            "kecamatan_id": str(place.ciledug.id), "kelurahan_id": str(place.sudimara.id),
            "address": "Depan SDN 5 Sudimara", "lat": "", "lng": "", "privacy": "anonim",
            "name": "Budi Santoso", "phone": "0812-3456-7890", "email": "budi@example.id"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def send(client, place, hidden=None, **changes):
    hidden = hidden or open_form(client)
    return client.post("/aspirasi/baru", data={**hidden, **typed(place, **changes)}, headers=EN,
                       content_type="multipart/form-data")


def only_report() -> Report:
    db.session.expire_all()
    return db.session.execute(select(Report)).scalar_one()


def assert_everything_kept(html: str) -> None:
    for text in ("Jalan berlubang di depan SD", "Lubang besar di Jl. Merdeka, dua motor jatuh minggu ini.",
                 'value="Depan SDN 5 Sudimara"', 'value="Budi Santoso"', 'value="0812-3456-7890"',
                 'value="budi@example.id"'):
        assert text in html, text
    assert re.search(r'checked id="privacy-1" name="privacy"[^>]*value="anonim"', html)


def upload_files(tmp_path: Path) -> list[Path]:
    return [p for p in tmp_path.rglob("*") if p.is_file()]


# Filing

def test_a_report_filed_without_javascript_shows_its_tracking_code(client, place):
    response = send(client, place)
    assert response.status_code == 303
    report = only_report()
    assert response.headers["Location"].endswith(f"/aspirasi/{report.id}/terkirim")
    html = html_of(client.get(response.headers["Location"], headers=EN))
    assert f'<p class="code"><span aria-hidden="true">{report.code}</span>' in html
    spoken = " ".join(report.code.replace("-", ""))
    assert f'<span class="visually-hidden">{spoken}</span>' in html
    assert "What happens next" in html and "within 3 working days" in html
    assert (report.title, report.privacy, report.kind, report.status) == (
        "Jalan berlubang di depan SD", Privacy.ANONYMOUS, "pengaduan", Status.RECEIVED)
    assert report.reporter_phone == "+6281234567890" and report.address == "Depan SDN 5 Sudimara"


def test_the_same_form_sent_twice_files_one_report_and_shows_the_same_code(client, place):
    hidden = open_form(client)
    first = send(client, place, hidden)
    second = send(client, place, hidden)
    assert report_count() == 1
    assert first.headers["Location"] == second.headers["Location"]
    code = only_report().code
    assert code in html_of(client.get(second.headers["Location"], headers=EN))


def test_each_new_form_files_a_new_report(client, place):
    send(client, place)
    send(client, place)
    assert report_count() == 2


def test_the_code_page_is_only_for_the_browser_that_filed(client, app, place):
    response = send(client, place)
    stranger = app.test_client().get(response.headers["Location"], headers=EN)
    assert stranger.status_code == 302 and stranger.headers["Location"].endswith(detail_url(only_report()))


def test_a_missing_title_comes_back_with_everything_typed_and_a_message_beside_it(client, place):
    response = send(client, place, title="")
    assert response.status_code == 422
    html = html_of(response)
    assert re.search(r'<p class="error" id="title-error">Please give your report a short title.</p>', html)
    assert 'aria-invalid="true"' in html and 'value="Budi Santoso"' in html
    assert "Lubang besar di Jl. Merdeka" in html and 'value="Depan SDN 5 Sudimara"' in html
    assert report_count() == 0


def test_a_kelurahan_outside_the_chosen_kecamatan_is_refused_with_everything_kept(client, place):
    response = send(client, place, kecamatan_id=str(place.karawaci.id))
    assert response.status_code == 422
    html = html_of(response)
    assert 'id="kelurahan_id-error">That kelurahan or desa is not in the chosen kecamatan.' in html
    assert_everything_kept(html)
    assert f'<option selected value="{place.karawaci.id}">' in html
    assert report_count() == 0


def test_too_long_text_and_a_bad_phone_get_messages(client, place):
    response = send(client, place, title="x" * 151, phone="12")
    assert response.status_code == 422
    assert 'id="title-error"' in html_of(response)
    response = send(client, place, phone="12")
    assert response.status_code == 422 and 'id="phone-error">Please enter a phone number' in html_of(response)
    assert report_count() == 0


def test_a_location_outside_the_region_is_refused(client, place):
    place.region.settings = {"bbox": [106.55, -6.27, 106.73, -6.12]}
    db.session.commit()
    response = send(client, place, lat="-8.65", lng="115.21")  # Denpasar
    assert response.status_code == 422 and "outside this region" in html_of(response)
    response = send(client, place, lat="-6.2", lng="106.64")
    assert response.status_code == 303 and only_report().lat == -6.2


def test_a_file_that_is_not_a_picture_keeps_the_text_and_files_nothing(client, place, tmp_path):
    hidden = open_form(client)
    data = {**hidden, **typed(place), "photos": [(io.BytesIO(b"%PDF-1.4 not a photo"), "foto.jpg")]}
    response = client.post("/aspirasi/baru", data=data, headers=EN, content_type="multipart/form-data")
    assert response.status_code == 422
    html = html_of(response)
    assert 'id="photos-error">This file is not a picture we can read.' in html
    assert "Please choose your photos again" in html
    assert_everything_kept(html)
    assert report_count() == 0 and upload_files(tmp_path / "uploads") == []


def test_more_than_three_photos_are_refused(client, place, tmp_path):
    hidden = open_form(client)
    data = {**hidden, **typed(place), "photos": [jpeg(name=f"foto{n}.jpg") for n in range(4)]}
    response = client.post("/aspirasi/baru", data=data, headers=EN, content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'id="photos-error">Please send at most 3 photos.' in html_of(response)
    assert_everything_kept(html_of(response))
    assert report_count() == 0 and upload_files(tmp_path / "uploads") == []


def test_three_photos_are_stored_without_their_location_data(client, place):
    hidden = open_form(client)
    data = {**hidden, **typed(place), "photos": [jpeg(name=f"foto{n}.jpg") for n in range(3)]}
    response = client.post("/aspirasi/baru", data=data, headers=EN, content_type="multipart/form-data")
    assert response.status_code == 303
    photos = only_report().photos
    assert len(photos) == 3 and all((p.width, p.height) == (1280, 960) for p in photos)


def test_a_sensitive_category_is_always_rahasia(client, place):
    response = send(client, place, category_id=str(place.violence.id), privacy="publik")
    assert response.status_code == 303
    assert only_report().privacy == Privacy.SECRET
    assert "Jalan berlubang di depan SD" not in html_of(client.get("/aspirasi/", headers=EN))


def test_a_signed_in_citizen_finds_the_form_filled_and_the_report_under_their_account(client, login, place):
    sign_in(client, login, place.citizen)
    page = html_of(client.get("/aspirasi/baru", headers=EN))
    assert 'value="Siti Rahmawati"' in page and 'value="siti@example.id"' in page
    response = send(client, place, name=None, phone="", email="")
    assert response.status_code == 303
    report = only_report()
    assert report.reporter_id == place.citizen.id and report.reporter_email == "siti@example.id"
    mine = html_of(client.get("/aspirasi/saya", headers=EN))
    assert "Filed with your account" in mine and report.code in mine


# Before filing: category notices and similar reports

def test_category_notices_show_under_the_select_without_javascript(client, place):
    html = html_of(client.get("/aspirasi/baru", headers=EN))
    notices = html[html.index('id="category-notice"'):html.index('id="title"')]
    assert "Jalan rusak:</strong> Untuk kecelakaan lalu lintas, hubungi 112." in notices
    assert "always rahasia" in notices


def test_a_chosen_category_shows_only_its_notice(client, place):
    html = html_of(client.get(f"/aspirasi/baru?kategori={place.roads.id}", headers=EN))
    assert f'<option selected value="{place.roads.id}">' in html
    notices = html[html.index('id="category-notice"'):html.index('id="title"')]
    assert "hubungi 112" in notices and "always rahasia" not in notices
    fragment = client.get(f"/aspirasi/baru/kategori?category_id={place.violence.id}", headers=HTMX)
    assert "<nav" not in html_of(fragment) and "always rahasia" in html_of(fragment)
    assert "hubungi 112" not in html_of(fragment) and "HX-Request" in fragment.headers["Vary"]
    page = client.get(f"/aspirasi/baru/kategori?category_id={place.roads.id}", headers=EN)
    assert "<nav" in html_of(page) and f"/aspirasi/baru?kategori={place.roads.id}" in html_of(page)


def test_similar_open_reports_are_offered_with_htmx(client, place):
    file_report(place, title="Lubang besar dekat pasar")
    file_report(place, privacy="rahasia", title="Laporan rahasia serupa")
    file_report(place, Status.DONE, title="Lubang yang sudah ditambal")
    url = f"/aspirasi/baru/serupa?category_id={place.roads.id}&kelurahan_id={place.sudimara.id}"
    fragment = html_of(client.get(url, headers=HTMX))
    assert "Lubang besar dekat pasar" in fragment and "<nav" not in fragment
    assert "rahasia serupa" not in fragment and "sudah ditambal" not in fragment
    assert re.search(r'formaction="/aspirasi/\d+/dukung"', fragment)
    elsewhere = html_of(client.get(f"/aspirasi/baru/serupa?category_id={place.roads.id}&kelurahan_id={place.nusajaya.id}",
                                   headers=HTMX))
    assert "Lubang besar" not in elsewhere and "no similar open report" in elsewhere
    page = html_of(client.get(url, headers=EN))  # the same address as a page of its own
    assert "<nav" in page and re.search(r'<form method="post" action="/aspirasi/\d+/dukung">', page)


def test_checking_for_similar_reports_without_javascript_files_nothing_and_keeps_the_text(client, place):
    file_report(place, title="Lubang besar dekat pasar")
    response = send(client, place, langkah="serupa")
    assert response.status_code == 200 and report_count() == 1
    html = html_of(response)
    assert "Similar open reports here" in html and "Lubang besar dekat pasar" in html
    assert_everything_kept(html)


def test_supporting_a_similar_report_instead_of_filing(client, place):
    existing = file_report(place, title="Lubang besar dekat pasar")
    hidden = open_form(client)
    data = {**hidden, **typed(place)}
    response = client.post(f"/aspirasi/{existing.id}/dukung", data=data, headers=EN, content_type="multipart/form-data")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/aspirasi/{existing.id}#dukung")
    assert report_count() == 1 and fresh(existing.id).supporters == 1
    htmx = client.post(f"/aspirasi/{existing.id}/dukung?dari=serupa", data=data, headers=HTMX,
                       content_type="multipart/form-data")
    assert html_of(htmx).lstrip().startswith('<li class="report">') and "You already support" in html_of(htmx)
    assert fresh(existing.id).supporters == 1


def test_the_form_needs_its_csrf_token(client, place):
    hidden = open_form(client)
    response = client.post("/aspirasi/baru", data={**typed(place), "idempotency_key": hidden["idempotency_key"]},
                           headers=EN)
    assert response.status_code == 400 and report_count() == 0
