"""A short-lived cache of public pages for visitors without a session, with invalidation on every write.

Most visits are anonymous reads of the same few pages (the home page, today's prices, the newest
reports). Rendering one takes 5–60 ms of Python; answering from memory takes a fraction of a millisecond.
The cache is WSGI middleware around the Flask app, so a hit costs no routing, no database query and no
template. It is per worker process and bounded in bytes (PAGE_CACHE_MAX_BYTES).

What is stored: a GET answered 200 to a request without a session or remember-me cookie, for a region,
whose final response sets no cookie, is not marked private/no-store, and varies only on request headers
that are part of the key. A page that puts a CSRF token in a new session (a form) sets a cookie, so it is
never stored; a signed-in person never gets or fills the cache.

The key is everything the page can depend on for such a visitor: host and scheme (and forwarded ones),
path, query, Accept, Accept-Language, Accept-Encoding (the stored body is already compressed), the rest
of the Cookie header (the language cookie), Save-Data and htmx's request headers.

When it is invalidated: every committed database write bumps a version for its region (see
`track_writes`); a stored page carries the version read before its request touched the database, and is
used only while the version is unchanged. Versions live where every worker sees them: in Redis when
REDIS_URL is set (several machines), otherwise in small files in the instance folder (one machine, e.g.
SQLite hosting). Pages that change with time alone (an overdue deadline, a scheduled article, today's
date) are at most PAGE_CACHE_SECONDS old; 0 turns the cache off.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import Flask, current_app, g, has_app_context, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from . import regioncache

ENVIRON_SLOT = "serambi.pagecache"
GLOBAL = "all"  # the version every page also depends on (writes outside a region's request)
KEYED_HEADERS = (
    "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING", "HTTP_COOKIE", "HTTP_SAVE_DATA",
    "HTTP_HX_REQUEST", "HTTP_HX_BOOSTED", "HTTP_HX_HISTORY_RESTORE_REQUEST", "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER", "HTTP_HX_TRIGGER_NAME", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX",
)
# The Vary names a stored response may list: each is part of the key (Host and the path always are).
KEYED_VARY = {"accept", "accept-language", "accept-encoding", "cookie", "save-data", "hx-request",
              "hx-boosted", "hx-history-restore-request", "hx-target", "hx-trigger", "hx-trigger-name"}
# Requests that bypass the cache: conditional ones (the app answers 304 itself) and ones with credentials.
BYPASS_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_X_API_KEY")
MAX_ENTRY_BYTES = 256 * 1024
# A page with a form for a visitor without a session: Flask-WTF puts a new random token in a new session
# and the signed token in the page. Such a page is stored with this in place of the signed token, and each
# visitor it is served to gets a new token, a new session cookie and a freshly compressed body.
TOKEN_PLACEHOLDER = b"\x00serambi-csrf-token\x00"


class FileVersions:
    """Versions as tiny files in one folder: every worker on the machine reads the same ones."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _read(self, name: str) -> bytes:
        try:
            with open(self.folder / name, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def current(self, region_id: int) -> tuple:
        return self._read(GLOBAL), self._read(str(region_id))

    def get(self, name: str) -> bytes:
        return self._read(name)

    def bump(self, names) -> None:
        for name in names:
            # A fresh random value each time (never a counter two writers could both set to n+1 and back),
            # written over the old one in place: one small write, no temporary file and no rename to
            # journal on every commit. A reader catching it half written sees a value that is neither the
            # old one nor the new: that too counts as a change, and the page it reads next is newer.
            fd = os.open(self.folder / str(name), os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                os.pwrite(fd, secrets.token_bytes(8), 0)
            finally:
                os.close(fd)


class RedisVersions:
    """Versions in Redis (REDIS_URL): every worker on every machine sees a write at once."""

    def __init__(self, url: str, prefix: str = "serambi:pagecache:"):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix

    def current(self, region_id: int) -> tuple:
        return tuple(self.redis.mget(self.prefix + GLOBAL, self.prefix + str(region_id)))

    def get(self, name: str) -> bytes | None:
        return self.redis.get(self.prefix + name)

    def bump(self, names) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for name in names:
            pipe.incr(self.prefix + str(name))
        pipe.execute()


class Entry:
    __slots__ = ("region_id", "version", "stored", "status", "headers", "body", "encoding", "cookie")

    def __init__(self, region_id, version, stored, status, headers, body, encoding=None, cookie=None):
        self.region_id, self.version, self.stored = region_id, version, stored
        self.status, self.headers, self.body = status, headers, body
        self.encoding = encoding  # for a page with a form: how to compress it for each visitor
        self.cookie = cookie  # for a page with a form: the Set-Cookie header, with {} for the value


class Slot:
    """What the Flask app tells the middleware about one request: its region, the version it saw, and the
    signed CSRF token when the page's only session content is a new token."""

    __slots__ = ("region_id", "version", "csrf_token")

    def __init__(self):
        self.region_id = None
        self.version = None
        self.csrf_token = None


def _decode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def _encode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=6, mtime=0)
    if encoding == "br":
        import brotli

        return brotli.compress(body, quality=5)
    return body


class PageCache:
    """The WSGI middleware."""

    def __init__(self, wsgi_app, versions, seconds: float, max_bytes: int, session_cookie: str,
                 remember_cookie: str, clock=time.monotonic, session_serializer=None, csrf_serializer=None):
        self.wsgi_app = wsgi_app
        self.session_cookie = session_cookie
        self.session_serializer, self.csrf_serializer = session_serializer, csrf_serializer
        self.versions = versions
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.skip_cookies = (session_cookie + "=", remember_cookie + "=")
        self.clock = clock
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.hits = self.misses = self.stores = 0

    def key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if any(environ.get(h) for h in BYPASS_HEADERS):
            return None
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in self.skip_cookies):
            return None
        return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST", environ.get("SERVER_NAME")),
                environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                *(environ.get(h, "") for h in KEYED_HEADERS))

    def __call__(self, environ, start_response):
        key = self.key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        entry = self.entries.get(key)
        if entry is not None:
            if self.clock() - entry.stored < self.seconds and self._version(entry.region_id) == entry.version:
                self.hits += 1
                if entry.cookie is not None:
                    return self._serve_form(entry, start_response)
                start_response(entry.status, entry.headers)
                return [entry.body]
            with self.lock:  # threaded workers: another thread may be storing or evicting
                self._drop(key)
        self.misses += 1
        slot = environ[ENVIRON_SLOT] = Slot()
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            if exc_info is not None:
                captured["exc_info"] = exc_info
            return lambda data: (_ for _ in ()).throw(RuntimeError("write() is not supported"))

        result = self.wsgi_app(environ, capture)
        status, headers = captured["status"], captured["headers"]
        cookie = self._storable(slot, status, headers)
        if cookie is False:
            start_response(status, headers, captured.get("exc_info"))
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) <= MAX_ENTRY_BYTES:
            entry = Entry(slot.region_id, slot.version, self.clock(), status, [*headers, ("X-Cache", "HIT")], body)
            if cookie is None or self._as_form(entry, cookie, slot.csrf_token):
                self._store(key, entry)
        start_response(status, headers)
        return [body]

    def _as_form(self, entry: Entry, cookie: str, token: str) -> bool:
        """Keep a form page as its uncompressed text with a placeholder for the token; False if it cannot."""
        encoding = next((v for n, v in entry.headers if n.lower() == "content-encoding"), None)
        try:
            text = _decode(entry.body, encoding)
        except Exception:
            return False
        if token.encode() not in text or TOKEN_PLACEHOLDER in text:
            return False
        value_end = cookie.find(";")
        entry.cookie = self.session_cookie + "={}" + (cookie[value_end:] if value_end >= 0 else "")
        entry.body = text.replace(token.encode(), TOKEN_PLACEHOLDER)
        entry.encoding = encoding
        entry.headers = [(n, v) for n, v in entry.headers if n.lower() not in ("set-cookie", "content-length")]
        return True

    def _serve_form(self, entry: Entry, start_response):
        """The stored form page with a token, session and cookie of its own, as Flask-WTF would make them."""
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        token = self.csrf_serializer.dumps(raw)
        body = _encode(entry.body.replace(TOKEN_PLACEHOLDER, token.encode()), entry.encoding)
        cookie = entry.cookie.format(self.session_serializer.dumps({"csrf_token": raw}))
        start_response(entry.status, [*entry.headers, ("Set-Cookie", cookie), ("Content-Length", str(len(body)))])
        return [body]

    def _version(self, region_id):
        try:
            return self.versions.current(region_id)
        except Exception:  # the version store is unreachable: nothing can be trusted, render afresh
            return object()

    def _storable(self, slot: Slot, status: str, headers):
        """False, or None for a page to store as it is, or the Set-Cookie of a page with a new CSRF token."""
        if slot.region_id is None or slot.version is None or not status.startswith("200"):
            return False
        length = cookie = None
        for name, value in headers:
            lower = name.lower()
            if lower == "set-cookie":
                if (cookie is not None or slot.csrf_token is None or self.csrf_serializer is None
                        or not value.startswith(self.session_cookie + "=")):
                    return False
                cookie = value
                continue
            if lower == "cache-control" and ("private" in value or "no-store" in value):
                return False
            if lower == "vary" and any(v.strip().lower() not in KEYED_VARY for v in value.split(",")):
                return False
            if lower == "content-length":
                length = value
        if length is None or int(length) > MAX_ENTRY_BYTES:
            return False
        return cookie

    def _store(self, key, entry: Entry) -> None:
        with self.lock:
            self._drop(key)
            self.entries[key] = entry
            self.size += len(entry.body)
            self.stores += 1
            while self.size > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))

    def _drop(self, key) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry.body)


def _bump(names) -> None:
    if not names or not has_app_context():
        return
    versions = current_app.extensions.get("versions")  # made by the page cache or the region cache, if on
    if versions is None:
        return
    try:
        versions.bump(sorted(names, key=str))
    except Exception:  # logged; stored pages (and kept settings) then live their seconds at most
        current_app.logger.exception("could not invalidate the page cache")


def _written(session: Session, objects=(), settings: bool = False) -> None:
    """Remember which regions this transaction writes: the request's own, and any object's region_id; and
    whether it writes what the region cache keeps (its version, `regioncache.VERSION_NAME`)."""
    names = session.info.setdefault("pagecache_regions", set())
    region = g.get("region") if has_app_context() else None  # a request's, or a job's region_context
    if region is not None:
        names.add(region.id)
    if settings or any(regioncache.watched(type(obj)) for obj in objects):
        names.add(regioncache.VERSION_NAME)
    for obj in objects:
        region_id = getattr(obj, "region_id", None)
        if region_id is not None:
            names.add(region_id)
        elif region is None:
            names.add(GLOBAL)  # a write outside any region's request (a job, a command): every region
    if not objects and region is None:
        names.add(GLOBAL)


def track_writes() -> None:
    """Listen to every ORM session once: flushes and bulk statements mark regions (and the region cache's
    settings), commits bump them."""
    if getattr(track_writes, "done", False):
        return
    track_writes.done = True

    @event.listens_for(Session, "after_flush")
    def after_flush(session, _context):
        objects = [*session.new, *session.dirty, *session.deleted]
        if objects:
            _written(session, objects)

    @event.listens_for(Session, "do_orm_execute")
    def bulk(state):
        if state.is_insert or state.is_update or state.is_delete:
            mapper = state.bind_mapper
            _written(state.session, settings=mapper is not None and regioncache.watched(mapper.class_))

    @event.listens_for(Session, "after_commit")
    def after_commit(session):
        _bump(session.info.pop("pagecache_regions", None))

    @event.listens_for(Session, "after_rollback")
    def after_rollback(session):
        session.info.pop("pagecache_regions", None)


def versions_for(app: Flask, folder=None):
    """The app's version store (Redis with REDIS_URL, else files in PAGE_CACHE_DIR), made once per app."""
    versions = app.extensions.get("versions")
    if versions is None or folder is not None:
        if app.config.get("REDIS_URL"):
            versions = RedisVersions(app.config["REDIS_URL"])
        else:
            versions = FileVersions(folder or app.config["PAGE_CACHE_DIR"])
        app.extensions["versions"] = versions
    return versions


def enable(app: Flask, seconds: float, folder=None) -> PageCache:
    """Wrap the app's WSGI callable in a page cache (init_app does so when PAGE_CACHE_SECONDS > 0)."""
    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import URLSafeTimedSerializer

    versions = versions_for(app, folder)
    session_serializer = csrf_serializer = None
    if isinstance(app.session_interface, SecureCookieSessionInterface) and app.config.get("WTF_CSRF_ENABLED", True):
        # The same serializers Flask and Flask-WTF use, so a token made here is one they accept.
        session_serializer = app.session_interface.get_signing_serializer(app)
        csrf_serializer = URLSafeTimedSerializer(app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key,
                                                 salt="wtf-csrf-token")
    cache = PageCache(app.wsgi_app, versions, seconds, int(app.config.get("PAGE_CACHE_MAX_BYTES", 4 << 20)),
                      app.config.get("SESSION_COOKIE_NAME", "session"),
                      app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                      session_serializer=session_serializer, csrf_serializer=csrf_serializer)
    app.wsgi_app = cache
    app.extensions["pagecache"] = cache
    return cache


def disable(app: Flask) -> None:
    cache = app.extensions.pop("pagecache", None)
    if cache is not None:
        app.wsgi_app = cache.wsgi_app
        if app.extensions.get("versions") is cache.versions and "region_cache" not in app.extensions:
            app.extensions.pop("versions")


def init_app(app: Flask) -> None:
    """Call after the region is chosen in before_request: a stored page carries its region's version."""
    track_writes()

    @app.before_request
    def note_version():
        slot = request.environ.get(ENVIRON_SLOT)
        region = g.get("region")
        cache = app.extensions.get("pagecache")
        if slot is None or region is None or cache is None:
            return
        try:
            slot.version = cache.versions.current(region.id)
        except Exception:  # the version store is unreachable: this page is not stored
            current_app.logger.warning("page cache versions unreachable", exc_info=True)
            return
        slot.region_id = region.id
        # The page must be read after the version: end the transaction that chose the region, so the next
        # query starts a new snapshot (SQLite fixes a transaction's snapshot at its first read). A write
        # committed in between then shows in the page, or its version bump keeps the page from being used.
        # A region from the region cache was chosen without a query: no snapshot yet, nothing to end.
        if not g.get("region_cached"):
            db.session.rollback()

    @app.after_request
    def note_form(response):
        # Runs after the page is rendered: a session holding nothing but a new CSRF token can be replayed
        # with a new token for each visitor; anything else in the session keeps the page out of the cache.
        slot = request.environ.get(ENVIRON_SLOT)
        if slot is not None and session and set(session.keys()) == {"csrf_token"} and g.get("csrf_token"):
            slot.csrf_token = g.csrf_token
        return response

    seconds = float(app.config.get("PAGE_CACHE_SECONDS") or 0)
    if seconds > 0:
        enable(app, seconds)
