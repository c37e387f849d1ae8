"""The app factory and the fixed project layout."""
from pathlib import Path

from webapp import create_app
from webapp.config import ROOT, TestConfig


def test_templates_static_and_translations_live_at_the_top_level(app):
    assert Path(app.template_folder) == ROOT / "templates"
    assert Path(app.static_folder) == ROOT / "static"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(ROOT / "translations")


def test_factory_takes_a_config_object():
    config = TestConfig()
    config.SOME_FLAG = "yes"
    assert create_app(config).config["SOME_FLAG"] == "yes"


def test_healthz_reports_app_and_database(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_ping_answers_without_touching_the_database(app, client):
    """/ping is a liveness probe and the benchmarks' floor: no region lookup, no query, no template."""
    from sqlalchemy import event

    from webapp.extensions import db

    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get("/ping", base_url="http://no-region.example")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200 and response.data == b"ok"
    assert statements == []
