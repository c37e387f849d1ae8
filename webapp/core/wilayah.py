"""Indonesian region codes (kode wilayah, Kepmendagri 2025) and importing a region's areas from them.

The vendored table (`webapp/data/wilayah.csv.gz`, see its README for source and licence) is read on
first use and cached for the life of the process.
"""
from __future__ import annotations

import csv
import gzip
import re
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Area
from .scoping import region_context

DATA = Path(__file__).resolve().parent.parent / "data" / "wilayah.csv.gz"
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_LEVELS = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan"}

# Provinces outside WIB; everything else is Asia/Jakarta.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def _rows() -> Iterator[tuple[str, str]]:
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)  # header: kode,nama
        for code, name in reader:
            yield code, " ".join(name.split())  # a few source names carry stray trailing whitespace


@cache
def _table() -> tuple[dict[str, str], list[str]]:
    """Every code with its name, plus the codes sorted so a prefix is one contiguous slice."""
    names = dict(_rows())
    return names, sorted(names)


@cache
def _kecamatan_codes() -> frozenset[str]:
    # A separate, small set: NIK checks run in web workers, which need not hold all 91k villages.
    return frozenset(code for code, _ in _rows() if len(code) == 8)


def lookup(code: str) -> str | None:
    """The official name for `code` ("36.71" -> "Kota Tangerang"), or None when no such code exists."""
    return _table()[0].get(code)


def children(code: str) -> list[tuple[str, str]]:
    """The direct children of `code` as (code, name) in code order: a kota's kecamatan, a kecamatan's villages."""
    names, codes = _table()
    prefix = code + "."
    depth = code.count(".") + 1
    found = []
    for child in codes[bisect_left(codes, prefix):]:
        if not child.startswith(prefix):
            break
        if child.count(".") == depth:
            found.append((child, names[child]))
    return found


def level(code: str) -> str | None:
    """'provinsi', 'kabupaten/kota', 'kecamatan', 'kelurahan' or 'desa' from the code's shape; None if malformed.

    A village whose four-digit part starts with 1 is a kelurahan; 2 (and 3, Papua's desa adat) a desa.
    """
    if not _CODE.match(code or ""):
        return None
    parts = code.split(".")
    if len(parts) == 4:
        return "kelurahan" if parts[3].startswith("1") else "desa"
    return _LEVELS[len(parts)]


def region_kind(code: str) -> str | None:
    """'kota' or 'kabupaten' for a kabupaten/kota code, from its official name; None for an unknown code."""
    name = lookup(code)
    if name is None:
        return None
    return "kota" if name.startswith("Kota ") else "kabupaten"


def default_timezone(code: str) -> str:
    """The zone of the code's province: WITA (Asia/Makassar), WIT (Asia/Jayapura) or WIB (Asia/Jakarta)."""
    province = code[:2]
    if province in _WITA:
        return "Asia/Makassar"
    if province in _WIT:
        return "Asia/Jayapura"
    return "Asia/Jakarta"


def kecamatan_code(six_digits: str) -> str | None:
    """The dotted kecamatan code for a NIK's first six digits ("367101" -> "36.71.01"), or None if malformed."""
    if not (len(six_digits) == 6 and six_digits.isdigit()):
        return None
    return f"{six_digits[:2]}.{six_digits[2:4]}.{six_digits[4:]}"


def is_kecamatan_code(six_digits: str) -> bool:
    """True when a NIK's first six digits name a kecamatan that exists."""
    code = kecamatan_code(six_digits)
    return code is not None and code in _kecamatan_codes()


def kecamatan_list(children: bool = False) -> list[Area]:
    """The current region's kecamatan, by name (for the forms that ask for one); with `children`, their
    kelurahan and desa are loaded in one more query instead of one per kecamatan."""
    query = select(Area).where(Area.level == "kecamatan").order_by(Area.name)
    if children:
        query = query.options(selectinload(Area.children))
    return list(db.session.execute(query).scalars())


def import_areas(region) -> tuple[int, int]:
    """Create or rename the region's kecamatan and kelurahan/desa from its code; returns their counts.

    Safe to repeat: rows are matched by code. Areas missing from the data are kept, since reports and
    addresses may point at them. The caller commits.
    """
    if level(region.code) != "kabupaten/kota" or lookup(region.code) is None:
        raise ValueError(f"{region.code!r} is not a known kabupaten/kota code")
    with region_context(region):
        existing = {area.code: area for area in db.session.execute(select(Area)).scalars()}
        n_villages = 0
        districts = children(region.code)
        for code, name in districts:
            district = _upsert(existing, code, name, "kecamatan", None)
            for village_code, village_name in children(code):
                _upsert(existing, village_code, village_name, level(village_code), district)
                n_villages += 1
        db.session.flush()
    return len(districts), n_villages


def _upsert(existing: dict[str, Area], code: str, name: str, area_level: str, parent: Area | None) -> Area:
    area = existing.get(code)
    if area is None:
        area = existing[code] = Area(code=code)
        db.session.add(area)
    area.name, area.level, area.parent = name, area_level, parent
    return area
