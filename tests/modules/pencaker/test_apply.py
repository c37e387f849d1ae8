"""Applying takes one tap for a signed-in job seeker with a complete profile. Everyone else is told exactly
what to do: sign in, or which parts of the profile are missing. Applying twice, or to a closed vacancy, is
a 409; a double tap sends one application; the seeker hears that it was sent."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_notify import smtp_server  # noqa: F401  (a real SMTP server keeping what it receives)
from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import Application, ApplicationStatus, VacancyStatus

from .test_public import EN


@pytest.fixture
def seeker(make_seeker, make_user, pencaker_region):
    return make_seeker(user=make_user(pencaker_region, locale="en", email="budi@example.id"))


@pytest.fixture
def signed_in(client, login, seeker):
    login(seeker.user)
    return seeker


def applications_count() -> int:
    return db.session.execute(select(func.count(Application.id))).scalar_one()


def detail(client, vacancy):
    return client.get(f"/loker/{vacancy.id}", headers=EN)


def token(client, vacancy) -> str:
    """A CSRF token of this session (the report form has one on every vacancy)."""
    return csrf_from(client.get(f"/loker/{vacancy.id}/laporkan"))


def form_fields(response) -> dict:
    html = response.get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html)
    return {"csrf_token": csrf_from(response), **({"idempotency_key": key.group(1)} if key else {})}


def apply(client, vacancy, **extra):
    data = {**form_fields(detail(client, vacancy)), **extra}
    return client.post(f"/loker/{vacancy.id}/lamar", data=data, headers=EN)


# Anonymous

def test_an_anonymous_visitor_is_asked_to_sign_in_and_comes_back(client, make_vacancy):
    vacancy = make_vacancy()
    html = detail(client, vacancy).get_data(as_text=True)
    assert f'href="/masuk?next=/loker/{vacancy.id}">Sign in to apply</a>' in html
    response = client.post(f"/loker/{vacancy.id}/lamar", data={"csrf_token": token(client, vacancy)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/masuk?next=/loker/{vacancy.id}"
    assert applications_count() == 0


def test_applying_without_the_csrf_token_is_refused(client, signed_in, make_vacancy):
    vacancy = make_vacancy()
    response = client.post(f"/loker/{vacancy.id}/lamar", data={}, headers=EN)
    assert response.status_code == 400 and applications_count() == 0


# Profiles that are not ready

def test_without_a_profile_the_page_says_so_and_applying_is_a_422(client, login, make_user, pencaker_region,
                                                                   make_vacancy):
    user = make_user(pencaker_region, locale="en")
    login(user)
    vacancy = make_vacancy()
    html = detail(client, vacancy).get_data(as_text=True)
    assert "Before you can apply, your profile needs:" in html and "<li>a job-seeker profile</li>" in html
    assert 'href="/pencaker/profil"' in html and "Apply now" not in html
    response = client.post(f"/loker/{vacancy.id}/lamar", data={"csrf_token": token(client, vacancy)},
                           headers=EN)
    assert response.status_code == 422
    assert "<li>a job-seeker profile</li>" in response.get_data(as_text=True)
    assert applications_count() == 0


def test_an_incomplete_profile_is_told_exactly_what_is_missing(client, login, make_seeker, make_user,
                                                                 pencaker_region, make_vacancy):
    user = make_user(pencaker_region, locale="en")
    make_seeker(user=user, education=None, phone=None, email=None)
    login(user)
    vacancy = make_vacancy()
    response = client.post(f"/loker/{vacancy.id}/lamar", data={"csrf_token": token(client, vacancy)},
                           headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    items = re.findall(r"<li>([^<]+)</li>", html[html.index("Before you can apply"):])
    assert items == ["your education", "a phone number or e-mail"]
    assert "Your profile is not complete yet" in html and 'href="/pencaker/profil"' in html
    assert applications_count() == 0


# Applying

def test_one_tap_sends_the_application_and_opens_it(client, signed_in, make_vacancy):
    vacancy = make_vacancy(title="Operator Produksi")
    response = apply(client, vacancy, cover_note="  Saya siap kerja shift.  ")
    [application] = db.session.execute(select(Application)).scalars()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/pencaker/lamaran/{application.id}"
    assert application.seeker_id == signed_in.id and application.vacancy_id == vacancy.id
    assert application.status == ApplicationStatus.SENT and application.cover_note == "Saya siap kerja shift."
    assert [e.status for e in application.events] == [ApplicationStatus.SENT]
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Your application for “Operator Produksi” was sent to PT Maju Jaya." in page


def test_the_seeker_is_told_by_mail_that_the_application_was_sent(client, signed_in, make_vacancy,
                                                                   smtp_server):  # noqa: F811
    vacancy = make_vacancy(title="Juru Masak")
    apply(client, vacancy)
    [(recipients, message)] = [m for m in smtp_server.messages if "budi@example.id" in m[0]]
    assert "Juru Masak" in message["Subject"]
    assert "PT Maju Jaya" in message.get_content()


def test_the_page_shows_the_application_instead_of_the_button(client, signed_in, make_vacancy):
    vacancy = make_vacancy()
    apply(client, vacancy)
    [application] = db.session.execute(select(Application)).scalars()
    html = detail(client, vacancy).get_data(as_text=True)
    assert "You applied on" in html and "status: Sent." in html
    assert f'href="/pencaker/lamaran/{application.id}"' in html and "Apply now" not in html


def test_applying_twice_is_a_409_with_a_link_to_the_application(client, signed_in, make_vacancy):
    vacancy = make_vacancy()
    stale = form_fields(detail(client, vacancy))  # a second tab opened before the first application
    apply(client, vacancy)
    stale["idempotency_key"] = "another-key-0123456789"
    response = client.post(f"/loker/{vacancy.id}/lamar", data=stale, headers=EN)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    [application] = db.session.execute(select(Application)).scalars()
    assert "You already applied to this vacancy." in html
    assert f'href="/pencaker/lamaran/{application.id}"' in html


def test_a_double_tap_sends_one_application(client, signed_in, make_vacancy):
    vacancy = make_vacancy()
    fields = form_fields(detail(client, vacancy))
    first = client.post(f"/loker/{vacancy.id}/lamar", data=fields, headers=EN)
    second = client.post(f"/loker/{vacancy.id}/lamar", data=fields, headers=EN)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert applications_count() == 1


@pytest.mark.parametrize("how", ["closed", "expired"])
def test_a_closed_or_expired_vacancy_takes_no_application(client, signed_in, make_vacancy, how):
    vacancy = make_vacancy()
    fields = form_fields(detail(client, vacancy))
    if how == "closed":
        vacancy.status = VacancyStatus.CLOSED
    else:
        vacancy.closes_on = region_today() - timedelta(days=1)
    db.session.commit()
    response = client.post(f"/loker/{vacancy.id}/lamar", data=fields, headers=EN)
    assert response.status_code == 409
    assert "This vacancy is closed; applications are no longer accepted." in response.get_data(as_text=True)
    assert applications_count() == 0


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.REVIEW, VacancyStatus.RETURNED])
def test_applying_to_a_vacancy_that_is_not_public_is_404(client, signed_in, make_vacancy, status):
    open_one = make_vacancy()
    hidden = make_vacancy(status=status)
    response = client.post(f"/loker/{hidden.id}/lamar", data=form_fields(detail(client, open_one)), headers=EN)
    assert response.status_code == 404 and applications_count() == 0


def test_a_too_long_note_is_a_422_and_keeps_what_was_typed(client, signed_in, make_vacancy):
    vacancy = make_vacancy()
    response = apply(client, vacancy, cover_note="Sangat berminat. " * 70)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Sangat berminat. Sangat berminat." in html and "cannot be longer than 1000" in html
    assert "<details open>" in html and applications_count() == 0


def test_below_the_minimum_education_a_gentle_note_but_applying_still_works(client, login, make_seeker, make_user,
                                                                             pencaker_region, make_vacancy):
    user = make_user(pencaker_region, locale="en")
    make_seeker(user=user, education="SMP")
    login(user)
    vacancy = make_vacancy(min_education="D3")
    html = detail(client, vacancy).get_data(as_text=True)
    assert "This vacancy asks for at least Diploma 3 (D3); your profile shows Junior high school (SMP)." in html
    assert "You may still apply." in html and "Apply now" in html
    assert apply(client, vacancy).status_code == 303 and applications_count() == 1


def test_no_education_note_when_the_seeker_meets_the_minimum(client, signed_in, make_vacancy):
    html = detail(client, make_vacancy(min_education="SMA")).get_data(as_text=True)  # SMK meets SMA
    assert "asks for at least" not in html and "Apply now" in html
