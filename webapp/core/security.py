"""Security headers on every response: a Content-Security-Policy without inline script, a Permissions-Policy
that switches off the browser features no page uses, HSTS over HTTPS, and the anti-sniffing and anti-framing
headers.

A page that needs a feature (the report form's "use my location" button needs geolocation) says so with
`@allows_feature("geolocation")` on its view. Browsers apply a Permissions-Policy once, when a document
loads; htmx's boosted navigation swaps the page into the document already open, which may not allow the
feature. So a boosted (or history-restoring) htmx request for such a page is answered with `HX-Redirect`,
and htmx loads it as a new document.
"""
from __future__ import annotations

from flask import Flask, current_app, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # the region's theme colour is one inline custom property
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
])

# Powerful features that no page uses are off everywhere, so neither an injected script nor a page that frames
# ours can use them. No camera is needed for photos: `<input type="file" capture>` opens the phone's camera app
# through the file picker, which no policy governs.
FEATURES_OFF = ("accelerometer", "camera", "display-capture", "gyroscope", "hid", "magnetometer", "microphone",
                "midi", "payment", "serial", "usb")
# Features a page may be allowed with @allows_feature (same origin only); off on every other page.
FEATURES_PER_PAGE = ("geolocation",)
HSTS = "max-age=31536000; includeSubDomains"


def allows_feature(*features: str):
    """View decorator: this page may use `features` (e.g. "geolocation"); every other page may not."""
    unknown = set(features) - set(FEATURES_PER_PAGE)
    if unknown:
        raise ValueError(f"not a per-page feature: {', '.join(sorted(unknown))}")

    def mark(view):
        view.allowed_features = frozenset(features)
        return view

    return mark


def page_features() -> frozenset[str]:
    """The features the view answering this request allows (@allows_feature)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "allowed_features", frozenset())


def permissions_policy(allowed: frozenset[str]) -> str:
    parts = [f"{name}=()" for name in FEATURES_OFF]
    parts += [f"{name}=(self)" if name in allowed else f"{name}=()" for name in FEATURES_PER_PAGE]
    return ", ".join(sorted(parts))


def _swaps_whole_page() -> bool:
    """An htmx request that would put a whole page into the document already open (boost, history restore)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and (
        headers.get("HX-Boosted") == "true" or headers.get("HX-History-Restore-Request") == "true")


def init_app(app: Flask) -> None:
    @app.before_request
    def load_pages_with_features_as_new_documents():
        if request.method == "GET" and page_features() and _swaps_whole_page():
            return "", 200, {"HX-Redirect": request.full_path.rstrip("?"), "Cache-Control": "no-store",
                             "Vary": "HX-Request, HX-Boosted, HX-History-Restore-Request"}
        return None

    @app.after_request
    def headers(response):
        h = response.headers
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Permissions-Policy", permissions_policy(page_features()))
        if request.is_secure:  # behind nginx, ProxyFix (SERAMBI_PROXY_FIX) makes this follow X-Forwarded-Proto
            h.setdefault("Strict-Transport-Security", HSTS)
        if response.mimetype == "text/html":
            h.setdefault("Content-Security-Policy", CSP)
        return response
