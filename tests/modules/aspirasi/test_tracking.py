"""Following a report without an account: the tracking code, typed any way, opens it on this device; the
reporter (by code or by account) rates a done report and may reopen it within 14 days; nobody else can."""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import (EN, detail_url, file_report, fresh, html_of,  # noqa: F401
                                                      place, sign_in)
from webapp.extensions import db
from webapp.modules.aspirasi.models import Status
from webapp.modules.aspirasi.sla import now_utc


def track(client, code: str):
    page = client.get("/aspirasi/lacak", headers=EN)
    return client.post("/aspirasi/lacak", data={"kode": code, "csrf_token": csrf_from(page)}, headers=EN)


def post(client, url: str, data: dict):
    page = client.get("/aspirasi/lacak", headers=EN)
    return client.post(url, data={**data, "csrf_token": csrf_from(page)}, headers=EN)


# Tracking

def test_a_code_typed_in_small_letters_with_a_dash_finds_the_report(client, place):
    report = file_report(place)
    response = track(client, "  " + report.code.lower() + " ")
    assert response.status_code == 303 and response.headers["Location"].endswith(detail_url(report))
    html = html_of(client.get(response.headers["Location"], headers=EN))
    assert "Your report" in html and report.code in html


def test_a_code_typed_with_spaces_and_without_the_dash_finds_the_report(client, place):
    report = file_report(place)
    spaced = " ".join(report.code.replace("-", "").lower())
    assert track(client, spaced).headers["Location"].endswith(detail_url(report))


def test_an_unknown_code_is_404_with_the_form_the_typed_code_and_a_clear_message(client, place):
    file_report(place)
    response = track(client, "zzzz-zzzz")
    assert response.status_code == 404
    html = html_of(response)
    assert "No report has the code “zzzz-zzzz”" in html
    assert 'value="zzzz-zzzz"' in html and 'action="/aspirasi/lacak"' in html and "<nav" in html


def test_an_empty_code_asks_for_one(client, place):
    response = track(client, "")
    assert response.status_code == 422 and "Please type the tracking code." in html_of(response)


def test_a_tracked_rahasia_report_opens_on_that_device_only(client, app, place):
    report = file_report(place, privacy="rahasia", title="Pungutan liar")
    assert client.get(detail_url(report), headers=EN).status_code == 404
    track(client, report.code)
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Pungutan liar" in html and "only you and the staff" in html
    assert app.test_client().get(detail_url(report), headers=EN).status_code == 404


def test_the_browser_that_filed_a_rahasia_report_sees_it(client, place):
    page = client.get("/aspirasi/baru", headers=EN)
    key = html_of(page).split('name="idempotency_key" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_from(page), "idempotency_key": key, "kind": "pengaduan",
            "category_id": str(place.roads.id), "title": "Pungutan liar", "description": "Diminta uang.",
            "kecamatan_id": str(place.ciledug.id), "kelurahan_id": str(place.sudimara.id), "privacy": "rahasia"}
    response = client.post("/aspirasi/baru", data=data, headers=EN)
    report_url = response.headers["Location"].replace("/terkirim", "")
    assert client.get(report_url, headers=EN).status_code == 200


def test_my_reports_lists_the_reports_of_this_device(client, place):
    report = file_report(place, title="Lampu jalan mati")
    assert "Lampu jalan mati" not in html_of(client.get("/aspirasi/saya", headers=EN))
    track(client, report.code)
    html = html_of(client.get("/aspirasi/saya", headers=EN))
    assert "Lampu jalan mati" in html and report.code in html and "Filed or tracked on this device" in html


# Rating

def test_rating_is_only_possible_once_the_report_is_done(client, place):
    report = file_report(place, Status.IN_PROGRESS)
    track(client, report.code)
    assert "Rate the answer" not in html_of(client.get(detail_url(report), headers=EN))
    response = post(client, f"/aspirasi/{report.id}/nilai", {"rating": "5"})
    assert response.status_code == 422 and "A report can be rated once it is done." in html_of(response)
    assert fresh(report.id).rating is None


def test_the_reporter_rates_a_done_report_once(client, place):
    report = file_report(place, Status.DONE)
    track(client, report.code)
    assert "Rate the answer" in html_of(client.get(detail_url(report), headers=EN))
    response = post(client, f"/aspirasi/{report.id}/nilai", {"rating": "4", "comment": "Cepat, terima kasih."})
    assert response.status_code == 303
    report = fresh(report.id)
    assert (report.rating, report.rating_comment) == (4, "Cepat, terima kasih.")
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "You rated the answer 4 of 5" in html and "Rate the answer" not in html
    again = post(client, f"/aspirasi/{report.id}/nilai", {"rating": "1"})
    assert again.status_code == 422 and fresh(report.id).rating == 4


def test_a_rating_needs_a_number_of_stars(client, place):
    report = file_report(place, Status.DONE)
    track(client, report.code)
    response = post(client, f"/aspirasi/{report.id}/nilai", {"comment": "Tanpa bintang"})
    assert response.status_code == 422
    assert 'id="rating-error">Please choose from 1 to 5 stars.' in html_of(response)
    assert "Tanpa bintang" in html_of(response)


def test_a_stranger_cannot_rate_or_reopen(client, place):
    report = file_report(place, Status.DONE)
    assert post(client, f"/aspirasi/{report.id}/nilai", {"rating": "1"}).status_code == 403
    assert post(client, f"/aspirasi/{report.id}/buka-lagi", {"reason": "Masih rusak"}).status_code == 403
    assert fresh(report.id).rating is None and fresh(report.id).status == Status.DONE


def test_the_signed_in_reporter_may_rate_without_the_code(client, login, place):
    report = file_report(place, Status.DONE, reporter=place.citizen)
    sign_in(client, login, place.citizen)
    assert post(client, f"/aspirasi/{report.id}/nilai", {"rating": "5"}).status_code == 303
    assert fresh(report.id).rating == 5


# Reopening

def test_the_reporter_reopens_a_done_report_within_14_days(client, place):
    report = file_report(place, Status.DONE)
    track(client, report.code)
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Not solved?" in html and "You can reopen the report until" in html
    response = post(client, f"/aspirasi/{report.id}/buka-lagi", {"reason": "Lubangnya muncul lagi."})
    assert response.status_code == 303
    report = fresh(report.id)
    assert report.status == Status.DISPOSED and report.reopen_count == 1
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Reopened by the reporter" in html and "Lubangnya muncul lagi." in html


def test_reopening_needs_a_reason(client, place):
    report = file_report(place, Status.DONE)
    track(client, report.code)
    response = post(client, f"/aspirasi/{report.id}/buka-lagi", {"reason": " "})
    assert response.status_code == 422
    assert 'id="reason-error">Please tell us why the problem is not solved.' in html_of(response)
    assert fresh(report.id).status == Status.DONE


def test_after_14_days_a_report_can_no_longer_be_reopened(client, place):
    report = file_report(place, Status.DONE)
    report.closed_at = now_utc() - timedelta(days=15)
    db.session.commit()
    track(client, report.code)
    assert "Not solved?" not in html_of(client.get(detail_url(report), headers=EN))
    response = post(client, f"/aspirasi/{report.id}/buka-lagi", {"reason": "Masih rusak."})
    assert response.status_code == 422 and "within 14 days" in html_of(response)
    assert fresh(report.id).status == Status.DONE


def test_account_page_links_to_my_reports(client, region, make_user):
    region.modules = ["aspirasi"]
    from webapp.extensions import db

    db.session.commit()
    user = make_user(region)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert b'href="/aspirasi/saya"' in client.get("/akun").data
