"""The data saver: pages without images, for people who pay for every megabyte.

It is on when the browser asks for less data (`Save-Data: on`, sent by Chrome's "Lite mode" and by data
saving settings on many phones) or when the person switched it on in the footer (cookie `hemat_data=1`).
The cookie wins both ways, so someone whose browser sends the header can still choose images
(`hemat_data=0`). Templates read `data_saver` and wrap every <img> in `{% if not data_saver %}`.

HTML responses say `Vary: Save-Data`, so a cache never hands a page with images to a browser that asked
for none (the cookie is not in Vary: pages are not cached by browsers, and the service worker goes to the
network first and never caches images that a page without images did not ask for).
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, g, has_request_context, redirect, request, url_for

from .accounts.services import safe_next

COOKIE = "hemat_data"
YEAR = 365 * 24 * 3600

bp = Blueprint("datasaver", __name__)


def header_asks() -> bool:
    """`Save-Data: on` (any case, parameters after a semicolon ignored)."""
    value = request.headers.get("Save-Data", "")
    return value.split(";", 1)[0].strip().lower() == "on"


def data_saver_on() -> bool:
    """Whether this request's pages leave out images: the cookie's choice, else the browser's header."""
    if not has_request_context():
        return False  # e-mails and commands: no reader's choice to follow
    cached = g.get("data_saver")
    if cached is not None:
        return cached
    choice = request.cookies.get(COOKIE)
    on = choice == "1" if choice in ("0", "1") else header_asks()
    g.data_saver = on
    return on


@bp.route("/hemat-data", methods=["GET", "POST"])
def switch():
    """The footer switch: remember the choice for a year and go back to the page it was made on.

    A GET form, like `?lang=`: the choice is a harmless preference, and a POST form would need a CSRF token
    on every page, giving every anonymous visitor a session cookie and every page `Vary: Cookie`.
    """
    choice = request.values.get("hemat_data", "")
    if choice not in ("0", "1"):
        abort(400)
    target = safe_next(request.values.get("next")) or url_for("home.index")
    response = redirect(target, 303)
    response.set_cookie(COOKIE, choice, max_age=YEAR, samesite="Lax", secure=request.is_secure, httponly=True)
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def decide():
        g.data_saver = None  # decided afresh for every request
        data_saver_on()

    @app.context_processor
    def expose():
        return {"data_saver": data_saver_on()}

    @app.after_request
    def vary(response):
        if response.mimetype == "text/html":
            response.vary.add("Save-Data")
        return response
