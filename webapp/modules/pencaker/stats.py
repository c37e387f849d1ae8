"""Disnaker's numbers for a period: job seekers registered (by highest education, gender and age group),
vacancies published and their openings by sector, and applications and placements per month.

Every number is one SQL GROUP BY per table that runs on SQLite and PostgreSQL. Days are the region's local
days, both ends of the period included: a registration at 00:30 WIB on 1 January belongs to January, not
to the 31 December it is in UTC. For that the timestamps are moved to local time inside the query
(`timezone()` on PostgreSQL, a fixed offset on SQLite: Indonesia's WIB, WITA and WIT have no summer time).
Placements count by the day the job started, which is a date already.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import g
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Integer, case, cast, extract, func, select

from ...extensions import db
from .constants import AGE_GROUPS, EDUCATION_LEVELS, GENDERS, SECTORS
from .models import Application, Placement, Seeker, SeekerEducation, Vacancy

MAX_YEARS = 5
NOT_STATED = "none"  # the key of seekers without an education row (or gender, age outside the groups)


@dataclass
class Row:
    key: str
    label: str
    count: int
    extra: int | None = None  # openings, for the sector table


@dataclass
class Numbers:
    start: date
    end: date
    seekers: int = 0
    education: list[Row] = field(default_factory=list)
    gender: list[Row] = field(default_factory=list)
    age: list[Row] = field(default_factory=list)
    vacancies: int = 0
    openings: int = 0
    sectors: list[Row] = field(default_factory=list)
    months: list[tuple[str, str, int, int]] = field(default_factory=list)  # key, label, applications, placements


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after `end` 00:00) in the region's time zone, as UTC moments."""
    zone = ZoneInfo(g.region.timezone)
    low = datetime.combine(start, time.min, tzinfo=zone)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return low.astimezone(timezone.utc), high.astimezone(timezone.utc)


def period_problem(start: date | None, end: date | None) -> str | None:
    """Why (start, end) is not a period we count over, in words; None when it is fine."""
    if start is None or end is None:
        return _("Enter both dates of the period.")
    if end < start:
        return _("The end of the period must not be before its start.")
    if end > _add_years(start, MAX_YEARS):
        return _("Choose a period of at most %(years)d years.", years=MAX_YEARS)
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _local(column):
    """`column` (a UTC timestamp) as the region's wall-clock time, inside the query."""
    zone = g.region.timezone
    if db.session.get_bind().dialect.name == "postgresql":
        return func.timezone(zone, column)
    offset = datetime.now(ZoneInfo(zone)).utcoffset()
    return func.datetime(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def _day_number(moment):
    """yyyymmdd as an integer, so that (later - earlier) // 10000 is a whole number of years."""
    parts = [cast(extract(part, moment), Integer) for part in ("year", "month", "day")]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _registered_in(query, start: date, end: date):
    low, high = period_bounds(start, end)
    return query.where(Seeker.created_at >= low, Seeker.created_at < high)


def _education(start: date, end: date) -> tuple[list[Row], int]:
    """Seekers by their highest level (ties such as SMA/SMK go to the later one in the list)."""
    rank = case({code: position for position, (code, _label) in enumerate(EDUCATION_LEVELS)},
                value=SeekerEducation.level, else_=-1)
    highest = _registered_in(
        select(SeekerEducation.seeker_id, func.max(rank).label("rank"))
        .join(Seeker, Seeker.id == SeekerEducation.seeker_id).group_by(SeekerEducation.seeker_id),
        start, end).subquery()
    counts = dict(db.session.execute(
        select(highest.c.rank, func.count()).group_by(highest.c.rank)).all())
    rows = [Row(code, str(text), counts.get(position, 0)) for position, (code, text) in enumerate(EDUCATION_LEVELS)]
    return rows, sum(counts.values())


def _gender_and_age(start: date, end: date) -> tuple[list[Row], list[Row], int]:
    """Seekers by gender and by age group (their age on the local day they registered)."""
    age = (_day_number(_local(Seeker.created_at)) - _day_number(Seeker.birth_date)) // 10000
    group = case(*[(age.between(low, high), index) for index, (low, high) in enumerate(AGE_GROUPS)], else_=-1)
    seekers = _registered_in(select(Seeker.gender, group.label("age_group")), start, end).subquery()
    result = db.session.execute(select(seekers.c.gender, seekers.c.age_group, func.count())
                                .group_by(seekers.c.gender, seekers.c.age_group)).all()
    by_gender: dict[str, int] = {}
    by_group: dict[int, int] = {}
    for gender, index, count in result:
        by_gender[gender] = by_gender.get(gender, 0) + count
        by_group[index] = by_group.get(index, 0) + count
    genders = [Row(code, str(text), by_gender.pop(code, 0)) for code, text in GENDERS]
    if sum(by_gender.values()):
        genders.append(Row(NOT_STATED, _("Not stated"), sum(by_gender.values())))
    ages = [Row(_group_key(low, high), _group_label(low, high), by_group.get(index, 0))
            for index, (low, high) in enumerate(AGE_GROUPS)]
    if by_group.get(-1):
        ages.append(Row(NOT_STATED, _("Other ages"), by_group[-1]))
    return genders, ages, sum(count for _g, _i, count in result)


def _group_key(low: int, high: int) -> str:
    return f"{low}+" if high >= 100 else f"{low}-{high}"


def _group_label(low: int, high: int) -> str:
    if high >= 100:
        return _("%(low)d years and older", low=low)
    return _("%(low)d–%(high)d years", low=low, high=high)


def _sectors(start: date, end: date) -> list[Row]:
    """Vacancies published in the period and their openings, by sector (whatever their status now)."""
    low, high = period_bounds(start, end)
    result = db.session.execute(
        select(Vacancy.sector, func.count(), func.coalesce(func.sum(Vacancy.openings), 0))
        .where(Vacancy.published_at >= low, Vacancy.published_at < high).group_by(Vacancy.sector)).all()
    found = {sector: (count, int(openings)) for sector, count, openings in result}
    return [Row(code, str(text), *found[code]) for code, text in SECTORS if code in found] + [
        Row(code, code, *value) for code, value in found.items() if code not in dict(SECTORS)]


def _per_month(query) -> list:
    """Count the rows of `query` (columns y, m) per month. The grouping happens around a subquery, as
    PostgreSQL would not see two copies of an expression with parameters as the same GROUP BY key."""
    rows = query.subquery()
    return db.session.execute(select(rows.c.y, rows.c.m, func.count()).group_by(rows.c.y, rows.c.m)).all()


def _months(start: date, end: date) -> list[tuple[date, int, int]]:
    """Applications (by the local day sent) and placements (by the day the job started) per month."""
    low, high = period_bounds(start, end)
    sent = _local(Application.created_at)
    applications = _per_month(select(extract("year", sent).label("y"), extract("month", sent).label("m"))
                              .where(Application.created_at >= low, Application.created_at < high))
    placements = _per_month(select(extract("year", Placement.started_on).label("y"),
                                   extract("month", Placement.started_on).label("m"))
                            .where(Placement.started_on >= start, Placement.started_on <= end))
    by_month_a = {(int(y), int(m)): n for y, m, n in applications}
    by_month_p = {(int(y), int(m)): n for y, m, n in placements}
    rows = []
    month = start.replace(day=1)
    while month <= end:
        key = (month.year, month.month)
        rows.append((month, by_month_a.get(key, 0), by_month_p.get(key, 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


def numbers(start: date, end: date) -> Numbers:
    """Every table of the statistics page for the period [start, end] (local dates, both included)."""
    result = Numbers(start=start, end=end)
    result.education, with_education = _education(start, end)
    result.gender, result.age, result.seekers = _gender_and_age(start, end)
    if result.seekers > with_education:
        result.education.append(Row(NOT_STATED, _("No education entered"), result.seekers - with_education))
    result.sectors = _sectors(start, end)
    result.vacancies = sum(row.count for row in result.sectors)
    result.openings = sum(row.extra or 0 for row in result.sectors)
    result.months = [(month.strftime("%Y-%m"), format_date(month, "MMMM yyyy"), applied, placed)
                     for month, applied, placed in _months(start, end)]
    return result


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets an apostrophe in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(result: Numbers) -> str:
    """The numbers as CSV: a header line, then one `section,key,label,count` line per number."""
    lines: list[tuple[str, str, str, int]] = [("seekers", "total", _("Job seekers registered"), result.seekers)]
    lines += [("education", r.key, r.label, r.count) for r in result.education]
    lines += [("gender", r.key, r.label, r.count) for r in result.gender]
    lines += [("age", r.key, r.label, r.count) for r in result.age]
    lines.append(("vacancies", "total", _("Vacancies published"), result.vacancies))
    lines += [("vacancies", r.key, r.label, r.count) for r in result.sectors]
    lines.append(("openings", "total", _("Openings"), result.openings))
    lines += [("openings", r.key, r.label, r.extra or 0) for r in result.sectors]
    lines += [("applications", key, text, applied) for key, text, applied, _placed in result.months]
    lines += [("placements", key, text, placed) for key, text, _applied, placed in result.months]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["section", "key", "label", "count"])
    writer.writerows([section, key, _cell(text), count] for section, key, text, count in lines)
    return buffer.getvalue()
