"""SQLite under concurrent writes from two gunicorn workers: 500 reports filed at the same moment through the
real form (multipart, CSRF token, a one-time key each) all arrive, and no citizen sees an error.

The server is gunicorn with 2 workers on a temporary SQLite file, migrated and seeded as `make run` does, set
up as in production (rate limits off: the limit on filing is not what is tested here). "database is locked"
must not reach anyone: every filing is answered with the redirect to its tracking code, and the server's log
has no such error either.
"""
from __future__ import annotations

import html
import http.client
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILINGS = 500
WORKERS = 2
BOUNDARY = "----serambi-sqlite-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None, timeout=120):
    """(status, [(header, value)], body) of one request on its own connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with two workers on a migrated, demo-seeded SQLite file; yields (port, database file, log file)."""
    workdir = tmp_path_factory.mktemp("sqlite-concurrency")
    database = workdir / "serambi.db"
    env = {key: value for key, value in os.environ.items()
           if key not in {"REDIS_URL", "UPLOAD_DIR", "TEST_DATABASE_URL", "SERVER_NAME", "PAGE_CACHE_DIR"}}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY=secrets.token_urlsafe(32), SERAMBI_ENV="production",
               RATELIMIT_ENABLED="0", SERAMBI_INSTANCE=str(workdir), PYTHONUNBUFFERED="1")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade", "heads"], ["seed-demo"]):  # heads: as tests/conftest.py
        done = subprocess.run(flask + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"flask {' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
    port, log = free_port(), workdir / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:webapp.gunicorn_conf", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--no-control-socket", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn stopped:\n{log.read_text()[-4000:]}"
            assert time.monotonic() < deadline, f"gunicorn did not answer /ping:\n{log.read_text()[-4000:]}"
            try:
                if request(port, "GET", "/ping", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield port, database, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def report_form(port: int) -> tuple[str, list[tuple[str, str]]]:
    """An anonymous citizen's session cookie, and the report form filled in as they would (key: {key})."""
    status, headers, body = request(port, "GET", "/aspirasi/baru")
    assert status == 200
    page = body.decode()
    cookie = "; ".join(value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    category = re.search(r'<select[^>]*name="category_id"[^>]*>.*?<option value="(\d+)"', page, flags=re.S)
    place = re.search(r'<option data-kecamatan="(\d+)" value="(\d+)"', page)
    assert cookie and token and category and place, "the report form lacks a session, a token, a category or a place"
    return cookie, [("csrf_token", html.unescape(token[1])), ("idempotency_key", "{key}"), ("kind", "pengaduan"),
                    ("category_id", category[1]), ("title", "{title}"),
                    ("description", "Lampu jalan mati tiga malam; jalan gelap dan rawan (uji SQLite serentak)."),
                    ("kecamatan_id", place[1]), ("kelurahan_id", place[2]), ("address", "Jl. Contoh No. 1"),
                    ("lat", ""), ("lng", ""), ("privacy", "anonim"), ("name", ""), ("phone", ""), ("email", "")]


def multipart(fields: list[tuple[str, str]]) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename=""\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n\r\n")
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


def test_500_reports_filed_at_once_on_sqlite_all_arrive_and_nobody_sees_an_error(server):
    port, database, log = server
    cookie, fields = report_form(port)
    title = f"Lampu jalan mati {secrets.token_hex(4)}"
    barrier = threading.Barrier(FILINGS)

    def file_one(n: int):
        key = f"sqlite-{n:04d}-{secrets.token_hex(8)}"
        values = [(name, value.format(key=key, title=title)) for name, value in fields]
        body = multipart(values)
        headers = {"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                   "Content-Length": str(len(body))}
        barrier.wait()
        try:
            status, answer, text = request(port, "POST", "/aspirasi/baru", body, headers, timeout=300)
        except OSError as error:
            return type(error).__name__, ""
        location = dict(answer).get("Location", "")
        return status, location + (" database is locked" if b"database is locked" in text else "")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=FILINGS) as pool:
        results = list(pool.map(file_one, range(FILINGS)))
    seconds = time.monotonic() - started
    statuses = Counter(status for status, _location in results)
    print(f"\n{FILINGS} filings on SQLite with {WORKERS} workers in {seconds:.1f} s: {dict(statuses)}")

    assert statuses == {303: FILINGS}, f"answers: {dict(statuses)}"
    assert all(re.search(r"/aspirasi/\d+/terkirim$", location) for _status, location in results)
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT count(*), count(DISTINCT code) FROM aspirasi_report WHERE title = ?",
                                  (title,)).fetchone()
    assert rows == (FILINGS, FILINGS)
    assert "database is locked" not in log.read_text()
