"""Fingerprinted static files, served compressed with one-year immutable cache headers.

At start-up every file under static/ is hashed once; `asset_url('css/app.css')` gives
`/static/css/app.3f9a1c2b7d.css`. The fingerprinted name is served with `immutable`, the plain name with
a short lifetime. Text files are compressed once in memory (gzip, and brotli when available). This is a
few dozen lines instead of a build step, so it works the same on shared hosting, where no build runs.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, abort, current_app, request, url_for
from werkzeug.wrappers import Response

try:
    import brotli
except ImportError:  # pragma: no cover - brotli comes with Flask-Compress
    brotli = None

COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".webmanifest", ".xml", ".html"}
FINGERPRINT = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
YEAR = 365 * 24 * 3600


@dataclass
class Asset:
    path: str
    digest: str
    body: bytes
    mimetype: str
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def fingerprinted(self) -> str:
        stem, dot, ext = self.path.rpartition(".")
        return f"{stem}.{self.digest}.{ext}" if dot else f"{self.path}.{self.digest}"


class AssetManifest:
    """All static files, read and hashed once."""

    def __init__(self, root: Path):
        self.root = root
        self.assets: dict[str, Asset] = {}
        for file in sorted(root.rglob("*")):
            if file.is_file():
                self._add(file)

    def _add(self, file: Path) -> None:
        rel = file.relative_to(self.root).as_posix()
        body = file.read_bytes()
        mimetype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".js":
            mimetype = "text/javascript"
        asset = Asset(rel, hashlib.sha256(body).hexdigest()[:10], body, mimetype)
        if file.suffix in COMPRESSIBLE and len(body) > 256:
            asset.encoded["gzip"] = gzip.compress(body, 9, mtime=0)
            if brotli is not None:
                asset.encoded["br"] = brotli.compress(body, quality=11)
        self.assets[rel] = asset

    def lookup(self, filename: str) -> tuple[Asset | None, bool]:
        """The asset for a plain or fingerprinted name, and whether the name was fingerprinted."""
        if filename in self.assets:
            return self.assets[filename], False
        match = FINGERPRINT.match(filename)
        if match:
            asset = self.assets.get(match["stem"] + match["ext"])
            if asset is not None and asset.digest == match["hash"]:
                return asset, True
        return None, False


def manifest() -> AssetManifest:
    return current_app.extensions["serambi_assets"]


def asset_url(path: str) -> str:
    asset = manifest().assets.get(path)
    if asset is None:
        raise KeyError(f"no static file {path!r}")
    return url_for("static", filename=asset.fingerprinted)


def asset_size(path: str, encoding: str = "gzip") -> int:
    asset = manifest().assets[path]
    return len(asset.encoded.get(encoding, asset.body))


def serve_static(filename: str) -> Response:
    """Flask's `static` endpoint lands here (see `SerambiFlask.send_static_file`)."""
    asset, immutable = manifest().lookup(filename)
    if asset is None:
        abort(404)
    etag = f'"{asset.digest}"'
    response = Response(mimetype=asset.mimetype)
    response.headers["ETag"] = etag
    response.headers["X-Content-Type-Options"] = "nosniff"
    if immutable:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Accept-Encoding")
    if request.headers.get("If-None-Match") == etag:
        response.status_code = 304
        return response
    body = asset.body
    for encoding in ("br", "gzip"):
        if encoding in asset.encoded and encoding in request.accept_encodings:
            body = asset.encoded[encoding]
            response.headers["Content-Encoding"] = encoding
            break
    response.set_data(body)
    return response


def init_app(app: Flask) -> None:
    app.extensions["serambi_assets"] = AssetManifest(Path(app.static_folder))
    app.jinja_env.globals["asset_url"] = asset_url
