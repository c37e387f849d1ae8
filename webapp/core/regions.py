"""Choosing the region for a request from its Host header, and the per-request `g.region`.

A suspended region (Region.suspended_at, set on the platform pages) answers every request on its hosts
with a plain, translated 503 page that shows nothing of the region, except the platform pages, so that a
platform admin signed in there can still reach it (and lift the suspension).
"""
from __future__ import annotations

from flask import Flask, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from .models import Region, RegionHost


def normalise_host(host: str) -> str:
    """'Tangerang.Example.ID:443' -> 'tangerang.example.id'."""
    host = (host or "").strip().lower()
    if host.startswith("["):  # IPv6 literal
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def region_for_host(host: str) -> Region | None:
    """The region serving `host`. An install with exactly one region serves it on any host."""
    host = normalise_host(host)
    region = db.session.execute(
        select(Region).join(RegionHost).where(RegionHost.host == host)
    ).scalar_one_or_none()
    if region is not None:
        return region
    if db.session.execute(select(func.count(Region.id))).scalar_one() == 1:
        return db.session.execute(select(Region)).scalar_one()
    return None


class UnknownHost(Exception):
    """No region answers to this host name."""


class RegionSuspended(Exception):
    """The region of this host is suspended by a platform admin."""


SUSPENDED_HINT = _l("This service is temporarily unavailable. Please try again later.")
# Pages a suspended region still serves: the platform administration (to lift the suspension).
OPEN_WHILE_SUSPENDED = ("platform.",)


def open_while_suspended(endpoint: str | None) -> bool:
    return bool(endpoint) and endpoint.startswith(OPEN_WHILE_SUSPENDED)


def init_app(app: Flask) -> None:
    @app.before_request
    def load_region():
        if request.endpoint in app.config.get("REGIONLESS_ENDPOINTS", ()):
            g.region = None
            return None
        cache = app.extensions.get("region_cache")
        if cache is None:
            g.region = region_for_host(request.host)
        else:
            g.region, g.region_cached = cache.region_for_host(normalise_host(request.host), region_for_host)
        if g.region is None:
            raise UnknownHost(request.host)
        if g.region.suspended_at is not None and not open_while_suspended(request.endpoint):
            raise RegionSuspended(g.region.slug)
        return None

    @app.errorhandler(UnknownHost)
    def unknown_host(exc):
        # Deliberately plain: no region's name, colours or data may leak to a host no region claims.
        return render_template("errors/unknown_host.html"), 404, {"Vary": "Host"}

    @app.errorhandler(RegionSuspended)
    def region_suspended(exc):
        # A page of its own, like the unknown-host one: no layout, so no name, menu, colours or cards of the
        # region (and never another region's); JSON and Open311 clients get their own format.
        from .errors import render_error

        response = make_response(render_error(503, hint=str(SUSPENDED_HINT), template="errors/suspended.html",
                                              standalone=True))
        response.cache_control.no_store = True
        response.vary.add("Host")
        return response

    @app.context_processor
    def inject_region():
        return {"region": g.get("region")}
