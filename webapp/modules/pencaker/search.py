"""What /cari finds in Pencaker: open vacancies of verified employers (by title, company or description) and
published job fairs that have not ended (by title, place or description).

Words match anywhere, in any case (LIKE, with %, _ and \\ taken literally). Results link to public pages.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...core.clock import region_today
from ...core.modules import SearchHit
from ...extensions import db
from ...core.search import like_pattern
from .models import Employer, JobFair, Vacancy
from .public_forms import QUERY_MAX, QUERY_MIN
from .views_public import newest_first, open_vacancies

KIND_VACANCY = _l("Vacancy")
KIND_FAIR = _l("Job fair")
SUMMARY_MAX = 160


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1].rstrip() + "…"


def vacancies(q: str, limit: int) -> list[SearchHit]:
    pattern = like_pattern(q)
    query = open_vacancies(region_today(), or_(
        Vacancy.title.ilike(pattern, escape="\\"), Employer.name.ilike(pattern, escape="\\"),
        Vacancy.description.ilike(pattern, escape="\\")))
    return [SearchHit(f"{v.title} · {v.employer.name}", url_for("pencaker.vacancy", vacancy_id=v.id),
                      _short(v.description), v.published_at, KIND_VACANCY)
            for v in db.session.execute(newest_first(query).limit(limit)).scalars()]


def fairs(q: str, limit: int) -> list[SearchHit]:
    pattern = like_pattern(q)
    query = (select(JobFair)
             .where(JobFair.published.is_(True), JobFair.ends_on >= region_today(),
                    or_(JobFair.title.ilike(pattern, escape="\\"), JobFair.place.ilike(pattern, escape="\\"),
                        JobFair.description.ilike(pattern, escape="\\")))
             .order_by(JobFair.starts_on, JobFair.id).limit(limit))
    return [SearchHit(f.title, url_for("pencaker.fair", slug=f.slug), _short(f.place), f.starts_on, KIND_FAIR)
            for f in db.session.execute(query).scalars()]


def search(query: str, limit: int) -> list[SearchHit]:
    """At most `limit` hits: job fairs first (there are few), then the newest vacancies."""
    q = (query or "").strip()[:QUERY_MAX]
    if len(q) < QUERY_MIN or limit <= 0:
        return []
    return (fairs(q, limit) + vacancies(q, limit))[:limit]
