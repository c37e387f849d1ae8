"""`/cari`: one search box over every module the region has switched on, results grouped by module.

Each module answers through its `search(query, limit)` hook (see modules.CivicModule) with public things
only. A module whose search fails is skipped with a note, like a home card. Works as a plain GET form;
with htmx the results are swapped in place (block "results").
"""
from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _

from ..extensions import db, limiter
from .modules import enabled_modules
from .rendering import render

bp = Blueprint("search", __name__)

QUERY_MIN = 2
QUERY_MAX = 100
PER_MODULE = 5
# A module's own list that searches further: (endpoint, query-string argument).
MORE = {"berita": ("berita.index", "q"), "aspirasi": ("aspirasi.index", "q"), "pencaker": ("pencaker.index", "q")}


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with %, _ and the escape character taken literally (use
    `escape="\\"` in the query)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def more_url(module, query: str) -> str | None:
    """The module's own search for `query`, when it has one."""
    target = MORE.get(module.name)
    if target is None or target[0] not in current_app.view_functions:
        return None
    return url_for(target[0], **{target[1]: query})


def check_query(raw: str) -> tuple[str, str | None]:
    """The query trimmed (inner runs of white space made one), and what is wrong with it, if anything."""
    query = " ".join(raw.split())
    if query and len(query) < QUERY_MIN:
        return query, _("Please type at least %(num)d characters.", num=QUERY_MIN)
    if len(query) > QUERY_MAX:
        return query, _("Please type at most %(num)d characters.", num=QUERY_MAX)
    return query, None


def search_modules(query: str, limit: int = PER_MODULE) -> tuple[list[dict], list]:
    """([{module, hits, more}] for modules with results, [modules whose search failed]), in registry order."""
    groups, failed = [], []
    for module in enabled_modules():
        if module.search is None:
            continue
        try:
            hits = list(module.search(query, limit + 1))  # one more: is there anything beyond the list?
        except Exception:
            current_app.logger.exception("search of module %s failed", module.name)
            db.session.rollback()
            failed.append(module)
            continue
        if hits:
            more = more_url(module, query) if len(hits) > limit else None
            groups.append({"module": module, "hits": hits[:limit], "more": more})
    return groups, failed


@bp.get("/cari")
@limiter.limit("60 per minute")
def index():
    """The search form, and with `q` the results of every module; a bad query gets a hint and a 400."""
    query, problem = check_query(request.args.get("q", "")[:QUERY_MAX * 4])
    groups, failed = [], []
    if query and problem is None:
        groups, failed = search_modules(query)
    return render("search/index.html", block="results", status=400 if problem else 200, query=query,
                  problem=problem, groups=groups, failed=failed, searched=bool(query) and problem is None)
