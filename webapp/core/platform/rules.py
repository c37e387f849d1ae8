"""Regions as data: the one way to create a region (`create_region`, called by the platform pages, by
`flask create-region` and by the demo seed), changing its hosts and services, and an overview of all."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...extensions import db
from .. import wilayah
from ..models import TIMEZONES, Area, Region, User
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


def regions_overview() -> list[dict]:
    """Every region with its number of accounts and areas, by name."""
    def counts(model):
        query = select(model.region_id, func.count()).group_by(model.region_id).execution_options(all_regions=True)
        return dict(db.session.execute(query).all())

    users, areas = counts(User), counts(Area)
    regions = db.session.execute(select(Region).order_by(Region.name)).scalars().all()
    return [{"region": r, "users": users.get(r.id, 0), "areas": areas.get(r.id, 0)} for r in regions]
