"""gunicorn settings for Serambi: `gunicorn -c python:webapp.gunicorn_conf --workers N --bind … wsgi:app`.

One process per core; threaded workers on PostgreSQL (below).

The app is imported once, in gunicorn's master (`preload_app`), and each worker is forked from it, so the
workers share the memory of the code, templates and translations instead of each loading its own copy.
Python's garbage collector would still write to every shared object it visits, copying the pages they
sit on into each worker; so collection is off while the app loads, the loaded objects are frozen out of
the collector's reach before each fork (`gc.freeze`), and each worker turns collection back on.
Each worker then drops the database connections it may have inherited: two processes must never share
one (SQLAlchemy's advice for `fork`).
"""
from __future__ import annotations

import gc
import os

preload_app = True

# Each worker (one per core) serves several requests at once on threads: while one waits for the database
# (a commit waits for the disk), another uses the core. Filing a report spends about a third of its time
# waiting so; with one request per worker, a busy server left its cores partly idle. Flask, SQLAlchemy's
# scoped sessions and the page cache are thread-safe (the development server has always been threaded).
# With SQLite, one request per worker: SQLite has one write lock for the whole database, and eight threads
# waiting on it made filing a report five times slower in the benchmark (docs/benchmarks.md).
_sqlite = os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite")
threads = 1 if _sqlite else 4
worker_class = "sync" if _sqlite else "gthread"

gc.disable()  # the master, until the app is loaded and the first worker is forked


def on_starting(server):
    # Threaded workers on TCP: each worker listens on a socket of its own (SO_REUSEPORT), and the kernel
    # spreads new connections over them. With one shared socket, whichever worker wakes first accepts,
    # and a kept-alive connection (nginx's upstream keepalive, a browser) stays with it: in the
    # benchmark one worker often held most of the 16 connections while the other core sat idle (filing
    # a report at 180 a second instead of 300). The kernel's choice is by a hash of the connection's
    # addresses, so it is even on average, not exactly; a worker taking new connections only while it has
    # a free thread (tried) was exact, but starved the connections left waiting while the workers' own
    # kept-alive ones kept every thread busy (p99 of seconds). Not for sync workers (SQLite): one of them
    # busy with a request would leave the connections queued on its socket waiting. Not for unix sockets.
    binds = server.cfg.bind or []
    if not _sqlite and binds and not any(b.startswith(("unix:", "fd://")) for b in binds):
        server.cfg.set("reuse_port", True)


def when_ready(server):
    # The master, with the app loaded: compile the templates, read the catalogues and configure the ORM here,
    # once, so the workers share them (webapp/core/warmup.py).
    from webapp.core.warmup import warm

    done = warm(server.app.wsgi())
    server.log.info("warmed before forking: %(templates)d templates, catalogues %(locales)s", done)


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
    from webapp.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
