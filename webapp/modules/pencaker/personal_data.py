"""What Pencaker holds about people, and who on the staff sees it in full.

- Staff: a job seeker's NIK is shown masked (`3671••••••••0012`) on every Disnaker page; a manpower
  officer (role "disnaker") may reveal it with a button, and each reveal is recorded in the audit log,
  as is each time an officer opens someone's printable card (which states the NIK). Their phone number
  and e-mail address are shown in full to manpower officers, who call seekers in, and masked for region
  admins, who can open Disnaker's pages but do not handle seekers. Platform administrators run the
  install, not the job service: they see masks too.
- A deleted account: its job-seeker profile goes with its education, training, experience, AK/1 cards,
  applications and placements, and the photo, CV and card photos on the disk; a company it registered
  stays (it is the company's record) without the link to it; its reports about vacancies lose the link
  and the contact it left.
"""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select, update

from ...core import audit
from ...core.models import Role
from ...core.privacy import PersonalData, row_data
from ...extensions import db
from .models import Application, Employer, Placement, Seeker, VacancyReport

SEEKER_OBJECT = "pencaker.seeker"


def is_manpower_officer(user) -> bool:
    """Holds the manpower officer role in this region (the grant itself: a platform admin does not)."""
    return getattr(user, "is_authenticated", False) and any(g.role == Role.MANPOWER_OFFICER for g in user.roles)


def may_reveal_nik(user) -> bool:
    return is_manpower_officer(user)


def may_see_contact(user) -> bool:
    return is_manpower_officer(user)


def record_nik_view(seeker: Seeker, page: str, **detail) -> None:
    """Note in the audit log that the signed-in staff member saw `seeker`'s full NIK (the caller commits)."""
    audit.record(audit.NIK_VIEWED, SEEKER_OBJECT, seeker.id, page=page, **detail)


# The download ----------------------------------------------------------------------------------------------

def _seeker_data(seeker: Seeker) -> dict:
    data = row_data(seeker, skip=("user_id", "registered_by_id", "photo", "cv"))
    data["photo"] = url_for("pencaker.photo_file", seeker_id=seeker.id, _external=True) if seeker.photo else None
    data["cv"] = url_for("pencaker.cv_file", seeker_id=seeker.id, _external=True) if seeker.cv else None
    data["education"] = [row_data(e, skip=("seeker_id",)) for e in seeker.educations]
    data["training"] = [row_data(t, skip=("seeker_id",)) for t in seeker.trainings]
    data["experience"] = [row_data(e, skip=("seeker_id",)) for e in seeker.experiences]
    data["ak1_cards"] = [
        {**row_data(card, skip=("seeker_id", "decided_by_id", "verify_token", "snapshot")),
         "card_says": {k: v for k, v in (card.snapshot or {}).items() if k != "photo"} or None,
         "history": [{"step": e.action, "note": e.note, "at": e.created_at} for e in card.events],
         "reports": [{"period": r.period, "at": r.reported_at} for r in card.reports]}
        for card in seeker.cards]
    applications = db.session.execute(select(Application).where(Application.seeker_id == seeker.id)
                                      .order_by(Application.created_at)).scalars()
    data["applications"] = [
        {"vacancy": a.vacancy.title, "employer": a.vacancy.employer.name, "status": a.status,
         "cover_note": a.cover_note, "interview_at": a.interview_at, "interview_place": a.interview_place,
         "sent_at": a.created_at, "history": [{"status": e.status, "note": e.note, "at": e.created_at}
                                               for e in a.events]}
        for a in applications]
    placements = db.session.execute(select(Placement).where(Placement.seeker_id == seeker.id)).scalars()
    data["placements"] = [{"employer": p.employer_name, "started_on": p.started_on, "source": p.source}
                          for p in placements]
    return data


def _my_seeker(user) -> Seeker | None:
    return db.session.execute(select(Seeker).where(Seeker.user_id == user.id)).scalar_one_or_none()


def export(user) -> dict:
    """The job-seeker profile with its cards and applications, companies registered, vacancies reported."""
    seeker = _my_seeker(user)
    employers = db.session.execute(select(Employer).where(Employer.owner_id == user.id)).scalars().all()
    reports = db.session.execute(select(VacancyReport).where(VacancyReport.reporter_id == user.id)).scalars().all()
    data = {}
    if seeker is not None:
        data["job_seeker"] = _seeker_data(seeker)
    if employers:
        data["companies"] = [row_data(e, skip=("owner_id", "verified_by_id")) for e in employers]
    if reports:
        data["vacancy_reports"] = [{"vacancy": r.vacancy.title, "reason": r.reason, "details": r.details,
                                    "contact": r.contact, "status": r.status, "sent_at": r.created_at}
                                   for r in reports]
    return data


# Deleting an account ---------------------------------------------------------------------------------------

def erase(user) -> list[str]:
    """Delete the job-seeker data of `user`, unlink their companies and vacancy reports; returns the files
    (photo, CV, the photos frozen on cards) to remove once the deletion is committed."""
    files: list[str] = []
    seeker = _my_seeker(user)
    if seeker is not None:
        files += [seeker.photo, seeker.cv, *((c.snapshot or {}).get("photo") for c in seeker.cards)]
        db.session.delete(seeker)  # the database removes its applications and placements with it
    quiet = {"synchronize_session": False}
    db.session.execute(update(Employer).where(Employer.owner_id == user.id).values(owner_id=None),
                       execution_options=quiet)
    db.session.execute(update(VacancyReport).where(VacancyReport.reporter_id == user.id)
                       .values(reporter_id=None, contact=None), execution_options=quiet)
    return sorted({path for path in files if path})


HOOKS = PersonalData(export=export, erase=erase)
