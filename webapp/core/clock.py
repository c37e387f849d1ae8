"""The region's own clock: today's date and the time now in the region's time zone (WIB, WITA or WIT)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import g


def region_now() -> datetime:
    return datetime.now(ZoneInfo(g.region.timezone))


def region_today() -> date:
    return region_now().date()


def as_utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; naive values (SQLite gives them back) are UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
