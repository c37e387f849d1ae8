"""Database set-up: SQLite in WAL mode with a busy timeout and real transactions; PostgreSQL with a short
connect timeout. Either way `pool_pre_ping` (config) replaces connections that died, e.g. in a restart."""
from __future__ import annotations

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from ..extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000
# Seconds to wait for PostgreSQL to accept a connection (DATABASE_CONNECT_TIMEOUT in the app config). Without
# it, a server that is unreachable (not merely down) holds each request for minutes instead of a quick 503.
POSTGRES_CONNECT_TIMEOUT = 5


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _writing_request() -> bool:
    """A request that may write (POST, PUT, PATCH, DELETE).

    Its transaction starts with BEGIN IMMEDIATE, taking SQLite's write lock before it reads. With a plain
    BEGIN it would read first, and if another worker committed in between, its write could not upgrade the
    stale snapshot: SQLite answers "database is locked" at once, without waiting for the busy timeout, and
    the submission would be lost. Only the request's first transaction does so: after it commits, what the
    request still reads (the page it answers with, the messages it queues) must not hold the write lock
    until the request ends, or background jobs writing on another connection would wait for it. Reads (and
    commands outside a request) keep the deferred BEGIN, so they never wait for a writer.
    """
    if not has_request_context() or request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if g.get("_sqlite_began_immediate"):
        return False  # only the request's first transaction: the one that reads, then writes what it read
    g._sqlite_began_immediate = True
    return True


def configure_sqlite(engine: Engine) -> None:
    """WAL lets readers and one writer work at once; the busy timeout makes writers wait, not fail.

    pysqlite's own transaction handling is switched off so that SAVEPOINT and transactional DDL work
    (the recipe from SQLAlchemy's SQLite dialect documentation).
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing_request() else "BEGIN")


def postgres_connect_timeout(app: Flask) -> None:
    """Give PostgreSQL connections a connect timeout, unless the database URL names one itself."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql" or "connect_timeout" in url.query:
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})  # a copy: the default is shared
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", app.config.get("DATABASE_CONNECT_TIMEOUT", POSTGRES_CONNECT_TIMEOUT))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def init_app(app: Flask) -> None:
    postgres_connect_timeout(app)
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if _is_sqlite(engine):
            configure_sqlite(engine)
