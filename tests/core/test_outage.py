"""While the database cannot be reached, every request gets a translated 503 page with Retry-After (API and
Open311 clients their own format), never a 500; nothing is half-written; and when the database is back the
app recovers by itself, without a restart.

Each test runs against an app of its own on a database of its own, with committed rows: on a SQLite file
(taken away, or locked by another writer) and, when TEST_DATABASE_URL is PostgreSQL, on a real server reached
through a relay that the test cuts and restores, as a server restart or a network failure does.
"""
from __future__ import annotations

import logging
import os
import re
import socket
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from tests.conftest import FreshContextClient, csrf_from
from webapp import create_app
from webapp.config import TestConfig, _database_url
from webapp.core import database
from webapp.core.accounts import confirm
from webapp.core.models import Region, RegionHost, User
from webapp.extensions import db

EN = {"Accept-Language": "en"}
SAME_SITE = {"Origin": "http://localhost"}


def build_app(url: str):
    """An app on `url`, migrated, with one region; errors take the path they take in production."""
    config = TestConfig(database_url=url)
    config.PROPAGATE_EXCEPTIONS = False
    config.DATABASE_CONNECT_TIMEOUT = 2  # PostgreSQL's smallest
    app = create_app(config)
    app.test_client_class = FreshContextClient
    migrate(app)
    with app.app_context():
        region = Region(slug="tangerang", name="Kota Tangerang", code="36.71", modules=["kontak", "aspirasi"])
        region.hosts = [RegionHost(host="localhost")]
        db.session.add(region)
        db.session.commit()
    return app


def migrate(app) -> None:
    """The real migrations, as conftest runs them, leaving the test run's logging as it was: Alembic's env.py
    reconfigures logging, which would silence every logger that exists by then (the app's among them)."""
    loggers = [lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    disabled = {lg: lg.disabled for lg in loggers}
    handlers, level = list(logging.root.handlers), logging.root.level
    with app.app_context():
        upgrade(revision="heads")
    for lg, was in disabled.items():
        lg.disabled = was
    logging.root.handlers[:] = handlers
    logging.root.setLevel(level)


class SqliteDatabase:
    """A SQLite file that can be taken away: a folder in its place, which SQLite cannot open."""

    backend = "sqlite"

    def __init__(self, folder: Path):
        self.path, self.aside = folder / "serambi.db", folder / "aside"
        self.app = build_app(f"sqlite:///{self.path}")

    def down(self):
        with self.app.app_context():
            db.engine.dispose()  # as after a restart of the workers: no connection still holds the file open
        self.aside.mkdir()
        for name in (self.path.name, self.path.name + "-wal", self.path.name + "-shm"):
            if (self.path.parent / name).exists():
                (self.path.parent / name).rename(self.aside / name)
        self.path.mkdir()

    def up(self):
        self.path.rmdir()
        for moved in self.aside.iterdir():
            moved.rename(self.path.parent / moved.name)
        self.aside.rmdir()

    def is_up(self) -> bool:
        return self.path.is_file()

    def close(self):
        with self.app.app_context():
            db.engine.dispose()


class Relay:
    """A TCP relay to PostgreSQL on a fixed local port. `stop()` drops every connection and refuses new ones,
    as a restarting server does; `hold()` accepts connections but never answers, as a host that the network
    lost does; `start()` relays again."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.listener, self.links, self.lock, self.relaying = None, [], threading.Lock(), False

    def start(self, relaying: bool = True):
        self.relaying = relaying
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)  # the accepting thread notices a stop within this time
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def hold(self):
        self.stop()
        self.start(relaying=False)

    def stop(self):
        with self.lock:
            listener, self.listener = self.listener, None
            links, self.links = self.links, []
        for sock in [listener, *links]:
            if sock is not None:
                close(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                if self.listener is not listener:
                    return
                continue
            except OSError:
                return
            with self.lock:
                if self.listener is not listener:
                    close(client)
                    return
                self.links.append(client)
                if not self.relaying:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    close(client)
                    continue
                upstream.settimeout(None)
                self.links.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        close(source)
        close(sink)


def close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresDatabase:
    """A database of its own on the TEST_DATABASE_URL server, which the app reaches through a Relay."""

    backend = "postgresql"

    def __init__(self, url: str):
        server = make_url(_database_url(url))
        self.name = f"{server.database}_outage_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.relay = Relay((server.host or "127.0.0.1", server.port or 5432))
        self.relay.start()
        through_relay = server.set(host="127.0.0.1", port=self.relay.port, database=self.name)
        self.app = build_app(through_relay.render_as_string(hide_password=False))

    def down(self):
        self.relay.stop()

    def up(self):
        self.relay.stop()
        self.relay.start()

    def is_up(self) -> bool:
        return self.relay.listener is not None and self.relay.relaying

    def close(self):
        with self.app.app_context():
            db.engine.dispose()
        self.relay.stop()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory):
    if request.param == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("TEST_DATABASE_URL is not a PostgreSQL database")
        store = PostgresDatabase(url)
    else:
        store = SqliteDatabase(tmp_path_factory.mktemp("outage"))
    yield store
    store.close()


@pytest.fixture
def outage(backend):
    """The backend's app, with the app's own database session in place of the test suite's rolled-back one."""
    suite_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield backend
    finally:
        if not backend.is_up():  # a test that failed half-way
            backend.up()
        db.session = suite_session


def users_with(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(User.id)).where(User.email == email)).scalar_one()


def register(client, email: str):
    token = csrf_from(client.get("/daftar"))
    return client.post("/daftar", data={"name": "Siti Aminah", "email": email, "password": "sandi-panjang-sekali",
                                        "confirm": "sandi-panjang-sekali", "csrf_token": token})


def register_and_open(client, app, email: str):
    """Register, then open the account with the link its message carries (as the person would)."""
    assert register(client, email).status_code == 200
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        link = f"/daftar/buka/{confirm.make_token(user)}"
    return client.post(link, data={"csrf_token": csrf_from(client.get(link))})


def simple_get_routes(app) -> list[str]:
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"})


# While the database is away

def test_every_page_is_a_503_with_retry_after_never_a_500(outage):
    client = outage.app.test_client()
    assert client.get("/").status_code == 200
    outage.down()
    answers = {url: client.get(url).status_code for url in simple_get_routes(outage.app)}
    assert answers.pop("/ping") == 200  # the liveness probe does not need the database
    assert set(answers.values()) == {503}, {url: code for url, code in answers.items() if code != 503}


def test_the_503_page_is_translated_and_says_when_to_try_again(outage):
    client = outage.app.test_client()
    outage.down()
    page = client.get("/kontak/")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert page.headers["Cache-Control"] == "no-store" and page.mimetype == "text/html"
    assert 'lang="id"' in html and "Kesalahan 503" in html and "Coba lagi" in html
    english = client.get("/kontak/", headers=EN).get_data(as_text=True)
    assert 'lang="en"' in english and "The service is briefly unavailable" in english


def test_api_open311_and_health_clients_get_their_own_format(outage):
    client = outage.app.test_client()
    outage.down()
    api = client.get("/api/v1/reports")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == 503 and api.headers["Retry-After"]
    open311 = client.get("/open311/v2/services.json")
    assert open311.status_code == 503 and open311.get_json()[0]["code"] == 503
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"].startswith("error: ")


def test_a_signed_in_person_gets_the_503_page_too(outage):
    client = outage.app.test_client()
    assert register_and_open(client, outage.app, "signed-in@example.id").status_code == 302
    outage.down()
    for url in ("/akun", "/"):
        response = client.get(url)
        assert response.status_code == 503 and b"Kesalahan 503" in response.data, url


def test_a_form_sent_during_the_outage_comes_back_to_be_sent_again(outage):
    client = outage.app.test_client()
    token = csrf_from(client.get("/lupa-sandi"))
    outage.down()
    refused = client.post("/lupa-sandi", data={"login": "siti@example.id", "csrf_token": token}, headers=SAME_SITE)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 503 and 'value="siti@example.id"' in html and "Kirim lagi" in html
    outage.up()
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert client.post("/lupa-sandi", data=again).status_code < 400


def test_a_registration_during_the_outage_never_echoes_the_password(outage):
    client = outage.app.test_client()
    token = csrf_from(client.get("/daftar"))
    outage.down()
    refused = client.post("/daftar", headers=SAME_SITE, data={
        "name": "Siti Aminah", "email": "siti.a@example.id", "password": "rahasia-sekali-9", "confirm": "rahasia-sekali-9",
        "csrf_token": token})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 503 and "Siti Aminah" in html
    assert "rahasia-sekali-9" not in html


# When it comes back

def test_the_app_recovers_by_itself_when_the_database_is_back(outage):
    client = outage.app.test_client()
    assert client.get("/").status_code == 200
    outage.down()
    assert client.get("/").status_code == 503
    outage.up()
    assert client.get("/").status_code == 200  # the very first request: the dead connections are replaced
    assert register(client, "after-outage@example.id").status_code == 200
    assert users_with(outage.app, "after-outage@example.id") == 1


def test_nothing_is_half_written_when_the_connection_drops_mid_request(outage):
    if outage.backend != "postgresql":
        pytest.skip("an open SQLite file cannot vanish under its connection (see the lock test)")
    client = outage.app.test_client()
    token = csrf_from(client.get("/daftar"))

    def cut_after_the_insert(session, _context):
        if any(isinstance(o, User) for o in session.new):
            outage.down()  # the account row is sent, the commit is not

    event.listen(Session, "after_flush", cut_after_the_insert)
    try:
        response = client.post("/daftar", data={"name": "Budi", "email": "half@example.id", "csrf_token": token,
                                                "password": "sandi-panjang-sekali", "confirm": "sandi-panjang-sekali"})
    finally:
        event.remove(Session, "after_flush", cut_after_the_insert)
    assert response.status_code == 503
    outage.up()
    assert users_with(outage.app, "half@example.id") == 0
    assert register(client, "half@example.id").status_code == 200
    assert users_with(outage.app, "half@example.id") == 1


def test_an_unreachable_server_is_a_quick_503_not_a_hanging_request(outage):
    if outage.backend != "postgresql":
        pytest.skip("a SQLite file is never unreachable over a network")
    client = outage.app.test_client()
    assert client.get("/").status_code == 200
    outage.relay.hold()  # connections are dropped, new ones accepted but never answered
    started = time.monotonic()
    response = client.get("/")
    assert response.status_code == 503 and time.monotonic() - started < 10  # the connect timeout, not minutes


def test_sqlite_locked_by_another_writer_is_a_503_for_writes_while_reading_goes_on(outage, monkeypatch):
    if outage.backend != "sqlite":
        pytest.skip("SQLite's own lock")
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    with outage.app.app_context():
        db.engine.dispose()  # new connections get the short busy timeout
    client = outage.app.test_client()
    token = csrf_from(client.get("/daftar"))
    writer = sqlite3.connect(outage.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # e.g. a long import or a backup holding the write lock
    try:
        refused = client.post("/daftar", data={"name": "Budi", "email": "locked@example.id", "csrf_token": token,
                                               "password": "sandi-panjang-sekali", "confirm": "sandi-panjang-sekali"})
        assert refused.status_code == 503 and refused.headers["Retry-After"]
        assert client.get("/kontak/").status_code == 200
    finally:
        writer.rollback()
        writer.close()
        with outage.app.app_context():
            db.engine.dispose()
    assert users_with(outage.app, "locked@example.id") == 0
    assert register(client, "locked@example.id").status_code == 200
