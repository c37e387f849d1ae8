"""GET /healthz: the app's, the database's and (when REDIS_URL is set) Redis's status, for monitors and load
balancers; 503 when one of them is down. GET /ping: "ok" with no database work and no template (a liveness
probe, and the floor the benchmarks compare every page with)."""
from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import text

from ..extensions import db

REDIS_TIMEOUT = 1  # seconds: a monitor must get its answer quickly, also when Redis does not answer at all
_redis_clients: dict[str, object] = {}

bp = Blueprint("health", __name__)


def database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # the point is to report it, not to crash
        db.session.rollback()
        return f"error: {exc.__class__.__name__}"


def redis_status(url: str) -> str:
    """"ok" when the Redis server at `url` answers PING, else "error: <kind>" (never the URL: it may hold a
    password)."""
    from redis import Redis

    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT,
                                                      socket_timeout=REDIS_TIMEOUT)
    try:
        client.ping()
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


@bp.get("/healthz")
def healthz():
    body = {"status": "ok", "app": "serambi", "database": database_status(),
            "database_backend": db.engine.dialect.name}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        body["redis"] = redis_status(redis_url)
    ok = all(body[part] == "ok" for part in ("database", "redis") if part in body)
    body["status"] = "ok" if ok else "error"
    return body, 200 if ok else 503, {"Cache-Control": "no-store"}


@bp.get("/ping")
def ping():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
