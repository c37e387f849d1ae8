"""/healthz tells a monitor whether the database and, when the install uses one, Redis answer."""
from __future__ import annotations

import socket
import time

import pytest

LOCAL_REDIS = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_or_skip(url: str) -> None:
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisDown:
        pytest.skip("no Redis server on 127.0.0.1:6379")


def test_without_redis_configured_healthz_does_not_mention_it(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and "redis" not in response.get_json()


def test_healthz_reports_a_reachable_redis(app, client, monkeypatch):
    redis_or_skip(LOCAL_REDIS)
    monkeypatch.setitem(app.config, "REDIS_URL", LOCAL_REDIS)
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok" and body["redis"] == "ok"


def test_healthz_is_503_quickly_when_redis_is_down(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://:s3cret@127.0.0.1:{free_port()}/0")  # nothing listens
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 5
    body = response.get_json()
    assert response.status_code == 503 and body["status"] == "error"
    assert body["redis"].startswith("error: ") and body["database"] == "ok"
    assert "s3cret" not in response.get_data(as_text=True)  # the URL's password never leaves the server
    assert response.headers["Cache-Control"] == "no-store"
