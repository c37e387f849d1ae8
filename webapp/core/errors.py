"""Translated error pages in the site's layout, and JSON errors for API clients."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, make_response, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from .rendering import render

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Please go back, check what you entered and try again.")),
    403: (_l("You may not open this page"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("That action is not allowed here"), _l("Please use the buttons and links on the page.")),
    413: (_l("What you sent is too large"), _l("Please send smaller files, or fewer at once.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before you try again.")),
    500: (_l("Something went wrong on our side"), _l("The error has been recorded. Please try again in a little while.")),
}


# (path prefix, formatter(code, detail) -> response): an API with its own error format (Open311) registers
# here, so even a 404 for an unknown URL or a 405 under its prefix answers in that format.
ERROR_FORMATS: list[tuple[str, object]] = []


def register_error_format(prefix: str, formatter) -> None:
    if all(existing != prefix for existing, _ in ERROR_FORMATS):
        ERROR_FORMATS.append((prefix, formatter))


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def render_error(code: int, hint: str | None = None, template: str = "errors/error.html", **context):
    title, default_hint = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    for prefix, formatter in ERROR_FORMATS:
        if request.path.startswith(prefix):
            return formatter(code, str(hint or title))
    if _wants_json():
        return {"error": {"code": code, "message": str(title), "detail": str(hint or default_hint)}}, code
    if g.get("region") is None:
        return f"{code} {title}", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render(template, block=None, status=code, code=code, title=title, hint=hint or default_hint, **context)


def _same_origin() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        # An expired token on our own form: offer to send the same fields again with a fresh token,
        # so nothing typed is lost. A cross-site post gets only the plain error.
        fields = []
        if request.method == "POST" and _same_origin():
            fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
        return render_error(400, template="errors/csrf.html", fields=fields, action=request.full_path.rstrip("?"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        response = make_response(render_error(exc.code))
        for name, value in exc.get_headers():  # e.g. a 405's Allow, a 429's Retry-After
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
