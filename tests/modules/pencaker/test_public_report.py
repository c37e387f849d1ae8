"""Anyone can report a vacancy (asks for money, fake, ...) for Disnaker to review: a reason, details when
the reason is "something else", an optional contact. A signed-in person has one open report per vacancy;
a repeated submission files nothing twice."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from webapp.extensions import db
from webapp.modules.pencaker.models import VacancyReport, VacancyStatus

from .test_public import EN


def reports() -> list[VacancyReport]:
    return list(db.session.execute(select(VacancyReport).order_by(VacancyReport.id)).scalars())


def form_of(client, vacancy) -> dict:
    response = client.get(f"/loker/{vacancy.id}/laporkan", headers=EN)
    assert response.status_code == 200
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', response.get_data(as_text=True))
    return {"csrf_token": csrf_from(response), "idempotency_key": key.group(1)}


def send(client, vacancy, **data):
    return client.post(f"/loker/{vacancy.id}/laporkan", data={**form_of(client, vacancy), **data}, headers=EN)


def test_the_form_offers_every_reason_as_a_radio_button(client, make_vacancy):
    html = client.get(f"/loker/{make_vacancy(title='Admin Gudang').id}/laporkan", headers=EN).get_data(as_text=True)
    assert "Admin Gudang" in html and html.count('type="radio"') == 5
    assert "Asks applicants for money" in html and "Something else" in html
    assert '<label for="contact">' in html and '<label for="details">' in html


def test_an_anonymous_visitor_can_report_and_is_thanked(client, make_vacancy):
    vacancy = make_vacancy()
    response = send(client, vacancy, reason="fee", details="Diminta Rp500.000 untuk seragam.",
                    contact="0812 3456 7890")
    assert response.status_code == 200
    assert "Thank you for your report" in response.get_data(as_text=True)
    [report] = reports()
    assert (report.vacancy_id, report.reason, report.status) == (vacancy.id, "fee", "open")
    assert report.details == "Diminta Rp500.000 untuk seragam." and report.contact == "0812 3456 7890"
    assert report.reporter_id is None


def test_a_closed_vacancy_can_still_be_reported(client, make_vacancy):
    vacancy = make_vacancy(status=VacancyStatus.CLOSED)
    assert send(client, vacancy, reason="fake").status_code == 200 and len(reports()) == 1


def test_something_else_needs_details_and_nothing_typed_is_lost(client, make_vacancy):
    vacancy = make_vacancy()
    response = send(client, vacancy, reason="other", details="  ", contact="rina@example.id")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please tell us what is wrong." in html
    assert 'value="rina@example.id"' in html
    assert re.search(r'<input checked id="reason-\d" name="reason" required type="radio" value="other">', html)
    assert reports() == []


def test_a_reason_is_required(client, make_vacancy):
    vacancy = make_vacancy()
    response = send(client, vacancy, details="Aneh.")
    assert response.status_code == 422 and "Choose what is wrong." in response.get_data(as_text=True)
    assert "Aneh." in response.get_data(as_text=True) and reports() == []


def test_an_unknown_reason_is_refused(client, make_vacancy):
    response = send(client, make_vacancy(), reason="boring")
    assert response.status_code == 422 and reports() == []


def test_a_signed_in_reporter_is_recorded_and_cannot_report_the_same_vacancy_twice(client, login, make_user,
                                                                                    pencaker_region, make_vacancy):
    user = make_user(pencaker_region, locale="en")
    login(user)
    vacancy = make_vacancy()
    stale = form_of(client, vacancy)  # a second tab
    assert send(client, vacancy, reason="fee").status_code == 200
    [report] = reports()
    assert report.reporter_id == user.id
    html = client.get(f"/loker/{vacancy.id}/laporkan", headers=EN).get_data(as_text=True)
    assert "You already reported this vacancy" in html and 'type="radio"' not in html
    response = client.post(f"/loker/{vacancy.id}/laporkan", data={**stale, "reason": "fake"}, headers=EN)
    assert response.status_code == 409 and "You already reported this vacancy" in response.get_data(as_text=True)
    assert len(reports()) == 1


def test_once_disnaker_handled_a_report_the_person_may_report_again(client, login, make_user, pencaker_region,
                                                                     make_vacancy):
    login(make_user(pencaker_region, locale="en"))
    vacancy = make_vacancy()
    send(client, vacancy, reason="fee")
    reports()[0].status = "dismissed"
    db.session.commit()
    assert send(client, vacancy, reason="fee").status_code == 200 and len(reports()) == 2


def test_the_same_submission_twice_files_one_report(client, make_vacancy):
    vacancy = make_vacancy()
    fields = {**form_of(client, vacancy), "reason": "contact", "details": "Wawancara di hotel."}
    first = client.post(f"/loker/{vacancy.id}/laporkan", data=fields, headers=EN)
    second = client.post(f"/loker/{vacancy.id}/laporkan", data=fields, headers=EN)
    assert first.status_code == second.status_code == 200
    assert "Thank you for your report" in second.get_data(as_text=True)
    assert len(reports()) == 1


def test_reporting_needs_the_csrf_token(client, make_vacancy):
    vacancy = make_vacancy()
    response = client.post(f"/loker/{vacancy.id}/laporkan", data={"reason": "fee"})
    assert response.status_code == 400 and reports() == []


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.REVIEW])
def test_a_vacancy_that_is_not_public_cannot_be_reported(client, make_vacancy, status):
    open_one, hidden = make_vacancy(), make_vacancy(status=status)
    response = client.post(f"/loker/{hidden.id}/laporkan", data={**form_of(client, open_one), "reason": "fee"})
    assert response.status_code == 404 and reports() == []
