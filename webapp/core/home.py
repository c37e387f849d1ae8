"""The Live home: a strip and a card from every module the region has switched on.

Order and visibility are region settings (`region.settings["home"]`: `order`, a list of module names, and
`hidden`, names whose card stays off the home page; see staff/home_cards.py). Modules missing from `order`
follow in registry order. Strips (e.g. current announcements) come first, in the same order; a module whose
card is hidden keeps its strip, since a strip only shows while it has something to say.

Isolation: each card and strip renders on its own. One that raises is logged and becomes a small "not
available now" note (a strip simply disappears); the database session is rolled back so the next card
still works on PostgreSQL. The page answers 200 whatever a module does.

Slow cards: a per-card timeout would need the card to run in another thread, and a thread cannot share
the request's database session, region and language safely in this synchronous app. So instead:
  * every card's and strip's render time is measured, and one slower than `HOME_CARD_TIMEOUT` seconds
    (default 1.5) is logged as a warning;
  * a rendered card is kept in a small in-process cache for `HOME_CARD_CACHE_SECONDS` (default 60, 0 in
    tests), keyed by region, module, language and data saver, so a slow card costs one visitor a minute
    instead of every visitor. A card that failed *slowly* is remembered as failed for the same time (so a
    data source that hangs is not waited for again by everyone); a quick failure is retried next time.
Only anonymous visitors' renderings are cached and served from the cache (a signed-in person may see
things meant for them, and staff should see their edits at once), and a rendering that carries a CSRF
token is never cached (the token belongs to one visitor's session).
"""
from __future__ import annotations

import threading
import time

from flask import Blueprint, current_app, g, render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from ..extensions import db
from .datasaver import data_saver_on
from .modules import enabled_modules
from .rendering import render

bp = Blueprint("home", __name__)

CACHE_MAX = 512  # entries; regions × modules × languages × data saver stays far below this
_cache: dict[tuple, tuple[float, Markup | None]] = {}
_lock = threading.Lock()


def home_settings(region=None) -> dict:
    """The region's home settings: {"order": [names], "hidden": [names]} (either may be missing)."""
    region = region if region is not None else g.get("region")
    settings = (region.settings or {}) if region is not None else {}
    home = settings.get("home")
    return home if isinstance(home, dict) else {}


def ordered(modules: list, order: list | None) -> list:
    """`modules` in the order of the names in `order`; the others follow in their own (registry) order."""
    rank = {name: i for i, name in enumerate(order or []) if isinstance(name, str)}
    return sorted(modules, key=lambda m: (rank.get(m.name, len(rank)), modules.index(m)))


def home_modules() -> tuple[list, list]:
    """(modules with a strip, modules with a card shown) for the current region, in the region's order."""
    settings = home_settings()
    modules = ordered(enabled_modules(), settings.get("order"))
    hidden = set(settings.get("hidden") or [])
    return ([m for m in modules if m.strip_template],
            [m for m in modules if m.card_template and m.name not in hidden])


# The short-lived cache of rendered cards

def _cache_key(kind: str, module) -> tuple | None:
    """Where this visitor's rendering may be cached, or None when it must not be."""
    if current_app.config.get("HOME_CARD_CACHE_SECONDS", 0) <= 0 or current_user.is_authenticated:
        return None
    region = g.get("region")
    return (kind, region.id if region is not None else None, module.name, str(get_locale()), data_saver_on())


def _cached(key) -> tuple[bool, Markup | None]:
    if key is None:
        return False, None
    with _lock:
        entry = _cache.get(key)
    if entry is None or entry[0] < time.monotonic():
        return False, None
    return True, entry[1]


def _store(key, html: Markup | None) -> None:
    if key is None or (html is not None and "csrf_token" in html):
        return
    now = time.monotonic()
    with _lock:
        if len(_cache) >= CACHE_MAX:
            for old in [k for k, (until, _html) in _cache.items() if until < now]:
                del _cache[old]
            if len(_cache) >= CACHE_MAX:
                _cache.clear()
        _cache[key] = (now + current_app.config["HOME_CARD_CACHE_SECONDS"], html)


def clear_cache() -> None:
    """Forget every cached card and strip."""
    with _lock:
        _cache.clear()


# Rendering one piece in isolation

def render_piece(kind: str, module, template: str, context_of, skip_empty: bool = False) -> Markup | None:
    """`template` rendered with `context_of()`; None when it failed (or, with `skip_empty`, had nothing)."""
    key = _cache_key(kind, module)
    hit, html = _cached(key)
    if hit:
        return html
    started = time.perf_counter()
    failed = False
    try:
        context = context_of() if context_of else {}
        if skip_empty and not context:
            html = None
        else:
            html = Markup(render_template(template, module=module, **context))
            if skip_empty and not html.strip():
                html = None
    except Exception:
        current_app.logger.exception("home %s of module %s failed", kind, module.name)
        db.session.rollback()  # a failed statement must not break the next module's queries
        html, failed = None, True
    elapsed = time.perf_counter() - started
    slow = elapsed > current_app.config.get("HOME_CARD_TIMEOUT", 1.5)
    if slow:
        current_app.logger.warning("home %s of module %s took %.2f s", kind, module.name, elapsed)
    if not failed or slow:
        _store(key, html)
    return html


def render_strips(modules: list) -> list[Markup]:
    """Each module's strip; a strip with nothing to say, or one that fails, shows nothing."""
    strips = []
    for module in modules:
        html = render_piece("strip", module, module.strip_template, module.strip_context, skip_empty=True)
        if html is not None:
            strips.append(html)
    return strips


def render_cards(modules: list | None = None) -> list[dict]:
    """Each module's card rendered on its own; a failing card becomes a small note, never a broken page."""
    if modules is None:
        modules = [m for m in enabled_modules() if m.card_template]
    return [{"module": m, "html": render_piece("card", m, m.card_template, m.card_context)} for m in modules]


@bp.get("/")
def index():
    strips, cards = home_modules()
    return render("home.html", strips=render_strips(strips), cards=render_cards(cards))
