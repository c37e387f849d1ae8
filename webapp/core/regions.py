"""Choosing the region for a request from its Host header, and the per-request `g.region`."""
from __future__ import annotations

from flask import Flask, g, render_template, request
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


def init_app(app: Flask) -> None:
    @app.before_request
    def load_region():
        if request.endpoint in app.config.get("REGIONLESS_ENDPOINTS", ()):
            g.region = None
            return None
        g.region = region_for_host(request.host)
        if g.region is None:
            raise UnknownHost(request.host)
        return None

    @app.errorhandler(UnknownHost)
    def unknown_host(exc):
        # Deliberately plain: no region's name, colours or data may leak to a host no region claims.
        return render_template("errors/unknown_host.html"), 404, {"Vary": "Host"}

    @app.context_processor
    def inject_region():
        return {"region": g.get("region")}
