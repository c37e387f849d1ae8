"""Security headers, session cookies and CSRF for htmx: a strict CSP that no template breaks with inline
script, browser features off except where a page needs them, HSTS over HTTPS, cookies scripts cannot read,
and the CSRF token of state-changing htmx requests in a header."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import place  # noqa: F401  (a region with Aspirasi on)
from webapp import create_app
from webapp.config import ROOT, TestConfig

EN = {"Accept-Language": "en"}


# No inline script anywhere: the CSP would block it, so a page relying on it breaks

class ScriptFinder(HTMLParser):
    """Inline <script> (JSON data blocks aside) and event-handler attributes in one template."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in self.DATA_TYPES:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")


EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+|hx-on[:\-][\w:\-]*)\s*=\s*[\"']")
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def inline_script_problems(text: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(text)
    problems = finder.problems
    problems += [f"event handler attribute {m.group(1)}=" for m in EVENT_HANDLER.finditer(text)]
    problems += ["javascript: URL" for _ in JAVASCRIPT_URL.finditer(text)]
    return problems


def all_templates() -> list[Path]:
    return sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "webapp").glob("**/templates/**/*.html")])


def test_the_scanner_finds_inline_script_and_handlers():
    assert inline_script_problems('<p><script>alert(1)</script></p>')
    assert inline_script_problems('<button type="button" onclick="go()">Go</button>')
    assert inline_script_problems('<form hx-on:submit="x()"></form>')
    assert inline_script_problems('<a href="javascript:void(0)">x</a>')
    assert not inline_script_problems('<script src="/static/js/app.js" defer></script>'
                                      '<script type="application/ld+json">{}</script><p>Mention only</p>')


def test_no_template_has_inline_script_or_event_handler_attributes():
    templates = all_templates()
    assert len(templates) > 50  # the module templates are found too
    problems = {str(p.relative_to(ROOT)): found for p in templates if (found := inline_script_problems(p.read_text()))}
    assert problems == {}


def test_pages_carry_a_strict_csp_and_the_basic_headers(client, region):
    response = client.get("/")
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


# Permissions-Policy

def policy(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(","))


def test_no_page_may_use_location_camera_microphone_or_payment_by_default(client, region):
    for url in ("/", "/masuk", "/tidak-ada"):
        features = policy(client.get(url))
        for name in ("geolocation", "camera", "microphone", "payment", "usb"):
            assert features[name] == "()", (url, name)


def test_the_report_form_may_ask_for_the_location_and_only_it(client, place):  # noqa: F811
    form = client.get("/aspirasi/baru", headers=EN)
    assert form.status_code == 200 and b"data-locate" in form.data  # the "Use my location" button
    assert policy(form)["geolocation"] == "(self)" and policy(form)["camera"] == "()"
    assert policy(client.get("/aspirasi/", headers=EN))["geolocation"] == "()"


def test_every_template_with_a_location_button_is_the_report_form():
    """A new "use my location" control must be allowed its page (@allows_feature("geolocation")), then
    listed here with a test of its page like the one above."""
    with_button = {str(p.relative_to(ROOT)) for p in all_templates() if "data-locate" in p.read_text()}
    assert with_button == {"webapp/modules/aspirasi/templates/aspirasi/new.html"}


def test_boosted_navigation_to_the_report_form_loads_it_as_a_new_page(client, place):  # noqa: F811
    """The policy of the page a visitor came from still holds after a boosted swap; a real load applies the form's."""
    boosted = {**EN, "HX-Request": "true", "HX-Boosted": "true"}
    response = client.get("/aspirasi/baru?kategori=3", headers=boosted)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/aspirasi/baru?kategori=3"
    assert response.data == b""
    restore = client.get("/aspirasi/baru", headers={**EN, "HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert restore.headers["HX-Redirect"] == "/aspirasi/baru"
    other = client.get("/aspirasi/", headers=boosted)
    assert "HX-Redirect" not in other.headers and b"<h1" in other.data


# HSTS only over HTTPS

def test_hsts_only_when_the_request_came_over_https(client, region):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_behind_a_proxy_hsts_follows_x_forwarded_proto():
    config = TestConfig()
    config.PROXY_FIX = 1  # SERAMBI_PROXY_FIX=1, as behind nginx
    proxied = create_app(config).test_client()
    assert proxied.get("/ping", headers={"X-Forwarded-Proto": "https"}).headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in proxied.get("/ping", headers={"X-Forwarded-Proto": "http"}).headers


# Session cookies

def session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_the_session_cookie_is_httponly_and_samesite_lax(client, region):
    cookie = session_cookie(client.get("/masuk"))  # a page with a form: the CSRF token lives in the session
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over plain http must keep working


def test_in_production_the_session_cookie_is_secure(monkeypatch, region):
    monkeypatch.setenv("SERAMBI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    config = TestConfig()
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    cookie = session_cookie(create_app(config).test_client().get("/masuk", base_url="https://localhost"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


# CSRF for htmx: the token in the X-CSRFToken header

def test_an_htmx_post_with_the_token_only_in_the_header_is_accepted(client, region):
    token = csrf_from(client.get("/masuk"))
    response = client.post("/keluar", headers={**EN, "HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"  # signed out, back home
    refused = client.post("/keluar", headers={**EN, "HX-Request": "true", "X-CSRFToken": "forged"})
    assert refused.status_code == 400


def test_an_htmx_post_without_any_token_gets_the_translated_csrf_page(client, region):
    client.get("/masuk")
    response = client.post("/masuk", data={"login": "siti@example.id"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa".encode() in response.data and "Kesalahan 400".encode() in response.data
    english = client.post("/masuk", data={"login": "x"}, headers={**EN, "HX-Request": "true"})
    assert english.status_code == 400 and b"The form had expired" in english.data


APP_JS_HARNESS = r"""
const fs = require("fs"), vm = require("vm");
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const results = cases.map(function (c) {
  const listeners = {};
  const meta = c.meta ? {content: c.meta} : null;
  const document = {
    addEventListener: function (type, fn) { listeners[type] = fn; },
    querySelector: function (s) { return s === 'meta[name="csrf-token"]' ? meta : null; },
    querySelectorAll: function () { return []; },
    body: {dataset: {}},
  };
  vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"),
                     {document: document, navigator: {onLine: true}, addEventListener: function () {}});
  const form = c.form === undefined ? null : {elements: {namedItem: function (n) {
    return n === "csrf_token" && c.form ? {value: c.form} : null; }}};
  const source = {form: c.inside === "form-attribute" ? form : undefined,
                  closest: function () { return c.inside === "ancestor" ? form : null; }};
  const request = {method: c.method, headers: {}, form: c.inside === "request" ? form : null};
  listeners["htmx:config:request"]({detail: {ctx: {request: request, sourceElement: source}}});
  return request.headers["X-CSRFToken"] || null;
});
process.stdout.write(JSON.stringify(results));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run static/js/app.js")
def test_app_js_puts_the_token_of_the_requests_form_or_page_into_the_header():
    cases = [
        {"method": "POST", "form": "from-form", "inside": "request"},  # a boosted or hx-post form
        {"method": "DELETE", "form": "from-ancestor", "inside": "ancestor"},  # a button inside a form
        {"method": "PUT", "form": "from-form-attr", "inside": "form-attribute"},  # <button form="…">
        {"method": "POST", "meta": "from-meta"},  # no form: the page's <meta name="csrf-token">
        {"method": "POST", "form": "", "inside": "request", "meta": "from-meta"},  # a form without a token
        {"method": "GET", "form": "from-form", "inside": "request", "meta": "from-meta"},  # reads carry none
        {"method": "POST"},  # nothing to send
    ]
    run = subprocess.run(["node", "-e", APP_JS_HARNESS, str(ROOT / "static/js/app.js")], input=json.dumps(cases),
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["from-form", "from-ancestor", "from-form-attr", "from-meta", "from-meta",
                                      None, None]


def test_app_js_listens_to_the_event_the_vendored_htmx_sends():
    htmx = (ROOT / "static/js/htmx-4.0.1.min.js").read_text()
    assert '"htmx:config:request"' in htmx and '"htmx:config:request"' in (ROOT / "static/js/app.js").read_text()
