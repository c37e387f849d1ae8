"""The AK/1 card's life: apply, correct, approve or reject, report every six months, renew, deactivate.

Every function here changes rows and adds a `CardEvent`, and raises `Refused` (with a translated message)
when the step is not allowed; callers commit (see `core.staff.common.save_or_refuse`). Notifications are
queued by the callers' `notifications` module, not here, so the rules stay testable on their own.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask import g
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.clock import region_today
from ...core.models import utcnow
from ...core.staff.common import Refused
from ...extensions import db
from .constants import CARD_VALID_YEARS, REPORT_PERIODS
from .models import Card, CardEvent, CardKind, CardReport, CardStatus, Placement, Seeker


class Action:
    SUBMITTED = "submitted"
    CORRECTION_REQUESTED = "correction_requested"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    REPORTED = "reported"
    DEACTIVATED = "deactivated"
    REPLACED = "replaced"


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _event(card: Card, action: str, actor=None, note: str = "") -> CardEvent:
    event = CardEvent(action=action, note=note or "", actor_id=getattr(actor, "id", None))
    card.events.append(event)
    return event


def pending_card(seeker: Seeker) -> Card | None:
    """The seeker's application still with Disnaker or back with them for a correction, if any."""
    return next((c for c in reversed(seeker.cards) if c.status in CardStatus.PENDING), None)


def current_card(seeker: Seeker) -> Card | None:
    """The seeker's newest approved card (active or expired); None when they never had one or it was deactivated."""
    return next((c for c in reversed(seeker.cards) if c.status == CardStatus.ACTIVE), None)


def apply(seeker: Seeker, kind: str = CardKind.NEW, note: str = "", actor=None) -> Card:
    """A new application. A first card needs no card; a renewal or correction needs the current card.

    Refused while another application is pending, and a new card while one is valid (renew or correct it).
    """
    if kind not in CardKind.ALL:
        raise Refused(_("Choose what you are applying for."), "kind")
    if pending_card(seeker):
        raise Refused(_("You already have an application waiting. Disnaker will answer it first."))
    current = current_card(seeker)
    today = region_today()
    if kind == CardKind.NEW and current is not None and current.is_valid(today):
        raise Refused(_("You already have a valid AK/1 card. Ask for a correction or a renewal instead."), "kind")
    if kind != CardKind.NEW and current is None:
        raise Refused(_("You have no AK/1 card to renew or correct yet. Apply for a new card."), "kind")
    if kind == CardKind.CORRECTION and not note.strip():
        raise Refused(_("Say what should be corrected on the card."), "note")
    missing = missing_for_card(seeker)
    if missing:
        raise Refused(_("Your profile still needs: %(items)s.", items=", ".join(missing)))
    card = Card(seeker=seeker, kind=kind, status=CardStatus.SUBMITTED, note=note.strip(),
                previous=current if kind != CardKind.NEW else None,
                verify_token=secrets.token_urlsafe(16)[:22])
    db.session.add(card)
    _event(card, Action.SUBMITTED, actor, note)
    return card


def missing_for_card(seeker: Seeker) -> list[str]:
    """What a profile lacks for an AK/1 application, in words (empty when complete)."""
    missing = []
    if not seeker.photo:
        missing.append(_("a 3×4 photo"))
    if not seeker.educations:
        missing.append(_("your education"))
    if not seeker.address or not seeker.kecamatan_code:
        missing.append(_("your address with kecamatan"))
    if not (seeker.phone or seeker.email):
        missing.append(_("a phone number or e-mail"))
    return missing


def _must_be_waiting(card: Card) -> None:
    if card.status != CardStatus.SUBMITTED:
        raise Refused(_("This application is no longer waiting for a decision."))


def request_correction(card: Card, reason: str, officer) -> None:
    _must_be_waiting(card)
    if not (reason or "").strip():
        raise Refused(_("Say what the applicant should correct."), "reason")
    card.status = CardStatus.NEEDS_CORRECTION
    card.reason = reason.strip()
    card.decided_at, card.decided_by_id = utcnow(), officer.id
    _event(card, Action.CORRECTION_REQUESTED, officer, reason.strip())


def resubmit(card: Card, note: str = "", actor=None) -> None:
    """The seeker fixed their profile and sends the same application back."""
    if card.status != CardStatus.NEEDS_CORRECTION:
        raise Refused(_("This application is not waiting for your correction."))
    missing = missing_for_card(card.seeker)
    if missing:
        raise Refused(_("Your profile still needs: %(items)s.", items=", ".join(missing)))
    card.status = CardStatus.SUBMITTED
    card.submitted_at = utcnow()
    _event(card, Action.RESUBMITTED, actor, note)


def reject(card: Card, reason: str, officer) -> None:
    _must_be_waiting(card)
    if not (reason or "").strip():
        raise Refused(_("Give the reason for rejecting, so the applicant knows what to do."), "reason")
    card.status = CardStatus.REJECTED
    card.reason = reason.strip()
    card.decided_at, card.decided_by_id = utcnow(), officer.id
    _event(card, Action.REJECTED, officer, reason.strip())


def next_number(today: date) -> str:
    """"AK1/3671/2026/000042": the region's code, the year and a running number per region and year."""
    prefix = f"AK1/{g.region.code.replace('.', '')}/{today.year}/"
    last = db.session.execute(
        select(func.max(Card.number)).where(Card.number.like(prefix + "%"))).scalar()
    sequence = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def snapshot_of(seeker: Seeker) -> dict:
    """What the card states, frozen at approval (a later profile edit needs a correction to show)."""
    education = seeker.highest_education
    return {
        "nik": seeker.nik,
        "full_name": seeker.full_name,
        "birth_place": seeker.birth_place,
        "birth_date": seeker.birth_date.isoformat(),
        "gender": seeker.gender,
        "marital_status": seeker.marital_status,
        "religion": seeker.religion,
        "address": seeker.address,
        "kecamatan_code": seeker.kecamatan_code,
        "kelurahan_code": seeker.kelurahan_code,
        "photo": seeker.photo,
        "education": {"level": education.level, "major": education.major, "school": education.school,
                      "year": education.year} if education else None,
        "skills": seeker.skills,
    }


def approve(card: Card, officer, today: date | None = None) -> None:
    """Give the card its number and two years of validity; the card it renews or corrects becomes inactive.

    A correction keeps the old card's validity (it is the same card with the details fixed) and its
    reports; a renewal and a new card start two fresh years.
    """
    _must_be_waiting(card)
    today = today or region_today()
    previous = card.previous
    card.status = CardStatus.ACTIVE
    card.snapshot = snapshot_of(card.seeker)
    card.decided_at, card.decided_by_id = utcnow(), officer.id
    card.reason = None
    if card.kind == CardKind.CORRECTION and previous is not None and previous.issued_on:
        card.number, card.issued_on, card.valid_until = previous.number, previous.issued_on, previous.valid_until
        previous.number = None  # the number moves to the corrected card (numbers are unique per region)
        for report in list(previous.reports):
            card.reports.append(CardReport(period=report.period, reported_at=report.reported_at,
                                           by_id=report.by_id))
    else:
        card.number = next_number(today)
        card.issued_on = today
        card.valid_until = add_years(today, CARD_VALID_YEARS) - timedelta(days=1)
    db.session.flush()
    if previous is not None and previous.status == CardStatus.ACTIVE:
        deactivate(previous, "replaced", officer, card.number or "")
    _event(card, Action.APPROVED, officer, card.number)


def deactivate(card: Card, why: str, actor=None, note: str = "") -> None:
    if card.status != CardStatus.ACTIVE:
        raise Refused(_("Only an approved card can be deactivated."))
    card.status = CardStatus.INACTIVE
    card.deactivated_at = utcnow()
    card.deactivated_reason = why
    _event(card, Action.REPLACED if why == "replaced" else Action.DEACTIVATED, actor, note or why)


def period_of(card: Card, today: date) -> int | None:
    """Which six-monthly period (1–4) `today` falls in, or None outside the card's validity."""
    if not card.issued_on or not card.is_valid(today) or today < card.issued_on:
        return None
    for period in range(1, REPORT_PERIODS + 1):
        if today < add_months(card.issued_on, 6 * period):
            return period
    return None


def report_periods(card: Card, today: date) -> list[dict]:
    """The four boxes of the card's report grid: period, its dates, and whether (and when) it was reported."""
    done = {r.period: r for r in card.reports}
    current = period_of(card, today)
    rows = []
    for period in range(1, REPORT_PERIODS + 1):
        start = add_months(card.issued_on, 6 * (period - 1)) if card.issued_on else None
        end = add_months(card.issued_on, 6 * period) if card.issued_on else None
        rows.append({"period": period, "start": start, "end": end, "report": done.get(period),
                     "current": period == current})
    return rows


def report_due(card: Card, today: date) -> int | None:
    """The period the holder can report now (not yet reported), or None."""
    period = period_of(card, today)
    if period is None or any(r.period == period for r in card.reports):
        return None
    return period


def report_still_looking(card: Card, actor=None, today: date | None = None) -> CardReport:
    today = today or region_today()
    if not card.is_valid(today):
        raise Refused(_("Reports are made only while the card is valid."))
    period = period_of(card, today)
    if period is None:
        raise Refused(_("Reports are made only while the card is valid."))
    if any(r.period == period for r in card.reports):
        raise Refused(_("You already reported for this six-month period. Thank you."))
    report = CardReport(period=period, by_id=getattr(actor, "id", None))
    card.reports.append(report)
    _event(card, Action.REPORTED, actor, str(period))
    return report


def record_placement(seeker: Seeker, employer_name: str, started_on: date, source: str, actor=None,
                     employer=None, vacancy=None) -> Placement:
    """The seeker got a job: record it and deactivate their valid card (an expired one is left as it is)."""
    if not (employer_name or "").strip():
        raise Refused(_("Enter the name of the employer."), "employer_name")
    today = region_today()
    if started_on > add_months(today, 3):
        raise Refused(_("The start date is too far ahead; record the job when it is certain."), "started_on")
    card = current_card(seeker)
    placement = Placement(seeker=seeker, card_id=card.id if card else None, employer_name=employer_name.strip(),
                          started_on=started_on, source=source,
                          employer_id=getattr(employer, "id", None), vacancy_id=getattr(vacancy, "id", None))
    db.session.add(placement)
    if card is not None and card.status == CardStatus.ACTIVE:
        deactivate(card, "placed", actor, employer_name.strip())
    return placement
