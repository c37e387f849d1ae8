"""Vacancy rules: what a vacancy must say, its review by Disnaker, and the schema.org JobPosting it becomes.

States: draft → review (employer submits) → published (Disnaker) or returned (with a reason, back to the
employer to edit and submit again); published → closed (employer or Disnaker). A published vacancy whose
closing day has passed shows as expired without any job running (`Vacancy.open_on`).
Functions raise `Refused`; callers commit.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...core.clock import as_utc, region_today
from ...core.models import Area, utcnow
from ...core.staff.common import Refused
from ...core.wilayah import lookup
from ...extensions import db
from .models import Employer, EmployerStatus, Vacancy, VacancyStatus

MAX_OPEN_DAYS = 180  # a closing date further ahead than this is refused
AGE_LIMITS = (15, 65)


def check_vacancy(vacancy: Vacancy, today: date | None = None) -> None:
    """Refuse a vacancy that says something impossible (before saving a draft or submitting it)."""
    today = today or region_today()
    if vacancy.closes_on is None or vacancy.closes_on < today:
        raise Refused(_("The closing date cannot be in the past."), "closes_on")
    if (vacancy.closes_on - today).days > MAX_OPEN_DAYS:
        raise Refused(_("The closing date can be at most %(days)d days ahead.", days=MAX_OPEN_DAYS), "closes_on")
    if vacancy.pay_min is not None and vacancy.pay_max is not None and vacancy.pay_min > vacancy.pay_max:
        raise Refused(_("The lowest pay cannot be more than the highest pay."), "pay_min")
    for value, field in ((vacancy.pay_min, "pay_min"), (vacancy.pay_max, "pay_max")):
        if value is not None and value <= 0:
            raise Refused(_("Pay is a positive amount in rupiah per month."), field)
    low, high = AGE_LIMITS
    for value, field in ((vacancy.age_min, "age_min"), (vacancy.age_max, "age_max")):
        if value is not None and not low <= value <= high:
            raise Refused(_("Ages are between %(low)d and %(high)d.", low=low, high=high), field)
    if vacancy.age_min is not None and vacancy.age_max is not None and vacancy.age_min > vacancy.age_max:
        raise Refused(_("The lowest age cannot be more than the highest age."), "age_min")
    if not vacancy.openings or vacancy.openings < 1:
        raise Refused(_("There is at least one opening."), "openings")
    if not vacancy.remote and not vacancy.kecamatan_code:
        raise Refused(_("Choose the kecamatan where the work is, or mark the job as remote."), "kecamatan_code")


def may_edit(vacancy: Vacancy) -> bool:
    return vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.RETURNED)


def submit_for_review(vacancy: Vacancy) -> None:
    if not may_edit(vacancy):
        raise Refused(_("Only a draft or a returned vacancy can be submitted."))
    check_vacancy(vacancy)
    vacancy.status = VacancyStatus.REVIEW
    vacancy.updated_at = utcnow()


def publish(vacancy: Vacancy, officer) -> None:
    """Disnaker approves a vacancy in review; refused while its employer is not verified."""
    if vacancy.status != VacancyStatus.REVIEW:
        raise Refused(_("This vacancy is not waiting for review."))
    if vacancy.employer.status != EmployerStatus.VERIFIED:
        raise Refused(_("Verify the employer first: a vacancy goes live only for a verified employer."))
    if vacancy.closes_on < region_today():
        raise Refused(_("The closing date has passed; return the vacancy to the employer."))
    vacancy.status = VacancyStatus.PUBLISHED
    vacancy.published_at = utcnow()
    vacancy.review_note = None


def return_to_employer(vacancy: Vacancy, reason: str, officer) -> None:
    if vacancy.status not in (VacancyStatus.REVIEW, VacancyStatus.PUBLISHED):
        raise Refused(_("This vacancy is not waiting for review."))
    if not (reason or "").strip():
        raise Refused(_("Say what the employer should change."), "reason")
    vacancy.status = VacancyStatus.RETURNED
    vacancy.review_note = reason.strip()
    vacancy.updated_at = utcnow()


def close(vacancy: Vacancy) -> None:
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise Refused(_("Only a published vacancy can be closed."))
    vacancy.status = VacancyStatus.CLOSED
    vacancy.closed_at = utcnow()


def verify_employer(employer: Employer, officer) -> None:
    if employer.status == EmployerStatus.VERIFIED:
        raise Refused(_("This employer is already verified."))
    employer.status = EmployerStatus.VERIFIED
    employer.reason = None
    employer.verified_at, employer.verified_by_id = utcnow(), officer.id


def reject_employer(employer: Employer, reason: str, officer) -> None:
    if not (reason or "").strip():
        raise Refused(_("Give the reason, so the employer knows what to fix."), "reason")
    employer.status = EmployerStatus.REJECTED
    employer.reason = reason.strip()
    employer.verified_at, employer.verified_by_id = None, officer.id


def job_posting(vacancy: Vacancy, places: dict[str, str] | None = None) -> dict:
    """The schema.org JobPosting of a published vacancy (https://schema.org/JobPosting, Google's fields).

    `places` (kecamatan code → the region's name for it), when a list has them already, saves a query each.
    """
    region = g.region
    zone = ZoneInfo(region.timezone)
    posted = vacancy.published_at or vacancy.created_at
    employer = vacancy.employer
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": _description_html(vacancy),
        "datePosted": as_utc(posted).astimezone(zone).date().isoformat(),
        "validThrough": datetime.combine(vacancy.closes_on, time(23, 59, 59), zone).isoformat(),
        "employmentType": vacancy.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": employer.name,
                               **({"sameAs": employer.website} if _is_web_address(employer.website) else {})},
        "totalJobOpenings": vacancy.openings,
        "identifier": {"@type": "PropertyValue", "name": employer.name, "value": str(vacancy.id)},
        "directApply": True,
        "url": url_for("pencaker.vacancy", vacancy_id=vacancy.id, _external=True),
    }
    if vacancy.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "ID"}
    else:
        code = vacancy.kecamatan_code
        kecamatan = None
        if code:
            kecamatan = (places.get(code) or lookup(code)) if places is not None else area_name(code)
        data["jobLocation"] = {"@type": "Place", "address": {
            "@type": "PostalAddress",
            "addressLocality": kecamatan or region.name,
            "addressRegion": region.name,
            "addressCountry": "ID",
        }}
    if vacancy.pay_min or vacancy.pay_max:
        value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.pay_min and vacancy.pay_max and vacancy.pay_min != vacancy.pay_max:
            value.update(minValue=vacancy.pay_min, maxValue=vacancy.pay_max)
        else:
            value["value"] = vacancy.pay_min or vacancy.pay_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "IDR", "value": value}
    return data


def area_name(code: str) -> str | None:
    """The region's own name for an area code (as its forms show it), else the national list's."""
    name = db.session.execute(select(Area.name).where(Area.code == code)).scalar_one_or_none()
    return name or lookup(code)


def _is_web_address(text: str | None) -> bool:
    return bool(text) and text.lower().startswith(("http://", "https://"))


def _description_html(vacancy: Vacancy) -> str:
    from markupsafe import escape

    parts = [f"<p>{escape(p)}</p>" for p in vacancy.description.split("\n\n") if p.strip()]
    if vacancy.requirements.strip():
        parts.append(f"<p>{escape(vacancy.requirements)}</p>")
    return "".join(parts)


def json_ld(vacancy: Vacancy) -> str:
    """The JobPosting as a string safe inside <script type="application/ld+json"> (no "</" can end it)."""
    text = json.dumps(job_posting(vacancy), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
