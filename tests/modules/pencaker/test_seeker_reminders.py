"""`flask pencaker remind-reports`: a holder whose six-monthly report is due within 30 days hears about it once
per period, by every channel they gave; nobody else does, and a rerun sends nothing twice."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.cli import due_reminders
from webapp.modules.pencaker.models import CardEvent

from .test_cards import approved

SUBJECT = "Time for your AK/1 report"


@pytest.fixture
def holder(make_seeker, disnaker, make_user, pencaker_region):
    """make(days_ago, email): a card approved `days_ago` days ago, its holder reading English."""

    def make(days_ago=170, email="budi@example.id", phone=None):
        seeker = make_seeker(user=make_user(pencaker_region, locale="en"), email=email, phone=phone)
        return approved(seeker, disnaker, today=region_today() - timedelta(days=days_ago))

    return make


def run(app, caplog):
    caplog.clear()
    with caplog.at_level(logging.INFO):
        result = app.test_cli_runner().invoke(args=["pencaker", "remind-reports"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def reminders_to(caplog, address):
    return [r for r in caplog.records if address in r.getMessage() and SUBJECT in r.getMessage()]


def test_a_due_report_is_reminded_once_per_period(app, caplog, holder):
    card = holder(170, email="due@example.id", phone="+6281234500001")  # period 1 ends in ~12 days
    output = run(app, caplog)
    assert "Reminded 1 card holder." in output
    assert len(reminders_to(caplog, "due@example.id")) == 1
    assert any("+6281234500001" in r.getMessage() and "AK/1" in r.getMessage() for r in caplog.records)
    events = db.session.execute(select(CardEvent).where(CardEvent.card_id == card.id,
                                                        CardEvent.action == "reminded")).scalars().all()
    assert [e.note for e in events] == ["1"]
    assert "Reminded 0 card holders." in run(app, caplog)
    assert reminders_to(caplog, "due@example.id") == []


def test_nobody_is_reminded_early_after_reporting_or_without_a_valid_card(app, caplog, holder):
    holder(10, email="early@example.id")  # period 1 ends in ~5 months
    reported = holder(170, email="reported@example.id")
    cards.report_still_looking(reported)
    expired = holder(800, email="expired@example.id")
    placed = holder(170, email="placed@example.id")
    cards.record_placement(placed.seeker, "PT Maju", region_today(), "self")
    db.session.commit()
    assert expired.state(region_today()) == "expired"
    assert "Reminded 0 card holders." in run(app, caplog)
    assert SUBJECT not in caplog.text


def test_regions_without_pencaker_are_left_alone(app, caplog, holder, pencaker_region):
    holder(170, email="off@example.id")
    pencaker_region.modules = ["kontak"]
    db.session.commit()
    assert "Reminded 0 card holders." in run(app, caplog)


def test_the_next_period_is_reminded_again(holder, in_region, pencaker_region):
    card = holder(170)
    today = region_today()
    [(due, period)] = due_reminders(today)
    assert due.id == card.id and period == 1
    card.events.append(CardEvent(action="reminded", note="1"))
    db.session.commit()
    assert due_reminders(today) == []
    later = today + timedelta(days=170)  # period 2, ending within 30 days
    assert [(c.id, p) for c, p in due_reminders(later)] == [(card.id, 2)]
