"""Load, in gunicorn's master before it forks, what every worker would otherwise build for itself.

With `preload_app` the workers share the master's memory until they write to it. Templates are compiled,
translation catalogues read and the ORM's mappers configured on first use: done in each worker after the
fork, each worker holds its own private copy. Done here once, before the fork (and before `gc.freeze`),
the workers share it (webapp/gunicorn_conf.py calls `warm` from `when_ready`).
"""
from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, get_translations
from sqlalchemy.orm import configure_mappers


def warm(app: Flask) -> dict:
    """Compile every template, read every catalogue, configure the mappers; returns what it did."""
    configure_mappers()
    env = app.jinja_env
    compiled = failed = 0
    for name in env.list_templates():
        try:
            env.get_template(name)
            compiled += 1
        except Exception:  # not a template of ours to render (a static file among them): used as it is
            failed += 1
    locales = list(app.config.get("LANGUAGES") or {})
    with app.test_request_context("/"):
        for code in locales:
            with force_locale(code):
                get_translations()
    return {"templates": compiled, "skipped": failed, "locales": locales}
