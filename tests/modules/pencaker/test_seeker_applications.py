"""A seeker's own applications: status in words, the interview, every step; nobody else's; and the Jobs section
of the account page."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from webapp.extensions import db
from webapp.modules.pencaker import applications
from webapp.modules.pencaker.models import ApplicationStatus

from . import test_seeker_profile as profile_tests
from .test_seeker_profile import EN

person, seeker_in = profile_tests.person, profile_tests.seeker_in  # fixtures


def applied(seeker, vacancy):
    application = applications.apply(seeker, vacancy)
    db.session.commit()
    return application


def test_my_applications_show_status_in_words_and_the_interview(client, seeker_in, make_vacancy, make_employer):
    seeker = seeker_in()
    first = applied(seeker, make_vacancy(title="Operator Produksi"))
    second = applied(seeker, make_vacancy(title="Staf Gudang", employer=make_employer(name="PT Logistik")))
    when = datetime.now(timezone.utc) + timedelta(days=3)
    applications.change_status(second, ApplicationStatus.CALLED, None, interview_at=when,
                               interview_place="Kantor PT Logistik, Jl. Gatot Subroto 3")
    db.session.commit()
    text = client.get("/pencaker/lamaran", headers=EN).get_data(as_text=True)
    assert "Operator Produksi" in text and "Staf Gudang" in text and "PT Logistik" in text
    assert "Sent" in text and "Called for interview" in text and "Jl. Gatot Subroto 3" in text
    assert text.index("Staf Gudang") < text.index("Operator Produksi")  # newest first
    assert f"/pencaker/lamaran/{first.id}" in text


def test_one_application_shows_every_step(client, seeker_in, make_vacancy):
    application = applied(seeker_in(), make_vacancy(title="Operator Produksi"))
    applications.change_status(application, ApplicationStatus.SEEN, None)
    applications.change_status(application, ApplicationStatus.REJECTED, None, note="Posisi sudah terisi.")
    db.session.commit()
    response = client.get(f"/pencaker/lamaran/{application.id}", headers=EN)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Seen by the employer" in text and "Not successful" in text and "Posisi sudah terisi." in text
    assert f"/loker/{application.vacancy_id}" in text


def test_another_seekers_application_is_404(client, seeker_in, make_seeker, make_vacancy):
    theirs = applied(make_seeker(), make_vacancy())
    seeker_in()
    assert client.get(f"/pencaker/lamaran/{theirs.id}").status_code == 404
    assert client.get("/pencaker/lamaran/999999").status_code == 404
    assert "You have not applied to a vacancy yet." in client.get("/pencaker/lamaran", headers=EN).get_data(as_text=True)


def test_without_a_profile_the_list_says_how_to_start(client, person):
    text = client.get("/pencaker/lamaran", headers=EN).get_data(as_text=True)
    assert "Make your job-seeker profile first" in text


def test_the_account_page_links_a_seeker_to_profile_card_and_applications(client, seeker_in):
    seeker_in()
    text = client.get("/akun", headers=EN).get_data(as_text=True)
    assert "Jobs and the AK/1 card" in text
    for url in ("/pencaker/profil", "/pencaker/kartu", "/pencaker/lamaran"):
        assert f'href="{url}"' in text
    assert "/pencaker/perusahaan/" not in text


def test_the_account_page_of_someone_without_a_profile_invites_them(client, person, make_employer):
    text = client.get("/akun", headers=EN).get_data(as_text=True)
    assert 'href="/pencaker/"' in text and 'href="/pencaker/kartu"' not in text
    make_employer(owner=person)
    assert 'href="/pencaker/perusahaan/"' in client.get("/akun", headers=EN).get_data(as_text=True)
