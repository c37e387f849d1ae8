"""Vacancies and job fairs as open data under /api/v1/.

`/api/v1/vacancies` lists exactly what /loker/ shows: open vacancies (published, closing day not passed) of
verified employers, newest first by (published time, id), through the same queries as the board
(`views_public.open_vacancies`, its cursor and its filters' rules). Each item is the vacancy's schema.org
JobPosting as its page embeds it (`vacancies.job_posting`, so it can be used as JSON-LD as is) plus plain
fields for filtering and sorting. `/api/v1/vacancies/<id>` also answers for a closed or expired vacancy, as its
web page does, with `status` saying so; anything else is a JSON 404.

Nothing about a person is published: no contact name, phone or e-mail of the employer, no applicant. The
employer's NIB (its OSS business number) is a public register entry, but the web pages do not show it and a
reader of vacancies has no use for it, so it is left out too; so is the company's street address (a small
business's address may be its owner's home). The company appears by name and, when it has one, its website.

Validators: a strong ETag of the body everywhere. Last-Modified of the vacancy list is the newest change of
the region's vacancies (published, edited, returned, closed or expired: `vacancies_changed`), so a vacancy
leaving the list moves it too; of one vacancy, its own newest change. Job fairs keep no time of change, so
their list carries an ETag only.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ...core.api.http import (MAX_ID, ApiError, choice_param, cursor_param, date_param, day_keyset, json_response,
                              latest, limit_param, page)
from ...core.api.schema import PAGING, json_content, nullable, obj, page_of, path, plain_responses, query, ref
from ...core.clock import region_today
from ...core.models import Area
from ...core.modules import Dataset
from ...core.search import like_pattern
from ...extensions import db
from . import bp
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, NO_MINIMUM, SECTORS
from .models import Employer, EmployerStatus, JobFair, Vacancy, VacancyStatus
from .public_forms import QUERY_MAX, QUERY_MIN
from .vacancies import job_posting
from .views_public import (READABLE, BadCursor, after_cursor, cursor_of, newest_first, open_counts, open_vacancies,
                           places)

CODE_MAX = 16
BOOLEAN = ("true", "false")
WHEN = ("upcoming", "past")

DATASET = Dataset(
    slug="vacancies", title=_l("Job vacancies and job fairs"),
    description=_l("The open vacancies of employers verified by the manpower office, with the schema.org "
                   "JobPosting fields (title, description, dates, employment type, place, pay), and the job "
                   "fairs with the companies taking part. No personal data of anyone."),
    examples=("/api/v1/vacancies", "/api/v1/vacancies?type=FULL_TIME&remote=false", "/api/v1/job-fairs"),
)


# ------------------------------------------------------------------------------------------ parameters

def _text(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value or None


def boolean_param(name: str) -> bool | None:
    value = choice_param(name, BOOLEAN)
    return None if value is None else value == "true"


def kecamatan_param() -> Area | None:
    """The kecamatan named by its code (36.71.01) or its id; 400 when the region has none such."""
    value = _text("kecamatan")
    if value is None:
        return None
    area = None
    if value.isascii() and value.isdigit() and len(value) <= 18:
        area = db.session.execute(select(Area).where(Area.id == int(value), Area.level == "kecamatan")
                                  ).scalar_one_or_none()
    elif len(value) <= CODE_MAX and "\x00" not in value:
        area = db.session.execute(select(Area).where(Area.code == value, Area.level == "kecamatan")
                                  ).scalar_one_or_none()
    if area is None:
        raise ApiError(_("There is no kecamatan “%(value)s” in this region.", value=value[:CODE_MAX]), "kecamatan")
    return area


def vacancy_conditions(today: date) -> list:
    """SQL conditions for the list's filters (`q`, `sector`, `kecamatan`, `type`, `remote`,
    `disability_friendly`, `closing_before`), each checked."""
    conditions = []
    q = _text("q")
    if q is not None:
        if not QUERY_MIN <= len(q) <= QUERY_MAX:
            raise ApiError(_("Please type between %(min)d and %(max)d characters to search.", min=QUERY_MIN,
                             max=QUERY_MAX), "q")
        if "\x00" in q:
            raise ApiError(_("%(name)s contains a character that is not allowed.", name="q"), "q")
        pattern = like_pattern(q)
        conditions.append(or_(Vacancy.title.ilike(pattern, escape="\\"),
                              Vacancy.description.ilike(pattern, escape="\\"),
                              Employer.name.ilike(pattern, escape="\\")))
    sector = choice_param("sector", dict(SECTORS))
    if sector is not None:
        conditions.append(Vacancy.sector == sector)
    kecamatan = kecamatan_param()
    if kecamatan is not None:
        conditions.append(Vacancy.kecamatan_code == kecamatan.code)
    kind = choice_param("type", dict(EMPLOYMENT_TYPES))
    if kind is not None:
        conditions.append(Vacancy.employment_type == kind)
    for name, column in (("remote", Vacancy.remote), ("disability_friendly", Vacancy.disability_friendly)):
        value = boolean_param(name)
        if value is not None:
            conditions.append(column.is_(value))
    before = date_param("closing_before")
    if before is not None:
        conditions.append(Vacancy.closes_on < before)
    return conditions


def vacancy_cursor() -> list:
    """The keyset condition after the `cursor`, the board's own "<microseconds>.<id>" inside ours."""
    cursor = cursor_param(1)
    if cursor is None:
        return []
    try:
        if not isinstance(cursor[0], str):
            raise BadCursor(cursor[0])
        return [after_cursor(cursor[0])]
    except BadCursor:
        raise ApiError(_("The cursor is not valid. Use the next_cursor of a previous page."), "cursor") from None


# ---------------------------------------------------------------------------------------------- items

def _expired_at(closes_on: date) -> datetime:
    """The moment a vacancy closing on `closes_on` stops taking applications (midnight after, region time)."""
    return datetime.combine(closes_on + timedelta(days=1), time(0), ZoneInfo(g.region.timezone))


def vacancy_item(vacancy: Vacancy, today: date, names: dict[str, str]) -> dict:
    """The JobPosting of `vacancy` with the API's plain fields."""
    state = vacancy.state(today)
    code = vacancy.kecamatan_code
    item = job_posting(vacancy, names)
    item.update({
        "id": vacancy.id,
        "status": "open" if state == VacancyStatus.PUBLISHED else state,
        "sector": vacancy.sector,
        "openings": vacancy.openings,
        "min_education": vacancy.min_education,
        "age_min": vacancy.age_min,
        "age_max": vacancy.age_max,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "remote": vacancy.remote,
        "disability_friendly": vacancy.disability_friendly,
        "kecamatan": {"code": code, "name": names.get(code)} if code else None,
        "closes_on": vacancy.closes_on,
        "published_at": vacancy.published_at,
    })
    return item


def vacancy_changed(vacancy: Vacancy, today: date) -> datetime | None:
    expired = _expired_at(vacancy.closes_on) if vacancy.state(today) == "expired" else None
    return latest([vacancy.created_at, vacancy.published_at, vacancy.updated_at, vacancy.closed_at, expired])


def vacancies_changed(today: date) -> datetime | None:
    """The newest change of the region's vacancies that can move one into or out of the public list."""
    published, updated, closed = db.session.execute(select(
        func.max(Vacancy.published_at), func.max(Vacancy.updated_at), func.max(Vacancy.closed_at))).one()
    expired = db.session.execute(select(func.max(Vacancy.closes_on)).where(
        Vacancy.status == VacancyStatus.PUBLISHED, Vacancy.closes_on < today)).scalar()
    return latest([published, updated, closed, _expired_at(expired) if expired else None])


# ---------------------------------------------------------------------------------------------- views

@bp.get("/api/v1/vacancies")
def api_vacancies():
    """One page of open vacancies of verified employers, newest first."""
    today = region_today()
    conditions = vacancy_conditions(today)
    limit = limit_param()
    query = newest_first(open_vacancies(today, *conditions, *vacancy_cursor())).limit(limit + 1)
    rows = list(db.session.execute(query).scalars())
    following = (cursor_of(rows[limit - 1]),) if len(rows) > limit else None
    names = places()
    items = [vacancy_item(v, today, names) for v in rows[:limit]]
    return page(items, following, vacancies_changed(today))


@bp.get("/api/v1/vacancies/<int:vacancy_id>")
def api_vacancy(vacancy_id):
    """One vacancy that its web page shows (open, expired or closed, of a verified employer)."""
    vacancy = None
    if vacancy_id <= MAX_ID:
        vacancy = db.session.execute(
            select(Vacancy).join(Vacancy.employer).options(contains_eager(Vacancy.employer))
            .where(Vacancy.id == vacancy_id, Vacancy.status.in_(READABLE),
                   Employer.status == EmployerStatus.VERIFIED)).scalar_one_or_none()
    if vacancy is None:
        raise ApiError(_("There is no public vacancy with this number."), status=404)
    today = region_today()
    return json_response(vacancy_item(vacancy, today, places()), vacancy_changed(vacancy, today))


def fair_status(fair: JobFair, today: date) -> str:
    if fair.ends_on < today:
        return "past"
    return "ongoing" if fair.starts_on <= today else "upcoming"


@bp.get("/api/v1/job-fairs")
def api_job_fairs():
    """Published job fairs, latest start first, each with its companies (`when`: upcoming or past)."""
    today = region_today()
    when = choice_param("when", WHEN)
    limit = limit_param()
    query = (select(JobFair).options(selectinload(JobFair.companies)).where(JobFair.published.is_(True))
             .order_by(JobFair.starts_on.desc(), JobFair.id.desc()).limit(limit + 1))
    if when == "upcoming":
        query = query.where(JobFair.ends_on >= today)
    elif when == "past":
        query = query.where(JobFair.ends_on < today)
    after = day_keyset()
    if after is not None:
        starts, ident = after
        query = query.where(or_(JobFair.starts_on < starts, and_(JobFair.starts_on == starts, JobFair.id < ident)))
    fairs = list(db.session.execute(query).scalars())
    following = (fairs[limit - 1].starts_on, fairs[limit - 1].id) if len(fairs) > limit else None
    fairs = fairs[:limit]
    counts = open_counts(sorted({c.employer_id for f in fairs for c in f.companies if c.employer_id}), today)
    items = [{
        "id": fair.id, "slug": fair.slug, "title": fair.title, "status": fair_status(fair, today),
        "starts_on": fair.starts_on, "ends_on": fair.ends_on, "hours": fair.hours, "place": fair.place,
        "address": fair.address, "description": fair.description,
        "url": url_for("pencaker.fair", slug=fair.slug, _external=True),
        "companies": [{"name": c.name, "booth": c.booth, "openings": c.openings,
                       "open_vacancies": counts.get(c.employer_id, 0) if c.employer_id else None}
                      for c in fair.companies],
    } for fair in fairs]
    return page(items, following)


# -------------------------------------------------------------------------------------------- OpenAPI

STRING = {"type": "string"}
NULLABLE_INT = nullable("integer")
NOT_PUBLISHED = "Vacancies are not published in this region."


def _job_posting_schema() -> dict:
    place = {"type": "object", "required": ["@type", "address"], "properties": {
        "@type": {"const": "Place"},
        "address": {"type": "object", "required": ["@type", "addressLocality", "addressRegion", "addressCountry"],
                    "properties": {"@type": {"const": "PostalAddress"}, "addressLocality": STRING,
                                   "addressRegion": STRING, "addressCountry": {"const": "ID"}}}}}
    amount = {"type": "integer", "description": "Rupiah per month."}
    salary = {"type": "object", "required": ["@type", "currency", "value"], "properties": {
        "@type": {"const": "MonetaryAmount"}, "currency": {"const": "IDR"},
        "value": {"type": "object", "required": ["@type", "unitText"], "properties": {
            "@type": {"const": "QuantitativeValue"}, "unitText": {"const": "MONTH"},
            "minValue": amount, "maxValue": amount, "value": amount}}}}
    return {
        "type": "object",
        "description": "A schema.org JobPosting (usable as JSON-LD as is) with plain fields of the API. "
                       "Either `jobLocation` or `jobLocationType` TELECOMMUTE; `baseSalary` only when pay is given.",
        "required": ["@context", "@type", "title", "description", "datePosted", "validThrough", "employmentType",
                     "hiringOrganization", "totalJobOpenings", "identifier", "directApply", "url", "id", "status",
                     "sector", "openings", "min_education", "age_min", "age_max", "pay_min", "pay_max", "remote",
                     "disability_friendly", "kecamatan", "closes_on", "published_at"],
        "properties": {
            "@context": {"const": "https://schema.org/"}, "@type": {"const": "JobPosting"},
            "title": STRING,
            "description": {"type": "string", "description": "The description and requirements as HTML paragraphs "
                                                             "(the text is escaped)."},
            "datePosted": {"type": "string", "format": "date"},
            "validThrough": {"type": "string", "format": "date-time",
                             "description": "The end of the closing day, in the region's time zone."},
            "employmentType": {"type": "string", "enum": list(dict(EMPLOYMENT_TYPES))},
            "hiringOrganization": {"type": "object", "required": ["@type", "name"], "properties": {
                "@type": {"const": "Organization"}, "name": STRING,
                "sameAs": {"type": "string", "description": "The company's website."}}},
            "totalJobOpenings": {"type": "integer"},
            "identifier": {"type": "object", "required": ["@type", "name", "value"], "properties": {
                "@type": {"const": "PropertyValue"}, "name": STRING, "value": STRING}},
            "directApply": {"type": "boolean"},
            "url": {"type": "string", "format": "uri", "description": "The vacancy's web page."},
            "jobLocation": place,
            "jobLocationType": {"const": "TELECOMMUTE"},
            "applicantLocationRequirements": {"type": "object", "properties": {
                "@type": {"const": "Country"}, "name": STRING}},
            "baseSalary": salary,
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["open", "expired", "closed"],
                       "description": "Always `open` in the list; a single vacancy may be closed or expired."},
            "sector": {"type": "string", "enum": list(dict(SECTORS)), "description": "KBLI 2020 section."},
            "openings": {"type": "integer"},
            "min_education": {"type": "string", "enum": [NO_MINIMUM, *dict(EDUCATION_LEVELS)]},
            "age_min": NULLABLE_INT, "age_max": NULLABLE_INT,
            "pay_min": nullable("integer", description="Rupiah per month."),
            "pay_max": nullable("integer", description="Rupiah per month."),
            "remote": {"type": "boolean"}, "disability_friendly": {"type": "boolean"},
            "kecamatan": obj({"code": STRING, "name": nullable("string")}, null=True),
            "closes_on": {"type": "string", "format": "date", "description": "The last day to apply."},
            "published_at": nullable("string", format="date-time"),
        },
    }


def _job_fair_schema() -> dict:
    company = obj({"name": STRING, "booth": STRING, "openings": NULLABLE_INT,
                   "open_vacancies": nullable("integer", minimum=0, description=(
                       "The company's open vacancies on this site; null when it has no account here."))})
    day = {"type": "string", "format": "date"}
    return obj({"id": {"type": "integer"}, "slug": STRING, "title": STRING,
                "status": {"type": "string", "enum": ["upcoming", "ongoing", "past"]}, "starts_on": day, "ends_on": day,
                "hours": STRING, "place": STRING, "address": STRING, "description": STRING,
                "url": {"type": "string", "format": "uri"}, "companies": {"type": "array", "items": company}})


def openapi() -> dict:
    boolean = {"type": "string", "enum": list(BOOLEAN)}
    return {
        "paths": {
            "/api/v1/vacancies": {"get": {
                "operationId": "lokerVacancies", "tags": ["Jobs"],
                "summary": "Open vacancies of verified employers, newest first",
                "parameters": [
                    query("q", {"type": "string", "minLength": QUERY_MIN, "maxLength": QUERY_MAX},
                          "Words in the title, the description or the company's name."),
                    query("sector", {"type": "string", "enum": list(dict(SECTORS))}, "KBLI 2020 section."),
                    query("kecamatan", {"type": "string", "maxLength": CODE_MAX},
                          "A kecamatan of the region by its code (e.g. 36.71.01) or its id."),
                    query("type", {"type": "string", "enum": list(dict(EMPLOYMENT_TYPES))},
                          "The schema.org employment type."),
                    query("remote", boolean, "`true`: only remote work; `false`: only work at a place."),
                    query("disability_friendly", boolean,
                          "`true`: only vacancies that welcome people with disabilities; `false`: only the others."),
                    query("closing_before", {"type": "string", "format": "date"},
                          "Only vacancies whose last day to apply is before this date."),
                    *PAGING],
                "responses": plain_responses(json_content(page_of("LokerVacancy"), "The data."), NOT_PUBLISHED),
            }},
            "/api/v1/vacancies/{vacancy_id}": {"get": {
                "operationId": "lokerVacancy", "tags": ["Jobs"],
                "summary": "One vacancy: open, or closed or expired (as its web page still shows it)",
                "parameters": [path("vacancy_id", {"type": "integer", "minimum": 0})],
                "responses": plain_responses(
                    json_content(ref("LokerVacancy"), "The data."),
                    "No public vacancy has this number, or vacancies are not published in this region.",
                    bad_request=False),
            }},
            "/api/v1/job-fairs": {"get": {
                "operationId": "lokerJobFairs", "tags": ["Jobs"],
                "summary": "Published job fairs with their companies, latest start first",
                "parameters": [query("when", {"type": "string", "enum": list(WHEN)},
                                     "`upcoming`: not yet over (ongoing ones too); `past`: over."), *PAGING],
                "responses": plain_responses(json_content(page_of("LokerJobFair"), "The data."), NOT_PUBLISHED),
            }},
        },
        "schemas": {"LokerVacancy": _job_posting_schema(), "LokerJobFair": _job_fair_schema()},
    }
