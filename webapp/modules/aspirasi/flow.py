"""The life of a report, following LAPOR!: diterima → diverifikasi → didisposisikan → ditindaklanjuti →
selesai, or ditolak. Every step checks who acts and from which status, records a `ReportEvent` (who,
when, why; public or internal), commits, and then queues the messages. A refused step raises
`FlowError` with a translated message and changes nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core.idempotency import previous_result, run_once
from ...core.models import Department, Role, User
from ...core.scoping import current_region
from ...extensions import db
from . import photos as report_photos
from .codes import unique_tracking_code
from .moderation import block_account, hide, redact, redact_photo, unhide  # noqa: F401  (one import for views)
from .models import Action, Category, CategoryRoute, Privacy, Report, ReportEvent, Status, Support
from .notifications import notify_officers, notify_reporter
from .rules import (FlowError, PhotoError, can_handle, can_moderate, can_respond, move, record,  # noqa: F401
                    require, require_text)
from .sla import due_after, now_utc, region_of, utc
from .validation import TITLE_MAX, clean_areas, clean_category, clean_submission

SUBMIT_SCOPE = "aspirasi.submit"
REPLY_SCOPE = "aspirasi.reply"
REOPEN_DAYS = 14
REASON_MAX = 2000
REPLY_MAX = 5000
COMMENT_MAX = 1000


def _by_id(report_id: int) -> Report:
    return db.session.execute(select(Report).where(Report.id == report_id)).scalar_one()


# Citizens

def submit(data: dict, reporter: User | None = None, photos=(), key: str | None = None,
           locale: str | None = None) -> tuple[Report, bool]:
    """File a report; returns (report, created). The same `key` always returns the first report.

    Photos are stored before the report is written, so a bad photo raises (PhotoError) and nothing is
    saved; the reporter is then told the tracking code by e-mail or SMS.
    """
    done = previous_result(SUBMIT_SCOPE, key)
    if done is not None:
        return _by_id(int(done)), False
    clean = clean_submission(data, reporter)
    stored = report_photos.store(report_photos.chosen(photos))
    made: list[Report] = []

    def create() -> str:
        made.append(_create(clean, reporter, stored, locale))
        return str(made[0].id)

    session = db.session()
    session.expire_on_commit = False  # the new report, its first event and the region stay loaded: no re-reads
    try:
        result, created = run_once(SUBMIT_SCOPE, key, create)
    except Exception:
        db.session.rollback()
        report_photos.discard(stored)
        raise
    finally:
        session.expire_on_commit = True
    report = made[0] if created else _by_id(int(result))
    if created:
        notify_reporter(report, report.events[0])
    else:
        report_photos.discard(stored)  # a twin request won the race; its report has its own copies
    return report, created


def _create(clean: dict, reporter: User | None, stored: list[dict], locale: str | None) -> Report:
    now = now_utc()
    category = clean.pop("category")
    kecamatan, kelurahan = clean.pop("kecamatan"), clean.pop("kelurahan")
    report = Report(
        **clean, code=unique_tracking_code(Report), category_id=category.id, kecamatan_id=kecamatan.id,
        kelurahan_id=kelurahan.id, reporter_id=reporter.id if reporter is not None else None,
        status=Status.RECEIVED, locale=locale, created_at=now, updated_at=now,
    )
    report.category = category
    report.due_at = due_after(current_region(), category.verify_days, now)
    report_photos.attach(report, stored, "before")
    record(report, Action.SUBMITTED, reporter, when=now, to_status=Status.RECEIVED)
    db.session.add(report)
    db.session.flush()
    return report


def rate(report: Report, rating, comment: str | None = None, actor: User | None = None) -> ReportEvent:
    """The reporter rates the answer (1-5, optional comment), once, after the report is done.

    Whether the caller is the reporter is the view's check (`can_respond`).
    """
    if report.status != Status.DONE:
        raise FlowError(_("A report can be rated once it is done."))
    if report.rating is not None:
        raise FlowError(_("This report has already been rated."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise FlowError(_("Please choose from 1 to 5 stars."), "rating")
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_MAX:
        raise FlowError(_("Please keep this under %(limit)d characters.", limit=COMMENT_MAX), "comment")
    report.rating, report.rating_comment = rating, comment
    event = record(report, Action.RATED, actor, when=now_utc(), body=comment)
    db.session.commit()
    return event


def reopen(report: Report, reason: str, actor: User | None = None, now: datetime | None = None) -> ReportEvent:
    """The reporter reopens a done report within 14 days: back to its OPD (or to verification)."""
    now = utc(now) if now else now_utc()
    if report.status != Status.DONE or report.closed_at is None:
        raise FlowError(_("Only a report that is done can be reopened."))
    if now - utc(report.closed_at) > timedelta(days=REOPEN_DAYS):
        raise FlowError(_("A report can be reopened within %(days)d days of being done.", days=REOPEN_DAYS))
    reason = require_text(reason, _("Please tell us why the problem is not solved."), REASON_MAX, "reason")
    back_to = Status.DISPOSED if report.department_id else Status.RECEIVED
    days = report.category.response_days if report.department_id else report.category.verify_days
    report.reopen_count += 1
    report.closed_at = None
    report.rating = report.rating_comment = None  # the next answer gets its own rating
    report.due_at = due_after(region_of(report), days, now)
    event = move(report, back_to, Action.REOPENED, actor, when=now, body=reason, department_id=report.department_id)
    db.session.commit()
    if report.department_id:
        notify_officers(report)
    return event


def support(report: Report, supporter_key: str) -> bool:
    """Count one "dukung" per supporter ("u:<user id>" or "s:<browser token hash>"); False if already counted."""
    if not report.is_public or not report.is_open:
        raise FlowError(_("Only open public reports can be supported."))
    if _has_supported(report, supporter_key):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Support(report_id=report.id, supporter=supporter_key))
    except IntegrityError:  # the same person, twice at once
        return False
    report.supporters = Report.supporters + 1  # in SQL, so concurrent supports all count
    db.session.commit()
    return True


def _has_supported(report: Report, supporter_key: str) -> bool:
    query = select(Support.id).where(Support.report_id == report.id, Support.supporter == supporter_key)
    return db.session.execute(query).first() is not None


# Region admins: verification and disposition

def verify(report: Report, actor: User, title: str | None = None, category=None, kelurahan=None,
           privacy: str | None = None, department: Department | None = None) -> Report:
    """Check a new report: fix title/category/kelurahan, decide the privacy, then send it to an OPD.

    The OPD is `department`, else the automatic route of the category (see `auto_route`); without
    either the report waits, verified, for a disposition by hand.
    """
    require(can_moderate(actor, report))
    if report.status != Status.RECEIVED:
        raise FlowError(_("Only a newly received report can be verified."))
    now = now_utc()
    changes = _apply_edits(report, title, category, kelurahan, privacy)
    report.verified_at = now
    news = move(report, Status.VERIFIED, Action.VERIFIED, actor, when=now)
    if changes:
        record(report, Action.EDITED, actor, when=now, public=False, body="\n".join(changes))
    department = department or auto_route(report)
    if department is not None:
        news = _dispose(report, actor, department, None, now)
    db.session.commit()
    _tell(report, news)
    return report


def _apply_edits(report: Report, title, category, kelurahan, privacy) -> list[str]:
    """Apply verification edits; returns "field: old → new" lines for the internal record."""
    changes = []
    if title is not None:
        title = require_text(title, _("Please give the report a title."), TITLE_MAX, "title")
        if title != report.title:
            changes.append(f"title: {report.title} → {title}")
            report.title = title
    if category is not None:
        category = clean_category(getattr(category, "id", category))
        if category.id != report.category_id:
            changes.append(f"category: {report.category.name} → {category.name}")
            report.category_id, report.category = category.id, category
    if kelurahan is not None:
        kecamatan, kelurahan = clean_areas(None, getattr(kelurahan, "id", kelurahan), keep_id=report.kelurahan_id)
        if kelurahan.id != report.kelurahan_id:
            changes.append(f"kelurahan: {report.kelurahan.name} → {kelurahan.name}")
            report.kecamatan_id, report.kelurahan_id = kecamatan.id, kelurahan.id
            report.kecamatan, report.kelurahan = kecamatan, kelurahan
    if privacy is not None:
        if privacy not in Privacy.ALL:
            raise FlowError(_("Please choose who may see the report."), "privacy")
        if privacy != report.privacy:
            changes.append(f"privacy: {report.privacy} → {privacy}")
            report.privacy = privacy
    return changes


def auto_route(report: Report) -> Department | None:
    """The OPD a report goes to by itself: its category's route for the kecamatan, else the category's OPD."""
    route = db.session.execute(
        select(Department).join(CategoryRoute, CategoryRoute.department_id == Department.id)
        .where(CategoryRoute.category_id == report.category_id, CategoryRoute.kecamatan_id == report.kecamatan_id,
               Department.active.is_(True))
    ).scalar_one_or_none()
    if route is not None:
        return route
    category = db.session.get(Category, report.category_id)
    department = category.department if category is not None else None
    return department if department is not None and department.active else None


def reject(report: Report, actor: User, reason: str) -> Report:
    """Refuse a report at verification, with a reason the reporter (and the public) is shown."""
    require(can_moderate(actor, report))
    if report.status not in (Status.RECEIVED, Status.VERIFIED):
        raise FlowError(_("Only a report that has not been sent to a department can be rejected."))
    reason = require_text(reason, _("Please give the reason, for the reporter."), REASON_MAX, "reason")
    now = now_utc()
    report.rejection_reason, report.closed_at = reason, now
    event = move(report, Status.REJECTED, Action.REJECTED, actor, when=now, body=reason)
    db.session.commit()
    _tell(report, event)
    return report


def merge(report: Report, into: Report, actor: User) -> Report:
    """Close `report` as a duplicate of `into`; its supporters (and reporter) now support `into`."""
    require(can_moderate(actor, report))
    if not report.is_open:
        raise FlowError(_("Only an open report can be merged."))
    if into.id == report.id or into.merged_into_id is not None or into.status == Status.REJECTED:
        raise FlowError(_("Please choose another report to merge into: that one cannot take duplicates."), "code")
    now = now_utc()
    report.merged_into_id, report.closed_at = into.id, now
    event = move(report, Status.REJECTED, Action.MERGED, actor, when=now)
    record(into, Action.MERGED, actor, when=now, public=False, body=f"+ {report.code}")
    _move_supporters(report, into)
    db.session.commit()
    _tell(report, event)
    return report


def _move_supporters(report: Report, into: Report) -> None:
    have = set(db.session.execute(select(Support.supporter).where(Support.report_id == into.id)).scalars())
    keys = set(db.session.execute(select(Support.supporter).where(Support.report_id == report.id)).scalars())
    keys.add(f"u:{report.reporter_id}" if report.reporter_id else f"r:{report.id}")
    added = keys - have
    for key in added:
        db.session.add(Support(report_id=into.id, supporter=key))
    into.supporters = (into.supporters or 0) + len(added)


def dispose(report: Report, actor: User, department: Department, note: str | None = None) -> Report:
    """Send a report to an OPD (with a note for it); the OPD's clock of response_days starts now."""
    require(can_moderate(actor, report))
    if not report.is_open:
        raise FlowError(_("This report is closed."))
    if department is None or not department.active or department.region_id != report.region_id:
        raise FlowError(_("Please choose a department."), "department")
    if department.id == report.department_id and report.status in (Status.DISPOSED, Status.IN_PROGRESS):
        raise FlowError(_("The report is already with this department."), "department")
    now = now_utc()
    if report.status == Status.RECEIVED:
        report.verified_at = now
        move(report, Status.VERIFIED, Action.VERIFIED, actor, when=now)
    event = _dispose(report, actor, department, note, now)
    db.session.commit()
    _tell(report, event)
    return report


def _dispose(report: Report, actor: User, department: Department, note: str | None, now) -> ReportEvent:
    if department.id != report.department_id:
        report.assignee_id = None
    report.department_id, report.department = department.id, department
    report.disposed_at = now
    report.due_at = due_after(region_of(report), report.category.response_days, now)
    event = move(report, Status.DISPOSED, Action.DISPOSED, actor, when=now, department_id=department.id)
    note = (note or "").strip()
    if note:
        record(report, Action.NOTE, actor, when=now, public=False, body=note[:REASON_MAX], department_id=department.id)
    return event


def _tell(report: Report, event: ReportEvent) -> None:
    """After the commit: the reporter hears of public news; a new disposition reaches the OPD."""
    notify_reporter(report, event)
    if event.action == Action.DISPOSED:
        notify_officers(report)


# The OPD: assignment, replies, completion

def assign(report: Report, actor: User, officer: User) -> Report:
    """Give the report to one officer of its OPD (by an admin, or by an officer of that OPD)."""
    require(can_handle(actor, report))
    if not report.is_open or report.department_id is None:
        raise FlowError(_("Only an open report that is with a department can be assigned."))
    if officer is None or officer.blocked or not any(
        grant.role == Role.DEPARTMENT_OFFICER and grant.department_id == report.department_id for grant in officer.roles
    ):
        raise FlowError(_("Please choose an officer of the department handling this report."), "officer")
    report.assignee_id = officer.id
    record(report, Action.ASSIGNED, actor, when=now_utc(), public=False, body=officer.name,
           department_id=report.department_id)
    db.session.commit()
    notify_officers(report)
    return report


def reply(report: Report, actor: User, body: str, public: bool = True, photos=(),
          key: str | None = None) -> ReportEvent:
    """A public reply to the reporter (with optional "after" photos), or an internal note staff only see.

    The first public reply starts the follow-up (didisposisikan → ditindaklanjuti). With `key`, a
    repeated submission returns the first reply instead of posting it twice.
    """
    require(can_handle(actor, report))
    body = require_text(body, _("Please write a message."), REPLY_MAX, "body")
    files = report_photos.chosen(photos)
    if public and report.status not in (Status.DISPOSED, Status.IN_PROGRESS):
        raise FlowError(_("A public reply can be given once the report is with a department."))
    if files and not public:
        raise FlowError(_("Photos go with a public reply, not with an internal note."), "photos")
    done = previous_result(REPLY_SCOPE, key)
    if done is not None:
        return db.session.execute(select(ReportEvent).where(ReportEvent.id == int(done))).scalar_one()
    stored = report_photos.store(files)
    try:
        result, created = run_once(REPLY_SCOPE, key, lambda: str(_reply(report, actor, body, public, stored).id))
    except Exception:
        db.session.rollback()
        report_photos.discard(stored)
        raise
    event = db.session.execute(select(ReportEvent).where(ReportEvent.id == int(result))).scalar_one()
    if created:
        notify_reporter(report, event)
    return event


def _reply(report: Report, actor: User, body: str, public: bool, stored: list[dict]) -> ReportEvent:
    now = now_utc()
    if not public:
        event = record(report, Action.NOTE, actor, when=now, public=False, body=body, department_id=report.department_id)
    elif report.status == Status.DISPOSED:
        event = move(report, Status.IN_PROGRESS, Action.REPLY, actor, when=now, body=body,
                     department_id=report.department_id)
    else:
        event = record(report, Action.REPLY, actor, when=now, body=body, department_id=report.department_id)
    if public and report.first_response_at is None:
        report.first_response_at = now
    report_photos.attach(report, stored, "after")
    db.session.flush()
    return event


def finish(report: Report, actor: User, body: str, photos=()) -> Report:
    """Close the report as done with a final public reply (and optional "after" photos)."""
    require(can_handle(actor, report))
    if report.status not in (Status.DISPOSED, Status.IN_PROGRESS):
        raise FlowError(_("Only a report that is with a department can be finished."))
    body = require_text(body, _("Please write the closing reply."), REPLY_MAX, "body")
    stored = report_photos.store(report_photos.chosen(photos))
    now = now_utc()
    report.closed_at = now
    report.first_response_at = report.first_response_at or now
    event = move(report, Status.DONE, Action.DONE, actor, when=now, body=body, department_id=report.department_id)
    report_photos.attach(report, stored, "after")
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        report_photos.discard(stored)
        raise
    _tell(report, event)
    return report
