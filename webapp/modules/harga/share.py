"""Prices in words: the phrase for a change (arrow, word, rupiah, percent) that the pages show, and the
plain-text summary of a board ready to paste into WhatsApp or send through a `wa.me` link.

A change is never told by colour alone: every phrase carries an arrow, a sign and a word.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...core.i18n import date_filter, number, rupiah
from .prices import Board, Change

ARROWS = {"up": "▲", "down": "▼", "same": "="}
WORDS = {"up": _l("Up"), "down": _l("Down"), "same": _l("No change")}
REFERENCE_FLAGS = {"het": _l("above HET"), "hap": _l("above HAP")}


@dataclass(frozen=True)
class ChangeWords:
    direction: str  # "up", "down" or "same": also the CSS class
    arrow: str
    word: str
    amount: str  # "Rp 500", without sign
    percent: str  # "+3.8%" in the reader's locale


def signed_percent(value: Decimal, direction: str) -> str:
    sign = {"up": "+", "down": "−"}.get(direction, "")
    return f"{sign}{number(abs(value), 1)}%"


def describe(change: Change | None) -> ChangeWords | None:
    if change is None:
        return None
    direction = change.direction
    return ChangeWords(direction, ARROWS[direction], str(WORDS[direction]), rupiah(abs(change.amount)),
                       signed_percent(change.percent, direction))


def summary(board: Board, place: str, url: str) -> str:
    """'Food prices at Pasar Anyar, 20 Nov 2026:' then one line per commodity with a price, then the source."""
    if board.day is None or not board.has_prices:
        return _("Food prices at %(place)s: no prices yet.", place=place) + "\n" + _("Source: %(url)s", url=url)
    lines = [_("Food prices at %(place)s, %(date)s:", place=place, date=date_filter(board.day))]
    for row in board.rows:
        if row.price is None:
            continue
        line = _("- %(commodity)s %(price)s/%(unit)s", commodity=row.commodity.label, price=rupiah(row.price),
                 unit=row.commodity.unit_label)
        if row.previous is not None:
            line += f" {ARROWS[row.previous.direction]}"
            if row.previous.amount:
                line += f" {number(abs(row.previous.amount))}"
        if row.stale:
            line += " (" + _("price of %(date)s", date=date_filter(row.day, "d MMM")) + ")"
        if row.above_reference:
            line += " ⚠ " + str(REFERENCE_FLAGS.get(row.reference.kind, REFERENCE_FLAGS["het"]))
        lines.append(line)
    lines.append(_("Source: %(url)s", url=url))
    return "\n".join(lines)


def whatsapp_url(text: str) -> str:
    """A link that opens WhatsApp (app or web) with `text` ready to send to a chosen chat."""
    return "https://wa.me/?text=" + quote(text, safe="")
