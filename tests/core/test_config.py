"""Settings from the environment."""
import pytest

from webapp import create_app
from webapp.config import Config, ConfigError, TestConfig


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("SERAMBI_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        Config()


def test_development_keeps_one_generated_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    first, second = Config().SECRET_KEY, Config().SECRET_KEY
    assert first == second and len(first) > 40
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_database_url_defaults_to_sqlite_and_accepts_postgres_urls(monkeypatch, tmp_path):
    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Config().SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'serambi.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/serambi")
    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db/serambi"


def test_proxy_fix_takes_the_client_address_from_the_proxy(monkeypatch, region):
    monkeypatch.setenv("SERAMBI_PROXY_FIX", "1")
    app = create_app(TestConfig())

    @app.get("/_addr")
    def addr():
        from flask import request

        return request.remote_addr or ""

    app.config["REGIONLESS_ENDPOINTS"] = (*app.config["REGIONLESS_ENDPOINTS"], "addr")
    response = app.test_client().get("/_addr", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.data == b"203.0.113.9"


def test_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from sqlalchemy import text

    from webapp.extensions import db

    app = create_app(TestConfig(database_url=f"sqlite:///{tmp_path / 'wal.db'}"))
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_two_sqlite_writers_that_read_first_both_succeed(tmp_path):
    """Two requests that each read, then write, at the same time: on a plain BEGIN the second one's stale
    snapshot cannot be upgraded and SQLite refuses at once ("database is locked"), losing a submission.
    A writing request begins IMMEDIATE, so the second one waits for the first and then succeeds."""
    import threading

    from sqlalchemy import text

    from webapp.extensions import db

    app = create_app(TestConfig(database_url=f"sqlite:///{tmp_path / 'writers.db'}"))
    with app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE counter (n INTEGER)"))
            conn.execute(text("INSERT INTO counter VALUES (0)"))
    first_has_read, second_has_read, first_committed = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with app.test_request_context("/aspirasi/baru", method="POST"), engine.connect() as conn:
                with conn.begin():
                    n = conn.execute(text("SELECT n FROM counter")).scalar()
                    first_has_read.set()
                    second_has_read.wait(1)  # (with BEGIN IMMEDIATE the second cannot read before we commit)
                    conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            first_committed.set()
        except Exception as exc:  # what a user would have seen as a 500
            errors.append(exc)
            first_committed.set()

    def second():
        try:
            first_has_read.wait(5)
            with app.test_request_context("/aspirasi/baru", method="POST"), engine.connect() as conn:
                with conn.begin():
                    n = conn.execute(text("SELECT n FROM counter")).scalar()
                    second_has_read.set()
                    first_committed.wait(5)
                    conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 2  # neither update was lost


def test_the_page_cache_is_on_in_production_and_off_in_development(monkeypatch, tmp_path):
    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    monkeypatch.delenv("PAGE_CACHE_SECONDS", raising=False)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("SERAMBI_ENV", "production")
    assert Config().PAGE_CACHE_SECONDS == 30
    monkeypatch.setenv("SERAMBI_ENV", "development")
    assert Config().PAGE_CACHE_SECONDS == 0
    monkeypatch.setenv("PAGE_CACHE_SECONDS", "5")
    assert Config().PAGE_CACHE_SECONDS == 5


def test_a_production_app_wraps_itself_in_the_page_cache_and_a_development_one_does_not(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    for env, wrapped in (("production", True), ("development", False)):
        monkeypatch.setenv("SERAMBI_ENV", env)
        config = TestConfig()
        config.PAGE_CACHE_SECONDS = Config().PAGE_CACHE_SECONDS
        config.PAGE_CACHE_DIR = str(tmp_path / env)
        app = create_app(config)
        assert ("pagecache" in app.extensions) is wrapped
