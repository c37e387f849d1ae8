"""Employers see who applied (filtered, without N+1 queries), open an application (which tells the applicant
it was seen, once), call them for an interview, accept (a placement that ends the AK/1 card) or reject;
every change reaches the applicant. Private details stay hidden, and other companies' applications are 404."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import logging

import pytest
from flask import g
from sqlalchemy import func, select

from tests.conftest import csrf_from
from aiosmtpd.controller import Controller

from tests.core.test_notify import Inbox, free_port
from tests.core.test_roles import quick_user, sign_in
from tests.modules.pencaker.test_employer import EN, page, text_of
from webapp.core.clock import as_utc, region_today
from webapp.extensions import db
from webapp.modules.pencaker import applications, cards
from webapp.modules.pencaker.models import (Application, ApplicationEvent, ApplicationStatus, CardStatus, Employer,
                                            Placement, SeekerExperience, SeekerTraining, Vacancy, VacancyStatus)
from webapp.modules.pencaker.notifications import notify_application


def url(application) -> str:
    return f"/pencaker/perusahaan/lamaran/{application.id}"


def applicants_url(vacancy, **query) -> str:
    tail = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/pencaker/perusahaan/lowongan/{vacancy.id}/pelamar" + (f"?{tail}" if tail else "")


def change(client, application, **data):
    """Send the status form of the application's page (opening the page first, as a person would)."""
    token = csrf_from(page(client, url(application)))
    return client.post(url(application), data={"csrf_token": token, **data}, headers=EN)


def mails_to(inbox, address):
    return [message for recipients, message in inbox.messages if address in recipients]


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def tomorrow() -> str:
    return (region_today() + timedelta(days=1)).isoformat()


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server keeping what it receives."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def boss(pencaker_region, make_employer, client):
    user = quick_user(pencaker_region, name="Rina")
    employer = make_employer(owner=user)
    sign_in(client, user)
    return employer


@pytest.fixture
def vacancy(boss, make_vacancy):
    return make_vacancy(boss, title="Operator Produksi")


@pytest.fixture
def applicant(make_seeker, disnaker, vacancy, pencaker_region):
    """Budi, with an active AK/1 card, training and experience, applied to the vacancy."""
    seeker = make_seeker(full_name="Budi Santoso", religion="islam", marital_status="married",
                         disability="Tunarungu", birth_date=date(1999, 5, 17))
    seeker.trainings.append(SeekerTraining(name="Pelatihan Las", organizer="BLK Tangerang", year=2019,
                                           certificate="BNSP Las 3G"))
    seeker.experiences.append(SeekerExperience(employer="PT Baja Kuat", position="Helper", start_year=2018,
                                               end_year=2021))
    card = cards.apply(seeker)
    db.session.commit()
    cards.approve(card, disnaker)
    application = applications.apply(seeker, vacancy, "Saya siap kerja shift.")
    db.session.commit()
    g.region = pencaker_region
    return application


# The list of applicants

def test_the_list_shows_each_applicant_with_status_in_words(client, applicant, vacancy):
    html = text_of(page(client, applicants_url(vacancy)))
    assert "Budi Santoso" in html and "Sent" in html and "Vocational high school (SMK)" in html
    assert f'href="{url(applicant)}"' in html
    assert "NIK" not in html and applicant.seeker.nik not in html


def test_the_list_filters_by_status_name_education_and_date(client, vacancy, applicant, make_seeker):
    other = make_seeker(full_name="Siti Aminah", education="S1", gender="P")
    theirs = applications.apply(other, vacancy)
    db.session.commit()
    applications.change_status(theirs, ApplicationStatus.REJECTED, None)
    db.session.commit()

    def names(**query):
        html = text_of(page(client, applicants_url(vacancy, **query)))
        return [name for name in ("Budi Santoso", "Siti Aminah") if name in html]

    assert names() == ["Budi Santoso", "Siti Aminah"]
    assert names(status="rejected") == ["Siti Aminah"]
    assert names(name="budi") == ["Budi Santoso"]
    assert names(education="D3") == ["Siti Aminah"]  # at least D3: S1 yes, SMK no
    assert names(education="SMA") == ["Budi Santoso", "Siti Aminah"]
    today = region_today()
    assert names(applied_from=today.isoformat(), applied_until=today.isoformat()) == ["Budi Santoso", "Siti Aminah"]
    assert names(applied_from=(today + timedelta(days=1)).isoformat()) == []
    assert names(status="nonsense") == ["Budi Santoso", "Siti Aminah"]  # a broken filter is left out


def test_the_list_needs_the_same_queries_for_few_and_many_applicants(client, vacancy, make_seeker,
                                                                     count_statements):
    def add(n):
        for _ in range(n):
            applications.apply(make_seeker(full_name="Pelamar"), vacancy)
        db.session.commit()

    add(2)
    few = count_statements(lambda: page(client, applicants_url(vacancy)))
    add(5)
    many = count_statements(lambda: page(client, applicants_url(vacancy)))
    assert many == few
    assert text_of(page(client, applicants_url(vacancy))).count("Pelamar</a>") == 7


def test_a_long_list_continues_on_older_pages(client, vacancy, make_seeker, monkeypatch):
    from webapp.modules.pencaker import views_employer

    monkeypatch.setattr(views_employer, "APPLICANTS_PAGE", 2)
    for n in range(3):
        applications.apply(make_seeker(full_name=f"Pelamar {n}"), vacancy)
    db.session.commit()
    first = text_of(page(client, applicants_url(vacancy)))
    assert "Pelamar 2" in first and "Pelamar 1" in first and "Pelamar 0" not in first
    older = first.split('class="more"><a href="')[1].split('"')[0].replace("&amp;", "&")
    second = text_of(page(client, older))
    assert "Pelamar 0" in second and "Pelamar 2" not in second


# One application

def test_the_detail_shows_what_hiring_needs_and_hides_private_details(client, applicant):
    seeker = applicant.seeker
    html = text_of(page(client, url(applicant)))
    for shown in ("Budi Santoso", "Pelatihan Las", "BNSP Las 3G", "PT Baja Kuat", "Helper", "Mengemudi, Excel",
                  "0812-3456-7890", "budi@example.id", "SMKN 1 Tangerang", "Saya siap kerja shift.",
                  f"/pencaker/foto/{seeker.id}"):
        assert shown in html
    age = region_today().year - 1999 - ((region_today().month, region_today().day) < (5, 17))
    assert f"{age} years" in html
    for hidden in (seeker.nik, "Islam", "Married", "Tunarungu", "Jl. Merdeka 1"):
        assert hidden not in html
    assert "/pencaker/cv/" not in html  # no CV uploaded


def test_a_cv_is_linked_when_there_is_one(client, applicant):
    applicant.seeker.cv = "tangerang/pencaker/cv.pdf"
    db.session.commit()
    assert f"/pencaker/cv/{applicant.seeker.id}" in text_of(page(client, url(applicant)))


def test_a_disability_is_shown_only_for_a_vacancy_that_welcomes_it(client, applicant, vacancy):
    vacancy.disability_friendly = True
    db.session.commit()
    assert "Tunarungu" in text_of(page(client, url(applicant)))


def test_opening_marks_the_application_seen_once_and_tells_the_applicant(client, applicant, smtp_server):
    page(client, url(applicant))
    page(client, url(applicant))
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.SEEN
    assert [e.status for e in applicant.events] == [ApplicationStatus.SENT, ApplicationStatus.SEEN]
    [message] = mails_to(smtp_server, "budi@example.id")
    assert "PT Maju Jaya has seen your application" in message["Subject"]
    assert "/pencaker/lamaran" in message.get_content()


def test_the_form_offers_only_the_next_steps(client, applicant):
    html = text_of(page(client, url(applicant)))  # now seen
    assert "Call for an interview" in html and "Accept: hire this applicant" in html and "Reject" in html
    assert "Mark as seen" not in html
    assert "Accepting records the placement with Disnaker and ends the applicant’s AK/1 card" in html


def test_calling_for_an_interview_stores_the_local_time_in_utc_and_tells_the_applicant(client, applicant,
                                                                                       smtp_server):
    response = change(client, applicant, status="called", interview_date=tomorrow(), interview_time="10:00",
                      interview_place="Kantor PT Maju Jaya, Jl. Industri 5", note="Bawa ijazah asli.")
    assert response.status_code == 302
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.CALLED
    day = region_today() + timedelta(days=1)
    assert as_utc(applicant.interview_at) == datetime(day.year, day.month, day.day, 3, 0, tzinfo=timezone.utc)  # WIB
    subjects = [m["Subject"] for m in mails_to(smtp_server, "budi@example.id")]
    assert subjects[0] == "PT Maju Jaya has seen your application"
    assert subjects[1] == "Interview invitation: Operator Produksi"
    body = mails_to(smtp_server, "budi@example.id")[1].get_content()
    assert "Kantor PT Maju Jaya, Jl. Industri 5" in body and "Bawa ijazah asli." in body
    assert "10:00" in body  # in the region's time (WIB), in the applicant's language (English here)
    html = text_of(page(client, url(applicant)))
    assert "Interview on" in html and "Called for interview" in html


def test_the_phone_gets_the_news_too(client, applicant, caplog):
    with caplog.at_level(logging.INFO):  # without a gateway, core notify logs each SMS it would send
        change(client, applicant, status="rejected")
    texts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sms not sent") and
             "+6281234567890" in r.getMessage()]
    assert len(texts) == 2 and "was not successful" in texts[1]


@pytest.mark.parametrize("data, field, message", [
    ({"interview_time": "10:00", "interview_place": "Kantor"}, "interview_date", "Give the date of the interview."),
    ({"interview_date": "tomorrow", "interview_place": "Kantor"}, "interview_time", "Give the time of the interview."),
    ({"interview_date": "tomorrow", "interview_time": "10:00"}, "interview_place", "Give the place of the interview."),
])
def test_an_interview_needs_a_date_a_time_and_a_place(client, applicant, data, field, message):
    data = {k: (tomorrow() if v == "tomorrow" else v) for k, v in data.items()}
    response = change(client, applicant, status="called", **data)
    assert response.status_code == 422
    html = text_of(response)
    assert f'id="{field}-error">{message}' in html
    for value in data.values():
        assert f'value="{value}"' in html
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.SEEN


def test_an_interview_in_the_past_is_refused_with_what_was_typed(client, applicant):
    yesterday = (region_today() - timedelta(days=1)).isoformat()
    response = change(client, applicant, status="called", interview_date=yesterday, interview_time="09:30",
                      interview_place="Ruang HRD", note="Datang tepat waktu.")
    assert response.status_code == 422
    html = text_of(response)
    assert 'id="interview_date-error">The interview cannot be in the past.' in html
    assert f'value="{yesterday}"' in html and 'value="09:30"' in html and 'value="Ruang HRD"' in html
    assert "Datang tepat waktu." in html
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.SEEN and applicant.interview_at is None


def test_accepting_records_the_placement_ends_the_card_and_congratulates(client, applicant, boss,
                                                                          smtp_server):
    start = region_today() + timedelta(days=7)
    response = change(client, applicant, status="accepted", started_on=start.isoformat(), note="Mulai Senin.")
    assert response.status_code == 302
    placement = db.session.execute(select(Placement)).scalar_one()
    assert (placement.seeker_id, placement.employer_id, placement.vacancy_id, placement.started_on,
            placement.source, placement.employer_name) == (applicant.seeker_id, boss.id, applicant.vacancy_id, start,
                                                           "hire", "PT Maju Jaya")
    card = applicant.seeker.cards[0]
    db.session.refresh(card)
    assert card.status == CardStatus.INACTIVE and card.deactivated_reason == "placed"
    [*_, accepted] = mails_to(smtp_server, "budi@example.id")
    assert accepted["Subject"] == "You are accepted: Operator Produksi" and "Mulai Senin." in accepted.get_content()
    html = text_of(page(client, url(applicant)))
    assert "This application is decided: Accepted." in html and 'name="status"' not in html


def test_accepting_needs_the_first_working_day(client, applicant):
    response = change(client, applicant, status="accepted")
    assert response.status_code == 422 and 'id="started_on-error">Give the first working day.' in text_of(response)
    assert count(Placement) == 0


def test_a_start_far_ahead_is_refused_and_nothing_is_recorded(client, applicant):
    far = (region_today() + timedelta(days=200)).isoformat()
    response = change(client, applicant, status="accepted", started_on=far)
    assert response.status_code == 422 and "The start date is too far ahead" in text_of(response)
    assert count(Placement) == 0
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.SEEN
    assert applicant.seeker.cards[0].status == CardStatus.ACTIVE


def test_rejecting_tells_the_applicant_kindly(client, applicant, smtp_server):
    assert change(client, applicant, status="rejected", note="Terima kasih sudah melamar.").status_code == 302
    [*_, message] = mails_to(smtp_server, "budi@example.id")
    assert message["Subject"] == "Your application for Operator Produksi was not successful"
    assert "Terima kasih sudah melamar." in message.get_content()


def test_each_change_reaches_the_applicant(client, applicant, smtp_server):
    change(client, applicant, status="called", interview_date=tomorrow(), interview_time="10:00",
           interview_place="Kantor")
    change(client, applicant, status="called", interview_date=tomorrow(), interview_time="13:00",
           interview_place="Kantor cabang")  # rescheduled
    change(client, applicant, status="rejected")
    subjects = [m["Subject"] for m in mails_to(smtp_server, "budi@example.id")]
    assert subjects == ["PT Maju Jaya has seen your application", "Interview invitation: Operator Produksi",
                        "Interview invitation: Operator Produksi",
                        "Your application for Operator Produksi was not successful"]
    assert count(ApplicationEvent, ApplicationEvent.application_id == applicant.id) == 5


def test_a_decided_application_cannot_change_again(client, applicant, smtp_server):
    change(client, applicant, status="rejected")
    sent = len(smtp_server.messages)
    token = csrf_from(page(client, "/pencaker/perusahaan/lowongan/baru"))
    response = client.post(url(applicant), headers=EN, data={
        "csrf_token": token, "status": "accepted", "started_on": region_today().isoformat()})
    assert response.status_code == 409
    assert "This application cannot go from “Not successful” to “Accepted”." in text_of(response)
    db.session.refresh(applicant)
    assert applicant.status == ApplicationStatus.REJECTED and count(Placement) == 0
    assert len(smtp_server.messages) == sent


def test_a_double_tap_changes_the_status_once(client, applicant, smtp_server):
    token = csrf_from(page(client, url(applicant)))
    data = {"csrf_token": token, "status": "called", "interview_date": tomorrow(), "interview_time": "10:00",
            "interview_place": "Kantor", "idempotency_key": "panggil-sekali-saja-1"}
    assert client.post(url(applicant), data=data, headers=EN).status_code == 302
    assert client.post(url(applicant), data=data, headers=EN).status_code == 302
    assert count(ApplicationEvent, ApplicationEvent.status == ApplicationStatus.CALLED) == 1
    assert len(mails_to(smtp_server, "budi@example.id")) == 2  # seen, called


def test_the_apply_notification_call_tells_the_applicant_it_was_sent(applicant, smtp_server):
    notify_application(applicant.events[0])  # what the public apply route calls after its commit
    [message] = mails_to(smtp_server, "budi@example.id")
    assert message["Subject"] == "Your application for Operator Produksi was sent"


# Isolation

def test_another_companys_application_is_not_found(client, boss, make_employer, make_vacancy, make_seeker):
    theirs = make_vacancy(make_employer(name="PT Saingan"))
    application = applications.apply(make_seeker(), theirs)
    db.session.commit()
    assert page(client, url(application)).status_code == 404
    token = csrf_from(page(client, "/pencaker/perusahaan/lowongan/baru"))
    response = client.post(url(application), data={"csrf_token": token, "status": "rejected"}, headers=EN)
    assert response.status_code == 404
    db.session.refresh(application)
    assert application.status == ApplicationStatus.SENT  # not even marked seen


def test_an_application_of_another_region_is_not_found(client, boss, make_region, in_region, pencaker_region,
                                                       make_seeker):
    seeker = make_seeker()
    other = make_region("depok", hosts=["depok.test"])
    in_region(other)
    employer = Employer(region_id=other.id, owner_id=boss.owner_id, name="PT Depok", nib="2222222222222",
                        sector="C", address="x", contact_name="x", contact_phone="+6281200000000")
    db.session.add(employer)
    db.session.flush()
    vacancy = Vacancy(region_id=other.id, employer_id=employer.id, title="Lowongan Depok", sector="C",
                      description="x", min_education="SMA", remote=True, employment_type="FULL_TIME",
                      closes_on=region_today() + timedelta(days=5), status=VacancyStatus.PUBLISHED)
    db.session.add(vacancy)
    db.session.flush()
    application = Application(region_id=other.id, vacancy_id=vacancy.id, seeker_id=seeker.id)
    db.session.add(application)
    db.session.commit()
    in_region(pencaker_region)
    assert page(client, url(application)).status_code == 404
