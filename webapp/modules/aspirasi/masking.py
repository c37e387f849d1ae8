"""Masking personal data that citizens type into public text: NIK, phone numbers, e-mail addresses.

People write "hubungi saya di 0812-3456-7890" or paste their NIK into a complaint. Whatever is shown
publicly (pages, feeds, API) goes through `mask_text`, so such details never leave the staff area.
The convention keeps the text readable: digits become asterisks, separators stay, and a few digits
that identify nobody remain (an NIK's last four; a phone's operator prefix and last two).
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from .models import Privacy

_SEP = r"[ .\-]?"
_DIGIT = re.compile(r"\d")  # every pattern below but the e-mail one needs a digit
_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+\-]*)@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})")
# Sixteen digits, optionally grouped by spaces, dots or dashes ("3671 0123 4567 8901").
_NIK = re.compile(rf"(?<![\w*])\d(?:{_SEP}\d){{15}}(?![\w*])")
# Indonesian mobiles as 08…, 628… or +628… (10 to 13 digits), and any other +62 number (landlines).
_PHONE = re.compile(
    rf"(?<![\w+*])(?:(?:\+62|62|0){_SEP}8(?:{_SEP}\d){{7,11}}|\+62{_SEP}\(?[2-9]\)?(?:{_SEP}\d){{6,10}})(?![\w*])"
)
# Landlines with their area code: "(021) 5588 8888", "0254-123456".
_LANDLINE = re.compile(rf"(?<![\w*])\(?0[2-9]\d{{1,2}}\)?{_SEP}\d(?:{_SEP}\d){{4,7}}(?![\w*])")


def _mask_digits(text: str, keep_start: int, keep_end: int) -> str:
    """Replace every digit with * except the first `keep_start` and last `keep_end` digits."""
    total = sum(ch.isdigit() for ch in text)
    seen = 0
    out = []
    for ch in text:
        if ch.isdigit():
            seen += 1
            if keep_start < seen <= total - keep_end:
                ch = "*"
        out.append(ch)
    return "".join(out)


def _mask_phone(match: re.Match) -> str:
    number = match.group(0)
    digits = "".join(ch for ch in number if ch.isdigit())
    # Keep the trunk or country code and the operator prefix ("0812", "+62 812") or area code ("+62 21").
    keep_start = 4 if digits.startswith("0") or digits[2] != "8" else 5
    return _mask_digits(number, keep_start, 2)


def _mask_email(match: re.Match) -> str:
    # A fixed number of stars, so the length of the name is not revealed either.
    return f"{match.group(1)[0]}***@{match.group(2)}"


def mask_text(text: str | None) -> str:
    """`text` with NIK numbers, Indonesian phone numbers (mobile and landline) and e-mail addresses masked.

    "NIK 3671012345678901" -> "NIK ************8901"; "0812-3456-7890" -> "0812-****-**90";
    "siti.r@gmail.com" -> "s***@gmail.com". Text without such details comes back unchanged.
    """
    if not text:
        return ""
    text = str(text)
    # Most texts have no "@" and no digit; skipping the patterns that cannot match saves most of the cost
    # (9 ms for the thousand descriptions of an Open311 list).
    if "@" in text:
        text = _EMAIL.sub(_mask_email, text)
    if not _DIGIT.search(text):
        return text
    text = _NIK.sub(lambda m: _mask_digits(m.group(0), 0, 4), text)
    text = _PHONE.sub(_mask_phone, text)
    return _LANDLINE.sub(lambda m: _mask_digits(m.group(0), 3, 2), text)


def contains_personal_data(text: str | None) -> bool:
    """True when `mask_text` would change `text` (used to refuse searches for someone's number)."""
    return bool(text) and mask_text(text) != text


def public_name(report) -> str:
    """The reporter as the public sees them: "Siti R." for "Siti Rahmawati", or "Anonymous".

    Anonim and rahasia reports never show a name; a name that is missing shows "A resident".
    """
    if report.privacy != Privacy.PUBLIC:
        return _("Anonymous")
    name = report.reporter_name or (report.reporter.name if report.reporter is not None else "")
    parts = mask_text(name).split()
    if not parts:
        return _("A resident")
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0]}."


def register_template_filters(blueprint) -> None:
    """Make `{{ text|mask }}`, `{{ report|public_name }}` and `{% if report is overdue %}` available."""
    from .sla import is_overdue

    blueprint.add_app_template_filter(mask_text, "mask")
    blueprint.add_app_template_filter(public_name, "public_name")
    blueprint.add_app_template_test(is_overdue, "overdue")
