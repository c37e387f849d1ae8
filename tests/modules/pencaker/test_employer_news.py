"""A company hears Disnaker's decisions: its verification, and the review of each vacancy."""
from __future__ import annotations

from tests.core.test_notify import smtp_server  # noqa: F401  (a real SMTP server keeping every message)
from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, VacancyStatus

from .test_staff_queues import new_employer, new_vacancy, officer, post  # noqa: F401


def _english_owner(employer):
    employer.owner.locale = "en"
    employer.contact_email = "hrd@majujaya.example.id"
    db.session.commit()
    return employer


def test_verifying_a_company_tells_its_contact(client, officer, new_employer, smtp_server):  # noqa: F811
    employer = _english_owner(new_employer(status=EmployerStatus.PENDING))
    response = post(client, f"/staf/pencaker/perusahaan/{employer.id}", {"action": "verify"})
    assert response.status_code == 303
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["hrd@majujaya.example.id"]
    assert message["Subject"] == "PT Maju Jaya is verified"


def test_a_rejected_company_reads_the_reason(client, officer, new_employer, smtp_server):  # noqa: F811
    employer = _english_owner(new_employer(status=EmployerStatus.PENDING))
    post(client, f"/staf/pencaker/perusahaan/{employer.id}", {"action": "reject", "reason": "NIB tidak ditemukan."})
    [(_recipients, message)] = smtp_server.messages
    assert "NIB tidak ditemukan." in message.get_content()


def test_publishing_and_returning_a_vacancy_tell_the_company(client, officer, new_employer, new_vacancy,  # noqa: F811
                                                             smtp_server):  # noqa: F811
    employer = _english_owner(new_employer())
    published = new_vacancy(employer=employer, status=VacancyStatus.REVIEW, title="Kasir")
    returned = new_vacancy(employer=employer, status=VacancyStatus.REVIEW, title="Gudang")
    post(client, f"/staf/pencaker/lowongan/{published.id}", {"action": "publish"})
    post(client, f"/staf/pencaker/lowongan/{returned.id}", {"action": "return", "reason": "Tulis gaji per bulan."})
    subjects = [message["Subject"] for _recipients, message in smtp_server.messages]
    assert subjects == ["Your vacancy is published: Kasir", "Your vacancy needs changes: Gudang"]
    assert "Tulis gaji per bulan." in smtp_server.messages[1][1].get_content()


def test_a_refused_decision_tells_nobody(client, officer, new_employer, new_vacancy, smtp_server):  # noqa: F811
    vacancy = new_vacancy(employer=new_employer(status=EmployerStatus.PENDING), status=VacancyStatus.REVIEW)
    assert post(client, f"/staf/pencaker/lowongan/{vacancy.id}", {"action": "publish"}).status_code == 409
    assert smtp_server.messages == []
