"""Database set-up: SQLite in WAL mode with a busy timeout and real transactions; PostgreSQL with a short
connect timeout. Either way a pooled connection that sat idle is pinged before use and replaced if it died
(e.g. in a restart of the database server): see `ping_when_idle`."""
from __future__ import annotations

import time

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError

from ..extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000
# Seconds to wait for PostgreSQL to accept a connection (DATABASE_CONNECT_TIMEOUT in the app config). Without
# it, a server that is unreachable (not merely down) holds each request for minutes instead of a quick 503.
POSTGRES_CONNECT_TIMEOUT = 5
# A pooled connection given back less than this many seconds ago is used without a ping first.
PING_AFTER_IDLE_SECONDS = 2.0


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


def ping_when_idle(engine: Engine, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
    """Ping a pooled connection before use only when it has been idle a while (SQLAlchemy's pool_pre_ping,
    which pings on every use, with a threshold).

    pool_pre_ping cost every request a round trip to the database: on a busy two-core server shared with
    PostgreSQL, a seventh of a filing's time. A connection in steady use is trusted: if the server died
    since its last use (seconds ago), its first statement fails, SQLAlchemy then replaces every pooled
    connection older than the failure, and that one request gets the 503 page (its form kept). A
    connection idle for longer, as every one is when a quiet server's database was restarted overnight,
    is pinged and quietly replaced when dead (the pool tries a fresh one on DisconnectionError).
    """

    @event.listens_for(engine, "checkin")
    def checked_in(_dbapi_connection, record):
        record.info["serambi_last_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection, record, _proxy):
        last_used = record.info.get("serambi_last_used")
        if last_used is not None and time.monotonic() - last_used < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the pooled connection is dead") from error


def init_app(app: Flask) -> None:
    postgres_connect_timeout(app)
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        ping_when_idle(engine)
        if _is_sqlite(engine):
            configure_sqlite(engine)
