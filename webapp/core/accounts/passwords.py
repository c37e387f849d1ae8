"""Password rules beyond the length: not one of the passwords people choose most often, and not the
person's own name, phone number or e-mail address, nor the name of the site.

The list of common passwords is vendored (webapp/data/common-passwords.txt.gz, its source and licence in
webapp/data/README.md) and read once, on the first password set, into a set of about a megabyte.
"""
from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from flask import g
from flask_babel import lazy_gettext as _l

COMMON_PASSWORDS = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt.gz"
SITE_WORDS = ("serambi", "indonesia")

COMMON = _l("This is one of the passwords people choose most often, so it is guessed first. Please choose another.")
PERSONAL = _l("A password must not be your name, phone number or e-mail address, or the name of this site.")


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def squash(text: str) -> str:
    """Lower case, letters and digits only: 'Siti Aminah' and 'siti.aminah' and 'SITI-AMINAH' are one word."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


def personal_words(name: str | None = None, phone: str | None = None, email: str | None = None) -> list[str]:
    """The words a password must not be for this person: name, e-mail and its local part, and the phone
    number as stored (+62812…) and as written at home (0812…)."""
    words = [name or "", email or "", (email or "").split("@")[0]]
    if phone:
        digits = re.sub(r"\D", "", phone)
        words += [digits, "0" + digits[2:] if digits.startswith("62") else digits]
    return words


def _site_words() -> list[str]:
    region = g.get("region")
    words = list(SITE_WORDS)
    if region is not None:
        words += [region.name, region.slug, re.sub(r"^(kota|kabupaten)\s+", "", region.name.lower())]
    return words


def problem(password: str, personal: list[str] = ()) -> str | None:
    """Why `password` may not be used (a translated message), or None when it may."""
    typed = (password or "").lower()
    if typed in common_passwords() or squash(typed) in common_passwords():
        return str(COMMON)
    squashed = squash(typed)
    if squashed and squashed in {squash(word) for word in (*personal, *_site_words()) if squash(word)}:
        return str(PERSONAL)
    return None
