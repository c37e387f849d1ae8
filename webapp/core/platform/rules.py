"""Regions as data: the one way to create a region (`create_region`, called by onboarding, the platform
pages, `flask create-region` and the demo seed), changing its hosts and services, suspending it, and an
overview of all."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...extensions import db
from .. import wilayah
from ..models import TIMEZONES, Area, Region, User, utcnow
from ..scoping import region_context
from ..staff.common import Refused, slugify
from ..templating import HEX_COLOUR, readable_colour
from .hosts import check_hosts_free, parse_hosts, set_hosts

DEFAULT_COLOR = "#0b6e4f"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64  # the width of Region.slug


def default_slug(official_name: str, kind: str) -> str:
    """'Kota Tangerang' -> 'tangerang', 'Kabupaten Tangerang' -> 'kab-tangerang' (the two must not collide)."""
    base = re.sub(r"^(Kota|Kabupaten)\s+(Administrasi\s+)?", "", official_name)
    return slugify(base if kind == "kota" else f"kab {base}", max_length=SLUG_MAX)


def create_region(code, hosts=(), modules=None, name=None, slug=None, timezone=None, color=DEFAULT_COLOR,
                  languages=None, import_areas=True):
    """A new region from its Kemendagri code; returns (region, (kecamatan, villages) or None). Caller commits.

    `hosts` are host names as typed; `modules` None means the default services, `languages` None every
    language of the install (the first one is the default). A mistake raises Refused naming its field.
    """
    official = _new_kabupaten_kota(code)
    kind = wilayah.region_kind(code)
    slug = slug or default_slug(official, kind)
    _check_slug(slug)
    hosts = parse_hosts(hosts)
    check_hosts_free(hosts)
    timezone = _timezone(timezone or wilayah.default_timezone(code))
    _check_colour(color)
    locales = _languages(languages)
    region = Region(
        code=code, name=name or official, slug=slug, kind=kind, timezone=timezone, theme_color=color.lower(),
        locales=locales, default_locale=locales[0], modules=_modules(modules), emergency_numbers=[], settings={},
    )
    set_hosts(region, hosts)
    db.session.add(region)
    db.session.flush()
    counts = wilayah.import_areas(region) if import_areas else None
    return region, counts


def _new_kabupaten_kota(code: str) -> str:
    """The official name of a kabupaten/kota code no region has yet; refused for any other code."""
    official = wilayah.lookup(code)
    if official is None:
        raise Refused(_("No kabupaten or kota has the code %(code)s in the Kemendagri list.", code=code), field="code")
    level = wilayah.level(code)
    if level != "kabupaten/kota":
        raise Refused(_("%(code)s is a %(level)s code (%(name)s). Please give a kabupaten or kota code, such as 36.71.",
                        code=code, level=level, name=official), field="code")
    if other := _region_where(Region.code == code):
        raise Refused(_("%(region)s already has the code %(code)s.", region=other.name, code=code), field="code")
    return official


def _region_where(condition) -> Region | None:
    return db.session.execute(select(Region).where(condition)).scalar_one_or_none()


def _check_slug(slug: str) -> None:
    if len(slug) > SLUG_MAX or not re.match(SLUG, slug):
        raise Refused(_("Use lower-case letters, digits and single hyphens only."), field="slug")
    if other := _region_where(Region.slug == slug):
        raise Refused(_("%(region)s already uses the short name “%(slug)s”.", region=other.name, slug=slug),
                      field="slug")


def _timezone(timezone: str) -> str:
    if timezone not in TIMEZONES:
        raise Refused(_("The time zone must be one of %(zones)s.", zones=", ".join(TIMEZONES)), field="timezone")
    return timezone


def _check_colour(colour: str) -> None:
    if not re.match(HEX_COLOUR, colour or ""):
        raise Refused(_("Write the colour as # and six hexadecimal digits, for example #0b6e4f."), field="theme_color")
    if not readable_colour(colour):
        raise Refused(_("Text would be hard to read on this colour. Please choose a darker or a lighter one."),
                      field="theme_color")


def _languages(codes: list[str] | None) -> list[str]:
    known = list(current_app.config["LANGUAGES"])
    codes = codes or known
    if unknown := [code for code in codes if code not in known]:
        raise Refused(_("Unknown languages: %(unknown)s. Available: %(known)s.",
                        unknown=", ".join(unknown), known=", ".join(known)), field="locales")
    return list(codes)


def default_modules() -> list[str]:
    """The services a new region starts with."""
    from ...modules import MODULES

    return [module.name for module in MODULES if module.default_enabled]


def _modules(names: list[str] | None) -> list[str]:
    from ...modules import MODULES

    if names is None:
        return default_modules()
    known = [module.name for module in MODULES]
    if unknown := [name for name in names if name not in known]:
        raise Refused(_("Unknown services: %(unknown)s. Available: %(known)s.",
                        unknown=", ".join(unknown), known=", ".join(known)), field="modules")
    return list(names)


def update_region(region: Region, hosts: list[str], modules: list[str]) -> None:
    """Change a region's host names (as typed) and services. The caller commits."""
    hosts = parse_hosts(hosts)
    check_hosts_free(hosts, region)
    set_hosts(region, hosts)
    region.modules = _modules(modules)


SUSPENSION_NOTE_MAX = 255  # the width of Region.suspended_note


def suspend_region(region: Region, reason: str) -> None:
    """Suspend `region`: from the commit on, its hosts answer every request with the "temporarily
    unavailable" page (see regions.py), and pages of it kept in the page cache are no longer used. A
    suspended region keeps every row; suspending again only changes the reason. The caller commits."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused(_("Please give the reason for the suspension."), field="reason")
    if len(reason) > SUSPENSION_NOTE_MAX:
        raise Refused(_("Please keep the reason under %(max)d characters.", max=SUSPENSION_NOTE_MAX + 1),
                      field="reason")
    if region.suspended_at is None:
        region.suspended_at = utcnow()
    region.suspended_note = reason
    _mark_changed(region)


def unsuspend_region(region: Region) -> None:
    """Serve `region` again. The caller commits."""
    region.suspended_at = None
    region.suspended_note = None
    _mark_changed(region)


def _mark_changed(region: Region) -> None:
    # Flushed while `region` is current, so the page cache counts the write as that region's (not the
    # platform admin's host region's) and drops its stored pages at the commit.
    with region_context(region):
        db.session.flush()


def _counts(model) -> dict[int, int]:
    query = select(model.region_id, func.count()).group_by(model.region_id).execution_options(all_regions=True)
    return dict(db.session.execute(query).all())


def regions_overview() -> list[dict]:
    """Every region with its number of accounts, areas and Aspirasi reports, by name."""
    from ...modules.aspirasi.models import Report

    users, areas, reports = _counts(User), _counts(Area), _counts(Report)
    regions = db.session.execute(select(Region).order_by(Region.name)).scalars().all()
    return [{"region": r, "users": users.get(r.id, 0), "areas": areas.get(r.id, 0), "reports": reports.get(r.id, 0)}
            for r in regions]


def region_by_id(region_id: int) -> Region | None:
    return db.session.execute(select(Region).where(Region.id == region_id)).scalar_one_or_none()
