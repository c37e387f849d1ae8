"""Deadlines in working days: weekends and the region's holidays are skipped, days are the region's own
local days, and a deadline falls at the end of its day."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from flask import g

from webapp.extensions import db
from webapp.modules.aspirasi.models import Holiday, Status
from webapp.modules.aspirasi.sla import add_working_days, holidays_for, is_overdue

UTC = timezone.utc
WIB = timezone(timedelta(hours=7))
NONE: set[date] = set()


def at(year, month, day, hour=10, tz=WIB) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


def test_three_working_days_from_monday_end_on_thursday_night_local_time():
    due = add_working_days(at(2026, 3, 16), 3, NONE, "Asia/Jakarta")  # Monday
    assert due == datetime(2026, 3, 19, 23, 59, 59, tzinfo=WIB)
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)  # stored in UTC
    assert (due.hour, due.minute) == (16, 59)


def test_a_friday_report_with_one_day_is_due_on_monday():
    due = add_working_days(at(2026, 11, 27), 1, NONE, "Asia/Jakarta")
    assert due.astimezone(WIB).date() == date(2026, 11, 30)


def test_the_weekend_does_not_count_for_a_report_filed_on_saturday():
    due = add_working_days(at(2026, 11, 28, 21), 3, NONE, "Asia/Jakarta")
    assert due.astimezone(WIB).date() == date(2026, 12, 2)  # Monday, Tuesday, Wednesday


def test_holidays_are_skipped():
    nyepi_and_lebaran = {date(2026, 3, 19), date(2026, 3, 20)}
    due = add_working_days(at(2026, 3, 18), 2, nyepi_and_lebaran, "Asia/Jakarta")  # Wednesday
    assert due.astimezone(WIB).date() == date(2026, 3, 24)  # Monday 23rd, Tuesday 24th


def test_days_are_counted_in_the_regions_time_zone():
    thursday_night_utc = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)  # already Friday 01:00 in Jakarta
    due = add_working_days(thursday_night_utc, 1, NONE, "Asia/Jakarta")
    assert due == datetime(2026, 11, 30, 23, 59, 59, tzinfo=WIB)


def test_the_end_of_the_day_is_local_in_wita_and_wit_too():
    start = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday in all three zones
    assert add_working_days(start, 1, NONE, "Asia/Makassar") == datetime(2026, 11, 24, 15, 59, 59, tzinfo=UTC)
    assert add_working_days(start, 1, NONE, "Asia/Jayapura") == datetime(2026, 11, 24, 14, 59, 59, tzinfo=UTC)


def test_zero_days_means_the_end_of_the_same_day():
    assert add_working_days(at(2026, 11, 28), 0, NONE, "Asia/Jakarta") == datetime(2026, 11, 28, 23, 59, 59, tzinfo=WIB)


def test_a_naive_start_is_taken_as_utc_as_sqlite_returns_it():
    naive = datetime(2026, 11, 26, 18, 0)
    assert add_working_days(naive, 1, NONE, "Asia/Jakarta") == add_working_days(
        naive.replace(tzinfo=UTC), 1, NONE, "Asia/Jakarta")


def test_negative_days_are_an_error():
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 27), -1, NONE, "Asia/Jakarta")


def test_holidays_belong_to_their_region(app, make_region):
    tangerang, makassar = make_region("tangerang"), make_region("makassar", timezone="Asia/Makassar")
    db.session.add(Holiday(region_id=tangerang.id, day=date(2026, 12, 25), name="Natal"))
    db.session.add(Holiday(region_id=makassar.id, day=date(2026, 11, 30), name="Hari jadi daerah"))
    db.session.commit()
    g.region = makassar
    assert holidays_for(tangerang) == {date(2026, 12, 25)}
    assert holidays_for(makassar) == {date(2026, 11, 30)}  # whichever region is current


def report(status, due_at):
    return SimpleNamespace(status=status, due_at=due_at, is_open=status in Status.OPEN)


def test_an_open_report_past_its_deadline_is_overdue():
    due = datetime(2026, 11, 30, 16, 59, 59, tzinfo=UTC)
    assert is_overdue(report(Status.DISPOSED, due), now=due + timedelta(seconds=1))
    assert not is_overdue(report(Status.DISPOSED, due), now=due)
    assert is_overdue(report(Status.RECEIVED, due.replace(tzinfo=None)), now=due + timedelta(days=1))


def test_a_closed_report_or_one_without_deadline_is_never_overdue():
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    assert not is_overdue(report(Status.DONE, long_ago))
    assert not is_overdue(report(Status.REJECTED, long_ago))
    assert not is_overdue(report(Status.RECEIVED, None))
