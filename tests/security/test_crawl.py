"""Bad input never breaks a page: every route the app registers, asked by every kind of person with real and
malformed URL parameters, malformed query strings and headers, and posts with fields missing or garbled,
answers below 500. A person sees a message, never "something went wrong on our side".

Payloads are sampled rather than crossed in full: each (route, person) gets the next values of the lists in
tests/security/payloads.py, so together the requests use every value on every kind of route; routes with
text parameters (codes, slugs, days, tokens, file paths) also get every value from the platform admin, and
each query parameter a route's links and forms use gets, alone, the values that break number and date parsing.
"""
from __future__ import annotations

import io
import logging
import time
from collections import Counter
from urllib.parse import quote, urlsplit

import pytest

from tests.security.conftest import PEOPLE
from tests.security.payloads import COMMON_PARAMS, ENCODED_VALUES, HUGE, Rotation, decoded, form_body
from tests.security.site import build, converter_of, methods_of, real_url, real_values, route_key


class Crawl:
    """Sends the requests and keeps what came back."""

    def __init__(self, install, caplog):
        self.install, self.caplog = install, caplog
        self.site, self.router = install.sites["a"], install.routers["a"]
        self.rotation = Rotation()
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.stand_ins: set[str] = set()
        self.sent = 0

    def send(self, visitor, person: str, method: str, url: str, **kwargs) -> None:
        self.caplog.clear()
        headers = {**self.rotation.headers(), **kwargs.pop("headers", {})}
        response = visitor.open(url, method, headers=headers, **kwargs)
        self.sent += 1
        self.statuses[response.status_code // 100 * 100] += 1
        if response.status_code >= 500:
            errors = [r for r in self.caplog.records if r.exc_info]
            cause = repr(errors[-1].exc_info[1])[:300] if errors else "(nothing logged)"
            self.failures.append(f"{response.status_code} {method} {url[:160]} as {person} {str(headers)[:80]}: "
                                 f"{cause}")

    def route(self, rule) -> None:
        key = route_key(rule)
        for index, person in enumerate(PEOPLE):
            with self.install.apart():
                visitor = self.install.visitor(person)
                for method in methods_of(rule):
                    url, real = real_url(self.site, self.router, rule, method)
                    if not real:
                        self.stand_ins.add(key)
                    if method == "GET":
                        self.send(visitor, person, "GET", url)
                        self.send(visitor, person, "GET", self.bad_path(rule, url, method) if index % 2 and
                                  rule.arguments else self.bad_query(key, url))
                    else:
                        self.send(visitor, person, method, url, data=b"",
                                  content_type="application/x-www-form-urlencoded")
                        self.send(visitor, person, method, url, **self.garbled_fields(key, multipart=index % 3 == 0))
        if any(converter_of(rule, name) != "int" for name in rule.arguments):
            self.every_value(rule)
        if "GET" in rule.methods:
            self.each_parameter_alone(rule)

    def every_value(self, rule) -> None:
        """Every malformed value in each text parameter, from the platform admin (who passes every role check)."""
        method = "GET" if "GET" in rule.methods else methods_of(rule)[0]
        url, _real = real_url(self.site, self.router, rule, method)
        with self.install.apart():
            visitor = self.install.visitor("platform")
            for name in rule.arguments:
                if converter_of(rule, name) == "int":
                    continue
                for value in ENCODED_VALUES:
                    values = {**real_values(self.router, url, method), name: value}
                    self.send(visitor, "platform", method, build(rule, {**self.stand_in(rule), **values}))

    def each_parameter_alone(self, rule) -> None:
        """Each query parameter the route's links and forms use, alone, with the values that most often break a
        view reading a number or a date from it: too large for any column, digits int() cannot read, negative,
        and the first day of year 1 (nothing can be counted back from it)."""
        key = route_key(rule)
        url, _real = real_url(self.site, self.router, rule)
        with self.install.apart():
            visitor = self.install.visitor("platform")
            for name in sorted(self.site.params.get(key, ())):
                for value in (HUGE, "%C2%B2%C2%B3", "-1", "0001-01-01"):
                    self.send(visitor, "platform", "GET", f"{urlsplit(url).path}?{name}={value}")

    def stand_in(self, rule) -> dict[str, str]:
        return {name: "1" if converter_of(rule, name) == "int" else "x" for name in rule.arguments}

    def bad_path(self, rule, url: str, method: str) -> str:
        values = real_values(self.router, url, method) or self.stand_in(rule)
        names = sorted(rule.arguments)
        values[names[self.sent % len(names)]] = self.rotation.value()
        return build(rule, values)

    def bad_query(self, key: str, url: str) -> str:
        names = sorted(self.site.params.get(key, set()) | set(COMMON_PARAMS))
        query = "&".join(f"{name}={self.rotation.value(nul=False)}" for name in names)
        return f"{urlsplit(url).path}?{query}&{self.rotation.raw_query()}"

    def garbled_fields(self, key: str, multipart: bool) -> dict:
        names = sorted(self.site.field_names(key) | {"csrf_token", "idempotency_key", "next"})
        if multipart:
            data = {name: (io.BytesIO(b"GIF89a\x00<svg onload=alert(1)>" * 50), "\u202egpj.svg") for name in names}
            return {"data": data, "content_type": "multipart/form-data"}
        pairs = [(name, self.rotation.value(nul=False)) for name in names]
        pairs += [(name, decoded(value)[:20].encode().hex()) for name, value in pairs[:3]]  # a repeated field
        return {"data": form_body(pairs), "content_type": "application/x-www-form-urlencoded"}


def test_no_route_answers_500_to_any_person_with_real_or_malformed_input(app, install, monkeypatch, caplog):
    """Run with -s to see how many requests were made, by status, and which routes had no real URL."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the views must see the garbled fields
    caplog.set_level(logging.ERROR)
    crawl = Crawl(install, caplog)
    started = time.monotonic()
    rules = [rule for rule in app.url_map.iter_rules() if methods_of(rule)]
    for rule in rules:
        crawl.route(rule)
    total = sum(crawl.statuses.values())
    print(f"\ncrawl: {total} requests over {len(rules)} routes x {len(PEOPLE)} people in "
          f"{time.monotonic() - started:.1f} s; by status {dict(sorted(crawl.statuses.items()))}; "
          f"{len(crawl.stand_ins)} routes with no real URL found: {sorted(crawl.stand_ins)}")
    assert total > len(rules) * len(PEOPLE)
    assert not crawl.failures, f"{len(crawl.failures)} requests got a 5xx:\n" + "\n".join(crawl.failures[:40])


BREAKING = [HUGE, "%C2%B2%C2%B3", "-1", "0001-01-01", "9999-12-31", "9" * 5000, "http:%2F%2F%5Bx",
            "%F0%9F%98%80" * 300]


def test_every_form_answers_below_500_with_every_field_holding_a_value_that_breaks_parsers(app, install, monkeypatch,
                                                                                            caplog):
    """Each form the walk found, as a browser sends it, with every field it types into holding the same hard
    value; WTForms runs every field's validators, so each field meets each value."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    caplog.set_level(logging.ERROR)
    crawl = Crawl(install, caplog)
    for person, form in install.sites["a"].forms:
        typed = set(form.typed_fields()) - {"csrf_token"}
        for value in BREAKING:
            pairs = [(name, value if name in typed else quote(fixed, safe="")) for name, fixed in form.browser_data()]
            with install.apart():
                if form.method == "GET":
                    query = "&".join(f"{quote(name, safe='')}={v}" for name, v in pairs)
                    crawl.send(install.visitor(person), person, "GET", f"{urlsplit(form.action).path}?{query}",
                               headers={})
                else:
                    crawl.send(install.visitor(person), person, "POST", form.action, data=form_body(pairs),
                               content_type="application/x-www-form-urlencoded", headers={})
    assert crawl.sent > 500
    assert not crawl.failures, f"{len(crawl.failures)} requests got a 5xx:\n" + "\n".join(crawl.failures[:40])


@pytest.mark.parametrize("method, url, body", [
    ("GET", "/harga/pasar/anyar%00", None),
    ("GET", "/berita/info/a%00b", None),
    ("GET", "/cari?q=beras%00", None),
    ("POST", "/aspirasi/lacak", "kode=ABCD%00EFGH"),
])
def test_a_nul_character_gets_the_bad_request_page_not_a_database_error(app, install, monkeypatch, method, url, body):
    """PostgreSQL cannot hold or compare text with a NUL in it; such a request is refused before any view."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"} if body else {}
    response = install.visitor("citizen").open(url, method, **kwargs)
    assert response.status_code == 400
    assert "Ada yang tidak benar dalam permintaan" in response.get_data(as_text=True)
    api = install.visitor("anonymous").open("/api/v1/prices?commodity=beras%00")  # the API names the parameter
    assert api.status_code == 400 and api.json["error"]["parameter"] == "commodity"
