"""Input that no page can use, refused before any view runs.

A NUL character (sent as %00 in an address or a form field) is never part of a name, a slug, a code or a
text anybody typed, and PostgreSQL cannot store or even compare text that holds one: a query with it fails
with a database error. Such a request gets the translated 400 page instead (an Open311 error under /open311/,
through `core.errors`); the JSON API under /api/ checks its parameters itself and names the one at fault.
"""
from __future__ import annotations

from flask import Flask, abort, request


def _has_nul(pairs) -> bool:
    return any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in pairs)


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        if request.path.startswith("/api/"):
            return  # the JSON API answers with the parameter at fault itself (core/api/http.py text_param)
        if "\x00" in request.path or _has_nul(request.args.items(multi=True)):
            abort(400)
        if request.method in ("POST", "PUT", "PATCH") and _has_nul(request.form.items(multi=True)):
            abort(400)
