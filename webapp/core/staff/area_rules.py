"""Areas of the region (kecamatan and their kelurahan/desa): the rules behind the region admin's editor.

An area is never deleted here: reports, markets and vacancies point at it. One that was merged away or
renamed out of use is taken out of use (`Area.active`), so forms stop offering it while everything that names
it still shows its name. Codes are the Kemendagri codes the national list uses; a kecamatan's code extends the
region's ("36.71" -> "36.71.01"), a village's its kecamatan's ("36.71.01.1001"), and a code, once given, stays:
other modules keep an area's code (e.g. where a vacancy is).
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from ...extensions import db
from ..models import Area
from ..wilayah import VILLAGE_LEVELS, level
from .common import Refused

KECAMATAN_DIGITS, VILLAGE_DIGITS = 2, 4


def kecamatan_overview() -> list[tuple[Area, int, int]]:
    """Every kecamatan of the region by name, with how many kelurahan/desa it has and how many are in use
    (two queries, whatever the number of kecamatan)."""
    kecamatan = list(db.session.execute(
        select(Area).where(Area.level == "kecamatan").order_by(Area.name, Area.code)).scalars())
    counts = {parent_id: (total, in_use) for parent_id, total, in_use in db.session.execute(
        select(Area.parent_id, func.count(Area.id), func.sum(case((Area.active.is_(True), 1), else_=0)))
        .where(Area.level.in_(VILLAGE_LEVELS)).group_by(Area.parent_id))}
    return [(kec, *(int(n or 0) for n in counts.get(kec.id, (0, 0)))) for kec in kecamatan]


def villages_of(kecamatan: Area) -> list[Area]:
    """The kelurahan and desa of `kecamatan`, by name."""
    return list(db.session.execute(
        select(Area).where(Area.parent_id == kecamatan.id).order_by(Area.name, Area.code)).scalars())


def code_pattern(region, parent: Area | None) -> str:
    """What a new area's code must look like: the parent's code (or the region's) and two or four digits."""
    base = parent.code if parent is not None else region.code
    digits = VILLAGE_DIGITS if parent is not None else KECAMATAN_DIGITS
    return f"{base}." + "N" * digits


def check_code(region, parent: Area | None, code: str) -> str:
    """The code of a new area under `parent` (None: a kecamatan), or Refused with the reason."""
    base = parent.code if parent is not None else region.code
    digits = VILLAGE_DIGITS if parent is not None else KECAMATAN_DIGITS
    if not re.fullmatch(re.escape(base) + r"\.\d{%d}" % digits, code or ""):
        raise Refused(_("The code must be %(pattern)s, where each N is a digit.",
                        pattern=code_pattern(region, parent)), field="code")
    taken = db.session.execute(select(Area).where(Area.code == code)).scalar_one_or_none()
    if taken is not None:
        raise Refused(_("The code %(code)s already belongs to %(name)s.", code=code, name=taken.name), field="code")
    return code


def check_name(name: str, parent: Area | None, area: Area | None = None) -> str:
    """`name` for an area under `parent`, or Refused: it needs letters or digits, and two areas side by side
    (two kecamatan, or two villages of one kecamatan) with one name could not be told apart in a list."""
    if not re.search(r"\w", name or ""):
        raise Refused(_("Please use letters or numbers in the name."), field="name")
    query = select(Area).where(func.lower(Area.name) == name.lower())
    query = query.where(Area.parent_id == parent.id) if parent is not None else query.where(
        Area.level == "kecamatan")
    if area is not None and area.id is not None:
        query = query.where(Area.id != area.id)
    if db.session.execute(query.limit(1)).scalars().first() is not None:
        if parent is None:
            raise Refused(_("There is already a kecamatan named “%(name)s”.", name=name), field="name")
        raise Refused(_("%(kecamatan)s already has a kelurahan or desa named “%(name)s”.",
                        kecamatan=parent.name, name=name), field="name")
    return name


def add_area(region, name: str, code: str, parent: Area | None) -> Area:
    """A new kecamatan (no `parent`) or kelurahan/desa, in use at once; the caller commits.

    A village's level follows its code, as in the national list: 1xxx a kelurahan, otherwise a desa.
    """
    area = Area(name=check_name(name, parent), code=check_code(region, parent, code),
                level="kecamatan" if parent is None else level(code), parent=parent, active=True)
    db.session.add(area)
    db.session.flush()
    return area


def rename_area(area: Area, name: str) -> Area:
    """Give `area` a new name (its code stays); the caller commits."""
    area.name = check_name(name, area.parent, area)
    db.session.flush()
    return area


def set_in_use(area: Area, active: bool) -> None:
    """Take `area` out of use or back into use; the caller commits. Its villages keep their own flag: while
    the kecamatan is out of use none of them is offered, and they come back as they were with it."""
    area.active = active
