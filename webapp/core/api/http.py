"""What every open-data endpoint under /api/v1/ shares: JSON with a strong ETag and Last-Modified (a
repeat request with If-None-Match or If-Modified-Since gets a bodiless 304), CORS for GET, opaque cursors
for keyset pagination, checked query parameters, and errors as JSON with a translated message.

A module's endpoint reads its parameters with `limit_param`, `date_param`, `choice_param` and
`cursor_param` (each raises `ApiError`, a 400 naming the parameter), fetches `limit + 1` rows after the
cursor, and answers with `page(items, next_values)` or `json_response(payload, last_modified)`. Shared readers
for lookups and keyset pages: `text_param`, `lookup_param`, `moment_keyset` and `day_keyset` (a [time, id] or
[date, id] cursor), and `local_midnight` (a region-local day as a UTC bound).

Envelope of a list: {"items": [...], "next_cursor": "…" | null, "next": "https://…?cursor=…" | null}.
Error: {"error": {"code": 400, "message": "…", "detail": "…", "parameter": "limit"}} (as core.errors).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from datetime import date, datetime, time, timezone
from typing import Callable, Iterable, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Flask, Response, g, request
from flask_babel import gettext as _

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CACHE_SECONDS = 60
CORS_PREFIXES = ("/api/", "/open311/")
MAX_DIGITS = 18  # a whole-number parameter longer than this is no id, page size or year (and fits 64 bits)
T = TypeVar("T")


class ApiError(Exception):
    """A client error on an API endpoint: `status` (4xx), a translated `detail`, the `parameter` at fault."""

    def __init__(self, detail: str, parameter: str | None = None, status: int = 400):
        super().__init__(detail)
        self.detail, self.parameter, self.status = detail, parameter, status


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _default(value):
    if isinstance(value, datetime):
        return _utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(payload) -> str:
    """Compact JSON with sorted keys (the same data always gives the same bytes, hence the same ETag)."""
    return json.dumps(payload, default=_default, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def conditional(body: str | bytes, mimetype: str, last_modified: datetime | None = None,
                max_age: int = CACHE_SECONDS) -> Response:
    """A cacheable GET response: strong ETag of the body, Last-Modified, and 304 when the client has it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    modified = _utc(last_modified)
    if modified is not None:
        response.last_modified = modified.replace(microsecond=0)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)


def json_response(payload, last_modified: datetime | None = None, max_age: int = CACHE_SECONDS) -> Response:
    return conditional(dumps(payload), "application/json", last_modified, max_age)


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The newest of some (possibly naive-UTC) datetimes, for Last-Modified."""
    known = [_utc(m) for m in moments if m is not None]
    return max(known) if known else None


# ------------------------------------------------------------------------------------------ parameters

def _arg(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value or None  # an empty parameter behaves like a missing one


def _whole(value: str) -> bool:
    """Plain ASCII digits, not too many ("²" and "١٢" are digits to str.isdigit, not numbers to us)."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS


def limit_param(default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    value = _arg("limit")
    if value is None:
        return default
    if not _whole(value) or not 1 <= int(value) <= maximum:
        raise ApiError(_("limit must be a whole number from 1 to %(max)d.", max=maximum), "limit")
    return int(value)


def date_param(name: str) -> date | None:
    value = _arg(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(_("%(name)s must be a date written as YYYY-MM-DD.", name=name), name) from None


def choice_param(name: str, choices: Iterable[str]) -> str | None:
    value = _arg(name)
    choices = tuple(choices)
    if value is not None and value not in choices:
        raise ApiError(_("%(name)s must be one of: %(choices)s.", name=name, choices=", ".join(choices)), name)
    return value


def int_param(name: str) -> int | None:
    value = _arg(name)
    if value is None:
        return None
    if not _whole(value):
        raise ApiError(_("%(name)s must be a whole number.", name=name), name)
    return int(value)


def encode_cursor(*values) -> str:
    """An opaque cursor for the row after which the next page starts (its sort values and id)."""
    raw = json.dumps(list(values), default=_default, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def cursor_param(size: int) -> list | None:
    """The decoded `cursor` parameter (a list of `size` values), None when absent; 400 when malformed."""
    value = _arg("cursor")
    if value is None:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…"
        decoded = None
    if not isinstance(decoded, list) or len(decoded) != size or not all(map(_plain_value, decoded)):
        raise ApiError(_("The cursor is not valid. Use the next_cursor of a previous page."), "cursor")
    return decoded


def _plain_value(value) -> bool:
    """What an encoded cursor holds: strings, 64-bit whole numbers, finite numbers, booleans, null."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -2 ** 63 <= value < 2 ** 63
    return isinstance(value, float) and math.isfinite(value)


def page(items: list, next_values: tuple | None, last_modified: datetime | None = None, **extra) -> Response:
    """A list response; `next_values` are the sort values of the last item when there are more rows."""
    cursor = encode_cursor(*next_values) if next_values is not None else None
    following = None
    if cursor is not None:
        # The same address with the new cursor (built by hand: url_for would take query parameters named
        # like the view's arguments or its own options, e.g. ?id= or ?_external=, as its own).
        args = request.args.to_dict()
        args["cursor"] = cursor
        following = request.base_url + "?" + urlencode(args)
    return json_response({"items": items, "next_cursor": cursor, "next": following, **extra}, last_modified)


# ------------------------------------------------------------------------------------------------ wiring

def error_response(status: int, detail: str, parameter: str | None = None) -> Response:
    from ..errors import MESSAGES

    title = MESSAGES.get(status, MESSAGES[400])[0]
    body = {"error": {"code": status, "message": str(title), "detail": detail}}
    if parameter:
        body["error"]["parameter"] = parameter
    response = Response(dumps(body), status=status, mimetype="application/json")
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return error_response(exc.status, exc.detail, exc.parameter)

    @app.after_request
    def cors(response: Response) -> Response:
        """Anyone may read the open data from a browser on another site (GET only, no cookies)."""
        if request.path.startswith(CORS_PREFIXES):
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS" if request.path.startswith(
                "/open311/") else "GET, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ("If-None-Match, If-Modified-Since, Idempotency-Key, "
                                                                "X-Api-Key")
            response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
            response.headers["Access-Control-Max-Age"] = "86400"
        return response


# ------------------------------------------------------------------------- lookups, keyset cursors, days

MAX_ID = 2 ** 31 - 1  # the id columns are 32-bit INTEGER on PostgreSQL: a larger id is no row of ours


def text_param(name: str) -> str | None:
    """A text parameter for a database lookup: empty is missing (as everywhere here); 400 naming it when it
    holds NUL (PostgreSQL cannot compare text holding NUL)."""
    value = _arg(name)
    if value is not None and "\x00" in value:
        raise ApiError(_("%(name)s contains a character that is not allowed.", name=name), name)
    return value


def lookup_param(name: str, find: Callable[[str], T | None], maximum: int, missing: Callable[[str], str]) -> T | None:
    """The row that the text parameter `name` (a slug, a code) names: `find(value)`; None when the parameter
    is absent. A value longer than `maximum` or one that `find` does not find is a 400 naming the parameter,
    with the message `missing(value cut to maximum)`; NUL too (`text_param`)."""
    value = text_param(name)
    if value is None:
        return None
    found = find(value) if len(value) <= maximum else None
    if found is None:
        raise ApiError(missing(value[:maximum]), name)
    return found


def _keyset(parse: Callable[[str], T | None]) -> tuple[T, int] | None:
    """The (sort value, id) of the `cursor`, the sort value read by `parse` (None or ValueError when it is
    not one); None when there is no cursor, 400 when it is not one of ours."""
    values = cursor_param(2)
    if values is None:
        return None
    value, ident = values
    try:
        value = parse(value) if isinstance(value, str) else None
    except (ValueError, OverflowError):
        value = None
    if value is None or type(ident) is not int or not 0 <= ident <= MAX_ID:  # type: bools are ints too
        raise ApiError(_("The cursor is not valid. Use the next_cursor of a previous page."), "cursor")
    return value, ident


def _aware_utc(text: str) -> datetime | None:
    moment = datetime.fromisoformat(text)
    return moment.astimezone(timezone.utc) if moment.tzinfo is not None else None


def moment_keyset() -> tuple[datetime, int] | None:
    """The (UTC datetime, id) after which a page sorted by a time and the id starts, from the `cursor`
    (`encode_cursor(moment, id)`: the time written with its offset); None on the first page."""
    return _keyset(_aware_utc)


def day_keyset() -> tuple[date, int] | None:
    """The (date, id) after which a page sorted by a day and the id starts, from the `cursor`; None on the
    first page."""
    return _keyset(date.fromisoformat)


def local_midnight(day: date) -> datetime | None:
    """The first moment of `day` in the region's time zone, in UTC; None when it is outside what a datetime
    can hold."""
    try:
        return datetime.combine(day, time.min, tzinfo=ZoneInfo(g.region.timezone or "Asia/Jakarta")).astimezone(
            timezone.utc)
    except (OverflowError, ValueError):
        return None
