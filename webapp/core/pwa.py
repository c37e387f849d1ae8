"""The installable app shell of each region: web manifest, icons, logo, service worker and /offline.

Everything here is per region (chosen by host): the manifest carries the region's name and colour, the
icons are drawn from its logo or its initials, and the service worker precaches that region's shell.
The service worker's version is a hash of its own text, which lists the fingerprinted shell assets and
the icons' version, so a deploy that changes any of them (or the worker code) installs a new worker.
"""
from __future__ import annotations

import hashlib
import io
import json
from functools import lru_cache

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .assets import asset_url
from .modules import enabled_modules
from .rendering import render
from .templating import region_text_color
from .uploads import UnsafePath, open_upload, send_upload, upload_path

bp = Blueprint("pwa", __name__)

DAY = 24 * 3600
ICON_SIZES = (192, 512)
SHELL_ASSETS = ("css/app.css", "js/htmx-4.0.1.min.js", "js/app.js", "icons/sprite.svg")
SHORT_NAME_MAX = 12  # what fits under an icon on a phone's home screen
VERSION_PLACEHOLDER = "@@version@@"
VERSIONED_ENDPOINTS = {"pwa.icon", "pwa.maskable_icon", "pwa.logo"}

# The service worker's page cache: what a person can read offline, kept small on a cheap phone.
PAGE_CACHE_MAX = 50  # pages; the longest-stored go first
PAGE_CACHE_DAYS = 7  # an older page is dropped, and never shown as if it were current
REFRESH_MINUTES = 30  # offline_pages() and a person's own pages are fetched again at most this often
OWN_PAGES_MAX = 20  # a person's own report pages the worker remembers, to keep them refreshed
# Pages of a person's own submissions, by module: opening one (e.g. landing on it after filing) makes the
# worker remember it and keep it fresh, with the report's public page. Signed-in pages stay private: never stored.
OWN_PAGES = {"aspirasi": r"^/aspirasi/\d+(?=(/terkirim)?$)"}


def short_name(region) -> str:
    """The name under the home-screen icon: the `short_name` setting, or the name without 'Kota'/'Kabupaten'.

    'Kota Tangerang' -> 'Tangerang'; 'Kabupaten Bandung Barat' -> 'Bandung B.'.
    """
    chosen = (region.settings or {}).get("short_name")
    if chosen:
        return chosen[:SHORT_NAME_MAX]
    words = region.name.split()
    if len(words) > 1 and words[0].lower() in {"kota", "kabupaten", "kab.", "kab"}:
        words = words[1:]
    name = " ".join(words)
    if len(name) > SHORT_NAME_MAX and len(words) > 1:
        name = words[0] + " " + "".join(w[0] + "." for w in words[1:])
    return name if len(name) <= SHORT_NAME_MAX else name[:SHORT_NAME_MAX - 1] + "…"


def icon_version(region) -> str:
    """Changes whenever what the icons are drawn from changes (colour, logo, initials)."""
    source = f"{region.theme_color}|{region.logo or ''}|{region.initials}"
    return hashlib.sha256(source.encode()).hexdigest()[:8]


@bp.url_defaults
def _version_icon_urls(endpoint, values):
    # A version in the query string lets browsers keep icons for a day and still see a new colour at once.
    region = g.get("region")
    if endpoint in VERSIONED_ENDPOINTS and "v" not in values and region is not None:
        values["v"] = icon_version(region)


def _logo_image(logo: str | None) -> Image.Image | None:
    if not logo:
        return None
    try:
        with open_upload(logo) as file:
            image = Image.open(file)
            image.load()
        return image.convert("RGBA")
    except (OSError, UnsafePath, Image.DecompressionBombError):
        current_app.logger.warning("region logo %s cannot be read; drawing initials instead", logo)
        return None


def _draw_initials(colour: str, initials: str, size: int, purpose: str) -> Image.Image:
    canvas = Image.new("RGB", (size, size), colour)
    # Maskable icons are cropped to a circle of 80% of the width by launchers: keep the text inside it.
    font = ImageFont.load_default(size=int(size * (0.3 if purpose == "maskable" else 0.42)))
    ink = region_text_color(colour)
    ImageDraw.Draw(canvas).text((size / 2, size / 2), initials, fill=ink, font=font, anchor="mm",
                                stroke_width=max(1, size // 96), stroke_fill=ink)
    return canvas


def _draw_logo(logo: Image.Image, size: int, purpose: str) -> Image.Image:
    canvas = Image.new("RGB", (size, size), "#ffffff")
    mark = logo.copy()
    box = int(size * (0.56 if purpose == "maskable" else 0.86))
    mark.thumbnail((box, box), Image.Resampling.LANCZOS)
    canvas.paste(mark, ((size - mark.width) // 2, (size - mark.height) // 2), mark)
    return canvas


@lru_cache(maxsize=128)
def render_icon(region_id: int, logo: str | None, colour: str, initials: str, size: int, purpose: str) -> bytes:
    """PNG bytes of one icon, drawn once per (region, logo, colour, size, purpose) and kept in memory."""
    image = _logo_image(logo)
    canvas = _draw_logo(image, size, purpose) if image else _draw_initials(colour, initials, size, purpose)
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _cached_response(body: bytes, mimetype: str, cache_control: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Cache-Control"] = cache_control
    response.add_etag()
    return response.make_conditional(request)


def _icon_response(size: int, purpose: str):
    if size not in ICON_SIZES:
        abort(404)
    region = g.region
    body = render_icon(region.id, region.logo, region.theme_color, region.initials, size, purpose)
    return _cached_response(body, "image/png", f"public, max-age={DAY}")


@bp.get("/icons/icon-<int:size>.png")
def icon(size: int):
    """The region's icon for general use (favicon, home screen), 192 or 512 pixels square."""
    return _icon_response(size, "any")


@bp.get("/icons/maskable-<int:size>.png")
def maskable_icon(size: int):
    """The region's icon with safe-zone padding, for launchers that crop icons into their own shape."""
    return _icon_response(size, "maskable")


@bp.get("/logo")
def logo():
    """The region's uploaded logo, or 404 when it has none."""
    return send_upload(g.region.logo, f"public, max-age={DAY}")


def manifest_data(region) -> dict:
    """The web app manifest of `region`, in the language of the current request."""
    icons = [
        {"src": url_for("pwa.icon", size=size), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in ICON_SIZES
    ]
    icons.append({"src": url_for("pwa.maskable_icon", size=512), "sizes": "512x512", "type": "image/png",
                  "purpose": "maskable"})
    return {
        "id": "/",
        "name": region.name,
        "short_name": short_name(region),
        "description": region.tagline or _("Public services of %(region)s in one place", region=region.name),
        "lang": str(get_locale()),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": region.theme_color,
        "background_color": "#ffffff",
        "categories": ["government"],
        "icons": icons,
    }


@bp.get("/manifest.webmanifest")
def manifest():
    """The manifest that makes the region's site installable; translated, revalidated on every use."""
    body = json.dumps(manifest_data(g.region), ensure_ascii=False, separators=(",", ":"))
    response = _cached_response(body.encode(), "application/manifest+json", "no-cache")
    response.vary.update(("Accept-Language", "Cookie"))  # the name and description are translated
    return response


def shell_urls(region) -> list[str]:
    """What the service worker stores at install: the fingerprinted shell assets, the icons and the outbox page."""
    urls = [asset_url(path) for path in SHELL_ASSETS]
    urls += outbox_shell()
    urls += [url_for("pwa.icon", size=size) for size in ICON_SIZES]
    urls.append(url_for("pwa.maskable_icon", size=512))
    try:
        if region.logo and upload_path(region.logo).is_file():
            urls.append(url_for("pwa.logo"))
    except UnsafePath:
        pass
    return urls


def offline_pages() -> list[str]:
    """Public pages fetched into the page cache at install and again while online (every REFRESH_MINUTES at most),
    so they open offline without a first visit."""
    pages = [url_for("home.index")]
    for module in enabled_modules():
        pages += [url for url in module.offline_urls if url not in pages]
    return pages


def own_pages_pattern() -> str:
    """A JavaScript regular expression for the paths of a person's own pages in the enabled modules.

    It matches the public page of the submission (`/aspirasi/12`), also inside a longer path that
    belongs to it (`/aspirasi/12/terkirim`), so the worker keeps both. `^$` matches no path at all.
    """
    names = {module.name for module in enabled_modules()}
    return "|".join(pattern for name, pattern in OWN_PAGES.items() if name in names) or "^$"


def service_worker_source(region) -> str:
    """The service worker's text for `region`, versioned by a hash of everything else in it."""
    text = render_template("pwa/sw.js", version=VERSION_PLACEHOLDER, shell=shell_urls(region),
                           pages=offline_pages(), offline=url_for("pwa.offline"), own=own_pages_pattern(),
                           max_pages=PAGE_CACHE_MAX, max_days=PAGE_CACHE_DAYS, refresh_minutes=REFRESH_MINUTES,
                           own_max=OWN_PAGES_MAX, outbox=outbox_worker_url())
    version = hashlib.sha256(text.encode()).hexdigest()[:10]
    return text.replace(VERSION_PLACEHOLDER, version)


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from the root so it may control every page, and never cached stale."""
    response = _cached_response(service_worker_source(g.region).encode(), "text/javascript", "no-cache")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
def offline():
    """Shown by the service worker in place of a page that is neither reachable nor stored."""
    return render("pwa/offline.html")


# The outbox: forms sent without a connection wait on the phone and are sent when it returns

def outbox_shell() -> list[str]:
    """The outbox page and its script, stored at install so the page opens offline (it holds no personal data:
    the list is read from the phone by its script)."""
    return [url_for("pwa.outbox"), asset_url("js/outbox.js")]


def outbox_config() -> dict:
    """What the outbox part of the service worker needs to know: where the outbox, the offline page and the
    sign-in page are, and which POSTs may wait (`OfflineForm`s of the enabled modules). No words: the pages say
    those, in the language of whoever reads them."""
    forms = [[form.path, form.side_step] for module in enabled_modules() for form in module.offline_forms]
    return {"page": url_for("pwa.outbox"), "offline": url_for("pwa.offline"), "login": url_for("accounts.login"),
            "forms": forms}


def outbox_worker_source() -> str:
    """The outbox script for the current region: the same for every visitor and language."""
    return render_template("pwa/sw-outbox.js", config=outbox_config())


def outbox_worker_url() -> str:
    """The outbox script's URL for `importScripts`, versioned by its text: a change there changes sw.js too."""
    digest = hashlib.sha256(outbox_worker_source().encode()).hexdigest()[:10]
    return url_for("pwa.outbox_worker", v=digest)


@bp.get("/sw-outbox.js")
def outbox_worker():
    """The service worker's outbox part (imported by /sw.js), for the current region."""
    return _cached_response(outbox_worker_source().encode(), "text/javascript", "no-cache")


def outbox_kinds() -> list[list[str]]:
    """[path pattern, module label] of every form that may wait, for the outbox page to say what each item is."""
    return [[form.path, str(module.label)] for module in enabled_modules() for form in module.offline_forms]


@bp.get("/antrean")
def outbox():
    """The outbox page. The same for everyone (the list lives on the phone), so the service worker keeps it to
    show offline; `private` keeps it out of shared caches all the same."""
    response = render("pwa/outbox.html", kinds=outbox_kinds())
    response.headers["Cache-Control"] = "private, no-cache"
    return response
