"""Reading the audit log: the search, a page of it, its rows in words, and the CSV export.

Every query here names the region itself (`AuditLog.region_id == region_id`) and reads with `all_regions`, so
the accounts in it are found even when they have no region (platform admins, whose actions a region's log
also holds). The export runs after the view has returned, while the response streams, so it opens its own
application context and takes every translated word with it, ready made.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ..audit import ACTION_LABELS, SECRET, AuditLog
from ..models import User

PAGE_SIZE = 100
EXPORT_BATCH = 500
MAX_ID = 2**31 - 1

OBJECT_TYPE_LABELS = {
    "region": _l("Region settings"),
    "region_host": _l("Host name"),
    "area": _l("Area"),
    "department": _l("Department (OPD)"),
    "user": _l("Account"),
    "role_grant": _l("Staff role"),
    "api_key": _l("API key"),
    "aspirasi.category": _l("Report category"),
    "aspirasi.route": _l("Report routing"),
    "aspirasi.template": _l("Reply template"),
    "aspirasi.holiday": _l("Holiday"),
    "aspirasi.report": _l("Report"),
    "aspirasi.photo": _l("Report photo"),
    "aspirasi.event": _l("Step on a report"),
    "pencaker.seeker": _l("Job seeker"),
    "pencaker.card": _l("AK/1 card"),
    "pencaker.employer": _l("Employer"),
    "pencaker.vacancy": _l("Vacancy"),
    "pencaker.application": _l("Job application"),
    "pencaker.job_fair": _l("Job fair"),
    "harga.market": _l("Market"),
    "harga.commodity": _l("Commodity"),
    "harga.price": _l("Market price"),
    "harga.market_officer": _l("Market officer"),
    "berita.article": _l("News article"),
    "berita.category": _l("News category"),
    "berita.announcement": _l("Announcement"),
    "berita.page": _l("Information page"),
}
COLUMN_LABELS = {
    "name": _l("Name"), "title": _l("Title"), "active": _l("In use"), "status": _l("Status"),
    "email": _l("E-mail"), "phone": _l("Phone"), "role": _l("Role"), "blocked": _l("Blocked"),
    "password_hash": _l("Password"), "two_factor_secret": _l("Two-factor secret"),
    "two_factor_since": _l("Two-factor sign-in since"), "theme_color": _l("Theme colour"),
    "tagline": _l("Tagline"), "modules": _l("Services switched on"), "locales": _l("Languages offered"),
    "default_locale": _l("Default language"), "logo": _l("Logo"), "settings.short_name": _l("Short name"),
    "settings.footer_text": _l("Footer text"), "short_name": _l("Short name"), "department_id": _l("Department"),
    "parent_id": _l("Kecamatan"), "code": _l("Code"), "level": _l("Level"), "contact_phone": _l("Contact phone"),
    "contact_email": _l("Contact e-mail"), "address": _l("Address"), "timezone": _l("Time zone"),
    "nik": _l("NIK"), "digest": _l("Key"), "revoked_at": _l("Revoked"),
}
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so as a formula


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    action: str = ""
    object_type: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


def object_type_label(code: str) -> str:
    label = OBJECT_TYPE_LABELS.get(code)
    return str(label) if label is not None else code


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def criteria(region, filters: AuditFilters) -> list:
    """SQL conditions for the region's rows that match `filters` (days are the region's own)."""
    conditions = [AuditLog.region_id == region.id]
    if filters.person:
        people = select(User.id).where(or_(User.name.icontains(filters.person, autoescape=True),
                                           User.email.icontains(filters.person, autoescape=True)))
        conditions.append(AuditLog.user_id.in_(people))
    if filters.action:
        conditions.append(AuditLog.action == filters.action)
    if filters.object_type:
        conditions.append(AuditLog.object_type == filters.object_type)
    zone = region.timezone or "Asia/Jakarta"
    if filters.since:
        conditions.append(AuditLog.created_at >= _local_midnight(filters.since, zone))
    if filters.until and filters.until < date.max:
        conditions.append(AuditLog.created_at < _local_midnight(filters.until + timedelta(days=1), zone))
    if filters.text:
        text = filters.text.lstrip("#")
        matches = [AuditLog.detail["label"].as_string().icontains(filters.text, autoescape=True),
                   AuditLog.detail["changes"].as_string().icontains(filters.text, autoescape=True),
                   AuditLog.object_type.icontains(filters.text, autoescape=True)]
        if re.fullmatch(r"[0-9]{1,10}", text) and int(text) <= MAX_ID:  # ASCII digits ("²" is a digit too)
            matches.append(AuditLog.object_id == int(text))
        conditions.append(or_(*matches))
    return conditions


def _select(region, filters: AuditFilters):
    return (select(AuditLog).where(*criteria(region, filters)).order_by(AuditLog.id.desc())
            .execution_options(all_regions=True))


def audit_page(region, filters: AuditFilters, before: int | None) -> tuple[list[AuditLog], int | None]:
    """Up to PAGE_SIZE rows, newest first, older than row `before`; and the id to continue from (or None)."""
    query = _select(region, filters).options(joinedload(AuditLog.user)).limit(PAGE_SIZE + 1)
    if before is not None:
        query = query.where(AuditLog.id < min(before, MAX_ID))
    rows = list(db.session.execute(query).scalars())
    return rows[:PAGE_SIZE], (rows[PAGE_SIZE - 1].id if len(rows) > PAGE_SIZE else None)


def object_types(region) -> list[str]:
    """The kinds of object the region's log mentions."""
    return list(db.session.execute(
        select(AuditLog.object_type).where(AuditLog.region_id == region.id).distinct()
        .execution_options(all_regions=True)).scalars())


# In words

def column_label(column: str) -> str:
    """A column without a label of its own, readable at least: 'settings.data_licence' -> 'Data licence'."""
    return column.replace("settings.", "").replace("_", " ").capitalize()


def value_in_words(value, words: dict) -> str:
    """A value as a person reads it: yes/no, “text”, empty; lists joined."""
    if value is None or value == "" or value == []:
        return words["empty"]
    if value is True:
        return words["yes"]
    if value is False:
        return words["no"]
    if isinstance(value, list):
        return ", ".join(value_in_words(item, words) for item in value)
    if isinstance(value, (int, float)):
        return str(value)
    return f"“{value}”"


def words() -> dict:
    """The words of `describe`, translated once per page or export (the export has no request to ask for the
    language later)."""
    return {"empty": _("(empty)"), "yes": _("yes"), "no": _("no"), "secret": _("changed (not shown)"),
            "now": _("now %(value)s"),  # filled in by describe()
            "columns": {column: str(label) for column, label in COLUMN_LABELS.items()}}


def describe(row: AuditLog, vocabulary: dict) -> list[str]:
    """The changes of a row in words, one line a column: “Name: “Lama” → “Baru””."""
    changes = (row.detail or {}).get("changes") or {}
    lines = []
    for column, change in changes.items():
        label = vocabulary["columns"].get(column) or column_label(column)
        if change == SECRET or not isinstance(change, list) or len(change) not in (1, 2):
            lines.append(f"{label}: {vocabulary['secret']}")
        elif len(change) == 1:  # what it was before is not known
            lines.append(f"{label}: {vocabulary['now'] % {'value': value_in_words(change[0], vocabulary)}}")
        elif row.action == "created":
            lines.append(f"{label}: {value_in_words(change[1], vocabulary)}")
        elif row.action == "deleted":
            lines.append(f"{label}: {value_in_words(change[0], vocabulary)}")
        else:
            lines.append(f"{label}: {value_in_words(change[0], vocabulary)} → {value_in_words(change[1], vocabulary)}")
    return lines


# CSV

def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return) gets a
    leading apostrophe, so it is never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


def csv_header() -> list[str]:
    return [_("Number"), _("When"), _("Who"), _("E-mail"), _("What"), _("Kind of object"), _("Object"),
            _("Object number"), _("Changes"), _("From address")]


def csv_labels() -> dict:
    """Every translated word the export needs, made while the request (and its language) is still there."""
    return {"header": csv_header(), "actions": {code: str(label) for code, label in ACTION_LABELS.items()},
            "types": {code: str(label) for code, label in OBJECT_TYPE_LABELS.items()}, "words": words(),
            "deleted_account": _("A deleted account")}


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell(value) for value in values])
    return out.getvalue()


def csv_rows(app, region_id: int, filters: AuditFilters, labels: dict) -> Iterator[str]:
    """The region's matching rows as CSV lines, newest first, read EXPORT_BATCH at a time.

    Run while the response streams (the request is over by then): it opens its own application context and
    so its own database session, and takes the region by id.
    """
    from ..models import Region

    yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
    yield _csv_line(labels["header"])
    with app.app_context():
        region = db.session.get(Region, region_id)
        zone = ZoneInfo(region.timezone or "Asia/Jakarta")
        before = None
        while True:
            query = _select(region, filters).options(joinedload(AuditLog.user)).limit(EXPORT_BATCH)
            if before is not None:
                query = query.where(AuditLog.id < before)
            rows = list(db.session.execute(query).scalars())
            for row in rows:
                yield _csv_line(_export_values(row, zone, labels))
            if len(rows) < EXPORT_BATCH:
                return
            before = rows[-1].id
            db.session.expunge_all()  # keep memory flat over a long log


def _export_values(row: AuditLog, zone: ZoneInfo, labels: dict) -> list:
    when = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    detail = row.detail or {}
    return [row.id, when.astimezone(zone).isoformat(timespec="seconds"),
            row.user.name if row.user else labels["deleted_account"], row.user.email if row.user else "",
            labels["actions"].get(row.action, row.action), labels["types"].get(row.object_type, row.object_type),
            detail.get("label") or "", row.object_id if row.object_id is not None else "",
            "; ".join(describe(row, labels["words"])), detail.get("ip") or ""]

