"""Each worker keeps which region serves a host, and a few of a region's settings, between requests.

Every request starts by choosing its region from the Host header; without this cache that is a query on
every request, including every form posted (a citizen filing a report, an officer answering one). The
cache keeps, per host, a copy of the region's row (its columns only); a request gets its own instance of
it in its own session, put there as if just loaded (no SQL), so relationships still load as usual and
a change made during the request is saved as usual.

Settings a module reads on many requests (`memo`) are kept alongside, per region: a region's holidays
(for deadlines) and its Aspirasi categories (checked on every report filed; `columns` and `attach` keep
and give back rows the same way as the region's).

When it is emptied: any committed write to a watched model (Region and RegionHost, and what modules
`watch`: holidays, categories), in any process, bumps one shared version ("settings", in the page cache's
version store: Redis with REDIS_URL, else a small file in the instance folder; `pagecache.track_writes`
notes such writes and bumps it with the regions'). Each lookup reads that version (a file read or one
Redis GET) and a changed version empties the cache: in a request, and in long-running processes without
requests too (the message worker). Writes that bypass the
ORM (raw SQL) are not seen: the cache then lives REGION_CACHE_SECONDS at most. 0 turns it off (tests,
except its own; every request then queries).
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from flask import Flask, current_app, has_app_context
from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.base import NO_VALUE

from ..extensions import db
from .models import Region, RegionHost

VERSION_NAME = "settings"
MAX_HOSTS = 256  # a bound on what random Host headers can make a worker keep
_WATCHED: set[type] = {Region, RegionHost}
_MISSING = object()


def watch(*models: type) -> None:
    """Writes to these models change what the cache keeps (a module's settings read through `memo`)."""
    _WATCHED.update(models)


def watched(model: type) -> bool:
    return model in _WATCHED


class RegionCache:
    def __init__(self, versions, seconds: float, clock=time.monotonic):
        self.versions = versions
        self.seconds = seconds
        self.clock = clock
        self.lock = threading.Lock()
        self.version = _MISSING
        self.loaded = 0.0
        self.hosts: dict[str, dict | None] = {}  # host -> the region's column values, or None for no region
        self.memos: dict[tuple, object] = {}
        self.hits = self.misses = 0

    def _fresh(self) -> bool:
        """Empty the cache if a watched write happened (any process) or it is too old; False: do not use it."""
        try:
            version = self.versions.get(VERSION_NAME)
        except Exception:  # the version store is unreachable: nothing kept can be trusted
            return False
        now = self.clock()
        with self.lock:
            if version != self.version or now - self.loaded >= self.seconds:
                self.hosts.clear()
                self.memos.clear()
                self.version, self.loaded = version, now
        return True

    def region_for_host(self, host: str, load: Callable[[str], Region | None]) -> tuple[Region | None, bool]:
        """(region, from the cache) for `host`; `load` queries it when the cache cannot answer."""
        if not self._fresh():
            return load(host), False
        version = self.version
        values = self.hosts.get(host, _MISSING)
        if values is _MISSING:
            self.misses += 1
            region = load(host)
            with self.lock:
                if self.version == version and len(self.hosts) < MAX_HOSTS:
                    self.hosts[host] = None if region is None else columns(region)
            return region, False
        self.hits += 1
        return (None if values is None else attach(Region, values)), True

    def memo(self, region_id: int, name: str, compute: Callable[[], object]):
        """`compute()` once per region until the next watched write; callers must not change the result."""
        if not self._fresh():  # also outside requests: a job in a long-running worker sees a change too
            return compute()
        key = (region_id, name)
        value = self.memos.get(key, _MISSING)
        if value is _MISSING:
            version = self.version
            value = compute()
            with self.lock:
                if self.version == version:
                    self.memos[key] = value
        return value


def _copy(value):
    """A copy of a JSON column's value (lists, dicts, and plain values inside), much quicker than deepcopy."""
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def columns(row) -> dict:
    """A loaded row's column values, to keep between requests and `attach` again."""
    loaded = inspect(row).dict
    return {prop.key: _copy(loaded[prop.key]) for prop in inspect(type(row)).column_attrs
            if loaded.get(prop.key, NO_VALUE) is not NO_VALUE}


def attach(model: type, values: dict):
    """An instance of `model` persistent in this request's session, as if just loaded from its row with
    these values (no SQL, nothing to save); the session's own instance when it has loaded that row already."""
    row = inspect(model).class_manager.new_instance()
    # Straight into the instance's dict, as the ORM's loading does: loaded values with no history. JSON
    # lists and dicts are copied: the request's own, to change if it likes.
    row.__dict__.update({k: _copy(v) for k, v in values.items()})
    make_transient_to_detached(row)
    session = db.session()
    existing = session.identity_map.get(inspect(row).key)
    if existing is not None:
        return existing
    session.add(row)
    return row


def cached() -> RegionCache | None:
    return current_app.extensions.get("region_cache") if has_app_context() else None


def memo(region_id: int, name: str, compute: Callable[[], object]):
    """A region's derived setting kept until a watched write (or computed each time without the cache)."""
    cache = cached()
    return compute() if cache is None else cache.memo(region_id, name, compute)


def init_app(app: Flask) -> None:
    from .pagecache import track_writes, versions_for

    track_writes()  # the page cache's listeners bump this cache's version too
    seconds = float(app.config.get("REGION_CACHE_SECONDS") or 0)
    if seconds > 0:
        app.extensions["region_cache"] = RegionCache(versions_for(app), seconds)
