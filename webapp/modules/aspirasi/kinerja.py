"""Kinerja (performance) over a period, per OPD and per officer, and the CSV export of the same reports.

A report belongs to the period in which it was filed (dates are the region's local dates, both ends
included). Reports merged into another one are left out: the work is counted once, on the report kept.
Times are counted from submission: to the first public reply, and to completion. "On time" means
closed no later than the deadline it had when it was closed.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from statistics import mean, median
from typing import Iterator
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...core.models import Department, User
from ...core.scoping import current_region
from ...extensions import db
from .models import Report, Status
from .sla import now_utc, utc

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def period_bounds(start: date, end: date, tz: str) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) local time, in UTC."""
    zone = ZoneInfo(tz)
    low = datetime.combine(start, time.min, tzinfo=zone)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return low.astimezone(timezone.utc), high.astimezone(timezone.utc)


def _in_period(query, start: date, end: date, department_id: int | None):
    low, high = period_bounds(start, end, current_region().timezone)
    query = query.where(Report.created_at >= low, Report.created_at < high, Report.merged_into_id.is_(None))
    if department_id is not None:
        query = query.where(Report.department_id == department_id)
    return query


def _hours(later, earlier) -> float:
    return (utc(later) - utc(earlier)).total_seconds() / 3600


def summary(rows, now: datetime | None = None) -> dict:
    """Counts by status, medians (hours), share done on time, average rating and overdue count of `rows`."""
    now = now or now_utc()
    counts = {status: 0 for status in Status.ALL}
    for row in rows:
        counts[row.status] += 1
    response = [_hours(r.first_response_at, r.created_at) for r in rows if r.first_response_at]
    done = [r for r in rows if r.status == Status.DONE and r.closed_at]
    completion = [_hours(r.closed_at, r.created_at) for r in done]
    judged = [r for r in done if r.due_at]
    ratings = [r.rating for r in rows if r.rating]
    return {
        "total": len(rows),
        "counts": counts,
        "median_response_hours": round(median(response), 1) if response else None,
        "median_completion_hours": round(median(completion), 1) if completion else None,
        "on_time_share": (sum(utc(r.closed_at) <= utc(r.due_at) for r in judged) / len(judged)) if judged else None,
        "average_rating": round(mean(ratings), 2) if ratings else None,
        "overdue": sum(1 for r in rows if r.status in Status.OPEN and r.due_at and utc(r.due_at) < now),
    }


def _grouped(rows, key) -> dict:
    groups: dict = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


def kinerja(period_start: date, period_end: date, department_id: int | None = None) -> dict:
    """Performance of the reports filed in the period: overall, per OPD and per assigned officer.

    Returns {"start", "end", **summary, "departments": [{"department": Department|None, **summary}],
    "officers": [{"officer": User, **summary}]}; department None means "not yet sent to an OPD".
    """
    columns = (Report.id, Report.status, Report.department_id, Report.assignee_id, Report.created_at,
               Report.first_response_at, Report.closed_at, Report.due_at, Report.rating)
    rows = db.session.execute(_in_period(select(*columns), period_start, period_end, department_id)).all()
    now = now_utc()
    by_department = _grouped(rows, "department_id")
    by_officer = _grouped([r for r in rows if r.assignee_id], "assignee_id")
    departments = _by_id(Department, [k for k in by_department if k is not None])
    officers = _by_id(User, list(by_officer))
    department_rows = [{"department": departments.get(k), **summary(v, now)} for k, v in by_department.items()]
    department_rows.sort(key=lambda d: (d["department"] is None, d["department"].name if d["department"] else ""))
    officer_rows = [{"officer": officers[k], **summary(v, now)} for k, v in by_officer.items() if k in officers]
    officer_rows.sort(key=lambda o: o["officer"].name)
    return {"start": period_start, "end": period_end, **summary(rows, now),
            "departments": department_rows, "officers": officer_rows}


def _by_id(model, ids: list[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.execute(select(model).where(model.id.in_(ids))).scalars()}


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_cell(v) for v in values])
    return buffer.getvalue()


def export_csv(period: tuple[date, date], department_id: int | None = None) -> Iterator[str]:
    """The period's reports as CSV lines (a header, then one per report), streamed from the database.

    Contact details and tracking codes (the reporter's key) are left out: files travel.
    """
    zone = ZoneInfo(current_region().timezone)

    def local(moment):
        return utc(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    yield _line([_("Number"), _("Filed"), _("Kind"), _("Category"), _("Kecamatan"), _("Kelurahan"), _("Title"),
                 _("Status"), _("Privacy"), _("Department"), _("Officer"), _("Due"), _("First response"),
                 _("Closed"), _("On time"), _("Supporters"), _("Rating"), _("Reopened")])
    query = (
        _in_period(select(Report), period[0], period[1], department_id)
        .options(joinedload(Report.assignee)).order_by(Report.created_at, Report.id)
        .execution_options(yield_per=200)
    )
    for r in db.session.execute(query).scalars():
        on_time = "" if r.status != Status.DONE or not r.due_at else (
            _("yes") if utc(r.closed_at) <= utc(r.due_at) else _("no"))
        yield _line([r.id, local(r.created_at), r.kind, r.category.name, r.kecamatan.name, r.kelurahan.name,
                     r.title, r.status, r.privacy, r.department.name if r.department else "",
                     r.assignee.name if r.assignee else "", local(r.due_at), local(r.first_response_at),
                     local(r.closed_at), on_time, r.supporters, r.rating or "", r.reopen_count])
