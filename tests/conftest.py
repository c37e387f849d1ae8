"""Shared fixtures: an app on SQLite (or TEST_DATABASE_URL), a database rolled back after every test,
and factories that return callables, so each test builds exactly the rows it talks about."""
from __future__ import annotations

import itertools
import re
from contextlib import contextmanager

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy.orm import scoped_session, sessionmaker

from webapp import create_app
from webapp.config import TestConfig
from webapp.core.models import Department, Region, RegionHost, RoleGrant, User
from webapp.extensions import db

PASSWORD = "rahasia-123"
_counter = itertools.count(1)


def _prepare_database(app):
    """Build the schema once per run through the real migrations, as production does."""
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Start from an empty schema: a database left by another checkout may hold other tables.
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        upgrade()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (and so its own `g` and database session), as in production.

    Without this, requests made while a test holds an app context would share `g` with the test and with
    each other (Flask reuses an active app context), hiding bugs such as a cached language or user.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app():
    app = create_app(TestConfig())
    app.test_client_class = FreshContextClient
    _prepare_database(app)
    return app


@contextmanager
def session_bound_to(connection):
    """For the block, db.session works on `connection`: each commit inside is a savepoint of the transaction
    the connection is in, so whoever ends that transaction decides what is kept. Needs an app context."""
    original = db.session
    db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
                                scopefunc=original.registry.scopefunc)
    try:
        yield
    finally:
        db.session.remove()
        db.session = original


@contextmanager
def rolled_back(app):
    """An app context whose db.session works in one outer transaction, rolled back when the block ends
    (yields the connection): what the block writes, nobody keeps."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        try:
            with session_bound_to(connection):
                yield connection
        finally:
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Every test runs inside one outer transaction that is rolled back at the end."""
    if "browser" in request.keywords:
        yield
        return
    with rolled_back(app):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_region(app):
    def make(slug=None, hosts=None, **fields):
        n = next(_counter)
        slug = slug or f"region{n}"
        fields.setdefault("name", f"Kota {slug.title()}")
        fields.setdefault("code", f"99.{n:02d}"[:8])
        fields.setdefault("modules", ["kontak"])
        region = Region(slug=slug, **fields)
        region.hosts = [RegionHost(host=h) for h in (hosts if hosts is not None else [f"{slug}.test"])]
        db.session.add(region)
        db.session.commit()
        return region

    return make


@pytest.fixture
def region(make_region):
    """The only region, served on any host (like a small region's own install)."""
    return make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71")


@pytest.fixture
def make_user(app):
    def make(region, role=None, department=None, password=PASSWORD, platform_admin=False, **fields):
        n = next(_counter)
        fields.setdefault("name", f"Pengguna {n}")
        fields.setdefault("email", f"user{n}@example.id")
        user = User(region_id=None if platform_admin else region.id, is_platform_admin=platform_admin, **fields)
        user.set_password(password)
        if role:
            user.roles.append(RoleGrant(role=role, region_id=region.id, department_id=department.id if department else None))
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_department(app):
    def make(region, name="Dinas Pekerjaan Umum", **fields):
        n = next(_counter)
        department = Department(region_id=region.id, name=name, slug=fields.pop("slug", f"dinas-{n}"), **fields)
        db.session.add(department)
        db.session.commit()
        return department

    return make


@pytest.fixture
def login(client):
    """Sign `user` in through the real form; returns the response."""

    def do(user, password=PASSWORD, host="localhost"):
        page = client.get("/masuk", base_url=f"http://{host}")
        token = csrf_from(page)
        return client.post(
            "/masuk",
            data={"login": user.email or user.phone, "password": password, "csrf_token": token},
            base_url=f"http://{host}",
        )

    return do


def csrf_from(response) -> str:
    match = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', response.data)
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


@pytest.fixture
def in_region(app):
    """Run code as if inside a request of `region` (for service-level tests)."""

    def enter(region):
        g.region = region
        return region

    return enter


@pytest.fixture
def count_statements(app):
    """`count(run)` runs `run()` and returns how many SQL statements it sent (for N+1 checks)."""
    from sqlalchemy import event

    def count(run) -> int:
        seen = []

        def listener(*_args):
            seen.append(1)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            run()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    return count
