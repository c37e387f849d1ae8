"""Serambi: a civic super-app for Indonesian cities and regencies."""
from __future__ import annotations

import logging

from flask import Flask
from werkzeug.routing import IntegerConverter

from .config import ROOT, Config


class DatabaseInt(IntegerConverter):
    """`<int:…>` in a URL matches only numbers an id column can hold (32-bit on PostgreSQL), so a longer
    number is a plain 404 instead of a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class SerambiFlask(Flask):
    def send_static_file(self, filename: str):
        """Static files come from the in-memory fingerprinted, pre-compressed manifest."""
        from .core.assets import serve_static

        return serve_static(filename)


def create_app(config: object | None = None) -> Flask:
    """Build the app: settings, extensions, core blueprints, then every registered civic module."""
    app = SerambiFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.url_map.converters["int"] = DatabaseInt
    app.config.from_object(config if config is not None else Config())
    if app.config.get("SERAMBI_ENV") == "development" and not app.config.get("TESTING"):
        # Without a mail server, reset links and messages go to the log: show them in development.
        app.logger.setLevel(logging.INFO)
    if app.config.get("PROXY_FIX"):
        # Behind nginx: trust that many proxies for the client address, scheme and host (region by Host).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.config.setdefault("REGIONLESS_ENDPOINTS", ("static", "health.healthz", "health.ping"))

    from . import extensions as ext
    from .core.api import http as api_http
    from .core import (assets, auth_setup, badinput, cli, database, datasaver, errors, i18n, pagecache, regioncache,
                       regions, security, templating)

    database.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=str(ROOT / "migrations"))
    regioncache.init_app(app)
    regions.init_app(app)  # before CSRF: a CSRF error page is rendered in the region's layout
    pagecache.init_app(app)  # after the region is chosen: a stored page carries its region's version
    badinput.init_app(app)  # before CSRF and every view: a NUL character gets a 400, never a database error
    ext.csrf.init_app(app)
    ext.compress.init_app(app)
    ext.limiter.init_app(app)
    ext.babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    auth_setup.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    datasaver.init_app(app)
    cli.init_app(app)
    api_http.init_app(app)

    from .core.accounts import bp as accounts_bp
    from .core.api import bp as api_bp
    from .core.health import bp as health_bp
    from .core.home import bp as home_bp
    from .core.platform import bp as platform_bp
    from .core.pwa import bp as pwa_bp
    from .core.search import bp as search_bp
    from .core.staff import bp as staff_bp

    for blueprint in (health_bp, home_bp, accounts_bp, staff_bp, platform_bp, pwa_bp, search_bp, api_bp):
        app.register_blueprint(blueprint)
    from .core.privacy_views import bp as privacy_bp  # own data download and deletion, masks, retention CLI
    app.register_blueprint(privacy_bp)

    from .core.modules import register_modules

    register_modules(app)
    return app
