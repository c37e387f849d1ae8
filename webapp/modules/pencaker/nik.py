"""Checking an NIK (Nomor Induk Kependudukan) against what the person says about themselves.

An NIK is 16 digits: `PP KK CC DDMMYY SSSS`, the kecamatan where it was issued (province, regency/city,
kecamatan), the date of birth with 40 added to the day for women, and a serial number. We check what can
be checked without Dukcapil: the shape, that the kecamatan exists (Kepmendagri 2025 code list, so a
kecamatan that has since been split still counts under its old code only if the list has it), that the
date part is a real date, and that it agrees with the date of birth and gender given.

`check_nik()` returns a list of translated problems (empty when the NIK is fine), so a form can show them
all at once beside the field.
"""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from ...core.wilayah import is_kecamatan_code

_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_nik(text: str | None) -> str:
    """What the person typed without spaces, dots or dashes ("3671 0145 0890 0001" -> "3671014508900001")."""
    return _SEPARATORS.sub("", text or "")


def birth_date_in(nik: str, century_hint: date | None = None) -> tuple[date | None, str | None]:
    """(date of birth, gender "L"/"P") encoded in a 16-digit NIK, or (None, None) when the date is impossible.

    Only two digits of the year are stored; `century_hint` (the stated date of birth) picks the century,
    else the latest year not in the future.
    """
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "L"
    if day > 40:
        day -= 40
        gender = "P"
    if century_hint is not None:
        year = century_hint.year - century_hint.year % 100 + year2
    else:
        this_year = date.today().year
        year = this_year - this_year % 100 + year2
        if year > this_year:
            year -= 100
    try:
        return date(year, month, day), gender
    except ValueError:
        return None, None


def check_nik(text: str | None, birth_date: date | None = None, gender: str | None = None) -> list[str]:
    """Translated reasons why `text` is not a plausible NIK for someone born on `birth_date` of `gender`."""
    nik = normalise_nik(text)
    if not nik:
        return [_("Enter your NIK: the 16-digit number on your KTP or family card (KK).")]
    if not (nik.isascii() and nik.isdigit()):  # "²" and "١" are digits to str.isdigit, not to int()
        return [_("An NIK has only digits.")]
    if len(nik) != 16:
        return [_("An NIK has 16 digits; this one has %(count)d.", count=len(nik))]
    problems = []
    if not is_kecamatan_code(nik[:6]):
        problems.append(_("The first six digits of an NIK are the kecamatan code where it was issued; "
                          "%(code)s is not a kecamatan.", code=nik[:6]))
    encoded, encoded_gender = birth_date_in(nik, birth_date)
    if encoded is None:
        problems.append(_("Digits 7 to 12 of an NIK are the date of birth (day + 40 for women); "
                          "%(digits)s is not a date.", digits=nik[6:12]))
    else:
        if birth_date is not None and encoded != birth_date:
            problems.append(_("The date in this NIK (%(nik_date)s) does not match the date of birth you gave.",
                              nik_date=encoded.strftime("%d-%m-%Y")))
        if gender in ("L", "P") and encoded_gender != gender:
            problems.append(_("This NIK is for a woman (day of birth + 40), but you chose male.")
                            if encoded_gender == "P" else
                            _("This NIK is for a man, but you chose female (women's NIK have day of birth + 40)."))
    if nik[12:] == "0000":
        problems.append(_("The last four digits of an NIK are never 0000."))
    return problems


def age_on(birth_date: date, today: date) -> int:
    """Whole years between `birth_date` and `today` (a 29 February birthday counts on 1 March)."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
