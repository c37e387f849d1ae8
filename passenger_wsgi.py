"""Phusion Passenger's entry point (cPanel "Setup Python App": startup file passenger_wsgi.py, entry point
`application`): the same app that gunicorn and `flask --app wsgi` load from wsgi.py.

Passenger imports this file from the application root, but not always with that folder on `sys.path`; it is
put there first so that `wsgi` and the `webapp` package are found. See docs/deploy/shared-hosting.md.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wsgi import app as application  # noqa: E402
