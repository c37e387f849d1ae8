"""Applying to a vacancy, and the employer moving an application along.

terkirim (sent) → dilihat (seen) → dipanggil (called, with an interview time and place) → diterima
(accepted) / ditolak (rejected). Each change is an `ApplicationEvent` told to the applicant (see
`notifications.notify_application`, called after the commit). A hire records a placement and deactivates
the seeker's card. Functions raise `Refused`; callers commit.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ...core.clock import as_utc, region_today
from ...core.models import utcnow
from ...core.staff.common import Refused
from ...extensions import db
from .cards import record_placement
from .models import Application, ApplicationEvent, ApplicationStatus, Seeker, Vacancy

# Which status may follow which (an employer may skip "seen" and "called").
NEXT = {
    ApplicationStatus.SENT: (ApplicationStatus.SEEN, ApplicationStatus.CALLED, ApplicationStatus.ACCEPTED,
                             ApplicationStatus.REJECTED),
    ApplicationStatus.SEEN: (ApplicationStatus.CALLED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED),
    ApplicationStatus.CALLED: (ApplicationStatus.CALLED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED),
    ApplicationStatus.ACCEPTED: (),
    ApplicationStatus.REJECTED: (),
}


def missing_for_application(seeker: Seeker | None) -> list[str]:
    """What a seeker's profile lacks before they can apply with one tap (empty when complete)."""
    if seeker is None:
        return [_("a job-seeker profile")]
    missing = []
    if not seeker.educations:
        missing.append(_("your education"))
    if not (seeker.phone or seeker.email):
        missing.append(_("a phone number or e-mail"))
    if not seeker.address or not seeker.kecamatan_code:
        missing.append(_("your address with kecamatan"))
    if not seeker.skills.strip() and not seeker.experiences and not seeker.trainings:
        missing.append(_("your skills, training or work experience"))
    return missing


def existing_application(seeker: Seeker, vacancy: Vacancy) -> Application | None:
    return db.session.execute(select(Application).where(
        Application.seeker_id == seeker.id, Application.vacancy_id == vacancy.id)).scalar_one_or_none()


def apply(seeker: Seeker, vacancy: Vacancy, cover_note: str = "", today: date | None = None) -> Application:
    today = today or region_today()
    if not vacancy.is_open(today):
        raise Refused(_("This vacancy is closed; applications are no longer accepted."))
    if existing_application(seeker, vacancy) is not None:
        raise Refused(_("You already applied to this vacancy. You can follow it under My applications."))
    missing = missing_for_application(seeker)
    if missing:
        raise Refused(_("Your profile still needs: %(items)s.", items=", ".join(missing)))
    application = Application(vacancy=vacancy, seeker=seeker, status=ApplicationStatus.SENT,
                              cover_note=(cover_note or "").strip()[:2000])
    db.session.add(application)
    application.events.append(ApplicationEvent(status=ApplicationStatus.SENT))
    return application


def change_status(application: Application, status: str, actor, note: str = "",
                  interview_at: datetime | None = None, interview_place: str | None = None,
                  started_on: date | None = None) -> ApplicationEvent:
    """Move `application` to `status`; returns the event to notify. A hire records the placement."""
    if status not in NEXT.get(application.status, ()):
        raise Refused(_("This application cannot go from “%(old)s” to “%(new)s”.",
                        old=status_label(application.status), new=status_label(status)), "status")
    if status == ApplicationStatus.CALLED:
        if interview_at is None:
            raise Refused(_("Give the date and time of the interview."), "interview_at")
        if as_utc(interview_at) < utcnow():
            raise Refused(_("The interview cannot be in the past."), "interview_at")
        if not (interview_place or "").strip():
            raise Refused(_("Give the place of the interview."), "interview_place")
        application.interview_at = interview_at
        application.interview_place = interview_place.strip()
    application.status = status
    application.updated_at = utcnow()
    event = ApplicationEvent(status=status, note=(note or "").strip(), actor_id=getattr(actor, "id", None))
    application.events.append(event)
    if status == ApplicationStatus.ACCEPTED:
        vacancy = application.vacancy
        record_placement(application.seeker, vacancy.employer.name, started_on or region_today(), "hire",
                         actor=actor, employer=vacancy.employer, vacancy=vacancy)
    return event


def mark_seen(application: Application, actor) -> ApplicationEvent | None:
    """Opening a new application marks it seen (once)."""
    if application.status != ApplicationStatus.SENT:
        return None
    return change_status(application, ApplicationStatus.SEEN, actor)


def status_label(status: str) -> str:
    return {
        ApplicationStatus.SENT: _("Sent"),
        ApplicationStatus.SEEN: _("Seen by the employer"),
        ApplicationStatus.CALLED: _("Called for interview"),
        ApplicationStatus.ACCEPTED: _("Accepted"),
        ApplicationStatus.REJECTED: _("Not successful"),
    }.get(status, status)
