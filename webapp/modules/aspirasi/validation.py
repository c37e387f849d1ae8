"""Checking a citizen's submission before anything is stored.

`clean_submission(data, reporter)` takes the values as a form or an API posts them and returns what the
report will be made of, or raises `FlowError` naming the field at fault. Keys of `data`:
kind, category_id, title, description, kecamatan_id, kelurahan_id, address, lat, lng, privacy
(or anonymous=True), name, phone, email, source. Ids may be strings; empty strings count as missing.
"""
from __future__ import annotations


from flask_babel import gettext as _
from sqlalchemy import select

from ...core import regioncache
from ...core.accounts.contact import InvalidContact, normalise_email, normalise_phone
from ...core.models import Area
from ...core.api.http import MAX_ID
from ...core.scoping import current_region, current_region_id
from ...extensions import db
from .models import Category, Kind, Privacy
from .rules import FlowError, require_text

TITLE_MAX = 150
DESCRIPTION_MAX = 4000
ADDRESS_MAX = 200
NAME_MAX = 120
INDONESIA_BBOX = (94.7, -11.2, 141.1, 6.3)  # when a region has not set its own extent
BBOX_MARGIN = 0.05  # degrees (about 5 km): a "use my location" fix at the city's edge is still accepted
_AREA_LEVELS = ("kelurahan", "desa")


def _value(data: dict, *names):
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return value.strip() if isinstance(value, str) else value
    return None


def _id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scoped(model, ident):
    """The region's row with this id (from the session's identity map when it is loaded already)."""
    if ident is None or not 0 < ident <= MAX_ID:
        return None
    row = db.session.get(model, ident)
    return row if row is not None and row.region_id == current_region_id() else None


regioncache.watch(Category)


def _category_rows() -> dict[int, dict]:
    return {row.id: regioncache.columns(row) for row in db.session.scalars(select(Category))}


def _category(ident) -> Category | None:
    """The region's category with this id, kept by the region cache between requests (no query)."""
    if ident is None or not 0 < ident <= MAX_ID:
        return None
    values = regioncache.memo(current_region_id(), "aspirasi.categories", _category_rows).get(ident)
    return None if values is None else regioncache.attach(Category, values)


def clean_category(value) -> Category:
    category = _category(_id(value))
    if category is None or not category.active:
        raise FlowError(_("Please choose a category from the list."), "category_id")
    return category


def clean_areas(kecamatan_value, kelurahan_value, keep_id: int | None = None) -> tuple[Area, Area]:
    """The kecamatan and the kelurahan/desa inside it; the kecamatan may be left out and is then derived.

    Areas taken out of use (and villages under a kecamatan taken out of use) are refused, except `keep_id`:
    the kelurahan a report already names, which an edit of its other fields keeps."""
    wanted = {i for i in (_id(kelurahan_value), _id(kecamatan_value)) if i is not None and 0 < i <= MAX_ID}
    # Both in one query, held here so the session keeps them: the gets below and the kelurahan's parent
    # find them loaded (the session's identity map holds its rows only while something refers to them).
    held = db.session.scalars(select(Area).where(Area.id.in_(wanted))).all() if len(wanted) > 1 else []
    kelurahan = _scoped(Area, _id(kelurahan_value))
    if kelurahan is None or kelurahan.level not in _AREA_LEVELS:
        raise FlowError(_("Please choose a kelurahan or desa from the list."), "kelurahan_id")
    if kelurahan.id != keep_id and not (kelurahan.active and kelurahan.parent is not None and kelurahan.parent.active):
        raise FlowError(_("This kelurahan or desa is no longer in use. Please choose one from the list."),
                        "kelurahan_id")
    if kecamatan_value is None:
        return kelurahan.parent, kelurahan
    kecamatan = _scoped(Area, _id(kecamatan_value))
    if kecamatan is None or kecamatan.level != "kecamatan":
        raise FlowError(_("Please choose a kecamatan from the list."), "kecamatan_id")
    if kelurahan.parent_id != kecamatan.id:
        raise FlowError(_("That kelurahan or desa is not in the chosen kecamatan."), "kelurahan_id")
    del held
    return kecamatan, kelurahan


def clean_coordinates(lat_value, lng_value, bbox=None) -> tuple[float | None, float | None]:
    """Both coordinates or neither; inside `bbox` ([west, south, east, north], GeoJSON order) plus a margin."""
    if lat_value is None and lng_value is None:
        return None, None
    try:
        lat, lng = float(lat_value), float(lng_value)
    except (TypeError, ValueError):
        raise FlowError(_("The location could not be read. Please try again or leave it out."), "lat") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise FlowError(_("The location could not be read. Please try again or leave it out."), "lat")
    west, south, east, north = (float(v) for v in (bbox or INDONESIA_BBOX))
    if not (south - BBOX_MARGIN <= lat <= north + BBOX_MARGIN and west - BBOX_MARGIN <= lng <= east + BBOX_MARGIN):
        raise FlowError(_("The location is outside this region. Please check it or leave it out."), "lat")
    return lat, lng


def clean_privacy(data: dict, category: Category) -> str:
    """Sensitive categories are always rahasia at submission; staff may change that when verifying."""
    if category.sensitive:
        return Privacy.SECRET
    privacy = _value(data, "privacy")
    if privacy in Privacy.ALL:
        return privacy
    return Privacy.ANONYMOUS if data.get("anonymous") in (True, "1", "on", "y", "true") else Privacy.PUBLIC


def clean_contact(data: dict, reporter) -> dict:
    """Name, phone (E.164) and e-mail of the reporter; an account fills in what the form leaves out."""
    name = _value(data, "name", "reporter_name") or (reporter.name if reporter is not None else None)
    if name and len(name) > NAME_MAX:
        raise FlowError(_("Please keep this under %(limit)d characters.", limit=NAME_MAX), "name")
    phone = _value(data, "phone", "reporter_phone")
    email = _value(data, "email", "reporter_email")
    try:
        phone = normalise_phone(phone) if phone else None
    except InvalidContact:
        raise FlowError(_("Please enter a phone number such as 0812-3456-7890."), "phone") from None
    try:
        email = normalise_email(email) if email else None
    except InvalidContact:
        raise FlowError(_("Please enter an e-mail address such as nama@contoh.id."), "email") from None
    if reporter is not None:
        phone = phone or reporter.phone
        email = email or reporter.email
    return {"reporter_name": name, "reporter_phone": phone, "reporter_email": email}


def clean_submission(data: dict, reporter=None) -> dict:
    """The report's values from `data`, checked; raises FlowError (translated, with the field) otherwise."""
    kind = _value(data, "kind")
    if kind not in Kind.ALL:
        raise FlowError(_("Please choose what kind of report this is."), "kind")
    category = clean_category(_value(data, "category_id", "category"))
    title = require_text(_value(data, "title"), _("Please give your report a short title."), TITLE_MAX, "title")
    description = require_text(_value(data, "description"), _("Please describe what happened or what you propose."),
                               DESCRIPTION_MAX, "description")
    kecamatan, kelurahan = clean_areas(_value(data, "kecamatan_id", "kecamatan"), _value(data, "kelurahan_id", "kelurahan"))
    address = _value(data, "address")
    if address and len(address) > ADDRESS_MAX:
        raise FlowError(_("Please keep this under %(limit)d characters.", limit=ADDRESS_MAX), "address")
    region = current_region()
    bbox = (region.settings or {}).get("bbox") if region is not None else None
    lat, lng = clean_coordinates(_value(data, "lat"), _value(data, "lng"), bbox)
    source = str(_value(data, "source") or "web")[:16]
    return {
        "kind": kind, "category": category, "title": title, "description": description,
        "kecamatan": kecamatan, "kelurahan": kelurahan, "address": address, "lat": lat, "lng": lng,
        "privacy": clean_privacy(data, category), "source": source, **clean_contact(data, reporter),
    }
