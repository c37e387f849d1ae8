"""Role × route on a two-region install: nobody gets in where they do not belong.

The routes come from `app.url_map`, so a new staff page is covered the day it is added. Requests are refused
when they answer 403, 404 or a redirect to the sign-in page; forms are sent without their CSRF token
(switched off here) so that the role checks, not the token, are what refuses them.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.security.conftest import PEOPLE, STAFF
from tests.security.site import converter_of, methods_of, real_url, route_key

# Who may ever use the pages under each prefix (the longest prefix wins). A route's own `roles_required`
# may narrow this, never widen it; the platform admin may use every page.
STAFF_AREAS = {
    "/staf/": ("admin",),  # the region's settings, OPD, accounts, API keys and home page cards
    "/staf/aspirasi/": ("admin", "opd"),
    "/staf/berita/": ("admin", "editor"),
    "/staf/harga/": ("admin", "harga"),
    "/staf/pencaker/": ("admin", "disnaker"),
}
EVERY_STAFF_ROLE = {"/staf/"}  # the staff home: what each role may do, in words
ROW_NAMES = ("code", "token", "request_id")  # text parameters that name one row (a tracking code, a token)


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code in (302, 303) and urlsplit(response.headers.get("Location", "")).path == "/masuk"


def protected_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith(("/staf/", "/platform/")) and methods_of(rule)]


def declared_roles(app, rule) -> tuple[str, ...] | None:
    return getattr(app.view_functions[rule.endpoint], "required_roles", None)


def allowed(app, rule) -> set[str]:
    """The people the route itself lets in."""
    if rule.rule.startswith("/platform/"):
        return {"platform"}
    return {*(declared_roles(app, rule) or ()), "platform"}


def ask(install, visitor, rule, region: str = "a"):
    """The route's real URL (from the walk of `region`), with GET when it has one, else an empty form."""
    method = "GET" if "GET" in rule.methods else methods_of(rule)[0]
    url, _real = real_url(install.sites[region], install.routers[region], rule, method)
    data = {} if method == "GET" else {"data": b"", "content_type": "application/x-www-form-urlencoded"}
    return visitor.open(url, method, **data), url


@pytest.fixture
def no_csrf(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)


def test_every_staff_route_names_its_roles_within_its_area(app):
    problems = []
    for rule in protected_rules(app):
        if rule.rule.startswith("/platform/"):
            continue
        roles = declared_roles(app, rule)
        area = max((prefix for prefix in STAFF_AREAS if rule.rule.startswith(prefix)), key=len)
        may = STAFF if rule.rule in EVERY_STAFF_ROLE else STAFF_AREAS[area]
        if roles is None:
            problems.append(f"{route_key(rule)} has no roles_required(...)")
        elif not set(roles) <= set(may):
            problems.append(f"{route_key(rule)} lets in {sorted(set(roles) - set(may))} beyond {may}")
    assert not problems, "\n".join(problems)


def test_staff_and_platform_routes_refuse_everyone_they_do_not_serve(app, install, no_csrf):
    wrongly_open, checked = [], 0
    for rule in protected_rules(app):
        for person in sorted(set(PEOPLE) - allowed(app, rule)):
            with install.apart():
                response, url = ask(install, install.visitor(person), rule)
            checked += 1
            if not refused(response) or (person == "anonymous" and response.status_code not in (302, 303)):
                wrongly_open.append(f"{person}: {response.status_code} {url}")
    assert checked > 100
    assert not wrongly_open, "\n".join(wrongly_open)


def test_staff_pages_open_for_the_roles_they_serve(app, install):
    closed = []
    for rule in protected_rules(app):
        if rule.arguments or "GET" not in rule.methods:
            continue
        for person in sorted(allowed(app, rule)):
            response, url = ask(install, install.visitor(person), rule)
            if refused(response) or response.status_code >= 400:
                closed.append(f"{person}: {response.status_code} {url}")
    assert not closed, "\n".join(closed)


def names_a_row(rule, name: str) -> bool:
    if converter_of(rule, name) == "int":
        return name == "id" or name.endswith("_id")
    return name in ROW_NAMES


def other_regions_row_urls(install) -> list[tuple[object, str, str]]:
    """(rule, method, URL) for every route the walk of region b found with the id or code of one of b's rows."""
    found = []
    rules = {route_key(rule): rule for rule in install.app.url_map.iter_rules()}
    for key, urls in install.sites["b"].urls.items():
        rule = rules[key]
        if not any(names_a_row(rule, name) for name in rule.arguments):
            continue
        for method in methods_of(rule):
            url = next((u for u in urls if install.routers["b"].arguments(u, method)), None)
            if url is not None:
                found.append((rule, method, url))
    return found


def test_another_regions_rows_are_not_found_on_this_regions_host(app, install, no_csrf):
    """Region b's ids and codes, on region a's host: not found (404) for everyone the page serves; the others
    may be turned away by their role first (403, or the sign-in page)."""
    targets = other_regions_row_urls(install)
    assert len(targets) > 30, "the walk of region b found too few of its rows to test with"
    leaks = []
    for rule, method, url in targets:
        served = allowed(app, rule) if rule.rule.startswith(("/staf/", "/platform/")) else set(PEOPLE)
        for person in PEOPLE:
            if person == "platform" and rule.rule.startswith("/platform/"):
                continue  # the platform pages manage every region, by its id, from any host
            with install.apart():
                data = {} if method == "GET" else {"data": b"", "content_type": "application/x-www-form-urlencoded"}
                response = install.visitor(person, "a").open(url, method, **data)
            if not refused(response) or (person in served and response.status_code == 403):
                leaks.append(f"{person} of a on a's host: {response.status_code} {method} {url}")
    assert not leaks, "\n".join(leaks)


def test_an_account_gets_no_more_than_a_visitor_on_another_regions_host(app, install, no_csrf):
    """Region a's people on region b's host are strangers there: what b refuses a visitor, it refuses them."""
    leaks, checked = [], 0
    for key, urls in install.sites["b"].urls.items():
        rule = install.routers["b"].rules[key]
        for method in methods_of(rule):
            url = next((u for u in urls if install.routers["b"].arguments(u, method)), None)
            if url is None:
                continue
            data = {} if method == "GET" else {"data": b"", "content_type": "application/x-www-form-urlencoded"}
            with install.apart():
                visitor_refused = refused(install.visitor("anonymous", "b").open(url, method, **data))
            if not visitor_refused:
                continue
            for person in sorted(set(PEOPLE) - {"anonymous", "platform"}):
                with install.apart():
                    response = install.visitor(person, "a", on="b").open(url, method, **data)
                checked += 1
                if not refused(response):
                    leaks.append(f"{person} of a on b's host: {response.status_code} {method} {url}")
    assert checked > 100
    assert not leaks, "\n".join(leaks)
