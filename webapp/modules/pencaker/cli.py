"""`flask pencaker remind-reports`: remind AK/1 card holders whose six-monthly report is due, in every region
with Pencaker on. Run it daily from cron; each card is reminded once per period (a "reminded" card event
records it), so a rerun, or a run on the next day, sends nothing twice.
"""
from __future__ import annotations

from datetime import date, timedelta

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...core.clock import region_today
from ...core.models import Region
from ...core.queue import enqueue, wait_for_jobs
from ...core.scoping import region_context
from ...extensions import db
from . import bp, cards, notifications
from .models import Card, CardEvent, CardStatus

REMINDED = "reminded"  # CardEvent.action; note = the period
REMIND_DAYS = 30  # remind when the period ends within this many days


def due_reminders(today: date) -> list[tuple[Card, int]]:
    """(card, period) for the current region's valid cards whose current period is unreported, ends within
    REMIND_DAYS and was not reminded yet."""
    rows = db.session.execute(
        select(Card).where(Card.status == CardStatus.ACTIVE, Card.valid_until >= today)
        .options(selectinload(Card.reports), selectinload(Card.events), selectinload(Card.seeker))).scalars()
    due = []
    for card in rows:
        period = cards.report_due(card, today)
        if period is None:
            continue
        ends = cards.add_months(card.issued_on, 6 * period)
        if ends - today > timedelta(days=REMIND_DAYS):
            continue
        if any(e.action == REMINDED and e.note == str(period) for e in card.events):
            continue
        due.append((card, period))
    return due


def remind_region(region: Region) -> int:
    """Record and queue this region's due reminders; returns how many cards were reminded."""
    with region_context(region):
        due = due_reminders(region_today())
        for card, period in due:
            card.events.append(CardEvent(action=REMINDED, note=str(period)))
        db.session.commit()  # recorded before queueing: a crash in between never reminds twice
        base_url = notifications.site_url(region)
        for card, period in due:
            for channel in notifications.channels(card.seeker, region):
                enqueue(notifications.REMINDER_JOB, region.id, card.seeker_id, period, channel, base_url)
    return len(due)


@bp.cli.command("remind-reports")
def remind_reports():
    """Remind card holders whose six-monthly AK/1 report is due (all regions with Pencaker on)."""
    regions = db.session.execute(select(Region).order_by(Region.id)).scalars().all()
    count = sum(remind_region(r) for r in regions if r.module_enabled("pencaker"))
    wait_for_jobs(current_app._get_current_object())  # without Redis the messages go out from this process
    click.echo(f"Reminded {count} card holder{'' if count == 1 else 's'}.")
