"""The public check behind the card's QR code: initials, number and state in words, nothing else about the
person; never indexed or cached; a friendly 404 for a code that names no card."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.views_seeker import initials

from .conftest import nik_for
from .test_cards import approved
from .test_seeker_profile import EN

BORN = date(1997, 11, 23)


@pytest.fixture
def card(make_seeker, disnaker):
    seeker = make_seeker(full_name="Budi Santoso", birth_date=BORN, nik=nik_for(BORN, serial=4321),
                         birth_place="Pandeglang", address="Jl. Rahasia 9")
    return approved(seeker, disnaker)


def check(client, token):
    return client.get(f"/pencaker/verifikasi/{token}", headers=EN)


def test_a_valid_card_shows_initials_number_and_validity(client, card):
    response = check(client, card.verify_token)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "B. S." in text and card.number in text
    assert "Valid until " + card.valid_until.strftime("%B %-d, %Y") in text


def test_nothing_else_about_the_person_is_shown(client, card):
    text = check(client, card.verify_token).get_data(as_text=True)
    for private in (card.snapshot["nik"], "Budi", "Santoso", "Pandeglang", "Jl. Rahasia", "1997", "November 23",
                    "/pencaker/foto/", "<img"):
        assert private not in text, private


def test_the_page_is_neither_indexed_nor_cached(client, card):
    response = check(client, card.verify_token)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


def test_an_expired_card_says_so(client, card):
    card.valid_until = region_today() - timedelta(days=1)
    db.session.commit()
    assert "Expired on" in check(client, card.verify_token).get_data(as_text=True)


def test_a_card_deactivated_after_a_placement_says_inactive_at_once(client, card):
    assert "Valid until" in check(client, card.verify_token).get_data(as_text=True)
    cards.record_placement(card.seeker, "PT Maju", region_today(), "self")
    db.session.commit()
    text = check(client, card.verify_token).get_data(as_text=True)
    assert "Inactive" in text and "Valid until" not in text


def test_a_corrected_card_points_to_the_number_it_handed_on(client, card, disnaker):
    number = card.number
    correction = cards.apply(card.seeker, "correction", "Alamat")
    db.session.commit()
    cards.approve(correction, disnaker)
    db.session.commit()
    old = check(client, card.verify_token).get_data(as_text=True)
    assert "replaced by a newer card" in old and number in old
    assert "Valid until" in check(client, correction.verify_token).get_data(as_text=True)


@pytest.mark.parametrize("token", ["tidak-ada", "x" * 200])
def test_an_unknown_code_is_a_friendly_404(client, pencaker_region, token):
    response = check(client, token)
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
    assert "No AK/1 card was found for this code" in response.get_data(as_text=True)


def test_an_application_not_yet_approved_is_not_a_card(client, make_seeker):
    waiting = cards.apply(make_seeker())
    db.session.commit()
    assert check(client, waiting.verify_token).status_code == 404


def test_a_card_of_another_region_is_not_found_here(client, card, make_region):
    make_region("serang", hosts=["serang.test"], code="36.73", modules=["pencaker"])
    response = client.get(f"/pencaker/verifikasi/{card.verify_token}", base_url="http://serang.test", headers=EN)
    assert response.status_code == 404


@pytest.mark.parametrize("name, expected", [("Budi Santoso", "B. S."), ("siti", "S."),
                                            ("Muhammad  Rizky Pratama", "M. R. P."), ("", "")])
def test_initials(name, expected):
    assert initials(name) == expected
