"""A real server and Debian's Chromium: a throwaway SQLite file, one region, werkzeug in a thread.

Every test here must carry the `browser` marker: the top-level `_transaction` fixture steps aside for
them, because the server thread needs committed rows in a file database, not a rolled-back session.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on its own SQLite file, migrated, with Kota Tangerang as the only region."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.config import TestConfig
    from webapp.core.models import Region
    from webapp.extensions import db

    folder = tmp_path_factory.mktemp("browser")
    config = TestConfig(database_url=f"sqlite:///{folder / 'serambi.db'}")
    config.UPLOAD_DIR = str(folder / "uploads")
    app = create_app(config)
    with app.app_context():
        upgrade()
        db.session.add(Region(
            slug="tangerang", name="Kota Tangerang", code="36.71", modules=["kontak"],
            emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"},
                               {"label": "Ambulans", "number": "118"}],
        ))
        db.session.commit()
    _add_test_routes(app)
    return app


PRIVATE_PAGE = "{% extends 'layout.html' %}{% block content %}<h1>Private account page</h1>{% endblock %}"


def _add_test_routes(app):
    # A stand-in for any signed-in page, with the header auth_setup sends to a signed-in person.
    @app.get("/_test/private")
    def private_page():
        from flask import render_template_string

        return render_template_string(PRIVATE_PAGE), {"Cache-Control": "private, no-store"}


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the app served by werkzeug on a free port of 127.0.0.1."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright opens relative URLs (page.goto('/')) on the live server."""
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of a downloaded browser (see TOOLCHAIN.md)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """English pages, so assertions read the msgids whatever catalogues exist."""
    return {**browser_context_args, "locale": "en-US"}


def in_live_region(live_app, run):
    """Run `run(region)` with the live server's region current, inside an app context (to seed or inspect)."""
    from sqlalchemy import select

    from webapp.core.models import Region
    from webapp.core.scoping import region_context
    from webapp.extensions import db

    with live_app.app_context():
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        with region_context(region):
            return run(region)


def account_link(live_app, email: str) -> str:
    """The path of the link a new account's confirmation message carries (as the person would open it)."""
    from sqlalchemy import select

    from webapp.core.accounts import confirm
    from webapp.core.models import User
    from webapp.extensions import db

    def link(_region):
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        return f"/daftar/buka/{confirm.make_token(user)}"

    return in_live_region(live_app, link)
