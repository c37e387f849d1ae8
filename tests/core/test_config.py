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
