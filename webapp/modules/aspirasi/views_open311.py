"""Open311 GeoReport v2, the reading side: discovery, services, a service definition, requests and one
request, each as `.xml` or `.json` (any other suffix is a 404 in the spec's error shape).

Services are the region's active Aspirasi categories (`service_code` = the category's slug). Requests are
its public reports only (never rahasia, hidden or merged ones), with the same masking as the web page;
`service_request_id` is the report's public id, never its tracking code. Datetimes carry the region's
offset ("+07:00" in WIB).

Empty values: a text field with nothing in it is "" in JSON; a datetime or a number that is unknown
(`expected_datetime` of a closed report, `lat`/`long` without a point) is null; in XML both are an
empty element.

Discovery's `changeset` is the newest of the day this server's endpoint list last changed
(`ENDPOINTS_CHANGED`) and the day the region was set up: categories keep no time of change, so a
changed category does not move it; clients should refresh services daily anyway.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import g, request, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from ...core.api.keys import rate_limit_key
from ...core.forms import EARLIEST_YEAR, LATEST_YEAR
from ...core.models import Area, Department
from ...extensions import db, limiter
from . import bp, services
from .masking import mask_text
from .models import Action, Category, Kind, Report, ReportEvent, ReportPhoto, Status
from .open311 import Open311Error, check_format, check_jurisdiction, iso, respond, service_attributes
from .sla import now_utc, utc
from .staff_forms import status_label

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
ENDPOINTS_CHANGED = datetime(2026, 12, 6, tzinfo=timezone.utc)  # when this server's endpoint list last changed
READ_RATE_LIMIT = "300 per minute"  # per client address (or per key, when one is sent); reading needs no key
CACHE_SECONDS = 60
MAX_RESULTS = 1000  # the spec's cap on GET requests
MAX_SPAN = timedelta(days=90)  # the spec's cap on start_date..end_date, and the default window
MAX_ID = 2**31 - 1
STATUS_FILTERS = {"open": Status.OPEN, "closed": Status.CLOSED}
# Public events whose text says why a report is where it is: a reply, the answer, a rejection, a reopening.
NOTE_ACTIONS = (Action.REPLY, Action.DONE, Action.REJECTED, Action.REOPENED)
_ID = re.compile(r"[0-9]{1,12}")
_DATE = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}")


def _cached(response):
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


def read_limit(view):
    """Reading needs no key: the bucket is the client's address, or its key when it sends one."""
    return limiter.limit(READ_RATE_LIMIT, key_func=rate_limit_key)(view)


# ------------------------------------------------------------------------------------------ discovery

def changeset() -> datetime:
    """When discovery or the service definitions last changed, as far as the data can tell (see above)."""
    created = g.region.created_at
    return max(ENDPOINTS_CHANGED, utc(created)) if created is not None else ENDPOINTS_CHANGED


def discovery() -> dict:
    region = g.region
    changed = iso(changeset())
    base = url_for("aspirasi.open311_discovery", fmt="xml", _external=True).rsplit("/", 1)[0]
    contact = ", ".join(part for part in (region.name, region.contact_email, region.contact_phone) if part)
    key_service = _("API keys are issued by the administrator of %(region)s; contact them at %(contact)s. "
                    "How to use this API: %(url)s",
                    region=region.name, contact=region.contact_email or region.contact_phone or region.name,
                    url=url_for("api.data_page", _external=True))
    return {"changeset": changed, "contact": contact, "key_service": key_service,
            "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": changed, "type": "production",
                           "formats": ["text/xml", "application/json"]}]}


@bp.get("/open311/v2/discovery.<fmt>")
@read_limit
def open311_discovery(fmt):
    """Where the endpoint is, what it speaks, and whom to ask for a key."""
    return _cached(respond("discovery", discovery(), fmt=check_format(fmt)))


# ------------------------------------------------------------------------------------------- services

def _group(category: Category) -> str:
    department = category.department
    if department is None:
        return ""
    return department.short_name or department.name


def service(category: Category) -> dict:
    keywords = list(Kind.ALL) + ([category.department.short_name]
                                 if category.department is not None and category.department.short_name else [])
    return {"service_code": category.slug, "service_name": category.name, "description": category.description or "",
            "metadata": True, "type": "realtime", "keywords": ",".join(keywords), "group": _group(category)}


def active_categories() -> list[Category]:
    query = select(Category).where(Category.active.is_(True)).order_by(Category.position, Category.name)
    return list(db.session.execute(query).unique().scalars())


@bp.get("/open311/v2/services.<fmt>")
@read_limit
def open311_services(fmt):
    """One service per category that accepts reports."""
    check_format(fmt)
    check_jurisdiction()
    return _cached(respond("services", [service(c) for c in active_categories()]))


@bp.get("/open311/v2/services/<code>.<fmt>")
@read_limit
def open311_service_definition(code, fmt):
    """The attributes a report of this service takes (the kelurahan first)."""
    check_format(fmt)
    check_jurisdiction()
    category = db.session.execute(
        select(Category).where(Category.slug == code, Category.active.is_(True))
    ).unique().scalar_one_or_none()
    if category is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s.", code=code))
    return _cached(respond("service_definition",
                           {"service_code": category.slug, "attributes": service_attributes(category)}))


# ------------------------------------------------------------------------------------- request filters

def _param(name: str) -> str:
    return request.args.get(name, "").strip()


def _items(name: str) -> list[str]:
    return [item.strip() for item in _param(name).split(",") if item.strip()]


def _moment(name: str) -> tuple[datetime, bool] | None:
    """The parameter as an aware UTC datetime and whether it was a bare date; None when empty.
    A value without an offset is in the region's time zone."""
    raw = _param(name)
    if not raw:
        return None
    bad = Open311Error(400, _("%(name)s must be a date and time in ISO 8601, such as %(example)s.",
                              name=name, example="2026-12-06T09:30:00+07:00"))
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise bad from None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise bad
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(g.region.timezone))
    return value.astimezone(timezone.utc), bool(_DATE.fullmatch(raw))


def window() -> tuple[datetime, datetime]:
    """[start, end) of requested_datetime: at most 90 days; the last 90 days by default; one bound alone
    reaches 90 days from (or back to) it. A bare end date includes that whole day."""
    start, end = _moment("start_date"), _moment("end_date")
    if start and end:
        if end[0] < start[0]:
            raise Open311Error(400, _("end_date must not be before start_date."))
        if end[0] - start[0] > MAX_SPAN:
            raise Open311Error(400, _("start_date and end_date may be at most %(days)d days apart.",
                                      days=MAX_SPAN.days))
    if start is None and end is None:
        now = now_utc()
        return now - MAX_SPAN, now + timedelta(microseconds=1)
    if end is None:
        return start[0], start[0] + MAX_SPAN
    moment, bare_date = end
    stop = moment + (timedelta(days=1) if bare_date else timedelta(microseconds=1))
    return (start[0] if start else moment - MAX_SPAN), stop


def _request_ids() -> list[int]:
    items = _items("service_request_id")
    for item in items:
        if not _ID.fullmatch(item):
            raise Open311Error(400, _("service_request_id must be report numbers separated by commas; "
                                      "this is not one: %(value)s.", value=item))
    if len(items) > MAX_RESULTS:
        raise Open311Error(400, _("At most %(count)d service_request_id values at once.", count=MAX_RESULTS))
    return [int(item) for item in items if int(item) <= MAX_ID]


def _statuses() -> tuple[str, ...] | None:
    items = [item.lower() for item in _items("status")]
    for item in items:
        if item not in STATUS_FILTERS:
            raise Open311Error(400, _("status must be open, closed or both (open,closed); "
                                      "this is not one: %(value)s.", value=item))
    return tuple(s for item in set(items) for s in STATUS_FILTERS[item]) if items else None


def _category_ids() -> list[int] | None:
    codes = _items("service_code")
    if not codes:
        return None
    known = dict(db.session.execute(select(Category.slug, Category.id).where(Category.slug.in_(codes))).all())
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Open311Error(404, _("Unknown service_code: %(code)s.", code=unknown[0]))
    return list(known.values())


def request_query():
    """The public reports the parameters ask for, newest first, at most 1000."""
    query = select(Report).where(services.public_clause())
    ids = _request_ids()
    if ids:  # the ids override every other filter
        query = query.where(Report.id.in_(ids))
    else:
        start, stop = window()
        query = query.where(Report.created_at >= start, Report.created_at < stop)
        statuses, categories = _statuses(), _category_ids()
        if statuses is not None:
            query = query.where(Report.status.in_(statuses))
        if categories is not None:
            query = query.where(Report.category_id.in_(categories))
    return query.order_by(Report.created_at.desc(), Report.id.desc()).limit(MAX_RESULTS)


# ------------------------------------------------------------------------------------------- requests

def _inline_ids(ids: list[int]):
    """`ids` for an IN clause, written into the SQL: a thousand bound parameters cost the driver ~10 ms of CPU
    to convert; whole numbers need no escaping."""
    return bindparam("ids", ids, expanding=True, literal_execute=True)


def _notes(ids: list[int]) -> dict[int, str]:
    """Each report's latest public text that explains its state (one query for every report)."""
    if not ids:
        return {}
    query = (select(ReportEvent.report_id, ReportEvent.body)
             .where(ReportEvent.report_id.in_(_inline_ids(ids)), ReportEvent.public.is_(True),
                    ReportEvent.action.in_(NOTE_ACTIONS), ReportEvent.body.is_not(None))
             .order_by(ReportEvent.created_at, ReportEvent.id))
    notes = {}
    for report_id, body in db.session.execute(query):
        if body.strip():
            notes[report_id] = body
    return notes


def _first_photos(ids: list[int]) -> dict[int, int]:
    """Each report's first visible photo from the reporter (one query for every report)."""
    if not ids:
        return {}
    query = (select(ReportPhoto.report_id, func.min(ReportPhoto.id))
             .where(ReportPhoto.report_id.in_(_inline_ids(ids)), ReportPhoto.stage == "before",
                    ReportPhoto.hidden.is_(False))
             .group_by(ReportPhoto.report_id))
    return dict(db.session.execute(query).all())


Kecamatan, Kelurahan = aliased(Area), aliased(Area)


def request_rows(query) -> list:
    """What the requests of `query` (a select of reports) show, as plain rows in its order: a thousand reports
    as objects with their category, areas and department cost ~25 ms of CPU, as rows ~3 ms."""
    columns = query.with_only_columns(
        Report.id, Report.status, Report.rejection_reason, Report.description, Report.address,
        Report.created_at, Report.updated_at, Report.due_at, Report.lat, Report.lng,
        Category.name.label("service_name"), Category.slug.label("service_code"),
        Category.notice.label("service_notice"), Department.name.label("agency"),
        Kelurahan.name.label("kelurahan"), Kelurahan.code.label("kelurahan_code"), Kecamatan.name.label("kecamatan"))
    return db.session.execute(
        columns.join_from(Report, Category, Report.category_id == Category.id)
        .join_from(Report, Kelurahan, Report.kelurahan_id == Kelurahan.id)
        .join_from(Report, Kecamatan, Report.kecamatan_id == Kecamatan.id)
        .outerjoin_from(Report, Department, Report.department_id == Department.id)).all()


class Words:
    """The words every request repeats, translated once per response."""

    def __init__(self):
        self.statuses = {status: status_label(status) for status in Status.ALL}
        self.status_with_note = _("%(status)s: %(note)s")  # filled in by status_notes, as gettext(…) would


def status_notes(row, note: str | None, words: Words) -> str:
    """The LAPOR! status in words and, when there is one, the latest public explanation, masked."""
    if row.status == Status.REJECTED and row.rejection_reason:
        note = row.rejection_reason
    word = words.statuses.get(row.status, row.status)
    note = mask_text(note).strip()
    return words.status_with_note % {"status": word, "note": note} if note else word


def service_request(row, note: str | None, photo_id: int | None, words: Words, zone: ZoneInfo) -> dict:
    """One report (a row of `request_rows`) in the spec's field order, with only what its public page shows."""
    is_open = row.status in Status.OPEN
    address = ", ".join(part for part in (mask_text(row.address).strip(), row.kelurahan, row.kecamatan) if part)
    return {
        "service_request_id": str(row.id),
        "status": "open" if is_open else "closed",
        "status_notes": status_notes(row, note, words),
        "service_name": row.service_name,
        "service_code": row.service_code,
        "description": mask_text(row.description),
        "agency_responsible": row.agency if row.agency is not None else "",
        "service_notice": row.service_notice or "",
        "requested_datetime": iso(row.created_at, zone),
        "updated_datetime": iso(row.updated_at or row.created_at, zone),
        "expected_datetime": iso(row.due_at, zone) if is_open else None,
        "address": address,
        "address_id": row.kelurahan_code,
        "zipcode": "",
        "lat": row.lat,
        "long": row.lng,
        "media_url": url_for("aspirasi.photo", photo_id=photo_id, _external=True) if photo_id else "",
    }


def service_requests(query) -> list[dict]:
    """The reports of `query` as Open311 requests: three queries, however many reports there are."""
    rows = request_rows(query)
    ids = [row.id for row in rows]
    notes, photos = _notes(ids), _first_photos(ids)
    words, zone = Words(), ZoneInfo(g.region.timezone)
    return [service_request(row, notes.get(row.id), photos.get(row.id), words, zone) for row in rows]


@bp.get("/open311/v2/requests.<fmt>")
@read_limit
def open311_requests(fmt):
    """Public reports: by id (a comma list, overriding the rest), or by service, status and date window."""
    check_format(fmt)
    check_jurisdiction()
    return _cached(respond("service_requests", service_requests(request_query())))


@bp.get("/open311/v2/requests/<request_id>.<fmt>")
@read_limit
def open311_request(request_id, fmt):
    """One public report, as a list of one."""
    check_format(fmt)
    check_jurisdiction()
    found = []
    if _ID.fullmatch(request_id) and int(request_id) <= MAX_ID:
        found = service_requests(select(Report).where(services.public_clause(), Report.id == int(request_id)))
    if not found:
        raise Open311Error(404, _("Unknown service_request_id: %(id)s.", id=request_id))
    return _cached(respond("service_requests", found))

