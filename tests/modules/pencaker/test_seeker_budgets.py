"""The seeker's pages on a phone's budget: the printable card (with its inline QR code) passes the foundation's
four byte budgets; the profile page (the longest form) and the card page fit HTML and CSS in one round trip."""
from __future__ import annotations

import pytest

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)
from tests.budgets import KB, fetch, gz
from webapp.extensions import db
from webapp.modules.pencaker import cards

from .test_cards import approved


@pytest.fixture
def holder(make_seeker, disnaker, login):
    """A signed-in seeker with a long-ish profile, a card with one report and a training row."""
    seeker = make_seeker(full_name="Siti Aminah Kartikasari Wulandari", address="Jl. Kisamaun Gg. Mawar No. 3, "
                         "RT 002/RW 004", skills="Excel, Word, melayani pelanggan, mengemudi motor, menjahit")
    card = approved(seeker, disnaker)
    cards.report_still_looking(card)
    db.session.commit()
    login(seeker.user)
    return card


@pytest.fixture
def first_visit(client, holder):
    return budgets.first_visit(client, f"/pencaker/kartu/{holder.id}/cetak")


@pytest.mark.parametrize("url", ["/pencaker/profil", "/pencaker/kartu", "/pencaker/"])
def test_the_seekers_pages_fit_in_one_round_trip(client, holder, url):
    html = fetch(client, url)
    parts = budgets.PageParts()
    parts.feed(html.decode())
    critical = gz(html) + sum(gz(fetch(client, u)) for u in parts.stylesheets)
    print(f"\n{url}: HTML + CSS {critical / KB:.1f} KB gzip ({len(html) / KB:.1f} KB raw HTML)")
    assert critical <= 14 * KB
