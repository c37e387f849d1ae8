"""Open data of Aspirasi under /api/v1/: public reports, one report with its public timeline, and counts
per kecamatan and month.

Only what the public web pages show leaves here: reports that are public (`services.public_clause()`:
not rahasia, not hidden, not merged, and verified first where the region asks for it), their title,
description and address masked (`masking.mask_text`), their visible photos and their public timeline.
Never the tracking code, the reporter's name or contact details, internal notes, the Open311 client or
its media link. The reporter's name is left out altogether (the web page shows "Siti R."; a bulk data
set of names next to kelurahan and dates would say more than a page does).

`status` filters by the four groups citizens see (menunggu, diproses, selesai, ditolak); each item carries
both the LAPOR! status word and its group. Dates (`since`, `until`) are the region's local days, months
of the statistics the region's local months.

Last-Modified is when any report of the region last changed (a status, a photo, a reply, moderation),
so it never stays behind a visible change; the ETag is of the body itself.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from ...core.api.http import (MAX_ID, ApiError, choice_param, date_param, json_response, latest, limit_param,
                              local_midnight, lookup_param, moment_keyset, page, text_param)
from ...core.api.schema import (BAD_REQUEST, NOT_FOUND, NOT_MODIFIED, PAGING, json_content, nullable, obj,
                                page_of, path, query, ref)
from ...core.models import Area
from ...extensions import db
from . import bp, services
from .masking import mask_text
from .models import Action, Category, Kind, Report, ReportEvent, ReportPhoto, Status

STATUS_GROUPS = tuple(services.STATUS_GROUPS)  # menunggu, diproses, selesai, ditolak
STATS_DEFAULT_MONTHS = 12
STATS_MAX_MONTHS = 36
# The timeline's actions (services.public_events); any other public event is an "update", as on the web.
TIMELINE_ACTIONS = (Action.SUBMITTED, Action.VERIFIED, Action.DISPOSED, Action.REPLY, Action.DONE, Action.REJECTED,
                    Action.MERGED, Action.RATED, Action.REOPENED)
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)


# ------------------------------------------------------------------------------------------------ time

def _zone() -> ZoneInfo:
    return ZoneInfo(g.region.timezone or "Asia/Jakarta")


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=_zone()).astimezone(timezone.utc)


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _changed_at() -> datetime | None:
    """When the region's report data last changed: a report row, a photo, or any event (moderation too)."""
    moments = [db.session.execute(select(func.max(column))).scalar()
               for column in (Report.updated_at, ReportPhoto.created_at, ReportEvent.created_at)]
    return latest(moments)


# ---------------------------------------------------------------------------------------------- output

def _area(area: Area | None) -> dict | None:
    return {"code": area.code, "name": area.name} if area is not None else None


def _when(moment: datetime | None) -> datetime | None:
    return services.utc(moment) if moment is not None else None


def _photo(photo: ReportPhoto) -> dict:
    return {"url": url_for("aspirasi.photo", photo_id=photo.id, _external=True),
            "thumbnail_url": url_for("aspirasi.photo_thumb", photo_id=photo.id, _external=True),
            "stage": photo.stage, "width": photo.width, "height": photo.height}


def report_item(report: Report) -> dict:
    """A public report as the list shows it: no timeline, no personal details, text masked."""
    return {
        "id": report.id,
        "url": url_for("aspirasi.detail", report_id=report.id, _external=True),
        "kind": report.kind,
        "category": {"slug": report.category.slug, "name": report.category.name},
        "title": mask_text(report.title),
        "description": mask_text(report.description),
        "address": mask_text(report.address) or None,
        "status": report.status,
        "status_group": services.status_group(report.status),
        "kecamatan": _area(report.kecamatan),
        "kelurahan": _area(report.kelurahan),
        "lat": report.lat,
        "long": report.lng,
        "department": report.department.name if report.department is not None else None,
        "supporters": report.supporters or 0,
        "created_at": _when(report.created_at),
        "updated_at": _when(report.updated_at),
        "due_at": _when(report.due_at) if report.is_open else None,
        "closed_at": _when(report.closed_at),
        "photos": [_photo(p) for p in services.visible_photos(report)],
    }


def report_detail(report: Report) -> dict:
    """One public report with the reporter's rating and the public timeline (internal events never)."""
    timeline = [{"action": event.action if event.action in TIMELINE_ACTIONS else "update",
                 "status": event.to_status, "at": _when(event.created_at), "body": mask_text(event.body) or None}
                for event in services.public_events(report)]
    return {**report_item(report), "rating": report.rating, "timeline": timeline}


# ------------------------------------------------------------------------------------------- parameters

def _one(statement):
    return db.session.execute(statement).scalar_one_or_none()


def _category_param() -> Category | None:
    return lookup_param(
        "category", lambda slug: _one(select(Category).where(Category.slug == slug)), 64,
        lambda slug: _("There is no report category “%(slug)s”. Use a category's slug, as the items' "
                       "category.slug gives it.", slug=slug))


def _kecamatan_param() -> Area | None:
    return lookup_param(
        "kecamatan", lambda code: _one(select(Area).where(Area.code == code, Area.level == "kecamatan")), 16,
        lambda code: _("There is no kecamatan with the code “%(code)s” in this region. Use its Kemendagri "
                       "code, e.g. 36.71.01.", code=code))


def _filtered(query):
    """The filters shared by the list and the statistics: category, kecamatan and kind."""
    category, kecamatan, kind = _category_param(), _kecamatan_param(), choice_param("kind", Kind.ALL)
    if category is not None:
        query = query.where(Report.category_id == category.id)
    if kecamatan is not None:
        query = query.where(Report.kecamatan_id == kecamatan.id)
    if kind is not None:
        query = query.where(Report.kind == kind)
    return query, kecamatan


# ----------------------------------------------------------------------------------------------- routes

@bp.get("/api/v1/reports")
def api_reports():
    """Public reports, newest first, `limit` at a time."""
    limit = limit_param()
    status = choice_param("status", STATUS_GROUPS)
    since, until = date_param("since"), date_param("until")
    if since is not None and until is not None and until < since:
        raise ApiError(_("until must be the same day as since or later."), "until")
    query, _kecamatan = _filtered(select(Report).where(services.public_clause()))
    if status is not None:
        query = query.where(Report.status.in_(services.STATUS_GROUPS[status]))
    low = local_midnight(since) if since is not None else None
    if low is not None and low > _EARLIEST:
        query = query.where(Report.created_at >= low)
    if until is not None and until < date.max:
        high = local_midnight(until + timedelta(days=1))
        if high is not None:
            query = query.where(Report.created_at < max(high, _EARLIEST))
    after = moment_keyset()
    if after is not None:
        moment, ident = after
        query = query.where(or_(Report.created_at < moment, and_(Report.created_at == moment, Report.id < ident)))
    query = (query.options(selectinload(Report.photos))
             .order_by(Report.created_at.desc(), Report.id.desc()).limit(limit + 1))
    rows = list(db.session.execute(query).unique().scalars())
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = (services.utc(rows[-1].created_at), rows[-1].id)
    return page([report_item(r) for r in rows], following, _changed_at())


@bp.get("/api/v1/reports/<int:report_id>")
def api_report(report_id):
    """One public report with its public timeline; 404 when there is none (or it is not public)."""
    report = services.public_report(report_id) if report_id <= MAX_ID else None
    if report is None:
        raise ApiError(_("There is no public report number %(id)d.", id=report_id), None, 404)
    return json_response(report_detail(report), _changed_at())  # region-wide: tells nothing of internal steps


def _month_param(name: str) -> tuple[int, int] | None:
    value = text_param(name)
    if value is None:
        return None
    match = MONTH.fullmatch(value)
    if match is None or not 1970 <= int(match.group(1)) <= 9998:
        raise ApiError(_("%(name)s must be a month written as YYYY-MM, e.g. 2025-01.", name=name), name)
    return int(match.group(1)), int(match.group(2))


def _stats_months() -> list[tuple[int, int]]:
    """The months asked for, oldest first: `from` to `to` (both included; the last 12 by default)."""
    start, end = _month_param("from"), _month_param("to")
    now = datetime.now(timezone.utc).astimezone(_zone())
    if end is None:
        end = (now.year, now.month) if start is None else max(start, min(
            _shift(*start, STATS_DEFAULT_MONTHS - 1), (now.year, now.month)))
    if start is None:
        start = _shift(*end, -(STATS_DEFAULT_MONTHS - 1))
    if start > end:
        raise ApiError(_("from must be the same month as to or earlier."), "from")
    count = (end[0] - start[0]) * 12 + end[1] - start[1] + 1
    if count > STATS_MAX_MONTHS:
        raise ApiError(_("At most %(max)d months can be asked for at once: from and to are %(num)d months apart.",
                         max=STATS_MAX_MONTHS, num=count), "from")
    return [_shift(*start, n) for n in range(count)]


def _empty_cell() -> dict:
    return {**{group: 0 for group in STATUS_GROUPS}, "on_time": 0}


@bp.get("/api/v1/reports/stats")
def api_report_stats():
    """Public reports per kecamatan and month (the region's months), by status group.

    Every kecamatan appears in every month asked for, with zeros where nothing was filed. Counted by the
    month a report was filed in; `done_on_time` is how many of the done ones closed by their deadline.
    """
    months = _stats_months()
    bounds = [_month_start(*m) for m in months] + [_month_start(*_shift(*months[-1], 1))]
    month_index = case(*[(Report.created_at < bound, n) for n, bound in enumerate(bounds[1:-1])],
                       else_=len(months) - 1) if len(months) > 1 else literal_column("0")
    on_time = case((and_(Report.status == Status.DONE, Report.due_at.is_not(None), Report.closed_at.is_not(None),
                         Report.closed_at <= Report.due_at), 1), else_=0)
    inner, kecamatan = _filtered(
        select(month_index.label("month"), Report.kecamatan_id.label("kecamatan_id"), Report.status.label("status"),
               on_time.label("on_time"))
        .where(services.public_clause(), Report.region_id == g.region.id,
               Report.created_at >= bounds[0], Report.created_at < bounds[-1]))
    inner = inner.subquery()
    grouped = (select(inner.c.month, inner.c.kecamatan_id, inner.c.status, func.count(), func.sum(inner.c.on_time))
               .group_by(inner.c.month, inner.c.kecamatan_id, inner.c.status))
    counts: dict[tuple[int, int], dict] = {}
    for month, kecamatan_id, status, total, done_on_time in db.session.execute(grouped):
        cell = counts.setdefault((int(month), kecamatan_id), _empty_cell())
        cell[services.status_group(status)] += total
        cell["on_time"] += int(done_on_time or 0)
    if kecamatan is not None:
        areas = [kecamatan]
    else:
        areas = list(db.session.execute(select(Area).where(Area.level == "kecamatan").order_by(Area.code)).scalars())
        known = {a.id for a in areas}
        missing = {k for _m, k in counts if k not in known}
        if missing:  # a report placed under an area that is not marked as a kecamatan
            areas += db.session.execute(select(Area).where(Area.id.in_(missing)).order_by(Area.code)).scalars()
    items = []
    for n, (year, month) in enumerate(months):
        for area in areas:
            cell = counts.get((n, area.id)) or _empty_cell()
            by_group = {group: cell[group] for group in STATUS_GROUPS}
            items.append({"month": f"{year:04d}-{month:02d}", "kecamatan": _area(area),
                          "total": sum(by_group.values()), "by_status_group": by_group,
                          "done_on_time": cell["on_time"]})
    extra = {"from": f"{months[0][0]:04d}-{months[0][1]:02d}", "to": f"{months[-1][0]:04d}-{months[-1][1]:02d}",
             "timezone": g.region.timezone}
    return page(items, None, latest([db.session.execute(select(func.max(Report.updated_at))).scalar()]), **extra)


# ------------------------------------------------------------------------------------------------ OpenAPI

ERRORS = {"304": NOT_MODIFIED, "400": BAD_REQUEST, "404": NOT_FOUND}


def _filters() -> list[dict]:
    return [
        query("category", {"type": "string"}, _("A report category's slug (category.slug).")),
        query("kecamatan", {"type": "string", "pattern": r"^\d{2}\.\d{2}\.\d{2}$"},
              _("A kecamatan's Kemendagri code, e.g. 36.71.01.")),
        query("kind", {"type": "string", "enum": list(Kind.ALL)}, _("Complaint, idea or information request.")),
    ]


def openapi() -> dict:
    area = obj({"code": {"type": "string"}, "name": {"type": "string"}})
    moment = {"type": "string", "format": "date-time"}
    report = {
        "id": {"type": "integer", "minimum": 1},
        "url": {"type": "string", "format": "uri", "description": _("The report's public web page.")},
        "kind": {"type": "string", "enum": list(Kind.ALL)},
        "category": obj({"slug": {"type": "string"}, "name": {"type": "string"}}),
        "title": {"type": "string", "description": _("NIK, phone numbers and e-mail addresses masked.")},
        "description": {"type": "string", "description": _("Masked like the title.")},
        "address": nullable("string", description=_("Masked like the title.")),
        "status": {"type": "string", "enum": list(Status.ALL), "description": _("The LAPOR! status.")},
        "status_group": {"type": "string", "enum": list(STATUS_GROUPS)},
        "kecamatan": area,
        "kelurahan": area,
        "lat": nullable("number", minimum=-90, maximum=90),
        "long": nullable("number", minimum=-180, maximum=180),
        "department": nullable("string", description=_("The department (OPD) in charge, once decided.")),
        "supporters": {"type": "integer", "minimum": 0},
        "created_at": moment,
        "updated_at": moment,
        "due_at": nullable("string", format="date-time", description=_("The deadline of the next step, while open.")),
        "closed_at": nullable("string", format="date-time"),
        "photos": {"type": "array", "items": obj({
            "url": {"type": "string", "format": "uri"}, "thumbnail_url": {"type": "string", "format": "uri"},
            "stage": {"type": "string", "enum": ["before", "after"],
                      "description": _("before: from the reporter; after: from the department, after the work.")},
            "width": nullable("integer"), "height": nullable("integer")})},
    }
    timeline = obj({
        "action": {"type": "string", "enum": [*TIMELINE_ACTIONS, "update"]},
        "status": nullable("string", enum=[*Status.ALL, None], description=_("The status the step led to, if any.")),
        "at": moment,
        "body": nullable("string", description=_("A reply or reason, masked.")),
    })
    detail = {**report, "rating": nullable("integer", minimum=1, maximum=5, description=_("The reporter's rating.")),
              "timeline": {"type": "array", "items": timeline}}
    counts = obj({group: {"type": "integer", "minimum": 0} for group in STATUS_GROUPS})
    stat = obj({
        "month": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        "kecamatan": area,
        "total": {"type": "integer", "minimum": 0},
        "by_status_group": counts,
        "done_on_time": {"type": "integer", "minimum": 0,
                         "description": _("Done reports closed no later than their deadline.")},
    })
    month = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}
    paths = {
        "/api/v1/reports": {"get": {
            "operationId": "aspirasiReports", "summary": _("Public reports, newest first"),
            "description": _("Rahasia, hidden and merged reports never appear; text is masked; no reporter details."),
            "parameters": [
                *PAGING,
                query("status", {"type": "string", "enum": list(STATUS_GROUPS)},
                      _("menunggu (waiting), diproses (being handled), selesai (done) or ditolak (rejected).")),
                *_filters(),
                query("since", {"type": "string", "format": "date"}, _("Filed on this day or later (region time).")),
                query("until", {"type": "string", "format": "date"}, _("Filed on this day or earlier (region time).")),
            ],
            "responses": {"200": json_content(ref("AspirasiReportPage"), _("A page of public reports.")), **ERRORS},
        }},
        "/api/v1/reports/{report_id}": {"get": {
            "operationId": "aspirasiReport", "summary": _("One public report with its public timeline"),
            "parameters": [path("report_id", {"type": "integer", "minimum": 1})],
            "responses": {"200": json_content(ref("AspirasiReportDetail"), _("The report.")),
                          "304": NOT_MODIFIED, "404": NOT_FOUND},
        }},
        "/api/v1/reports/stats": {"get": {
            "operationId": "aspirasiReportStats", "summary": _("Public reports per kecamatan and month"),
            "description": _("Every kecamatan in every month from `from` to `to` (the region's months), by the month "
                           "a report was filed in. Only public reports are counted."),
            "parameters": [
                query("from", month, _("The first month, YYYY-MM (default: 11 months before `to`).")),
                query("to", month, _("The last month, YYYY-MM (default: this month). At most 36 months in all.")),
                *_filters(),
            ],
            "responses": {"200": json_content(ref("AspirasiReportStats"), _("The counts.")), **ERRORS},
        }},
    }
    schemas = {
        "AspirasiReport": obj(report),
        "AspirasiReportDetail": obj(detail),
        "AspirasiReportPage": page_of("AspirasiReport"),
        "AspirasiReportStat": stat,
        "AspirasiReportStats": page_of("AspirasiReportStat", **{"from": month, "to": month,
                                                                "timezone": {"type": "string"}}),
    }
    return {"paths": paths, "schemas": schemas}
