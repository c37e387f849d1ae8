"""Scale-out: two app servers on one PostgreSQL database and one Redis behave as one site.

What a load balancer in front of several machines needs from the app, shown over real HTTP between two gunicorn
processes (as two machines would run them) started here on different ports:

- a person signed in on one server is signed in on the other (sessions are signed cookies, and the revocable
  session row is in the shared database), and signing out on either ends the session on both;
- a rate limit is counted across both servers (Flask-Limiter's counters in Redis), so alternating servers
  does not double anyone's attempts;
- a report filed on one server shows at once on the other, although the other keeps public pages in memory for
  PAGE_CACHE_SECONDS: every commit bumps the region's version in Redis (webapp/core/pagecache.py). Each server
  has an instance folder of its own, so the file-based versions of a single machine would not do it;
- a message queued by one server waits in Redis and is sent by a worker process elsewhere (`flask worker`);
- 200 reports filed at the same moment, spread over both servers, are exactly 200 reports, and one form
  submitted to both servers (a double tap that the balancer sends to each) is one report.

Set-up, as in production: a fresh PostgreSQL database of this module's own (dropped at the end), migrated and
seeded with the demo region by the real `flask` commands; SERAMBI_ENV=production with one SECRET_KEY for both;
rate limits on; SERAMBI_PROXY_FIX=1, because a load balancer passes each visitor's address in X-Forwarded-For
(the tests use that to be many visitors at once); REDIS_URL on database 14 of the local Redis (TEST_REDIS_URL;
emptied before and after). Skipped, saying why, when TEST_DATABASE_URL is not PostgreSQL or Redis cannot be
reached. About a minute, most of it migrating and seeding.
"""
from __future__ import annotations

import html
import http.client
import itertools
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE_PREFIX = "h_scale_"
DEMO_PASSWORD = "serambi-demo"
CITIZEN = ("warga@demo.serambi.id", "Warga Demo")
SIGN_IN_LIMIT = 10  # webapp/core/accounts/views.py: @limiter.limit("10 per minute", methods=["POST"])
FILINGS = 200
BOUNDARY = "----serambi-scaleout-test"
# The settings these tests choose; anything else from the caller's environment is left alone.
OWN_SETTINGS = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SERAMBI_ENV", "SERAMBI_INSTANCE", "UPLOAD_DIR",
                "PAGE_CACHE_DIR", "PAGE_CACHE_SECONDS", "RATELIMIT_ENABLED", "SERAMBI_PROXY_FIX", "SERVER_NAME",
                "MAIL_SERVER", "SMS_GATEWAY_URL", "TEST_DATABASE_URL"}
_addresses = itertools.count(1)


# ----------------------------------------------------------------------------------------- the services

def postgres_url_or_skip():
    """TEST_DATABASE_URL as a SQLAlchemy URL, or a skip saying what is needed."""
    raw = os.environ.get("TEST_DATABASE_URL", "")
    if not raw.startswith(("postgresql", "postgres:")):
        pytest.skip("the scale-out test needs PostgreSQL: set TEST_DATABASE_URL=postgresql://… "
                    "(it creates and drops a database of its own there)")
    from sqlalchemy.engine import make_url

    url = make_url("postgresql://" + raw.split("://", 1)[1])
    return url.set(drivername="postgresql+psycopg")


def redis_or_skip():
    try:
        from redis import Redis
    except ImportError:
        pytest.skip("the scale-out test needs the redis package (pip install -e '.[test]')")
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except Exception as error:  # refused, timed out, or wrong password: no Redis to share
        pytest.skip(f"the scale-out test needs Redis at {REDIS_URL} ({type(error).__name__}: {error})")
    return client


@pytest.fixture(scope="module")
def redis():
    postgres_url_or_skip()  # say first what is missing most often, before touching Redis
    client = redis_or_skip()
    client.flushdb()  # this test's own database number: counters of an earlier run must not count
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def database(redis):
    """A new PostgreSQL database for this module; yields (URL as text, engine); dropped at the end."""
    from sqlalchemy import create_engine, text

    server_url = postgres_url_or_skip()
    name = f"{DATABASE_PREFIX}{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.set(database=name)
    engine = create_engine(url)
    try:
        yield url.render_as_string(hide_password=False), engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def count(engine, sql: str, **params) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


# ------------------------------------------------------------------------------------------ the servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn, as one machine behind the load balancer runs it (its own instance folder)."""

    def __init__(self, name: str, env: dict, workdir: Path):
        self.name, self.port = name, free_port()
        self.log = workdir / f"gunicorn-{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:webapp.gunicorn_conf", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048", "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 90
        while True:
            assert self.process.poll() is None, f"gunicorn {self.name} stopped:\n{self.log_tail()}"
            assert time.monotonic() < deadline, f"gunicorn {self.name} did not answer /ping:\n{self.log_tail()}"
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/ping")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
            finally:
                conn.close()

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        """SIGTERM to the process group this test started (gunicorn's graceful stop), SIGKILL if it lingers."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


@dataclass
class Site:
    a: Server
    b: Server
    engine: object
    env: dict


@pytest.fixture(scope="module")
def site(database, redis, tmp_path_factory):
    """Two servers, A and B, on the migrated and demo-seeded database, sharing Redis and the upload folder."""
    url, engine = database
    workdir = tmp_path_factory.mktemp("scaleout")
    env = {k: v for k, v in os.environ.items() if k not in OWN_SETTINGS}
    env.update(DATABASE_URL=url, REDIS_URL=REDIS_URL, SECRET_KEY=secrets.token_urlsafe(32), SERAMBI_ENV="production",
               RATELIMIT_ENABLED="1", PAGE_CACHE_SECONDS="30", SERAMBI_PROXY_FIX="1",
               UPLOAD_DIR=str(workdir / "shared-uploads"),  # the NFS mount several machines would share
               DEMO_PASSWORD=DEMO_PASSWORD, PYTHONUNBUFFERED="1")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade", "heads"], ["seed-demo"]):
        done = subprocess.run(flask + command, cwd=ROOT, env={**env, "SERAMBI_INSTANCE": str(workdir / "cli")},
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"flask {' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
    servers = []
    try:
        for name in ("a", "b"):
            (workdir / name).mkdir()
            servers.append(Server(name, {**env, "SERAMBI_INSTANCE": str(workdir / name)}, workdir))
        for server in servers:
            server.wait_until_up()
        yield Site(servers[0], servers[1], engine, env)
    finally:
        for server in servers:
            server.stop()


# ------------------------------------------------------------------------------------------------ HTTP

@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


RUN = secrets.randbelow(250)


def new_address() -> str:
    """A visitor address of its own (a run id keeps a rerun within a minute clear of the last run's counts)."""
    n = next(_addresses)
    return f"10.{RUN}.{n // 250}.{n % 250 + 1}"


class Browser:
    """One visitor: cookies kept by hand (production cookies are Secure and these servers speak plain HTTP,
    but a server reads a cookie the same either way) and an address the balancer passes on."""

    def __init__(self, address: str | None = None, cookies: bool = True):
        self.address = address or new_address()
        self.keeps_cookies = cookies
        self.cookies: dict[str, str] = {}

    def request(self, server: Server, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Answer:
        sent = {"X-Forwarded-For": self.address, "Accept-Language": "id", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        if self.keeps_cookies:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text)

    def get(self, server: Server, path: str) -> Answer:
        return self.request(server, "GET", path)

    def post(self, server: Server, path: str, fields: dict) -> Answer:
        return self.request(server, "POST", path, urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no csrf_token on the page"
    return html.unescape(match.group(1))


def sign_in(browser: Browser, server: Server, login: str, password: str) -> Answer:
    token = csrf_token(browser.get(server, "/masuk").text)
    return browser.post(server, "/masuk", {"csrf_token": token, "login": login, "password": password, "next": ""})


@dataclass
class ReportForm:
    """The report form as a citizen's browser got it: the session cookie, and the fields filled in."""

    cookies: dict[str, str]
    fields: list[tuple[str, str]]

    def body(self, key: str, title: str, email: str = "") -> bytes:
        values = {"idempotency_key": key, "title": title, "email": email}
        parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{values.get(name, value)}\r\n'
                 for name, value in self.fields]
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename=""\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n\r\n")
        return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()

    def submit(self, server: Server, key: str, title: str, address: str, email: str = "") -> Answer:
        browser = Browser(address, cookies=False)
        browser.cookies = dict(self.cookies)
        return browser.request(server, "POST", "/aspirasi/baru", self.body(key, title, email),
                               {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})


def report_form(server: Server) -> ReportForm:
    """Open /aspirasi/baru as an anonymous citizen and fill it in (first category, first kelurahan)."""
    browser = Browser()
    page = browser.get(server, "/aspirasi/baru")
    assert page.status == 200, page.status
    category = re.search(r'<select[^>]*name="category_id"[^>]*>.*?<option value="(\d+)"', page.text, flags=re.S)
    place = re.search(r'<option data-kecamatan="(\d+)" value="(\d+)"', page.text)
    assert browser.cookies and category and place, "the report form lacks a session, a category or a kelurahan"
    fields = [("csrf_token", csrf_token(page.text)), ("idempotency_key", ""), ("kind", "pengaduan"),
              ("category_id", category[1]), ("title", ""),
              ("description", "Lampu jalan mati tiga malam; jalan gelap dan rawan (uji dua server)."),
              ("kecamatan_id", place[1]), ("kelurahan_id", place[2]), ("address", "Jl. Contoh No. 1"),
              ("lat", ""), ("lng", ""), ("privacy", "anonim"), ("name", ""), ("phone", ""), ("email", "")]
    return ReportForm(dict(browser.cookies), fields)


def new_key(label: str) -> str:
    return f"{label}-{secrets.token_hex(10)}"


def report_id(answer: Answer) -> int:
    match = re.search(r"/aspirasi/(\d+)/terkirim$", answer.location)
    assert answer.status == 303 and match, f"{answer.status} {answer.location!r}: the report was not filed"
    return int(match[1])


# ----------------------------------------------------------------------------------------------- tests

def test_a_session_started_on_one_server_is_valid_on_the_other_and_ends_on_both(site):
    browser = Browser()
    signed_in = sign_in(browser, site.a, CITIZEN[0], DEMO_PASSWORD)
    assert signed_in.status in (302, 303) and signed_in.location.endswith("/akun"), signed_in.status

    account = browser.get(site.b, "/akun")
    assert account.status == 200 and CITIZEN[1] in account.text
    assert Browser().get(site.b, "/akun").status in (302, 303)  # a stranger on B is asked to sign in
    copy = dict(browser.cookies)  # e.g. the same cookie sent later through the other server

    signed_out = browser.post(site.b, "/keluar", {"csrf_token": csrf_token(account.text)})
    assert signed_out.status in (302, 303)
    stale = Browser()
    stale.cookies = copy
    assert stale.get(site.a, "/akun").status in (302, 303), "a session ended on B still works on A"


def test_a_rate_limit_is_counted_across_both_servers(site):
    browser = Browser()
    token = csrf_token(browser.get(site.a, "/masuk").text)
    codes = []
    for n in range(SIGN_IN_LIMIT + 1):  # A, B, A, B, …: each server alone sees at most six attempts
        server = site.a if n % 2 == 0 else site.b
        answer = browser.post(server, "/masuk", {"csrf_token": token, "login": f"tidak-ada-{n}@example.id",
                                                 "password": "salah-sekali", "next": ""})
        codes.append(answer.status)
    assert codes[:SIGN_IN_LIMIT] == [422] * SIGN_IN_LIMIT
    assert codes[SIGN_IN_LIMIT] == 429, f"the {SIGN_IN_LIMIT + 1}th attempt over two servers got {codes[-1]}"
    assert browser.post(site.a, "/masuk", {"csrf_token": token, "login": "x@example.id", "password": "salah",
                                           "next": ""}).status == 429  # the other server now refuses it too
    neighbour = Browser()  # another visitor's address still gets through: the count is per address
    assert sign_in(neighbour, site.b, "y@example.id", "salah-sekali").status == 422


def test_a_report_filed_on_one_server_appears_at_once_on_the_other(site):
    visitor = Browser(cookies=False)  # anonymous, without a session: the visit the page cache answers
    first = visitor.get(site.b, "/aspirasi/")
    again = visitor.get(site.b, "/aspirasi/")
    assert first.status == again.status == 200
    assert again.headers.get("X-Cache") == "HIT", "B does not keep the public list: nothing to prove"

    title = f"Lampu jalan mati uji skala {secrets.token_hex(4)}"
    filed = report_form(site.a).submit(site.a, new_key("appears"), title, new_address())
    number = report_id(filed)

    listed = visitor.get(site.b, "/aspirasi/")
    assert listed.status == 200 and "X-Cache" not in listed.headers
    assert html.escape(title) in listed.text, "B still serves the list it kept from before the report"
    page = visitor.get(site.b, f"/aspirasi/{number}")
    assert page.status == 200 and html.escape(title) in page.text


def test_a_message_queued_by_one_server_is_sent_by_a_worker_elsewhere(site, redis):
    from rq import Queue

    queue = Queue("serambi", connection=redis)
    waiting = queue.count
    title = f"Saluran tersumbat uji antrean {secrets.token_hex(4)}"
    report_id(report_form(site.b).submit(site.b, new_key("queued"), title, new_address(), email="pelapor@example.id"))
    assert queue.count > waiting, "filing with an e-mail address queued nothing on Redis"

    worker = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--burst"], cwd=ROOT,
                            env={**site.env, "SERAMBI_INSTANCE": str(site.a.log.parent / "worker")},
                            capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr[-4000:]
    assert queue.count == 0
    assert queue.finished_job_registry.count >= 1 and queue.failed_job_registry.count == 0


def test_200_reports_filed_at_once_over_both_servers_are_200_reports(site):
    form = report_form(site.a)  # one citizen's form session, valid on both servers
    title = f"Lampu jalan mati serentak {secrets.token_hex(4)}"
    barrier = threading.Barrier(FILINGS)

    def file_one(n: int):
        key, address = new_key(f"burst{n:03d}"), new_address()  # many citizens: the filing limit is per address
        barrier.wait()
        try:
            return form.submit(site.a if n % 2 == 0 else site.b, key, title, address)
        except OSError as error:
            return Answer(0, http.client.HTTPMessage(), type(error).__name__)

    with ThreadPoolExecutor(max_workers=FILINGS) as pool:
        answers = list(pool.map(file_one, range(FILINGS)))
    statuses = Counter(answer.status for answer in answers)

    assert statuses == {303: FILINGS}, f"answers: {dict(statuses)}"
    ids = {report_id(answer) for answer in answers}
    assert len(ids) == FILINGS
    assert count(site.engine, "SELECT count(*) FROM aspirasi_report WHERE title = :t", t=title) == FILINGS
    assert count(site.engine, "SELECT count(DISTINCT code) FROM aspirasi_report WHERE title = :t", t=title) == FILINGS


def test_one_form_sent_to_both_servers_files_one_report(site):
    form = report_form(site.b)
    title = f"Pohon tumbang uji kirim ganda {secrets.token_hex(4)}"
    key, address = new_key("twice"), new_address()
    on_a = form.submit(site.a, key, title, address)
    on_b = form.submit(site.b, key, title, address)
    assert report_id(on_a) == report_id(on_b)

    racing_title = f"Pohon tumbang uji serentak {secrets.token_hex(4)}"
    racing_key, copies = new_key("race"), 8
    barrier = threading.Barrier(copies)

    def send(n: int) -> Answer:
        barrier.wait()
        return form.submit(site.a if n % 2 == 0 else site.b, racing_key, racing_title, new_address())

    with ThreadPoolExecutor(max_workers=copies) as pool:
        answers = list(pool.map(send, range(copies)))
    assert len({report_id(answer) for answer in answers}) == 1
    for wanted in (title, racing_title):
        assert count(site.engine, "SELECT count(*) FROM aspirasi_report WHERE title = :t", t=wanted) == 1
