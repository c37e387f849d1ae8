"""What gunicorn's master loads before forking, so the workers share it instead of each building its own."""
from babel import support
from flask_babel import force_locale, get_translations, gettext

from webapp import create_app
from webapp.config import TestConfig
from webapp.core.warmup import warm


def test_every_template_is_compiled_and_every_catalogue_read_before_the_fork(monkeypatch):
    app = create_app(TestConfig())
    domain = app.extensions["babel"].instance.domain_instance
    domain.cache.clear()
    env = app.jinja_env
    assert not env.cache  # nothing is compiled until a page is rendered
    done = warm(app)
    names = [n for n in env.list_templates() if n.endswith(".html")]
    assert done["skipped"] == 0 and done["templates"] >= len(names) > 100
    cached = {key[1] for key in env.cache.keys()}
    assert {"layout.html", "aspirasi/new.html", "errors/unknown_host.html"} <= cached
    assert done["locales"] == list(app.config["LANGUAGES"])

    def no_more_reading(*args, **kwargs):
        raise AssertionError("a catalogue was read after the warm-up")

    monkeypatch.setattr(support.Translations, "load", no_more_reading)
    with app.test_request_context("/"):
        for code in app.config["LANGUAGES"]:
            with force_locale(code):
                get_translations()
        with force_locale("id"):
            assert gettext("Search") != "Search"
