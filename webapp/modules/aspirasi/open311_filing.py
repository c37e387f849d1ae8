"""Open311 GeoReport v2, the filing side: `POST requests.{fmt}` files a real Aspirasi report, and
`GET tokens/{token}.{fmt}` tells a client its report's `service_request_id` once the report is public.

Filing goes through `flow.submit`, the web form's own path: the same validation, notifications and
idempotency. What Open311 adds is checked here first:

- `api_key` (403 when missing, unknown, revoked or another region's), then `jurisdiction_id`.
- `service_code`: an active category's slug (404 otherwise). A location: `lat`+`long`, `address_string`
  or `address_id` (400 without any). The kelurahan: `attribute[kelurahan]`, else `address_id` when it is
  a kelurahan's or desa's Kemendagri code.
- `attribute[CODE]` and `attribute[CODE][]` for the codes of `open311.service_attributes`: an unknown
  code, or more than one value for a single value, is a 400. `privacy` defaults to anonim (a sensitive
  category is always rahasia, whatever was sent, as on the web); `kind` to pengaduan; `title` to the
  description's first sentence (a period only ends one after a word of four or more letters, so "Jl."
  and "No." do not), cut at a word to 150 characters.
- No HTML: `description`, `address_string`, `attribute[title]`, `first_name` and `last_name` are refused
  (400) when they hold anything that looks like markup, i.e. "<" followed by a letter, "/", "!" or "?".
  Refused rather than stripped, so nothing the filer wrote is silently changed; a lone "<" ("< 5 m",
  "<3") is fine.
- `media_url`: http(s) only, at most 500 characters. It is stored for staff, shown to them as a plain
  link, and never fetched or republished. `device_id` and `account_id` are accepted but not stored
  (`account_id` is echoed in the answer, as the spec's example does).

Every 400 names the parameter at fault ("email: …"), translated.

The answer is 200 (the spec's examples show no other status; 201 would surprise existing clients), a
list of one: `service_request_id` when the report is public at once; otherwise (the region verifies
first, or the report is rahasia) a `token`, since the id would not resolve publicly. Then
`service_notice` (the category's notice and, only here in the whole API, the reporter's tracking code)
and `account_id` ("" when none was sent). It is `no-store`: the tracking code is in it.

Idempotency: an `Idempotency-Key` header (16–64 of A–Z a–z 0–9 _ -, else 400) is stored under the web's
scope as "o311.<key id>.<40 hex of its SHA-256>": per API key, so two clients never collide, of a fixed
length that fits the 64-character column, and with dots, which a web form's key can never contain. A
repeat returns the first answer (same id or token) and creates nothing. The API key, the token and the
media link are written right after `flow.submit` commits (flow.py builds the report from validated
fields only), by one conditional UPDATE, so a retry or a twin request gets the first request's token.

Tokens (`GET tokens/{token}.{fmt}`): `[{"service_request_id": "123", "token": t}]` once the report is
public; before that (and for good, for a rahasia report) `service_request_id` is "" (an empty element in
XML), which is how the spec's clients tell "not yet". An unknown token is a 404.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from ...core.api.keys import rate_limit_key
from ...core.idempotency import KEY_PATTERN, previous_result
from ...core.models import ApiKey, Area
from ...extensions import csrf, db, limiter
from . import bp, flow
from .models import Category, Kind, Privacy, Report
from .open311 import Open311Error, check_format, check_jurisdiction, require_key, respond, service_attributes
from .validation import TITLE_MAX

SOURCE = "open311"
MEDIA_URL_MAX = 500
TOKEN_BYTES = 24  # 32 URL-safe characters, the column's length
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_ATTRIBUTE = re.compile(r"attribute\[([^\[\]]*)\](\[\])?")
_MARKUP = re.compile(r"<[A-Za-z/!?]")
# A sentence ends at "!" or "?", or at a period after a word of four or more characters (not "Jl.", "No.").
_SENTENCE_END = re.compile(r"(?:(?<=[^\s.]{4}\.)|(?<=[!?]))\s+")
_LEVELS = ("kelurahan", "desa")
# The flow's field names, as the Open311 parameter a client should fix
PARAMETERS = {"category_id": "service_code", "kind": "attribute[kind]", "title": "attribute[title]",
              "privacy": "attribute[privacy]", "kelurahan_id": "attribute[kelurahan]",
              "kecamatan_id": "attribute[kelurahan]", "address": "address_string", "lat": "lat/long",
              "lng": "lat/long", "name": "first_name/last_name"}


def bad(parameter: str, message: str) -> Open311Error:
    return Open311Error(400, f"{parameter}: {message}")


def _param(name: str) -> str | None:
    """A form field, stripped; empty counts as missing. Two values for one field are a 400."""
    values = [v.strip() for v in request.form.getlist(name) if v and v.strip()]
    if len(values) > 1:
        raise bad(name, _("Please send one value."))
    return values[0] if values else None


def _no_markup(name: str, value: str | None) -> str | None:
    if value is not None and _MARKUP.search(value):
        raise bad(name, _("Please send plain text: HTML and other markup are not accepted."))
    return value


# ----------------------------------------------------------------------------------------- the fields

def _category() -> Category:
    code = _param("service_code")
    if code is None:
        raise bad("service_code", _("service_code is required: one of the codes GET services lists."))
    category = db.session.execute(
        select(Category).where(Category.slug == code, Category.active.is_(True))
    ).unique().scalar_one_or_none()
    if category is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s.", code=code[:64]))
    return category


def attributes(category: Category) -> dict[str, str]:
    """`attribute[CODE]` and `attribute[CODE][]` as {code: value}; unknown codes, values outside a list,
    and more than one value are refused. An attribute sent empty counts as not sent."""
    known = {spec["code"]: spec for spec in service_attributes(category)}
    given: dict[str, list[str]] = {}
    for name in request.form.keys():
        match = _ATTRIBUTE.fullmatch(name)
        if match is None:
            continue
        values = [v.strip() for v in request.form.getlist(name) if v and v.strip()]
        if not values:
            continue
        code = match.group(1)
        if code not in known:
            raise bad(f"attribute[{code[:40]}]", _("This service has no such attribute. GET services/%(code)s "
                                                   "lists the ones it takes.", code=category.slug))
        given.setdefault(code, []).extend(values)
    chosen = {}
    for code, values in given.items():
        if len(values) > 1:
            raise bad(f"attribute[{code}]", _("Please send one value: this attribute takes a single value."))
        value = values[0]
        allowed = _allowed_values(known[code])
        if allowed is not None and value not in allowed:
            raise bad(f"attribute[{code}]", _("%(value)s is not one of the values this attribute takes.",
                                              value=value[:64]))
        chosen[code] = value
    return chosen


def _allowed_values(spec: dict) -> set[str] | None:
    """The keys a singlevaluelist accepts; None for free values (and for the kelurahan: looked up by code)."""
    if spec["datatype"] != "singlevaluelist" or spec["code"] == "kelurahan":
        return None
    if spec["code"] == "privacy":
        return set(Privacy.ALL)  # a sensitive category turns any of them into rahasia (validation.py)
    return {value["key"] for value in spec["values"]}


def _area(code: str | None) -> Area | None:
    if not code:
        return None
    area = db.session.execute(
        select(Area).where(Area.code == code, Area.level.in_(_LEVELS))
    ).scalar_one_or_none()
    # An area taken out of use (or under a kecamatan taken out of use) is unknown to new reports.
    if area is None or not area.active or (area.parent is not None and not area.parent.active):
        return None
    return area


def _kelurahan(chosen: dict) -> Area:
    """`attribute[kelurahan]`, else `address_id` when it is a kelurahan's or desa's code."""
    code = chosen.get("kelurahan")
    if code is not None:
        area = _area(code)
        if area is None:
            raise bad("attribute[kelurahan]", _("Unknown kelurahan or desa code: %(code)s. GET services/<code> "
                                                "lists the codes.", code=code[:32]))
        return area
    area = _area(_param("address_id"))
    if area is None:
        raise bad("attribute[kelurahan]", _("kelurahan is required: send its Kemendagri code as attribute[kelurahan] "
                                            "or as address_id."))
    return area


def _media_url(value: str | None) -> str | None:
    if value is None:
        return None
    message = _("Please send an http or https address of at most %(limit)d characters.", limit=MEDIA_URL_MAX)
    if len(value) > MEDIA_URL_MAX or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise bad("media_url", message)
    try:
        parts = urlsplit(value)
    except ValueError:
        raise bad("media_url", message) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise bad("media_url", message)
    return value


def derived_title(description: str) -> str:
    """The description's first sentence of its first line, without a closing period, at most TITLE_MAX
    characters (cut at a word, with "…")."""
    line = next(line.strip() for line in description.splitlines() if line.strip())
    sentence = _SENTENCE_END.split(line, 1)[0].strip()
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1].rstrip()
    sentence = sentence or line
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[:TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space >= TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _name() -> str | None:
    parts = [_no_markup(name, _param(name)) for name in ("first_name", "last_name")]
    return " ".join(part for part in parts if part) or None


def submission(category: Category) -> dict:
    """The request as `flow.submit` data, after the checks only Open311 has."""
    chosen = attributes(category)
    if not any(_param(name) for name in ("lat", "long", "address_string", "address_id")):
        raise bad("lat/long", _("A location is required: lat and long, address_string or address_id."))
    kelurahan = _kelurahan(chosen)
    description = _no_markup("description", _param("description"))
    if description is None:
        raise bad("description", _("Please describe what happened or what you propose."))
    title = _no_markup("attribute[title]", chosen.get("title")) or derived_title(description)
    return {
        "kind": chosen.get("kind", Kind.PENGADUAN), "category_id": str(category.id), "title": title,
        "description": description, "kelurahan_id": str(kelurahan.id),
        "address": _no_markup("address_string", _param("address_string")),
        "lat": _param("lat"), "lng": _param("long"), "privacy": chosen.get("privacy", Privacy.ANONYMOUS),
        "name": _name(), "phone": _param("phone"), "email": _param("email"), "source": SOURCE,
    }


# ------------------------------------------------------------------------------------------ filing

def idempotency_key(key: ApiKey) -> str | None:
    """This client's `Idempotency-Key` as stored: "o311.<key id>.<40 hex>" (see the module's notes)."""
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return None
    if not KEY_PATTERN.match(header):
        raise bad("Idempotency-Key", _("Please send 16 to 64 letters, digits, \"-\" or \"_\"."))
    return f"o311.{key.id}.{hashlib.sha256(header.encode()).hexdigest()[:40]}"


def mark_filed(report: Report, key: ApiKey, media_url: str | None) -> Report:
    """Note the client (and a token when the report is not public yet), once: a retry finds it done."""
    if report.api_key_id is None:
        values = {"api_key_id": key.id, "media_url": media_url}
        if not report.is_public:
            values["api_token"] = secrets.token_urlsafe(TOKEN_BYTES)
        db.session.execute(
            update(Report).where(Report.id == report.id, Report.api_key_id.is_(None)).values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        db.session.refresh(report)
    return report


def service_notice(report: Report) -> str:
    tracking = _("The reporter's tracking code is %(code)s; keep it to follow the report at %(url)s.",
                 code=report.code, url=url_for("aspirasi.track", _external=True))
    notice = (report.category.notice or "").strip()
    return f"{notice} {tracking}" if notice else tracking


def answer(report: Report, account_id: str | None):
    item = {"token": report.api_token} if report.api_token else {"service_request_id": str(report.id)}
    item["service_notice"] = service_notice(report)
    item["account_id"] = account_id or ""
    response = respond("service_requests", [item])
    response.cache_control.no_store = True
    return response


def _by_id(report_id: str) -> Report:
    return db.session.execute(select(Report).where(Report.id == int(report_id))).unique().scalar_one()


@bp.post("/open311/v2/requests.<fmt>")
@limiter.limit(lambda: current_app.config["API_KEY_RATE_LIMIT"], key_func=rate_limit_key)
def open311_create_request(fmt):
    """File a report for a client holding an API key of this region."""
    check_format(fmt)
    key = require_key()
    check_jurisdiction()
    account_id = _param("account_id")
    idempotency = idempotency_key(key)
    done = previous_result(flow.SUBMIT_SCOPE, idempotency)
    if done is not None:  # a repeat: the first answer again, nothing new
        return answer(mark_filed(_by_id(done), key, _media_url(_param("media_url"))), account_id)
    category = _category()
    data = submission(category)
    media_url = _media_url(_param("media_url"))
    try:
        report, _created = flow.submit(data, reporter=None, photos=(), key=idempotency, locale=str(get_locale()))
    except flow.FlowError as error:
        raise bad(PARAMETERS.get(error.field, error.field or "request"), error.message) from None
    return answer(mark_filed(report, key, media_url), account_id)


csrf.exempt(open311_create_request)  # authenticated by its API key; no browser session is involved


@bp.get("/open311/v2/tokens/<token>.<fmt>")
def open311_token(token, fmt):
    """The service_request_id of a token's report, once the report is public ("" until then)."""
    check_format(fmt)
    check_jurisdiction()
    report = None
    if _TOKEN.fullmatch(token):
        report = db.session.execute(select(Report).where(Report.api_token == token)).unique().scalar_one_or_none()
    if report is None:
        raise Open311Error(404, _("Unknown token."))
    response = respond("service_requests",
                       [{"service_request_id": str(report.id) if report.is_public else "", "token": token}])
    response.cache_control.no_cache = True
    return response

