"""The AK/1 card's life, by its rules: apply, correct, approve with a running number and two years of validity,
report once per six-month period, renew, correct, expire by date and deactivate on placement."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from webapp.core.clock import region_today
from webapp.core.staff.common import Refused
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.models import CardKind, CardStatus


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def approved(seeker, officer, today=None, kind=CardKind.NEW, note=""):
    """Apply and approve at once (as of `today`, the region's date by default)."""
    card = cards.apply(seeker, kind, note)
    db.session.commit()
    cards.approve(card, officer, today=today)
    db.session.commit()
    return card


def test_applying_makes_a_waiting_application_with_its_first_event(make_seeker):
    card = cards.apply(make_seeker())
    db.session.commit()
    assert card.status == CardStatus.SUBMITTED and card.kind == CardKind.NEW and card.number is None
    assert [e.action for e in card.events] == [cards.Action.SUBMITTED]
    assert len(card.verify_token) >= 16


def test_an_incomplete_profile_is_told_exactly_what_is_missing(make_seeker):
    seeker = make_seeker(photo=None, education=None, phone=None, email=None)
    assert cards.missing_for_card(seeker) == ["a 3×4 photo", "your education", "a phone number or e-mail"]
    with pytest.raises(Refused, match="a 3×4 photo, your education, a phone number or e-mail"):
        cards.apply(seeker)


def test_a_second_application_waits_for_the_first(make_seeker):
    seeker = make_seeker()
    cards.apply(seeker)
    db.session.commit()
    with pytest.raises(Refused, match="already have an application waiting"):
        cards.apply(seeker)


def test_a_correction_asked_goes_back_to_the_seeker_and_returns_when_resubmitted(make_seeker, disnaker):
    card = cards.apply(make_seeker())
    with pytest.raises(Refused):
        cards.request_correction(card, "  ", disnaker)
    cards.request_correction(card, "Foto buram, unggah ulang.", disnaker)
    db.session.commit()
    assert card.status == CardStatus.NEEDS_CORRECTION and card.reason == "Foto buram, unggah ulang."
    cards.resubmit(card, "Foto baru")
    db.session.commit()
    assert card.status == CardStatus.SUBMITTED
    assert [e.action for e in card.events] == ["submitted", "correction_requested", "resubmitted"]
    with pytest.raises(Refused, match="not waiting for your correction"):
        cards.resubmit(card)


def test_a_rejection_needs_a_reason_and_ends_the_application(make_seeker, disnaker):
    seeker = make_seeker()
    card = cards.apply(seeker)
    with pytest.raises(Refused):
        cards.reject(card, "", disnaker)
    cards.reject(card, "NIK milik orang lain.", disnaker)
    db.session.commit()
    assert card.status == CardStatus.REJECTED and cards.pending_card(seeker) is None
    with pytest.raises(Refused):
        cards.approve(card, disnaker)


def test_approval_numbers_cards_per_region_and_year_and_gives_two_years_minus_a_day(make_seeker, disnaker):
    today = region_today()
    first = approved(make_seeker(), disnaker)
    second = approved(make_seeker(), disnaker)
    assert first.number == f"AK1/3671/{today.year}/000001"
    assert second.number == f"AK1/3671/{today.year}/000002"
    assert first.issued_on == today
    assert first.valid_until == cards.add_years(today, 2) - timedelta(days=1)
    assert first.is_valid(today) and first.events[-1].action == cards.Action.APPROVED


def test_the_numbering_restarts_each_year(make_seeker, disnaker):
    card = approved(make_seeker(), disnaker, today=date(2025, 12, 31))
    later = approved(make_seeker(), disnaker, today=date(2026, 1, 1))
    assert (card.number, later.number) == ("AK1/3671/2025/000001", "AK1/3671/2026/000001")
    assert card.valid_until == date(2027, 12, 30)


def test_what_the_card_says_is_frozen_at_approval(make_seeker, disnaker):
    seeker = make_seeker(full_name="Budi Santoso")
    card = approved(seeker, disnaker)
    seeker.full_name = "Budi Santosa"
    db.session.commit()
    assert card.snapshot["full_name"] == "Budi Santoso" and card.snapshot["nik"] == seeker.nik
    assert card.snapshot["education"]["level"] == "SMK"


def test_a_valid_card_cannot_be_applied_for_again_but_renewal_needs_a_card(make_seeker, disnaker):
    seeker = make_seeker()
    with pytest.raises(Refused, match="no AK/1 card to renew"):
        cards.apply(seeker, CardKind.RENEWAL)
    approved(seeker, disnaker)
    with pytest.raises(Refused, match="already have a valid AK/1 card"):
        cards.apply(seeker, CardKind.NEW)


def test_one_report_per_period_and_a_second_is_refused(make_seeker, disnaker):
    card = approved(make_seeker(), disnaker)
    today = region_today()
    assert cards.report_due(card, today) == 1
    cards.report_still_looking(card, today=today)
    db.session.commit()
    assert cards.report_due(card, today) is None
    with pytest.raises(Refused, match="already reported for this six-month period"):
        cards.report_still_looking(card, today=today)
    grid = cards.report_periods(card, today)
    assert [row["period"] for row in grid] == [1, 2, 3, 4]
    assert grid[0]["report"] is not None and grid[0]["current"] and grid[1]["report"] is None


def test_the_next_period_can_be_reported_again(make_seeker, disnaker):
    issued = region_today() - timedelta(days=200)
    card = approved(make_seeker(), disnaker, today=issued)
    cards.report_still_looking(card, today=issued + timedelta(days=10))
    cards.report_still_looking(card, today=issued + timedelta(days=190))
    db.session.commit()
    assert sorted(r.period for r in card.reports) == [1, 2]


def test_periods_at_month_ends(make_seeker, disnaker):
    card = approved(make_seeker(), disnaker, today=date(2025, 8, 31))
    today = date(2025, 9, 1)
    assert cards.period_of(card, date(2026, 2, 27)) == 1
    assert cards.period_of(card, date(2026, 2, 28)) == 2  # 31 August + 6 months: the last day of February
    assert cards.period_of(card, date(2026, 8, 30)) == 2
    assert cards.period_of(card, date(2026, 8, 31)) == 3
    assert cards.period_of(card, date(2027, 8, 30)) == 4  # the card's last valid day
    assert cards.period_of(card, date(2027, 8, 31)) is None  # expired
    starts = [row["start"] for row in cards.report_periods(card, today)]
    assert starts == [date(2025, 8, 31), date(2026, 2, 28), date(2026, 8, 31), date(2027, 2, 28)]


def test_a_card_issued_on_29_february(make_seeker, disnaker):
    card = approved(make_seeker(), disnaker, today=date(2024, 2, 29))
    assert card.valid_until == date(2026, 2, 27)
    assert cards.period_of(card, date(2024, 8, 29)) == 2


def test_a_card_expires_by_its_date_and_reports_stop(make_seeker, disnaker):
    card = approved(make_seeker(), disnaker, today=date(2020, 1, 10))
    assert card.valid_until == date(2022, 1, 9)
    assert card.state(date(2022, 1, 9)) == CardStatus.ACTIVE
    assert card.state(date(2022, 1, 10)) == "expired" and not card.is_valid(date(2022, 1, 10))
    with pytest.raises(Refused, match="only while the card is valid"):
        cards.report_still_looking(card, today=date(2022, 1, 10))
    assert card.status == CardStatus.ACTIVE  # nothing stored changes: expiry is read from the date


def test_renewal_starts_two_new_years_and_keeps_the_old_card_and_its_history(make_seeker, disnaker):
    seeker = make_seeker()
    old = approved(seeker, disnaker, today=date(2020, 3, 1))
    cards.report_still_looking(old, today=date(2020, 4, 1))
    db.session.commit()
    renewal = approved(seeker, disnaker, kind=CardKind.RENEWAL)
    assert renewal.previous_id == old.id and renewal.number != old.number
    assert renewal.issued_on == region_today() and renewal.reports == []
    assert old.status == CardStatus.INACTIVE and old.deactivated_reason == "replaced"
    assert old.number is not None and len(old.reports) == 1  # the old card and its history stay
    assert [e.action for e in old.events][-1] == cards.Action.REPLACED
    assert cards.current_card(seeker) is renewal


def test_a_correction_keeps_number_validity_and_reports(make_seeker, disnaker):
    seeker = make_seeker(full_name="Budi Santosa")
    old = approved(seeker, disnaker)
    cards.report_still_looking(old)
    db.session.commit()
    number, until = old.number, old.valid_until
    with pytest.raises(Refused, match="what should be corrected"):
        cards.apply(seeker, CardKind.CORRECTION, "  ")
    seeker.full_name = "Budi Santoso"
    fixed = approved(seeker, disnaker, kind=CardKind.CORRECTION, note="Nama salah ketik")
    assert (fixed.number, fixed.valid_until) == (number, until)
    assert [r.period for r in fixed.reports] == [1]
    assert fixed.snapshot["full_name"] == "Budi Santoso"
    assert old.status == CardStatus.INACTIVE and old.number is None


def test_a_placement_deactivates_the_valid_card(make_seeker, disnaker):
    seeker = make_seeker()
    card = approved(seeker, disnaker)
    placement = cards.record_placement(seeker, "PT Maju Jaya", region_today(), "self")
    db.session.commit()
    assert placement.card_id == card.id
    assert card.status == CardStatus.INACTIVE and card.deactivated_reason == "placed"
    assert cards.current_card(seeker) is None
    # The seeker looks for work again later: a new card is possible.
    assert cards.apply(seeker).kind == CardKind.NEW


def test_a_placement_needs_an_employer_and_a_near_start_date(make_seeker, disnaker):
    seeker = make_seeker()
    approved(seeker, disnaker)
    with pytest.raises(Refused) as refusal:
        cards.record_placement(seeker, " ", region_today(), "self")
    assert refusal.value.field == "employer_name"
    with pytest.raises(Refused) as refusal:
        cards.record_placement(seeker, "PT Maju", region_today() + timedelta(days=200), "self")
    assert refusal.value.field == "started_on"
