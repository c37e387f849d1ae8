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
VILLAGE_LEVELS = ("kelurahan", "desa")

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


def kecamatan_list(children: bool = False, offered: bool = False) -> list[Area]:
    """The current region's kecamatan, by name; with `children`, their kelurahan and desa are loaded in one more
    query instead of one per kecamatan.

    `offered` leaves out kecamatan taken out of use (`Area.active`): the list a form offers to choose from.
    Without it every kecamatan is listed, as reports and vacancies that name an old one still show its name.
    """
    query = select(Area).where(Area.level == "kecamatan").order_by(Area.name)
    if offered:
        query = query.where(Area.active.is_(True))
    if children:
        query = query.options(selectinload(Area.children))
    return list(db.session.execute(query).scalars())


def offered_kecamatan() -> list[Area]:
    """The kecamatan in use, by name: what a form that asks for a kecamatan offers."""
    return kecamatan_list(offered=True)


def offered_villages(kecamatan: list[Area]) -> dict[int, list[Area]]:
    """The kelurahan and desa in use under each of `kecamatan` (by its id), by name, in one query.

    A village under a kecamatan taken out of use is not offered either, even if it is itself still in use.
    """
    ids = [area.id for area in kecamatan]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Area).where(Area.parent_id.in_(ids), Area.level.in_(VILLAGE_LEVELS), Area.active.is_(True))
        .order_by(Area.name)
    ).scalars()
    found: dict[int, list[Area]] = {}
    for row in rows:
        found.setdefault(row.parent_id, []).append(row)
    return found


def _check_region_code(region) -> None:
    if level(region.code) != "kabupaten/kota" or lookup(region.code) is None:
        raise ValueError(f"{region.code!r} is not a known kabupaten/kota code")


def _national_areas(region_code: str) -> Iterator[tuple[str, str, str, str | None]]:
    """(code, name, level, parent code) of every kecamatan of the region and, after each, its villages."""
    for code, name in children(region_code):
        yield code, name, "kecamatan", None
        for village_code, village_name in children(code):
            yield village_code, village_name, level(village_code), code


def import_areas(region) -> tuple[int, int]:
    """Create or rename the region's kecamatan and kelurahan/desa from its code; returns their counts.

    Safe to repeat: rows are matched by code, and names are set back to the official ones (the operator's
    `flask import-areas`; the region admin's re-import, `import_missing_areas`, keeps their renames).
    Areas missing from the data are kept, since reports and addresses may point at them. The caller commits.
    """
    _check_region_code(region)
    with region_context(region):
        existing = {area.code: area for area in db.session.execute(select(Area)).scalars()}
        n_districts = n_villages = 0
        for code, name, area_level, parent_code in _national_areas(region.code):
            _upsert(existing, code, name, area_level, existing[parent_code] if parent_code else None)
            if parent_code:
                n_villages += 1
            else:
                n_districts += 1
        db.session.flush()
    return n_districts, n_villages


def import_missing_areas(region) -> int:
    """Add the kecamatan and kelurahan/desa of the national list that the region does not have yet (matched
    by code); returns how many were added. Areas already there keep their name, place and whether they are in
    use, so a region admin's renames survive. Raises ValueError for a region code that is not a known
    kabupaten/kota. The caller commits.
    """
    _check_region_code(region)
    with region_context(region):
        existing = {area.code: area for area in db.session.execute(select(Area)).scalars()}
        added = 0
        for code, name, area_level, parent_code in _national_areas(region.code):
            if code in existing:
                continue
            area = existing[code] = Area(code=code, name=name, level=area_level,
                                         parent=existing[parent_code] if parent_code else None)
            db.session.add(area)
            added += 1
        db.session.flush()
    return added


def _upsert(existing: dict[str, Area], code: str, name: str, area_level: str, parent: Area | None) -> Area:
    area = existing.get(code)
    if area is None:
        area = existing[code] = Area(code=code)
        db.session.add(area)
    area.name, area.level, area.parent = name, area_level, parent
    return area
