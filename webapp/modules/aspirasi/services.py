"""Reading reports: the public list with keyset pagination, tracking, a citizen's own reports, the staff
inbox, duplicates, overdue work and the home card. Writing is in flow.py; kinerja and the CSV export in
kinerja.py (re-exported here).

Every query runs through the scoped session, so it only ever sees the current region's reports.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ...core.search import like_pattern
from ...core.models import Role
from ...core.scoping import MAX_ID, current_region
from ...extensions import db
from .codes import normalise_code
from .kinerja import export_csv, kinerja  # noqa: F401  (one import for views)
from .masking import contains_personal_data
from .models import Kind, Privacy, Report, Status, verifies_first
from .sla import now_utc, utc

PAGE_SIZE = 20
ORDERS = ("newest", "supported")
# The three colours citizens see (Tangerang's LAKSA): red waiting, yellow in process, green done.
STATUS_GROUPS = {
    "menunggu": (Status.RECEIVED,),
    "diproses": (Status.VERIFIED, Status.DISPOSED, Status.IN_PROGRESS),
    "selesai": (Status.DONE,),
    "ditolak": (Status.REJECTED,),
}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LONG_NUMBER = re.compile(r"\d{6,}")


def status_group(status: str) -> str:
    """"menunggu", "diproses", "selesai" or "ditolak" for a status (for colour, icon and word)."""
    return next(group for group, members in STATUS_GROUPS.items() if status in members)


def public_clause():
    """SQL for `Report.is_public`: not rahasia, not hidden, not merged into another report, and, when the
    region verifies first (`models.verifies_first`), no longer waiting for verification."""
    clause = and_(Report.privacy != Privacy.SECRET, Report.hidden.is_(False), Report.merged_into_id.is_(None))
    if verifies_first():
        clause = and_(clause, Report.status != Status.RECEIVED)
    return clause


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_ID else None


def _text_search(query, q: str):
    pattern = like_pattern(q)
    return query.where(or_(Report.title.ilike(pattern, escape="\\"), Report.description.ilike(pattern, escape="\\")))


def _is_personal_search(q: str) -> bool:
    """A search for someone's NIK, phone or e-mail would tell whether a report mentions them."""
    return contains_personal_data(q) or bool(_LONG_NUMBER.search(re.sub(r"[\s.\-]", "", q)))


# Keyset cursors: "n<microseconds>.<id>" for newest first, "s<supporters>.<id>" for most supported.

def _cursor(report: Report, order: str) -> str:
    if order == "supported":
        return f"s{report.supporters}.{report.id}"
    return f"n{(utc(report.created_at) - _EPOCH) // timedelta(microseconds=1)}.{report.id}"


def _after(query, cursor: str | None, order: str):
    """Rows strictly after the cursor in the chosen order; a malformed cursor means the first page."""
    match = re.fullmatch(r"([ns])(\d{1,20})\.(\d{1,18})", cursor or "")
    if not match or match.group(1) != order[0]:
        return query
    key, ident = int(match.group(2)), int(match.group(3))
    if key > 2**62 or ident > MAX_ID:  # not a cursor of ours: more than the columns hold
        return query
    if order == "supported":
        return query.where(or_(Report.supporters < key, and_(Report.supporters == key, Report.id < ident)))
    try:
        moment = _EPOCH + timedelta(microseconds=key)
    except OverflowError:  # past the year 9999
        return query
    return query.where(or_(Report.created_at < moment, and_(Report.created_at == moment, Report.id < ident)))


def _ordered(query, order: str):
    if order == "supported":
        return query.order_by(Report.supporters.desc(), Report.id.desc())
    return query.order_by(Report.created_at.desc(), Report.id.desc())


def _page(query, after: str | None, order: str, limit: int) -> tuple[list[Report], str | None]:
    rows = list(db.session.execute(_ordered(_after(query, after, order), order).limit(limit + 1)).unique().scalars())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, _cursor(rows[-1], order)


def public_reports(filters: dict, after: str | None = None, limit: int = PAGE_SIZE) -> tuple[list[Report], str | None]:
    """One page of public reports and the cursor of the next page (None on the last page).

    filters: status (a Status or a group of STATUS_GROUPS; rejected reports only when asked for),
    category, kecamatan, kelurahan (ids), kind, q (words in title or description), order ("newest" or
    "supported"). Unknown values are ignored. Text must still be masked when shown (the `mask` filter).
    """
    order = filters.get("order") if filters.get("order") in ORDERS else "newest"
    query = select(Report).where(public_clause()).options(selectinload(Report.photos))  # list thumbnails
    status = filters.get("status")
    statuses = STATUS_GROUPS.get(status) or ((status,) if status in Status.ALL else None)
    query = query.where(Report.status.in_(statuses)) if statuses else query.where(Report.status != Status.REJECTED)
    for name, column in (("category", Report.category_id), ("kecamatan", Report.kecamatan_id),
                         ("kelurahan", Report.kelurahan_id)):
        if _int(filters.get(name)) is not None:
            query = query.where(column == _int(filters[name]))
    if filters.get("kind") in Kind.ALL:
        query = query.where(Report.kind == filters["kind"])
    q = (filters.get("q") or "").strip()[:100]
    if q:
        if _is_personal_search(q):
            return [], None
        query = _text_search(query, q)
    return _page(query, after, order, limit)


def public_report(report_id) -> Report | None:
    """A report for its public page, or None when it is not public (rahasia, hidden or merged)."""
    ident = _int(report_id)
    if ident is None:
        return None
    return db.session.execute(select(Report).where(Report.id == ident, public_clause())).scalar_one_or_none()


def public_events(report: Report) -> list:
    """The public timeline: internal notes and moderation never appear in it."""
    return [event for event in report.events if event.public]


def visible_photos(report: Report, stage: str | None = None) -> list:
    """Photos that are not redacted, "before" (the reporter's) or "after" (the OPD's)."""
    return [p for p in report.photos if not p.hidden and (stage is None or p.stage == stage)]


def report_by_code(code: str | None, *options) -> Report | None:
    """The report with this tracking code, typed in any case or spacing; None when there is none."""
    normal = normalise_code(code)
    if normal is None:
        return None
    return db.session.execute(select(Report).where(Report.code == normal).options(*options)).scalar_one_or_none()


def reports_of_user(user) -> list[Report]:
    """Every report the signed-in citizen filed, newest first (rahasia ones included: they are theirs)."""
    query = select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at.desc(), Report.id.desc())
    return list(db.session.execute(query).scalars())


def similar_open_reports(kelurahan_id, category_id, limit: int = 5) -> list[Report]:
    """Open public reports in the same kelurahan and category, most supported first: "dukung" instead of filing."""
    query = (
        select(Report)
        .where(public_clause(), Report.status.in_(Status.OPEN), Report.kelurahan_id == _int(kelurahan_id),
               Report.category_id == _int(category_id))
        .order_by(Report.supporters.desc(), Report.created_at.desc()).limit(limit)
    )
    return list(db.session.execute(query).scalars())


def _staff_scope(query, user):
    if user.has_role(Role.REGION_ADMIN):
        return query
    return query.where(Report.department_id.in_(sorted(user.department_ids()) or [-1]))


def staff_inbox(user, filters: dict, after: str | None = None, limit: int = PAGE_SIZE) -> tuple[list[Report], str | None]:
    """The reports `user` handles (every report for a region admin, their OPDs' for an officer), newest first.

    filters: status, category, department (ids), assignee ("me" or a user id), overdue (True), q (words,
    or a tracking code). Rahasia and hidden reports are included: staff handle them.
    """
    query = _staff_scope(select(Report).options(joinedload(Report.assignee)), user)
    if filters.get("status") in Status.ALL:
        query = query.where(Report.status == filters["status"])
    for name, column in (("category", Report.category_id), ("department", Report.department_id)):
        if _int(filters.get(name)) is not None:
            query = query.where(column == _int(filters[name]))
    assignee = user.id if filters.get("assignee") == "me" else _int(filters.get("assignee"))
    if assignee is not None:
        query = query.where(Report.assignee_id == assignee)
    if filters.get("overdue"):
        query = query.where(Report.status.in_(Status.OPEN), Report.due_at < now_utc())
    q = (filters.get("q") or "").strip()[:100]
    if q:
        code = normalise_code(q)
        query = query.where(Report.code == code) if code else _text_search(query, q)
    return _page(query, after, "newest", limit)


def overdue_reports(user, limit: int = 20) -> list[Report]:
    """Open reports past their deadline that `user` handles, the longest overdue first (the escalation list)."""
    query = _staff_scope(select(Report), user).where(Report.status.in_(Status.OPEN), Report.due_at < now_utc())
    return list(db.session.execute(query.order_by(Report.due_at, Report.id).limit(limit)).scalars())


def overdue_count(user) -> int:
    query = _staff_scope(select(func.count(Report.id)), user)
    return db.session.execute(query.where(Report.status.in_(Status.OPEN), Report.due_at < now_utc())).scalar_one()


def month_start(now: datetime | None = None) -> datetime:
    """The first moment of this month in the region's time zone, in UTC."""
    region = current_region()
    local = utc(now or now_utc()).astimezone(ZoneInfo(region.timezone))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def month_counts(now: datetime | None = None) -> dict:
    """This month's reports for the home card: total, menunggu, diproses, selesai (and ditolak)."""
    query = select(Report.status, func.count(Report.id)).where(Report.created_at >= month_start(now))
    by_status = dict(db.session.execute(query.group_by(Report.status)).all())
    counts = {group: sum(by_status.get(s, 0) for s in members) for group, members in STATUS_GROUPS.items()}
    counts["total"] = sum(by_status.values())
    return counts


def latest_done(limit: int = 3) -> list[Report]:
    """The most recently finished public reports, for the home card."""
    query = (select(Report).where(public_clause(), Report.status == Status.DONE)
             .order_by(Report.closed_at.desc(), Report.id.desc()).limit(limit))
    return list(db.session.execute(query).scalars())
