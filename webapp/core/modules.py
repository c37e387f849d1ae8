"""What a civic module declares, and how the app mounts it.

A module is a package `webapp/modules/<name>/` exposing `module = CivicModule(...)`. Its blueprint is
named after the folder, its templates live in `templates/<name>/` inside the package, and its URLs
return 404 in regions that have not enabled it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import Blueprint, Flask, abort, g


@dataclass(frozen=True)
class StaffLink:
    endpoint: str
    label: object  # a lazy string
    roles: tuple[str, ...]
    # other endpoint prefixes whose pages belong to this entry (besides "<endpoint>_…"), for the menu's mark
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """One result of a module's search for /cari: a title linking somewhere, a short text and a date."""

    title: str
    url: str
    summary: str = ""
    when: object = None  # a date or datetime, shown when set
    kind: object = ""  # a lazy label of what it is, e.g. "News", "Public report"


@dataclass(frozen=True)
class OfflineForm:
    """A form a person may send without a connection: it waits on the phone (the outbox) and is sent when the
    connection returns. Only forms with a one-time key belong here, so a repeat creates nothing twice."""

    path: str  # a regular expression for the POST's path, read alike by Python and JavaScript
    side_step: str = ""  # a field sent by a button that only checks or previews ("check for similar"): never kept


@dataclass(frozen=True)
class Dataset:
    """An open data set the module publishes under /api/v1/, listed on /data with its licence.

    `licence` returns (name, url) for the current region; `examples` are paths a reader can open as is.
    """

    slug: str
    title: object  # lazy string
    description: object  # lazy string
    examples: tuple[str, ...]
    licence: Callable[[], tuple[str, str]] | None = None  # default: the region's open-data licence


@dataclass(frozen=True)
class CivicModule:
    name: str
    label: object  # lazy_gettext string for the navigation
    icon: str  # an id in static/icons/sprite.svg
    blueprint: Blueprint
    endpoint: str  # the module's landing page, for the navigation
    card_template: str | None = None  # home-page card, rendered with `card_context`
    card_context: Callable[[], dict] | None = None
    staff_links: tuple[StaffLink, ...] = ()
    seed_demo: Callable[[object], None] | None = None  # called with the region inside region_context
    default_enabled: bool = True
    offline_urls: tuple[str, ...] = field(default_factory=tuple)  # refreshed into the offline cache
    # search(query, limit) -> [SearchHit]: what /cari shows under this module's heading
    search: Callable[[str, int], list[SearchHit]] | None = None
    # a strip above the home cards (e.g. current announcements), isolated like a card
    strip_template: str | None = None
    strip_context: Callable[[], dict] | None = None
    offline_forms: tuple[OfflineForm, ...] = ()  # what may wait in the outbox while offline
    datasets: tuple[Dataset, ...] = ()  # open data under /api/v1/, listed on /data
    # openapi() -> {"paths": {...}, "schemas": {...}}: the module's part of /api/openapi.json
    openapi: Callable[[], dict] | None = None
    # what it holds about people: a core.privacy.PersonalData (export, erase, retention)
    personal_data: object | None = None

    def __post_init__(self):
        _guard(self)


def enabled_modules() -> list[CivicModule]:
    """The modules the current region has switched on, in registry order."""
    from ..modules import MODULES

    region = g.get("region")
    if region is None:
        return []
    return [m for m in MODULES if region.module_enabled(m.name)]


def register_modules(app: Flask) -> None:
    from ..modules import MODULES

    for module in MODULES:
        app.register_blueprint(module.blueprint)
    app.extensions["serambi_modules"] = {m.name: m for m in MODULES}
    app.jinja_env.globals["enabled_modules"] = enabled_modules


def _guard(module: CivicModule) -> None:
    if getattr(module.blueprint, "_region_guard", False):
        return
    module.blueprint._region_guard = True

    @module.blueprint.before_request
    def only_where_enabled():
        region = g.get("region")
        if region is None or not region.module_enabled(module.name):
            abort(404)
