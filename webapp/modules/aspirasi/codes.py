"""Tracking codes: short, random, and easy to read aloud over the phone.

A code is eight characters from an alphabet without the look-alikes 0/O and 1/I/L, stored and shown as
"ABCD-EFGH". It is also the reporter's key to their report (no account needed), so it is random
(31^8 ≈ 8.5 × 10^11 codes) and never shown on public pages.
"""
from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from ...extensions import db

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_.]+")
_MAX_TRIES = 20


def new_tracking_code() -> str:
    """A fresh random code in its display form, e.g. "K7QM-3XPD" (uniqueness is not checked here)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str | None) -> str | None:
    """The stored form of a code as typed ("k7qm 3xpd", "K7QM3XPD" -> "K7QM-3XPD"), or None.

    Case, spaces, dashes, dots and underscores are ignored. A character outside the alphabet (such as
    0, O, 1, I or L) makes the code invalid rather than being guessed at: every code we hand out avoids
    them, so guessing could only turn a typo into somebody else's report.
    """
    if not text:
        return None
    raw = _SEPARATORS.sub("", text).upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def unique_tracking_code(model) -> str:
    """A code not yet used by `model` (a table with a `code` column) in the current region."""
    for _ in range(_MAX_TRIES):
        code = new_tracking_code()
        taken = db.session.execute(select(model.id).where(model.code == code)).first()
        if taken is None:
            return code
    raise RuntimeError("could not find a free tracking code")  # practically impossible: 8.5e11 codes
