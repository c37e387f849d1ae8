"""A region's set-up as one JSON file (a "bundle"), so that one region's work can seed another's.

What travels: branding (colours, tagline, contacts, the logo as base64), languages, services, the order of
the home-page cards, the other settings, areas, departments (OPD), Aspirasi categories with their SLA days,
routing and reply templates, holidays, and Harga markets, commodities and ceiling prices. What never
travels: people (accounts, roles, reports, prices, applications) and the region's identity (its code, short
name and hosts). Its official name, time zone, map extent and Open311 id travel only into a region with the
same code (a region rebuilt on another install); areas only where their codes belong to the region.

Importing is all or nothing and idempotent: the whole file is checked first (a mistake names the place in the
file, and nothing is written), then rows are matched by their natural keys (slug, code, day) and updated, or
added when missing. Nothing is deleted, and every query runs inside the target region (`region_context`),
so another region is never read or written.
"""
from __future__ import annotations

import base64
import binascii
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..extensions import db
from . import wilayah
from .models import TIMEZONES, Area, Department, Region, utcnow
from .scoping import region_context
from .staff.common import Refused
from .staff.fields import MAX_EMERGENCY_NUMBERS, MAX_GROUP_LENGTH, is_phone_like
from .templating import HEX_COLOUR, readable_colour

FORMAT = "serambi-region-bundle"
VERSION = 1
MAX_BYTES = 8 * 1024 * 1024  # a bundle is mostly text; the logo is at most 512 px
LOGO_MAX_BYTES = 2 * 1024 * 1024
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 64
MAX_ROWS = 20_000  # a kabupaten has at most a few thousand areas
MAX_SETTINGS = 100
# Settings that describe the place itself: they travel only into a region with the same code.
PLACE_SETTINGS = ("bbox", "open311_jurisdiction", "short_name")
HOME_SETTING = "home"
LOGO_SIDE = 512  # as in the region settings


class BundleError(Refused):
    """The file is not a bundle this install can read; the message says where and what."""

    def __init__(self, message: str):
        super().__init__(message, field="bundle")


# Export

def export_bundle(region: Region) -> dict:
    """The set-up of `region` as a JSON-ready dict."""
    from ..modules.aspirasi.models import Category, CategoryRoute, Holiday, ReplyTemplate
    from ..modules.harga.models import Commodity, Market, ReferencePrice

    with region_context(region):
        def rows(model, *order):
            return list(db.session.execute(select(model).order_by(*order)).scalars())

        areas = rows(Area, Area.code)
        area_codes = {a.id: a.code for a in areas}
        departments = rows(Department, Department.slug)
        dept_slugs = {d.id: d.slug for d in departments}
        categories = rows(Category, Category.position, Category.slug)
        category_slugs = {c.id: c.slug for c in categories}
        routes = rows(CategoryRoute, CategoryRoute.id)
        commodities = rows(Commodity, Commodity.position, Commodity.slug)
        commodity_slugs = {c.id: c.slug for c in commodities}
        settings = dict(region.settings or {})
        home = settings.pop(HOME_SETTING, None) or {}
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": utcnow().isoformat(timespec="seconds"),
            "source": {"code": region.code, "name": region.name, "slug": region.slug},
            "region": {
                "name": region.name, "timezone": region.timezone, "tagline": region.tagline,
                "theme_color": region.theme_color, "default_locale": region.default_locale,
                "locales": list(region.locales or []), "modules": list(region.modules or []),
                "contact_phone": region.contact_phone, "contact_email": region.contact_email,
                "address": region.address, "emergency_numbers": list(region.emergency_numbers or []),
                "settings": settings,
            },
            "home_cards": {"order": list(home.get("order") or []), "hidden": list(home.get("hidden") or [])},
            "logo": _export_logo(region.logo),
            "areas": [{"code": a.code, "name": a.name, "level": a.level, "active": a.active} for a in areas],
            "departments": [{"slug": d.slug, "name": d.name, "short_name": d.short_name, "email": d.email,
                             "phone": d.phone, "active": d.active} for d in departments],
            "aspirasi": {
                "categories": [{
                    "slug": c.slug, "name": c.name, "description": c.description, "notice": c.notice,
                    "sensitive": c.sensitive, "department": dept_slugs.get(c.department_id),
                    "verify_days": c.verify_days, "response_days": c.response_days, "position": c.position,
                    "active": c.active,
                    "routes": [{"kecamatan": area_codes[r.kecamatan_id], "department": dept_slugs[r.department_id]}
                               for r in routes if r.category_id == c.id],
                } for c in categories],
                "reply_templates": [{"category": category_slugs.get(t.category_id), "title": t.title, "body": t.body}
                                    for t in rows(ReplyTemplate, ReplyTemplate.id)],
                "holidays": [{"day": h.day.isoformat(), "name": h.name} for h in rows(Holiday, Holiday.day)],
            },
            "harga": {
                "markets": [{"slug": m.slug, "name": m.name, "address": m.address,
                             "kecamatan": area_codes.get(m.kecamatan_id), "active": m.active, "position": m.position}
                            for m in rows(Market, Market.position, Market.slug)],
                "commodities": [{"slug": c.slug, "national_code": c.national_code, "name": c.name, "unit": c.unit,
                                 "group": c.group, "tracked": c.tracked, "featured": c.featured,
                                 "position": c.position} for c in commodities],
                "reference_prices": [{"commodity": commodity_slugs[r.commodity_id], "kind": r.kind, "zone": r.zone,
                                      "price": r.price, "valid_from": r.valid_from.isoformat(),
                                      "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                                      "source": r.source}
                                     for r in rows(ReferencePrice, ReferencePrice.valid_from, ReferencePrice.id)],
            },
        }


def _export_logo(path: str | None) -> dict | None:
    from .uploads import SERVED_TYPES, UnsafePath, open_upload

    if not path:
        return None
    try:
        with open_upload(path) as f:
            data = f.read()
    except (OSError, UnsafePath):  # the file went missing: the bundle simply has no logo
        current_app.logger.warning("logo %s of a region could not be read for its bundle", path)
        return None
    return {"type": SERVED_TYPES.get(path.rpartition(".")[2], "application/octet-stream"),
            "data": base64.b64encode(data).decode("ascii")}


def dumps(bundle: dict) -> bytes:
    """The bundle as the file people download: UTF-8 JSON, readable in a text editor."""
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


# Checking a file

class _Check:
    """Reads one part of the bundle, naming where a value is wrong ("departments[2].name")."""

    def __init__(self, value, where: str):
        self.value, self.where = value, where

    def fail(self, problem: str):
        raise BundleError(_("The bundle cannot be imported: %(where)s %(problem)s. Nothing was changed.",
                            where=self.where or _("the file"), problem=problem))

    def at(self, key, value) -> _Check:
        where = f"{self.where}[{key}]" if isinstance(key, int) else (f"{self.where}.{key}" if self.where else key)
        return _Check(value, where)

    def obj(self, optional: bool = False) -> dict:
        if self.value is None and optional:
            return {}
        if not isinstance(self.value, dict):
            self.fail(_("must be an object ({…})"))
        return self.value

    def get(self, key: str) -> _Check:
        return self.at(key, self.obj().get(key))

    def items(self, optional: bool = True) -> list[_Check]:
        if self.value is None and optional:
            return []
        if not isinstance(self.value, list):
            self.fail(_("must be a list ([…])"))
        if len(self.value) > MAX_ROWS:
            self.fail(_("has more than %(max)d entries", max=MAX_ROWS))
        return [self.at(i, item) for i, item in enumerate(self.value)]

    def text(self, max_length: int, required: bool = False) -> str | None:
        value = self.value
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(_("is missing"))
            return None
        if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
            self.fail(_("must be text of at most %(max)d characters", max=max_length))
        return value.strip()

    def slug(self, required: bool = True) -> str | None:
        value = self.text(SLUG_MAX, required=required)
        if value is not None and not SLUG.match(value):
            self.fail(_("must be a short name of lower-case letters, digits and single hyphens"))
        return value

    def number(self, low: int, high: int, default: int | None = None) -> int:
        if self.value is None and default is not None:
            return default
        if isinstance(self.value, bool) or not isinstance(self.value, int) or not low <= self.value <= high:
            self.fail(_("must be a whole number from %(low)d to %(high)d", low=low, high=high))
        return self.value

    def flag(self, default: bool) -> bool:
        if self.value is None:
            return default
        if not isinstance(self.value, bool):
            self.fail(_("must be true or false"))
        return self.value

    def day(self, required: bool = True) -> date | None:
        if self.value is None and not required:
            return None
        try:
            return date.fromisoformat(self.value)
        except (TypeError, ValueError):
            self.fail(_("must be a date written as YYYY-MM-DD"))

    def choice(self, choices, required: bool = True) -> str | None:
        if self.value is None and not required:
            return None
        if self.value not in choices:
            self.fail(_("must be one of: %(choices)s", choices=", ".join(sorted(choices))))
        return self.value

    def names(self) -> list[str]:
        return [item.text(SLUG_MAX, required=True) for item in self.items()]


def _unique(rows: list[dict], key: str, check: _Check) -> list[dict]:
    seen = set()
    for i, row in enumerate(rows):
        if row[key] in seen:
            check.at(i, None).at(key, None).fail(_("repeats “%(value)s”", value=row[key]))
        seen.add(row[key])
    return rows


def parse(data: bytes | str) -> dict:
    """Check a bundle file and return its content in plain, checked values; BundleError otherwise."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise BundleError(_("The file is too large for a region bundle (at most %(mb)d MB).",
                            mb=MAX_BYTES // (1024 * 1024)))
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(_("This file is not a region bundle: it is not valid JSON.")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError(_("This file is not a Serambi region bundle (it has no \"format\": \"%(format)s\").",
                            format=FORMAT))
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BundleError(_("The bundle does not say which version of the format it uses."))
    if version > VERSION:
        raise BundleError(_("This bundle was made by a newer Serambi (format %(version)d); this one reads "
                            "format %(supported)d. Please upgrade first.", version=version, supported=VERSION))
    top = _Check(raw, "")
    aspirasi = _Check(top.get("aspirasi").obj(optional=True), "aspirasi")
    harga = _Check(top.get("harga").obj(optional=True), "harga")
    source = top.get("source")
    departments = [{
        "slug": row.get("slug").slug(), "name": row.get("name").text(160, required=True),
        "short_name": row.get("short_name").text(40), "email": row.get("email").text(120),
        "phone": row.get("phone").text(32), "active": row.get("active").flag(True),
    } for row in top.get("departments").items()]
    return {
        "source_code": source.get("code").text(8) if source.value is not None else None,
        "region": _parse_region(top.get("region")),
        "home": _parse_home(top.get("home_cards")),
        "logo": _parse_logo(top.get("logo")),
        "areas": _unique(_parse_areas(top.get("areas")), "code", top.get("areas")),
        "departments": _unique(departments, "slug", top.get("departments")),
        "categories": _unique(_parse_categories(aspirasi.get("categories")), "slug", aspirasi.get("categories")),
        "reply_templates": [{
            "category": row.get("category").slug(required=False), "title": row.get("title").text(120, required=True),
            "body": row.get("body").text(10_000, required=True),
        } for row in aspirasi.get("reply_templates").items()],
        "holidays": _unique([{"day": row.get("day").day(), "name": row.get("name").text(120, required=True)}
                             for row in aspirasi.get("holidays").items()], "day", aspirasi.get("holidays")),
        **_parse_harga(harga),
    }


def _parse_region(check: _Check) -> dict:
    """The region's own values that the bundle gives (a key it leaves out is left as it is)."""
    given = check.obj(optional=True)
    readers = {
        "name": lambda c: c.text(120), "timezone": lambda c: c.choice(TIMEZONES, required=False),
        "tagline": lambda c: c.text(200), "theme_color": _colour, "default_locale": lambda c: c.text(8),
        "locales": lambda c: c.names(), "modules": lambda c: c.names(),
        "contact_phone": lambda c: c.text(32), "contact_email": lambda c: c.text(120),
        "address": lambda c: c.text(255), "emergency_numbers": _emergency_numbers, "settings": _settings,
    }
    return {key: read(check.get(key)) for key, read in readers.items() if key in given}


def _colour(check: _Check) -> str | None:
    colour = check.text(7)
    if colour is not None and not (re.match(HEX_COLOUR, colour) and readable_colour(colour)):
        check.fail(_("must be a colour written as # and six hexadecimal digits, dark or light enough to read "
                     "text on"))
    return colour.lower() if colour else None


def _emergency_numbers(check: _Check) -> list[dict]:
    rows = check.items()
    if len(rows) > MAX_EMERGENCY_NUMBERS:
        check.fail(_("has more than %(max)d entries", max=MAX_EMERGENCY_NUMBERS))
    numbers = []
    for row in rows:
        number = row.get("number").text(20, required=True)
        if not is_phone_like(number):
            row.get("number").fail(_("may contain only digits, spaces, + and -"))
        numbers.append({"label": row.get("label").text(80, required=True), "number": number,
                        "group": row.get("group").text(MAX_GROUP_LENGTH) or ""})
    return numbers


def _bbox(check: _Check) -> list:
    value = check.value
    if not (isinstance(value, list) and len(value) == 4
            and all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in value)
            and -180 <= value[0] < value[2] <= 180 and -90 <= value[1] < value[3] <= 90):
        check.fail(_("must be [west, south, east, north] in degrees"))
    return value


def _harga_settings(check: _Check) -> dict:
    check.obj()
    return {key: check.get(key).text(200) for key in check.value if key in ("zone", "licence")}


# The settings the code reads, each checked as its own form would; other keys (from a newer Serambi, say) are
# kept as they are, since nothing here reads them.
SETTING_CHECKS = {
    "bbox": _bbox,
    "open311_jurisdiction": lambda c: c.text(100),
    "short_name": lambda c: c.text(30),
    "data_licence": lambda c: c.text(200),
    "require_two_factor": lambda c: c.flag(False) or None,
    "aspirasi_verify_first": lambda c: c.flag(False),
    "aspirasi_retention_days": lambda c: c.number(30, 3650) if c.value is not None else None,
    "aspirasi_phone_channel": lambda c: c.choice(("sms", "whatsapp"), required=False),
    "pencaker_phone_channel": lambda c: c.choice(("sms", "whatsapp"), required=False),
    "pencaker_min_age": lambda c: c.number(14, 65) if c.value is not None else None,
    "harga": _harga_settings,
}


def _settings(check: _Check) -> dict:
    settings = check.obj(optional=True)
    if len(settings) > MAX_SETTINGS or any(len(key) > SLUG_MAX for key in settings):
        check.fail(_("must have at most %(max)d settings with short names", max=MAX_SETTINGS))
    checked = {}
    for key, value in settings.items():
        if key == HOME_SETTING:
            continue
        value = SETTING_CHECKS[key](check.get(key)) if key in SETTING_CHECKS else value
        if value is not None:
            checked[key] = value
    return checked


def _parse_home(check: _Check) -> dict | None:
    if check.value is None:
        return None
    check.obj()
    return {"order": check.get("order").names(), "hidden": check.get("hidden").names()}


def _parse_logo(check: _Check) -> bytes | None:
    if check.value is None:
        return None
    encoded = check.get("data").text(LOGO_MAX_BYTES * 2, required=True)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        check.get("data").fail(_("must be the picture in base64"))
    if len(data) > LOGO_MAX_BYTES:
        check.get("data").fail(_("is a picture larger than %(mb)d MB", mb=LOGO_MAX_BYTES // (1024 * 1024)))
    return data


def _parse_areas(check: _Check) -> list[dict]:
    areas = []
    for row in check.items():
        code = row.get("code").text(16, required=True)
        level = wilayah.level(code)
        if level not in ("kecamatan", "kelurahan", "desa"):
            row.get("code").fail(_("must be a kecamatan, kelurahan or desa code such as 36.71.01 or 36.71.01.1001"))
        areas.append({"code": code, "level": level, "name": row.get("name").text(120, required=True),
                      "active": row.get("active").flag(True)})
    return areas


def _parse_categories(check: _Check) -> list[dict]:
    return [{
        "slug": row.get("slug").slug(), "name": row.get("name").text(120, required=True),
        "description": row.get("description").text(5000), "notice": row.get("notice").text(2000),
        "sensitive": row.get("sensitive").flag(False), "department": row.get("department").slug(required=False),
        "verify_days": row.get("verify_days").number(1, 30, default=3),
        "response_days": row.get("response_days").number(1, 90, default=5),
        "position": row.get("position").number(0, 999, default=0), "active": row.get("active").flag(True),
        "routes": [{"kecamatan": route.get("kecamatan").text(16, required=True),
                    "department": route.get("department").slug()} for route in row.get("routes").items()],
    } for row in check.items()]


def _parse_harga(check: _Check) -> dict:
    from ..modules.harga.national import COMMODITIES, GROUPS, UNITS
    markets = [{
        "slug": row.get("slug").slug(), "name": row.get("name").text(120, required=True),
        "address": row.get("address").text(255), "kecamatan": row.get("kecamatan").text(16),
        "active": row.get("active").flag(True), "position": row.get("position").number(0, 999, default=0),
    } for row in check.get("markets").items()]
    commodities = [{
        "slug": row.get("slug").slug(), "national_code": row.get("national_code").choice(COMMODITIES, required=False),
        "name": row.get("name").text(120, required=True), "unit": row.get("unit").choice(UNITS),
        "group": row.get("group").choice(GROUPS), "tracked": row.get("tracked").flag(True),
        "featured": row.get("featured").flag(False), "position": row.get("position").number(0, 999, default=0),
    } for row in check.get("commodities").items()]
    references = [{
        "commodity": row.get("commodity").slug(), "kind": row.get("kind").choice(("het", "hap")),
        "zone": row.get("zone").text(32), "price": row.get("price").number(1, 100_000_000),
        "valid_from": row.get("valid_from").day(), "valid_until": row.get("valid_until").day(required=False),
        "source": row.get("source").text(200),
    } for row in check.get("reference_prices").items()]
    return {"markets": _unique(markets, "slug", check.get("markets")),
            "commodities": _unique(commodities, "slug", check.get("commodities")),
            "reference_prices": references}


# Importing

@dataclass
class Imported:
    """What an import did: per part, how many rows were added and updated; what was left out and why."""

    added: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)  # sentences for the person importing
    unused_files: list = field(default_factory=list)  # uploads to delete once the import is committed

    def count(self, part: str, created: bool) -> None:
        target = self.added if created else self.updated
        target[part] = target.get(part, 0) + 1

    def summary(self) -> str:
        parts = sorted(set(self.added) | set(self.updated))
        if not parts:
            return _("Nothing needed to change.")
        return "; ".join(_("%(part)s: %(added)d added, %(updated)d updated", part=part,
                           added=self.added.get(part, 0), updated=self.updated.get(part, 0)) for part in parts)

    def cleanup(self) -> None:
        """Delete the files the import replaced (call after committing)."""
        from .uploads import UnsafePath, delete_upload

        for path in self.unused_files:
            try:
                delete_upload(path)
            except (OSError, UnsafePath):
                current_app.logger.warning("could not delete the replaced upload %s", path)


def import_bundle(region: Region, data: bytes | str) -> Imported:
    """Check the bundle `data` and apply it to `region`. The caller commits, then calls `cleanup()`.

    Raises BundleError (nothing written) when the file cannot be imported.
    """
    bundle = parse(data)
    result = Imported()
    same_place = bundle["source_code"] == region.code
    with region_context(region):
        if bundle["logo"] is not None:
            _import_logo(region, bundle["logo"], result)
        _import_region(region, bundle, same_place, result)
        areas = _import_areas(region, bundle["areas"], result)
        departments = _upsert(Department, "slug", bundle["departments"], result, "departments")
        _import_aspirasi(bundle, areas, departments, result)
        _import_harga(bundle, areas, result)
        db.session.flush()
    return result


def _set(row, values: dict) -> bool:
    """Write `values` onto `row`; True when something changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _upsert(model, key: str, rows: list[dict], result: Imported, part: str, existing: dict | None = None) -> dict:
    """Rows of `model` in the current region matched on `key`: updated, or added. Returns every row by key."""
    have = existing if existing is not None else {
        getattr(row, key): row for row in db.session.execute(select(model)).scalars()}
    for values in rows:
        row = have.get(values[key])
        if row is None:
            row = have[values[key]] = model(**values)
            db.session.add(row)
            result.count(part, True)
        elif _set(row, values):
            result.count(part, False)
    db.session.flush()
    return have


def _import_logo(region: Region, data: bytes, result: Imported) -> None:
    from .uploads import UploadError, UnsafePath, delete_upload, open_upload, save_image

    def current_bytes(path):
        try:
            with open_upload(path) as f:
                return f.read()
        except (OSError, UnsafePath):
            return None

    old = region.logo
    if old and current_bytes(old) == data:
        return
    try:
        path = save_image(FileStorage(io.BytesIO(data), filename="logo"), kind="logo", max_side=LOGO_SIDE,
                          keep_alpha=True)
    except UploadError as exc:
        raise BundleError(_("The logo in the bundle cannot be used: %(reason)s", reason=str(exc))) from exc
    if old and current_bytes(old) == current_bytes(path):  # the same picture once re-encoded: keep the old file
        delete_upload(path)
        return
    region.logo = path
    if old:
        result.unused_files.append(old)
    result.count(_("logo"), created=old is None)


def _import_region(region: Region, bundle: dict, same_place: bool, result: Imported) -> None:
    from ..modules import registry

    values = dict(bundle["region"])
    changes = {key: values[key] for key in ("tagline", "contact_phone", "contact_email", "address", "emergency_numbers")
               if key in values}
    if values.get("theme_color"):
        changes["theme_color"] = values["theme_color"]
    if same_place:  # the official name and time zone are the place's own
        changes.update({key: values[key] for key in ("name", "timezone") if values.get(key)})
    languages = list(current_app.config["LANGUAGES"])
    if values.get("locales") is not None:
        locales = [code for code in values["locales"] if code in languages]
        left_out = [code for code in values["locales"] if code not in languages]
        if left_out:
            result.skipped.append(_("Languages this install does not offer: %(codes)s.", codes=", ".join(left_out)))
        if locales:
            changes["locales"] = locales
            default = values.get("default_locale")
            changes["default_locale"] = default if default in locales else locales[0]
    if values.get("modules") is not None:
        known = registry()
        changes["modules"] = [name for name in values["modules"] if name in known]
        if left_out := [name for name in values["modules"] if name not in known]:
            result.skipped.append(_("Services this install does not have: %(names)s.", names=", ".join(left_out)))
    settings = dict(region.settings or {})
    for key, value in (values.get("settings") or {}).items():
        if key in PLACE_SETTINGS and not same_place:
            result.skipped.append(_("The setting “%(key)s” belongs to the region the bundle came from.", key=key))
            continue
        settings[key] = value
    if bundle["home"] is not None:
        settings[HOME_SETTING] = bundle["home"]
    if settings != (region.settings or {}):
        changes["settings"] = settings
    if _set(region, changes):
        result.count(_("settings"), created=False)


def _import_areas(region: Region, rows: list[dict], result: Imported) -> dict:
    """Areas whose codes belong to `region` (renamed, switched on or off, or added); returns every area by code."""
    have = {a.code: a for a in db.session.execute(select(Area)).scalars()}
    prefix = region.code + "."
    mine = [row for row in rows if row["code"].startswith(prefix)]
    if len(mine) < len(rows):
        result.skipped.append(_("%(count)d areas belong to another kabupaten/kota and were left out.",
                                count=len(rows) - len(mine)))
    for row in sorted(mine, key=lambda r: r["code"].count(".")):  # each kecamatan before its villages
        parent_code = row["code"].rpartition(".")[0]
        parent = have.get(parent_code) if row["level"] != "kecamatan" else None
        if row["level"] != "kecamatan" and parent is None:
            result.skipped.append(_("The area %(code)s was left out: its kecamatan is missing.", code=row["code"]))
            continue
        values = {"name": row["name"], "level": row["level"], "active": row["active"]}
        area = have.get(row["code"])
        if area is None:
            area = have[row["code"]] = Area(code=row["code"], parent=parent, **values)
            db.session.add(area)
            result.count(_("areas"), True)
        elif _set(area, values):
            result.count(_("areas"), False)
    db.session.flush()
    return have


def _import_aspirasi(bundle: dict, areas: dict, departments: dict, result: Imported) -> None:
    from ..modules.aspirasi.models import Category, CategoryRoute, Holiday, ReplyTemplate

    rows = []
    for row in bundle["categories"]:
        values = {k: v for k, v in row.items() if k not in ("department", "routes")}
        department = departments.get(row["department"]) if row["department"] else None
        values["department_id"] = department.id if department else None
        rows.append(values)
    categories = _upsert(Category, "slug", rows, result, _("Aspirasi categories"))
    routes = {(r.category_id, r.kecamatan_id): r for r in db.session.execute(select(CategoryRoute)).scalars()}
    for row in bundle["categories"]:
        category = categories[row["slug"]]
        for route in row["routes"]:
            kecamatan, department = areas.get(route["kecamatan"]), departments.get(route["department"])
            if kecamatan is None or kecamatan.level != "kecamatan" or department is None:
                continue  # routing to a kecamatan or OPD this region does not have
            existing = routes.get((category.id, kecamatan.id))
            if existing is None:
                routes[(category.id, kecamatan.id)] = CategoryRoute(
                    category_id=category.id, kecamatan_id=kecamatan.id, department_id=department.id)
                db.session.add(routes[(category.id, kecamatan.id)])
                result.count(_("routes"), True)
            elif _set(existing, {"department_id": department.id}):
                result.count(_("routes"), False)
    templates = {(t.category_id, t.title): t for t in db.session.execute(select(ReplyTemplate)).scalars()}
    for row in bundle["reply_templates"]:
        category = categories.get(row["category"]) if row["category"] else None
        if row["category"] and category is None:
            continue
        key = (category.id if category else None, row["title"])
        if key not in templates:
            templates[key] = ReplyTemplate(category_id=key[0], title=row["title"], body=row["body"])
            db.session.add(templates[key])
            result.count(_("reply templates"), True)
        elif _set(templates[key], {"body": row["body"]}):
            result.count(_("reply templates"), False)
    _upsert(Holiday, "day", bundle["holidays"], result, _("holidays"))


def _import_harga(bundle: dict, areas: dict, result: Imported) -> None:
    from ..modules.harga.models import Commodity, Market, ReferencePrice

    markets = []
    for row in bundle["markets"]:
        kecamatan = areas.get(row["kecamatan"]) if row["kecamatan"] else None
        markets.append({**{k: v for k, v in row.items() if k != "kecamatan"},
                        "kecamatan_id": kecamatan.id if kecamatan is not None and kecamatan.level == "kecamatan"
                        else None})
    _upsert(Market, "slug", markets, result, _("markets"))
    existing = list(db.session.execute(select(Commodity)).scalars())
    by_slug = {c.slug: c for c in existing}
    by_national = {c.national_code: c for c in existing if c.national_code}
    rows, slugs = [], {}  # slugs: the bundle's short name -> the region's
    for row in bundle["commodities"]:
        slug = row["slug"]
        if slug not in by_slug and row["national_code"] in by_national:
            # A national commodity the region already has under another short name is the same commodity.
            slug = by_national[row["national_code"]].slug
        slugs[row["slug"]] = slug
        rows.append({**row, "slug": slug})
    commodities = _upsert(Commodity, "slug", rows, result, _("commodities"), existing=by_slug)
    have = {(r.commodity_id, r.kind, r.zone, r.valid_from): r for r in db.session.execute(select(ReferencePrice)).scalars()}
    for row in bundle["reference_prices"]:
        commodity = commodities.get(slugs.get(row["commodity"], row["commodity"]))
        if commodity is None:
            continue
        key = (commodity.id, row["kind"], row["zone"], row["valid_from"])
        values = {"price": row["price"], "valid_until": row["valid_until"], "source": row["source"]}
        if key not in have:
            have[key] = ReferencePrice(commodity_id=commodity.id, kind=row["kind"], zone=row["zone"],
                                       valid_from=row["valid_from"], **values)
            db.session.add(have[key])
            result.count(_("ceiling prices"), True)
        elif _set(have[key], values):
            result.count(_("ceiling prices"), False)
