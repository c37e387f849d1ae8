"""gunicorn settings for Serambi: `gunicorn -c python:webapp.gunicorn_conf --workers N --bind … wsgi:app`.

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

preload_app = True

gc.disable()  # the master, until the app is loaded and the first worker is forked


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
    from webapp.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
