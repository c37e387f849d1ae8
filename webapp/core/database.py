"""Database set-up: SQLite in WAL mode with a busy timeout and real transactions; PostgreSQL as is."""
from __future__ import annotations

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000


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


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if _is_sqlite(engine):
            configure_sqlite(engine)
