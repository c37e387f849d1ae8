"""Departments (OPD): a slug that follows the name and is unique within the region."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ..models import Department
from .common import Refused, slugify


def list_departments(active_only: bool = False) -> list[Department]:
    """The current region's departments by name."""
    query = select(Department).order_by(Department.name)
    if active_only:
        query = query.where(Department.active.is_(True))
    return list(db.session.execute(query).scalars())


def slug_for(name: str, department: Department | None = None) -> str:
    """The department's slug for `name`, refused when empty or used by another department of the region."""
    slug = slugify(name)
    if not slug:
        raise Refused(_("Please use letters or numbers in the name."), field="name")
    query = select(Department).where(Department.slug == slug)
    if department is not None and department.id is not None:
        query = query.where(Department.id != department.id)
    other = db.session.execute(query).scalars().first()
    if other is not None:
        raise Refused(
            _("“%(other)s” already uses the web address “%(slug)s”. Please choose a different name.",
              other=other.name, slug=slug),
            field="name",
        )
    return slug


def save_department(department: Department, values: dict) -> Department:
    """Write the form values onto `department` (new or existing) and add it; the caller commits.

    The slug changes only with the name, so links to an unrenamed department keep working.
    """
    if department.id is None or values["name"] != department.name:
        department.slug = slug_for(values["name"], department)
    department.name = values["name"]
    department.short_name = values.get("short_name") or None
    department.email = values.get("email") or None
    department.phone = values.get("phone") or None
    db.session.add(department)
    db.session.flush()
    return department
