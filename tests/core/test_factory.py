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
