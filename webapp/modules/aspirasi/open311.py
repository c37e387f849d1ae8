"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), the shared parts: the two formats chosen
by the URL's suffix, errors in the spec's shape, the jurisdiction check, the API key, and datetimes in
the region's offset. The endpoints are in views_open311.py (reading) and open311_filing.py (filing).

Formats: `.xml` is `text/xml; charset=utf-8` with an XML declaration, built with ElementTree (every value
escaped by it; a list becomes repeated child elements, `formats` → `<format>`); `.json` is
`application/json` whose top level is an array for lists (services, requests, errors) and an object
for discovery and a service definition, as the spec's examples are.
"""
from __future__ import annotations

import json
from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from flask import Response, g, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import MethodNotAllowed

from ...core.api import jurisdiction_id
from ...core.api.keys import authenticate, request_secret
from ...core.errors import register_error_format
from ...core.models import ApiKey, Region
from ...core.regions import normalise_host
from ...extensions import db
from .sla import utc

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
PREFIX = "/open311/"
# Element names for the items of a list in XML
ITEM_NAMES = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute", "values": "value",
              "services": "service", "service_requests": "request", "errors": "error"}


class Open311Error(Exception):
    """An error answered in the spec's shape: `code` is the HTTP status (400, 403, 404, 429)."""

    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


def check_format(fmt: str) -> str:
    """The URL's format suffix ("xml" or "json"), or a 404 in the spec's shape."""
    if fmt not in FORMATS:
        raise Open311Error(404, _("Unknown format: %(format)s. Use .xml or .json.", format=fmt))
    return fmt


def request_format() -> str:
    """"json" or "xml", from the path's suffix; xml (the spec's required format) when there is none."""
    return "json" if request.path.rstrip("/").endswith(".json") else "xml"


def iso(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    """ISO 8601 in the region's time zone (`zone`, when the caller already has it) with its offset:
    "2026-12-06T09:30:00+07:00"."""
    if moment is None:
        return None
    return utc(moment).astimezone(zone or ZoneInfo(g.region.timezone)).isoformat(timespec="seconds")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ElementTree.Element, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _append(element, ITEM_NAMES.get(name, "item"), item)
    elif value is not None:
        element.text = _text(value)


def to_xml(root: str, body) -> bytes:
    """`body` (a list of dicts → repeated items, or a dict → child elements) under `<root>`."""
    element = ElementTree.Element(root)
    if isinstance(body, dict):
        for key, value in body.items():
            _append(element, key, value)
    else:
        for item in body:
            _append(element, ITEM_NAMES.get(root, "item"), item)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(root: str, body, status: int = 200, fmt: str | None = None) -> Response:
    """The response in the request's format: `root` names the XML root element (e.g. "services")."""
    fmt = fmt or request_format()
    if fmt == "json":
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    else:
        data = to_xml(root, body)
    response = Response(data, status=status, content_type=FORMATS[fmt])
    response.vary.add("Accept-Language")
    return response


def error_response(code: int, description: str, fmt: str | None = None) -> Response:
    response = respond("errors", [{"code": code, "description": description}], status=code, fmt=fmt)
    response.cache_control.no_store = True
    return response


def _core_error(code: int, description: str) -> Response:
    response = error_response(code, description)
    if isinstance(request.routing_exception, MethodNotAllowed):  # a 405 still says what is allowed
        response.allow.update(request.routing_exception.valid_methods or ())
    return response


# The core error handlers (404 for an unknown URL under /open311/, 405, 413, 429, 500) answer in this shape.
register_error_format(PREFIX, _core_error)


def _several_regions() -> bool:
    return db.session.execute(select(func.count(Region.id))).scalar_one() > 1


def check_jurisdiction(value: str | None = None) -> None:
    """`jurisdiction_id` must name this host's region: required when the install hosts several regions
    (404 for another region's or an unknown id, 400 when missing); optional on a single-region install."""
    if value is None:
        value = request.values.get("jurisdiction_id", "")
    value = normalise_host(value) if value.strip() else ""
    if not value:
        if _several_regions():
            raise Open311Error(400, _("jurisdiction_id is required: this server hosts several regions."))
        return
    if value != normalise_host(jurisdiction_id(g.region)):
        raise Open311Error(404, _("Unknown jurisdiction_id: %(id)s.", id=value))


def require_key() -> ApiKey:
    """The API key of this request (the `api_key` field), or a 403 in the spec's shape."""
    secret = request_secret()
    if not secret or not secret.strip():
        raise Open311Error(403, _("An api_key is required. The region's administrator issues keys."))
    key = authenticate(secret)
    if key is None:
        raise Open311Error(403, _("The api_key is not valid, or it has been revoked."))
    return key


from . import bp  # noqa: E402


@bp.app_errorhandler(Open311Error)
def _open311_error(exc: Open311Error):
    return error_response(exc.code, exc.description)


# ------------------------------------------------------------------------------------ service attributes

def kelurahan_choices() -> list[dict]:
    """The region's kelurahan and desa in use as Open311 values: key = Kemendagri code, name = "Name (Kecamatan)"."""
    from ...core.models import Area

    rows = db.session.execute(
        select(Area).where(Area.level.in_(("kelurahan", "desa"))).options(joinedload(Area.parent))
        .order_by(Area.name, Area.code)
    ).scalars()
    return [{"key": area.code, "name": f"{area.name} ({area.parent.name})" if area.parent else area.name}
            for area in rows if area.active and (area.parent is None or area.parent.active)]  # new reports only


def service_attributes(category) -> list[dict]:
    """The attributes `POST requests` accepts as `attribute[CODE]` for `category`, in the spec's shape.

    kelurahan is required (or its code as `address_id`); kind defaults to pengaduan; privacy to anonim
    (a sensitive category is always rahasia); title to the start of the description.
    """
    from .models import Kind, Privacy

    kinds = {Kind.PENGADUAN: _("Complaint"), Kind.ASPIRASI: _("Idea or suggestion"),
             Kind.INFORMASI: _("Request for information")}
    privacy = {Privacy.PUBLIC: _("Public, with the reporter's name"),
               Privacy.ANONYMOUS: _("Public, without the reporter's name"),
               Privacy.SECRET: _("Not public: only the officers handling it see it")}
    if category.sensitive:
        privacy = {Privacy.SECRET: privacy[Privacy.SECRET]}
    return [
        {"variable": True, "code": "kelurahan", "datatype": "singlevaluelist", "required": True,
         "datatype_description": _("The Kemendagri code of the kelurahan or desa; it may be sent as address_id instead."),
         "order": 1, "description": _("Kelurahan or desa where it happened"),
         "values": kelurahan_choices()},
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("Default: %(value)s.", value=Kind.PENGADUAN), "order": 2,
         "description": _("Kind of report"), "values": [{"key": k, "name": v} for k, v in kinds.items()]},
        {"variable": True, "code": "privacy", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("Default: %(value)s.", value=Privacy.SECRET if category.sensitive else Privacy.ANONYMOUS),
         "order": 3, "description": _("Who may see the report"),
         "values": [{"key": k, "name": v} for k, v in privacy.items()]},
        {"variable": True, "code": "title", "datatype": "string", "required": False,
         "datatype_description": _("At most 150 characters; by default the start of the description."),
         "order": 4, "description": _("A short title"), "values": []},
    ]
