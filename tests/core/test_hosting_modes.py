"""Hosting modes (docs/deploy/): the same code on shared hosting without Redis and on servers with it.

Without REDIS_URL (shared hosting, one machine) rate limits are counted in the process's memory, messages are
sent by a thread of the web process once the page has gone out, and the page cache's change versions are small
files in the instance folder; everything still works. With REDIS_URL (a VPS with Redis, several machines) all
three live in Redis. Each claim is checked on the objects the app really built, and on what they do, for an
app configured from the environment as in production. Redis is the local one, database 14 (TEST_REDIS_URL),
emptied around each test that uses it; those tests are skipped when it cannot be reached.

Also: passenger_wsgi.py hands Passenger the app, and an uploaded file of one region is never served under
another region's host name (uploads are kept apart on disk too, in a folder per region).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask import g
from limits.storage import MemoryStorage, RedisStorage
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import jpeg, place  # noqa: F401  (place is a fixture)
from tests.modules.aspirasi.test_submit import send
from tests.modules.berita.test_public import add_article, add_cover
from webapp import create_app
from webapp.config import Config
from webapp.core import notify, queue
from webapp.core.models import Region
from webapp.core.pagecache import FileVersions, RedisVersions
from webapp.extensions import db, limiter
from webapp.modules.aspirasi.models import Report, ReportPhoto

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
EN = {"Accept-Language": "en"}
SIGN_IN_LIMIT = 10  # webapp/core/accounts/views.py: "10 per minute" on POST /masuk
# What production reads from the environment and these tests choose (or leave unset) themselves.
SETTINGS = ("REDIS_URL", "RATELIMIT_ENABLED", "PAGE_CACHE_SECONDS", "SERAMBI_PROXY_FIX", "MAIL_SERVER",
            "SMS_GATEWAY_URL", "SERVER_NAME")


@pytest.fixture
def redis():
    """Redis database 14, empty, or a skip."""
    from redis import Redis

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except Exception as error:  # refused, timed out, wrong password
        pytest.skip(f"needs Redis at {REDIS_URL} ({type(error).__name__})")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def hosted(app, monkeypatch, tmp_path):
    """`hosted(redis_url=None)`: an app built from the environment as production builds it (SERAMBI_ENV=production,
    REDIS_URL set or not), with its instance files in a temporary folder; it shares the test's database."""

    def make(redis_url: str | None = None):
        for name in SETTINGS:
            monkeypatch.delenv(name, raising=False)
        if redis_url:
            monkeypatch.setenv("REDIS_URL", redis_url)
        monkeypatch.setenv("SERAMBI_ENV", "production")
        monkeypatch.setenv("SECRET_KEY", "hosting-modes-test-secret")
        monkeypatch.setenv("DATABASE_URL", os.environ.get("TEST_DATABASE_URL") or "sqlite://")
        monkeypatch.setenv("PAGE_CACHE_DIR", str(tmp_path / "pagecache"))
        monkeypatch.setenv("UPLOAD_DIR", str(tmp_path / "hosted-uploads"))
        # Flask-Limiter is one object for every app of the process: its state is put back after the test.
        for attribute in ("enabled", "_storage", "_limiter"):
            monkeypatch.setattr(limiter, attribute, getattr(limiter, attribute))
        built = create_app(Config())
        built.test_client_class = app.test_client_class
        built.config["QUEUE_RETRY_INTERVALS"] = (0, 0, 0)  # a failing job fails the test at once, not in 6 minutes
        return built

    return make


@pytest.fixture
def sent_mail(monkeypatch):
    """Every e-mail handed to the mail server: (to, subject, the thread that sent it, the process)."""
    sent = []

    def send_mail(to, subject, body):
        sent.append((to, subject, threading.current_thread().name, os.getpid()))

    monkeypatch.setattr(notify, "send_mail", send_mail)
    return sent


def sign_in_attempts(client, count: int) -> list[int]:
    token = csrf_from(client.get("/masuk"))
    return [client.post("/masuk", data={"csrf_token": token, "login": f"tidak-ada-{n}@example.id",
                                        "password": "salah-sekali"}).status_code for n in range(count)]


def numbers_page(visitor):
    return visitor.get("/kontak/", headers=EN)


def change_numbers(built, region, number: str) -> None:
    """A committed write of the region, made inside `built` (whose page cache hears of it)."""
    with built.app_context():
        g.region = db.session.get(Region, region.id)
        g.region.emergency_numbers = [{"label": "Posko banjir", "number": number}]
        db.session.commit()


# Rate limits

def test_without_redis_rate_limits_are_counted_in_the_process_memory(hosted, region):
    built = hosted()
    assert isinstance(limiter.storage, MemoryStorage)
    codes = sign_in_attempts(built.test_client(), SIGN_IN_LIMIT + 1)
    assert codes == [422] * SIGN_IN_LIMIT + [429]
    assert any("accounts.login" in key for key in limiter.storage.events)  # the moving window's entries


def test_with_redis_rate_limits_are_counted_in_redis(hosted, region, redis):
    built = hosted(REDIS_URL)
    assert isinstance(limiter.storage, RedisStorage)
    codes = sign_in_attempts(built.test_client(), SIGN_IN_LIMIT + 1)
    assert codes == [422] * SIGN_IN_LIMIT + [429]
    assert [key for key in redis.keys("*LIMITER*") if b"accounts.login" in key]  # e.g. LIMITS:LIMITER/<address>/…


def test_while_redis_is_down_rate_limits_fall_back_to_memory_instead_of_failing_sign_in(hosted, region):
    built = hosted("redis://127.0.0.1:1/0")  # nothing listens there: Redis is down
    codes = sign_in_attempts(built.test_client(), SIGN_IN_LIMIT + 1)
    assert codes == [422] * SIGN_IN_LIMIT + [429]


# The notification queue

def test_without_redis_a_message_is_sent_by_a_thread_of_the_web_process_after_the_page(hosted, region, sent_mail):
    built = hosted()
    with built.test_request_context("/lupa-sandi", method="POST"):
        assert notify.deliver("mail", "siti@example.id", "Tautan sandi baru", subject="Sandi") is True
        response = built.process_response(built.make_response("ok"))
        assert sent_mail == []  # nobody waits for the mail server
    response.close()  # the page has gone out
    queue.wait_for_jobs(built)
    [(to, subject, thread, pid)] = sent_mail
    assert (to, subject, pid) == ("siti@example.id", "Sandi", os.getpid()) and thread.startswith("serambi-job")


def test_with_redis_a_message_waits_in_redis_for_the_worker(hosted, region, redis, sent_mail):
    from rq import Queue, SimpleWorker

    built = hosted(REDIS_URL)
    with built.test_request_context("/lupa-sandi", method="POST"):
        assert notify.deliver("mail", "siti@example.id", "Tautan sandi baru", subject="Sandi") is True
        built.process_response(built.make_response("ok")).close()
    queue.wait_for_jobs(built)
    jobs = Queue(queue.QUEUE_NAME, connection=redis)
    assert sent_mail == [] and jobs.count == 1
    assert jobs.jobs[0].args[0] == notify.SEND_JOB
    with built.app_context():  # what `flask --app wsgi worker` runs, on any machine
        SimpleWorker([jobs], connection=redis).work(burst=True)
    assert [row[:2] for row in sent_mail] == [("siti@example.id", "Sandi")] and jobs.count == 0


# The page cache's versions

def test_without_redis_page_cache_versions_are_files_in_the_instance_folder(hosted, region, tmp_path):
    built = hosted()
    versions = built.extensions["pagecache"].versions
    assert isinstance(versions, FileVersions) and versions.folder == tmp_path / "pagecache"
    visitor = built.test_client(use_cookies=False)
    numbers_page(visitor)
    assert numbers_page(visitor).headers.get("X-Cache") == "HIT"
    before = versions.current(region.id)

    change_numbers(built, region, "0215550199")

    assert versions.current(region.id) != before
    assert str(region.id) in {path.name for path in (tmp_path / "pagecache").iterdir()}
    page = numbers_page(visitor)
    assert "X-Cache" not in page.headers and "0215550199" in page.text


def test_with_redis_page_cache_versions_are_in_redis(hosted, region, redis, tmp_path):
    built = hosted(REDIS_URL)
    assert isinstance(built.extensions["pagecache"].versions, RedisVersions)
    visitor = built.test_client(use_cookies=False)
    numbers_page(visitor)
    assert numbers_page(visitor).headers.get("X-Cache") == "HIT"

    change_numbers(built, region, "0215550299")

    assert int(redis.get(f"serambi:pagecache:{region.id}")) >= 1
    page = numbers_page(visitor)
    assert "X-Cache" not in page.headers and "0215550299" in page.text
    assert not (tmp_path / "pagecache").exists()  # nothing on this machine's disk


# Shared hosting, end to end

def test_shared_hosting_without_redis_files_a_report_shows_it_and_mails_the_reporter(hosted, place, sent_mail):
    built = hosted()
    # The messages are sent at once here: from a thread (as in production) they would share the one database
    # connection the test runs in. The thread itself is tested above.
    built.config["QUEUE_MODE"] = "sync"
    visitor = built.test_client(use_cookies=False)
    visitor.get("/aspirasi/", headers=EN)
    assert visitor.get("/aspirasi/", headers=EN).headers.get("X-Cache") == "HIT"

    citizen = built.test_client()
    response = send(citizen, place, title="Got mampet di Jl. Merdeka", email="budi@example.id")
    assert response.status_code == 303

    listed = visitor.get("/aspirasi/", headers=EN)
    assert "X-Cache" not in listed.headers and "Got mampet di Jl. Merdeka" in listed.text
    assert "budi@example.id" in [to for to, *_rest in sent_mail]


# Passenger

def test_passenger_wsgi_gives_passenger_the_app(tmp_path):
    """Imported as Passenger does (by path, from anywhere), it exposes the WSGI app as `application`."""
    script = (
        "import runpy, sys\n"
        "from werkzeug.test import Client\n"
        f"application = runpy.run_path({str(ROOT / 'passenger_wsgi.py')!r})['application']\n"
        "from wsgi import app\n"
        "answer = Client(application).get('/ping')\n"
        "print(application is app, answer.status_code, answer.get_data(as_text=True))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REDIS_URL", "DATABASE_URL")}
    env.update(SERAMBI_ENV="production", SECRET_KEY="passenger-test-secret", SERAMBI_INSTANCE=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'serambi.db'}")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True", "200", "ok"]


# Many regions: uploads kept apart

@pytest.fixture
def other_region(make_region):
    """A second region on its own host, with the same modules on, so a 404 there is isolation, not a module off."""
    return make_region("bogor", hosts=["bogor.test"], name="Kota Bogor", modules=["aspirasi", "berita", "kontak"])


def test_a_report_photo_of_one_region_is_not_served_under_another_regions_host(client, place, other_region, app):
    response = send(client, place, photos=[jpeg()])
    assert response.status_code == 303
    photo = db.session.execute(select(ReportPhoto)).scalar_one()
    assert photo.path.startswith("tangerang/")  # UPLOAD_DIR/<region slug>/…
    assert (Path(app.config["UPLOAD_DIR"]) / photo.path).is_file()
    for url in (f"/aspirasi/foto/{photo.id}", f"/aspirasi/foto/{photo.id}/kecil"):
        assert client.get(url, base_url="http://localhost").status_code == 200
        assert client.get(url, base_url="http://bogor.test").status_code == 404
    assert db.session.execute(select(Report)).scalar_one().region_id == place.region.id


def test_a_news_cover_of_one_region_is_not_served_under_another_regions_host(client, place, other_region, app):
    place.region.modules = ["aspirasi", "berita", "kontak"]
    db.session.commit()
    g.region = place.region
    article = add_article("Jembatan Cisadane dibuka", cover=add_cover())
    for variant in article.cover:
        assert variant["path"].startswith("tangerang/berita/")
        assert (Path(app.config["UPLOAD_DIR"]) / variant["path"]).is_file()
        assert client.get(f"/berita/gambar/{variant['path']}", base_url="http://localhost").status_code == 200
        assert client.get(f"/berita/gambar/{variant['path']}", base_url="http://bogor.test").status_code == 404
