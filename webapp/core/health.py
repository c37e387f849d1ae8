"""GET /healthz: the app's and the database's status, for monitors and load balancers. GET /ping: "ok" with no
database work and no template (a liveness probe, and the floor the benchmarks compare every page with)."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the point is to report it, not to crash
        db.session.rollback()
        database = f"error: {exc.__class__.__name__}"
    ok = database == "ok"
    body = {"status": "ok" if ok else "error", "app": "serambi", "database": database,
            "database_backend": db.engine.dialect.name}
    return body, 200 if ok else 503, {"Cache-Control": "no-store"}


@bp.get("/ping")
def ping():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
