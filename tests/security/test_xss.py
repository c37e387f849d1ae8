"""A scanner's script payloads never come back as live HTML: not reflected from a query parameter or a form
field, not from the "form expired" page that offers to send the fields again, and not from what is stored
and shown again (a report's title and description, a person's name) on public and staff pages.

A payload may come back as text (escaped): what must never appear is markup that a browser would run, an
attribute that breaks out of its quotes, a `javascript:` link, or a template expression evaluated.
"""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from tests.security.payloads import COMMON_PARAMS
from tests.security.site import form_on, real_url, route_key

# A scanner's usual payloads in one value (so one request tries them all), and a link that runs script.
MARKUP = "\"'><svg onload=alert(1)><script>alert(1)</script><img src=x onerror=alert(1)>{{7*7}}{{1234*5678}}"
SCRIPT_URL = "javascript:alert(1)"
PAYLOADS = (MARKUP, SCRIPT_URL)
EVALUATED = "7006652"  # 1234*5678: a template engine ran what was typed
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "hx-get",
                  "hx-post", "content"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")


class Scanner(HTMLParser):
    """Finds live script in a page: elements and attributes a browser would run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert(1)" in value:
                self.found.append(f"<{tag} {name}=…alert(1)>")
            if name in URL_ATTRIBUTES and _INVISIBLE.sub("", value).lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "alert(1)" in data:
            self.found.append("<script>alert(1)</script>")


def live_script(response) -> list[str]:
    """What in `response` would run a payload (empty when it came back as text or not at all)."""
    body = response.get_data().decode("utf-8", "replace")  # a PNG icon is no page, but may say so wrongly
    found = [EVALUATED] if EVALUATED in body else []
    if response.mimetype in ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"):
        scanner = Scanner()
        scanner.feed(body)
        found += scanner.found
    elif "<script>alert(1)" in body and "nosniff" not in response.headers.get("X-Content-Type-Options", ""):
        found.append(f"raw markup as {response.mimetype} without nosniff")
    return found


class Findings:
    def __init__(self):
        self.items: list[str] = []
        self.requests = 0

    def check(self, response, what: str) -> None:
        self.requests += 1
        found = live_script(response)
        if found:
            self.items.append(f"{what} -> {response.status_code}: {sorted(set(found))}")
        assert response.status_code < 500, f"{what} -> {response.status_code}"


@pytest.fixture
def findings(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the views, not the token, see the payloads
    return Findings()


def who_sees(rule_path: str) -> tuple[str, ...]:
    return ("platform",) if rule_path.startswith(("/staf/", "/platform/")) else ("anonymous", "platform")


def test_query_parameters_are_never_reflected_as_script(app, install, findings):
    site, router = install.sites["a"], install.routers["a"]
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url, _real = real_url(site, router, rule)
        names = sorted(site.params.get(route_key(rule), set()) | set(COMMON_PARAMS))
        for payload in PAYLOADS:
            query = urlencode([(name, payload) for name in names])
            for person in who_sees(rule.rule):
                for headers in ({}, {"HX-Request": "true"}):
                    response = install.visitor(person).open(f"{urlsplit(url).path}?{query}", headers=headers)
                    findings.check(response, f"GET {rule.rule}?…={payload[:12]}… as {person} {headers}")
    assert findings.requests > 200
    assert not findings.items, "\n".join(findings.items)


def filled(form, payload: str) -> tuple[list[tuple[str, object]], bool]:
    """The form as a browser sends it, with the payload in every field a person types into (and as the name
    of any file); the CSRF token is left alone."""
    typed = set(form.typed_fields()) - {"csrf_token"}
    data = [(name, payload if name in typed else value) for name, value in form.browser_data()]
    data += [(name, payload) for name in typed if name not in {n for n, _v in data}]
    files = [(f.name, (io.BytesIO(b"not a picture"), payload[:60] + ".jpg")) for f in form.fields
             if f.kind == "file" and f.name]
    return data + files, form.multipart or bool(files)


def send(visitor, form, data, multipart: bool, headers=None):
    if form.method == "GET":
        return visitor.open(f"{urlsplit(form.action).path}?{urlencode(data)}", headers=headers or {})
    body = {}
    for name, value in data:
        body.setdefault(name, []).append(value)
    return visitor.open(form.action, "POST", data=body, headers=headers or {},
                        content_type="multipart/form-data" if multipart else "application/x-www-form-urlencoded")


def test_form_fields_are_never_reflected_as_script_nor_stored_as_script(app, install, findings):
    """Every form the walk found, sent with payloads by the person who saw it; what a successful submission
    leads to (the page it redirects to, and the form's own page again) is checked as well."""
    forms = install.sites["a"].forms
    assert len(forms) > 50
    for person, form in forms:
        for payload in PAYLOADS:
            with install.apart():
                visitor = install.visitor(person)
                data, multipart = filled(form, payload)
                response = send(visitor, form, data, multipart)
                what = f"{form.method} {form.action} (form on {form.page}) as {person} with {payload[:12]}…"
                findings.check(response, what)
                location = response.headers.get("Location", "")
                if response.status_code in (302, 303) and location.startswith(("/", "http://localhost/")):
                    findings.check(visitor.open(location), f"{what}, then its redirect")
                    findings.check(visitor.open(form.page), f"{what}, then {form.page} again")
    assert not findings.items, "\n".join(findings.items)


def test_the_expired_form_page_sends_fields_back_as_text(app, install, monkeypatch):
    """With a wrong CSRF token from our own origin, the 400 page offers the typed fields again: as values."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    findings = Findings()
    posts = [(person, form) for person, form in install.sites["a"].forms if form.method == "POST"]
    for person, form in posts:
        data, _multipart = filled(form, MARKUP)
        data = [(name, "wrong-token" if name == "csrf_token" else value) for name, value in data
                if not isinstance(value, tuple)] + [("csrf_token", "wrong-token")]
        response = send(install.visitor(person), form, data, False, headers={"Origin": "http://localhost"})
        assert response.status_code == 400
        findings.check(response, f"POST {form.action} as {person} with a wrong token")
    assert findings.requests > 20
    assert not findings.items, "\n".join(findings.items)


def test_a_report_and_a_name_with_script_show_as_text_everywhere(app, install, findings):
    """A citizen names themselves with a payload and files a report full of them; the admin verifies it.
    Then every page of the site, as every kind of person, shows the payloads as text."""
    with install.apart():
        citizen = install.visitor("citizen")
        profile = form_on(citizen.open("/akun").get_data(as_text=True), "/akun", "localhost", "/akun/profil")
        renamed = citizen.open(profile.action, "POST", data={**dict(profile.browser_data()), "name": MARKUP[:100]})
        assert renamed.status_code in (302, 303), renamed.get_data(as_text=True)[:2000]

        page = citizen.open("/aspirasi/baru").get_data(as_text=True)
        form = form_on(page, "/aspirasi/baru", "localhost", "/aspirasi/baru")
        filing = {**dict(form.browser_data()), **report_choices(page), "title": MARKUP[:150],
                  "description": f"{MARKUP} {SCRIPT_URL}", "address": MARKUP[:150], "name": MARKUP[:100],
                  "privacy": "publik", "phone": "", "email": ""}
        filed = citizen.open(form.action, "POST", data=filing, content_type="multipart/form-data")
        assert filed.status_code == 303, filed.get_data(as_text=True)[:2000]
        sent = citizen.open(filed.headers["Location"])
        findings.check(sent, "the tracking code page")
        shown = re.search(r'<p class="code"><span aria-hidden="true">([A-Z0-9-]+)</span>', sent.get_data(as_text=True))
        code = shown[1]

        admin = install.visitor("admin")
        staff_page = admin.open(f"/staf/aspirasi/laporan/{code}")
        findings.check(staff_page, "the staff page of the report")
        verify = form_on(staff_page.get_data(as_text=True), staff_page.request.path, "localhost", "/verifikasi")
        verified = admin.open(verify.action, "POST", data=dict(verify.browser_data()))
        assert verified.status_code in (302, 303), verified.get_data(as_text=True)[:2000]

        report_page = f"/aspirasi/{filed.headers['Location'].rstrip('/').split('/')[-2]}"
        assert install.visitor("anonymous").open(report_page).status_code == 200
        site, router = install.sites["a"], install.routers["a"]
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/platform/"):
                continue
            url, _real = real_url(site, router, rule)
            for person in ("anonymous", "citizen", "admin", "opd"):
                findings.check(install.visitor(person).open(url), f"GET {url} as {person}")
        for person in ("anonymous", "citizen", "admin"):
            findings.check(install.visitor(person).open(report_page), f"the report's page as {person}")
        findings.check(admin.open("/cari?q=alert"), "the search")
        findings.check(admin.open("/staf/pengguna?q=svg"), "the staff's list of accounts")
    assert findings.requests > 150
    assert not findings.items, "\n".join(findings.items)


def report_choices(page: str) -> dict:
    """A category and a kelurahan inside its kecamatan, from the report form's own options."""
    category = re.search(r'<select[^>]*name="category_id"[^>]*>.*?<option value="(\d+)"', page, flags=re.S)
    place = re.search(r'<option data-kecamatan="(\d+)" value="(\d+)"', page)
    assert category and place, "the report form offers no category or kelurahan"
    return {"category_id": category[1], "kecamatan_id": place[1], "kelurahan_id": place[2]}
