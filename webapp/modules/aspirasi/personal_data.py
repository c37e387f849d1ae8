"""What Aspirasi holds about people, who on the staff sees it, and how long it is kept.

- Staff: a reporter's phone number and e-mail address (and the report's text, where people write
  them) are shown in full to region admins, who verify and route reports, and to the officer the
  report is assigned to, who answers it; other officers of the department see them masked. When the
  full text holds an NIK, the view is recorded in the audit log.
- A deleted account: its reports stay for the public record but lose the account link, the name,
  the phone and the e-mail; its own steps in their history lose their actor; its supports stay
  counted without a link to it. Photos stay: they show the problem (a road, a drain), were stripped of
  location data on upload, and are part of the public record.
- Retention (`RETENTION_DAYS`, a region setting kept on the Aspirasi settings page): reports done or
  rejected longer ago than that lose the same personal data. Photos stay for the reason above.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import url_for
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from ...core import audit
from ...core.models import Role, utcnow
from ...core.privacy import PersonalData
from ...core.scoping import current_region
from ...extensions import db
from .masking import _NIK
from .models import Report, ReportEvent, Status, Support

RETENTION_DAYS = "aspirasi_retention_days"  # region setting: days after closing; absent = kept
RETENTION_MIN, RETENTION_MAX = 30, 3650  # after the 14 days to reopen and rate; at most ten years
CHUNK = 500


def may_see_reporter_contact(user, report: Report) -> bool:
    """Region admins and the officer the report is assigned to see the reporter's contact in full."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(Role.REGION_ADMIN) or (report.assignee_id is not None and report.assignee_id == user.id)


def record_full_text_view(report: Report) -> None:
    """The full text of `report` was shown to a staff member: recorded when it holds an NIK."""
    if report.description and _NIK.search(report.description):
        audit.record(audit.NIK_VIEWED, "aspirasi.report", report.id, page="staff_report")
        db.session.commit()


# The download ----------------------------------------------------------------------------------------------

def _report_data(report: Report) -> dict:
    return {
        "tracking_code": report.code, "kind": report.kind, "category": report.category.name,
        "title": report.title, "description": report.description, "address": report.address,
        "kecamatan": report.kecamatan.name, "kelurahan": report.kelurahan.name, "lat": report.lat, "lng": report.lng,
        "privacy": report.privacy, "status": report.status, "your_name": report.reporter_name,
        "your_phone": report.reporter_phone, "your_email": report.reporter_email,
        "filed_at": report.created_at, "closed_at": report.closed_at, "rejection_reason": report.rejection_reason,
        "rating": report.rating, "rating_comment": report.rating_comment,
        "photos": [url_for("aspirasi.photo", photo_id=p.id, _external=True) for p in report.photos if not p.hidden],
        "history": [{"step": e.action, "from": e.from_status, "to": e.to_status, "text": e.body, "at": e.created_at}
                    for e in report.events if e.public],
    }


def export(user) -> dict:
    """The reports `user` filed (with their public history and photos) and the reports they support."""
    reports = db.session.execute(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at)
        .options(selectinload(Report.events), selectinload(Report.photos))).scalars().all()
    supported = db.session.execute(
        select(Report.title, Support.created_at).join(Support, Support.report_id == Report.id)
        .where(Support.supporter == f"u:{user.id}").order_by(Support.created_at)).all()
    if not reports and not supported:
        return {}
    return {"reports": [_report_data(r) for r in reports],
            "supported_reports": [{"title": title, "supported_at": at} for title, at in supported]}


# Deleting an account ---------------------------------------------------------------------------------------

_PERSONAL = {"reporter_id": None, "reporter_name": None, "reporter_phone": None, "reporter_email": None}


def erase(user) -> list[str]:
    """Unlink `user` from every report, history step and support; nothing to delete from the disk."""
    quiet = {"synchronize_session": False}
    db.session.execute(update(Report).where(Report.reporter_id == user.id).values(**_PERSONAL),
                       execution_options=quiet)
    db.session.execute(update(ReportEvent).where(ReportEvent.actor_id == user.id).values(actor_id=None),
                       execution_options=quiet)
    # A support stays counted; its key must not name the account, whose number a new account may get.
    for support in db.session.execute(select(Support).where(Support.supporter == f"u:{user.id}")).scalars():
        support.supporter = f"x:{secrets.token_hex(12)}"
    return []


# Retention ---------------------------------------------------------------------------------------------------

def retention_days(region=None) -> int | None:
    """The region's retention period in days, or None when reporters' details are kept."""
    region = region if region is not None else current_region()
    value = (region.settings or {}).get(RETENTION_DAYS) if region is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def retention() -> int:
    """Clear the reporter's details of reports closed (done or rejected) more than the region's retention
    period ago; returns how many reports were cleared. Reports already cleared are not counted again."""
    days = retention_days()
    if days is None:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    personal = or_(*(getattr(Report, name).isnot(None) for name in _PERSONAL))
    ids = db.session.execute(select(Report.id).where(
        Report.status.in_(Status.CLOSED), Report.closed_at < cutoff, personal).order_by(Report.id)).scalars().all()
    quiet = {"synchronize_session": False}
    reporter_of_event = select(Report.reporter_id).where(Report.id == ReportEvent.report_id).scalar_subquery()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        db.session.execute(update(ReportEvent).where(ReportEvent.report_id.in_(chunk),
                                                     ReportEvent.actor_id == reporter_of_event)
                           .values(actor_id=None), execution_options=quiet)
        db.session.execute(update(Report).where(Report.id.in_(chunk)).values(**_PERSONAL), execution_options=quiet)
    return len(ids)


HOOKS = PersonalData(export=export, erase=erase, retention=retention)
