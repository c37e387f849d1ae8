"""The outbox on the server's side: the outbox page the service worker keeps for offline, the worker's outbox
script and its allow-list of forms, the header badge, and what makes a replay safe (a one-time key creates one
report however often the form arrives; a CSRF token from another session is refused, so the worker fetches a
fresh one before each replay). The replay itself runs in Chromium: tests/browser/test_outbox.py.
"""
from __future__ import annotations

import re

import pytest
from flask import g

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import EN, html_of, jpeg, place, report_count  # noqa: F401 (fixture)
from tests.modules.aspirasi.test_submit import open_form, typed
from webapp.core.pwa import outbox_config
from webapp.extensions import db

ALL_MODULES = ["aspirasi", "harga", "pencaker", "berita", "kontak"]
IMPORT = re.compile(r'importScripts\("([^"]+)"\)')


def sw_source(client) -> str:
    return client.get("/sw.js").get_data(as_text=True)


def outbox_script(client):
    url = IMPORT.search(sw_source(client)).group(1)
    return url, client.get(url)


# The outbox page

@pytest.mark.parametrize("language, other", [("en", "id"), ("id", "en")])
def test_outbox_page_renders_in_each_language(client, region, language, other):
    response = client.get("/antrean", headers={"Accept-Language": language})
    page = html_of(response)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert "data-outbox-list" in page and "<nav" in page  # the site's own layout around the list
    assert re.search(r'<script src="/static/js/outbox\.[0-9a-f]{10}\.js" defer>', page)
    assert f'hreflang="{other}"' in page
    assert 'name="robots" content="noindex"' in page


def test_outbox_page_explains_itself_without_javascript(client, region):
    page = html_of(client.get("/antrean", headers=EN))
    assert "<h1>Waiting to send</h1>" in page
    assert "Nothing is waiting on this phone." in page  # what shows when no script lists anything
    assert re.search(r"<p[^>]*hidden data-saved>Saved on this phone\. It will be sent when you are online\.</p>", page)
    for words in ("Open the answer", "Open and correct", "Send now", "Delete", "Sign in again",
                  "photos and files must be chosen again"):
        assert words in page, words


def test_outbox_page_is_the_same_for_everyone_and_may_be_kept_offline(client, region, make_user, login):
    anonymous = client.get("/antrean")
    login(make_user(region, name="Siti Rahmawati"))
    signed_in = client.get("/antrean")
    for response in (anonymous, signed_in):
        cache = response.headers["Cache-Control"]
        assert "no-store" not in cache and "private" in cache  # the worker keeps it; shared caches do not
    assert "Siti" not in html_of(signed_in)


def switch_on(region, modules) -> None:
    region.modules = modules
    db.session.commit()


def test_outbox_page_names_the_kind_of_each_form_that_may_wait(client, region):
    switch_on(region, ALL_MODULES)
    page = html_of(client.get("/antrean", headers=EN))
    kinds = re.search(r"data-kinds='([^']*)'", page).group(1)
    for label in ("Aspirasi", "Market prices", "Jobs"):
        assert label in kinds


# The service worker's outbox part

def test_service_worker_keeps_the_outbox_page_and_its_script_at_install(client, region):
    source = sw_source(client)
    page = html_of(client.get("/antrean"))
    script = re.search(r'src="(/static/js/outbox\.[0-9a-f]{10}\.js)"', page).group(1)
    assert '"/antrean"' in source and f'"{script}"' in source


def test_service_worker_imports_its_outbox_script(client, region):
    url, response = outbox_script(client)
    assert url.startswith("/sw-outbox.js?v=")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "indexedDB" in response.get_data(as_text=True)
    assert "{#" not in response.get_data(as_text=True)  # the template's notes stay on the server


def test_outbox_script_lists_the_enabled_modules_forms(client, region):
    switch_on(region, ["aspirasi", "kontak"])
    source = outbox_script(client)[1].get_data(as_text=True)
    assert "/aspirasi/baru" in source and "lamar" not in source
    switch_on(region, ALL_MODULES)
    source = outbox_script(client)[1].get_data(as_text=True)
    assert "lamar" in source and "staf/harga" in source


def test_a_change_in_the_outbox_script_changes_the_service_worker(client, region):
    before_url, before_sw = outbox_script(client)[0], sw_source(client)
    switch_on(region, ALL_MODULES)  # more forms may wait: new outbox text, so a new worker installs
    assert outbox_script(client)[0] != before_url
    assert sw_source(client) != before_sw


def sample_path(rule: str) -> str:
    """A path `rule` would answer, with plausible values for its arguments (a day for <day>, 12 for numbers)."""
    def value(match):
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith(("int", "float")):
            return "12"
        if converter.startswith("path"):
            return "a/b"
        return {"day": "2026-11-20"}.get(name, "contoh")

    return re.sub(r"<(?:(\w+(?:\([^)]*\))?):)?(\w+)>", value, rule)


def test_only_the_complaint_price_entry_and_job_application_forms_may_wait(app, region):
    region.modules = ALL_MODULES
    with app.test_request_context():
        g.region = region
        forms = outbox_config()["forms"]
    patterns = [re.compile(path) for path, _side_step in forms]
    matched = {rule.endpoint: rule for rule in app.url_map.iter_rules()
               if any(p.search(sample_path(rule.rule)) for p in patterns)}
    assert set(matched) == {"aspirasi.new", "harga.staff_entry_form", "pencaker.apply"}
    assert all("POST" in rule.methods for rule in matched.values())
    assert ["^/aspirasi/baru$", "langkah"] in forms  # "check for similar reports" is never kept


# The header badge

def test_every_page_carries_the_outbox_badge_hidden_until_something_waits(client, region):
    page = html_of(client.get("/", headers=EN))
    badge = re.search(r'<a class="outbox-badge" href="/antrean" hidden data-outbox>(.*?)</a>', page).group(1)
    assert '<span hidden data-o="waiting">Waiting to send (<b></b>)</span>' in badge
    assert '<span hidden data-o="sent">Sent — see the answer (<b></b>)</span>' in badge
    assert '<span hidden data-o="attention">Needs your attention (<b></b>)</span>' in badge


def test_badge_words_come_from_the_language_of_the_page(client, region):
    from flask_babel import gettext

    page = html_of(client.get("/", headers={"Accept-Language": "id"}))
    with client.application.test_request_context(headers={"Accept-Language": "id"}):
        g.region = region
        expected = gettext("Waiting to send (%(n)s)", n="<b></b>")
    assert f'<span hidden data-o="waiting">{expected}</span>' in page


# What makes a replay safe

def test_a_token_from_another_session_is_refused(app, place):
    phone_then = app.test_client()
    hidden = open_form(phone_then)  # the form as the phone had it when it went offline
    phone_now = app.test_client()  # the session it had is gone (expired, or signed in and out since)
    refused = phone_now.post("/aspirasi/baru", data={**hidden, **typed(place)}, headers=EN,
                             content_type="multipart/form-data")
    assert refused.status_code == 400
    assert report_count() == 0


def test_a_replay_with_a_fresh_token_files_one_report_however_often_it_arrives(app, place):
    hidden = open_form(app.test_client())
    phone = app.test_client()
    answers = []
    for _ in range(2):  # the outbox sent it, then sent it again (two triggers, or a lost answer)
        fresh_token = csrf_from(phone.get("/aspirasi/baru", headers=EN))
        response = phone.post("/aspirasi/baru", headers=EN, content_type="multipart/form-data",
                              data={**typed(place), "idempotency_key": hidden["idempotency_key"],
                                    "csrf_token": fresh_token, "photos": [jpeg()]})
        assert response.status_code == 303
        answers.append(response.headers["Location"])
    assert report_count() == 1
    assert answers[0] == answers[1] and answers[0].endswith("/terkirim")
    assert "Your tracking code" in html_of(phone.get(answers[0], headers=EN))
