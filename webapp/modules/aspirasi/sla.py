"""Service-level deadlines in working days, as LAPOR! counts them.

A working day is Monday to Friday in the region's own time zone, except the region's holidays (the
editable `Holiday` list). A deadline of N working days falls at the end (23:59:59 local time) of the
Nth working day after the day the clock starts; zero days means the end of that same day. Deadlines
are stored in UTC.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ...core import regioncache
from ...core.models import Region
from ...core.scoping import current_region
from ...extensions import db
from .models import Holiday

END_OF_DAY = time(23, 59, 59)


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; naive values (SQLite returns them) are taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def is_working_day(day: date, holidays: set[date]) -> bool:
    """Monday to Friday, and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime, days: int, holidays: set[date], tz: str) -> datetime:
    """The end of the `days`-th working day after `start`'s local date in time zone `tz`, in UTC.

    Friday 10:00 WIB + 1 working day is Monday 23:59:59 WIB (16:59:59 UTC); a report filed on a
    Saturday with 3 days is due on Wednesday. Holidays are local dates.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    zone = ZoneInfo(tz)
    day = utc(start).astimezone(zone).date()
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(timezone.utc)


regioncache.watch(Holiday)


def holidays_for(region: Region) -> frozenset[date]:
    """The holidays of `region` (whichever region is current), kept by the region cache between requests."""
    def load() -> frozenset[date]:
        query = select(Holiday.day).where(Holiday.region_id == region.id).execution_options(all_regions=True)
        return frozenset(db.session.execute(query).scalars())

    return regioncache.memo(region.id, "holidays", load)


def region_of(row) -> Region:
    """The region a region-owned row belongs to (usually the current one, already loaded)."""
    region = current_region()
    if region is not None and region.id == row.region_id:
        return region
    return db.session.get(Region, row.region_id)


def due_after(region: Region, days: int, start: datetime | None = None) -> datetime:
    """The deadline `days` working days after `start` (default now) in `region`."""
    return add_working_days(start or now_utc(), days, holidays_for(region), region.timezone)


def is_overdue(report, now: datetime | None = None) -> bool:
    """True while a report is open and past its deadline."""
    if not report.is_open or report.due_at is None:
        return False
    return utc(report.due_at) < (utc(now) if now else now_utc())
