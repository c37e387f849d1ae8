"""What a visitor's browser finds on the app's own pages: links, forms and their fields, matched to the
routes (`app.url_map`) that serve them.

`harvest` walks the site as one person on one host, fetching each route's page once, and keeps for every
route a few real URLs (so tests fill URL parameters with real ids), the query parameters its links and GET
forms use, and the forms that post to it with the fields a browser would send.
"""
from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

URLS_PER_ROUTE = 5
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "data-src"}
TEXT_INPUTS = {"text", "search", "email", "tel", "url", "number", "date", "datetime-local", "time", "month",
               "password", "hidden", "textarea", "week", "color", "range"}


def route_key(rule) -> str:
    """One name per route: its endpoint (unique in Flask) with the rule, for readable messages."""
    return f"{rule.endpoint} {rule.rule}"


def methods_of(rule) -> list[str]:
    """The methods a route answers, without the HEAD and OPTIONS that Flask adds."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


@dataclass
class Field:
    """One control of a form, as the page shows it."""

    name: str
    value: str
    kind: str  # an input type, "textarea", "select", "file", "checkbox", "radio", "submit"
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A form found on a page, with where it is sent and its controls."""

    page: str  # the URL of the page the form is on
    action: str  # path and query it is sent to
    method: str
    fields: list[Field]
    multipart: bool = False  # enctype="multipart/form-data", as forms with a file field are sent
    route: str | None = None  # the route the form is sent to

    def browser_data(self) -> list[tuple[str, str]]:
        """What a browser sends when the form is submitted as it is shown (files left empty)."""
        data, radios = [], set()
        for f in self.fields:
            if not f.name or f.kind in ("submit", "file"):
                continue
            if f.kind == "checkbox" and not f.checked:
                continue
            if f.kind == "radio":
                if not f.checked or f.name in radios:
                    continue
                radios.add(f.name)
            data.append((f.name, f.value))
        return data

    def typed_fields(self) -> list[str]:
        """Names of the fields a person types into (text inputs, text areas, hidden values)."""
        return sorted({f.name for f in self.fields if f.name and f.kind in TEXT_INPUTS})


class PageParser(HTMLParser):
    """Collects every URL-bearing attribute and every form with its fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.forms: list[tuple[str, str, bool, list[Field]]] = []
        self._form: list[Field] | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        self.urls.extend(value for name, value in attributes.items() if name in LINK_ATTRIBUTES and value)
        if tag == "form":
            self._form = []
            self.forms.append((attributes.get("action", ""), attributes.get("method", "get").upper(),
                               "multipart" in attributes.get("enctype", ""), self._form))
        elif self._form is None:
            return
        elif tag == "input":
            kind = attributes.get("type", "text").lower()
            self._form.append(Field(attributes.get("name", ""), attributes.get("value", "on" if kind in (
                "checkbox", "radio") else ""), kind, "checked" in attributes))
        elif tag == "button" and attributes.get("name"):
            self._form.append(Field(attributes["name"], attributes.get("value", ""), "submit"))
        elif tag == "textarea":
            self._textarea = Field(attributes.get("name", ""), "", "textarea")
            self._form.append(self._textarea)
        elif tag == "select":
            self._select = Field(attributes.get("name", ""), "", "select")
            self._form.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            self._select.options.append(value)
            if "selected" in attributes or len(self._select.options) == 1:
                self._select.value = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


@dataclass
class Site:
    """What the walk found on one host."""

    host: str
    urls: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # route -> real URLs
    params: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # route -> query names
    forms: list[tuple[str, Form]] = field(default_factory=list)  # (person, form), each kind of form once
    values: dict[str, str] = field(default_factory=dict)  # URL argument name -> a real value seen for it
    fetched: int = 0
    _form_kinds: set = field(default_factory=set)

    def add_form(self, person: str, form: Form) -> None:
        kind = (person, form.route, form.method, tuple(sorted(f.name for f in form.fields)))
        if kind not in self._form_kinds:
            self._form_kinds.add(kind)
            self.forms.append((person, form))

    def add_url(self, key: str, url: str, router: "Router", method: str = "GET") -> None:
        known = self.urls[key]
        if url not in known and len(known) < URLS_PER_ROUTE:
            known.append(url)
            for name, value in real_values(router, url, method).items():
                self.values.setdefault(name, value)

    def field_names(self, key: str) -> set[str]:
        """Every field name of the forms sent to route `key`."""
        return {f.name for _person, form in self.forms if form.route == key for f in form.fields if f.name}


class Router:
    """Matches a path (and method) to the route that serves it on one host."""

    def __init__(self, app, host: str):
        self.adapter = app.url_map.bind(host)
        self.rules = {route_key(rule): rule for rule in app.url_map.iter_rules()}

    def match(self, url: str, method: str = "GET") -> str | None:
        found = self.arguments(url, method)
        return route_key(found[0]) if found else None

    def arguments(self, url: str, method: str = "GET"):
        """(rule, {argument: value}) for `url`, or None when no route serves it."""
        try:
            return self.adapter.match(unquote(urlsplit(url).path), method=method, return_rule=True)
        except (HTTPException, RequestRedirect):
            return None


def same_host_url(page: str, link: str, host: str) -> str | None:
    """The path and query of `link` (as found on `page`) when it stays on `host`; else None."""
    absolute = urljoin(f"http://{host}{page}", link.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.hostname != host.split(":")[0]:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def harvest(client, host: str, person: str, site: Site, start: list[str], router: Router,
            within: tuple[str, ...] | None = None) -> None:
    """Walk `host` as the signed-in (or anonymous) `client`, each route's page once, adding to `site`; with
    `within`, only pages whose path starts with one of those prefixes are opened (links found are kept)."""
    fetched_routes: set[str] = set()
    queue = deque(start)
    while queue:
        url = queue.popleft()
        key = router.match(url)
        if key is None or key in fetched_routes or (within and not urlsplit(url).path.startswith(within)):
            continue
        fetched_routes.add(key)
        response = client.get(url, base_url=f"http://{host}")
        body = response.get_data()  # a streamed body is read now, inside this request's turn
        site.fetched += 1
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        site.add_url(key, url, router)
        parser = PageParser()
        parser.feed(body.decode())
        for link in parser.urls:
            target = same_host_url(url, link, host)
            if target is None:
                continue
            linked = router.match(target)
            if linked is not None:
                site.add_url(linked, target, router)
                site.params[linked].update(name for name, _ in parse_qsl(urlsplit(target).query, True))
                if linked not in fetched_routes:
                    queue.append(target)
        for form in forms_in(parser, url, host):
            form.route = router.match(form.action, form.method)
            if form.route is None:
                continue
            site.add_url(form.route, form.action, router, form.method)
            site.add_form(person, form)
            if form.method == "GET":
                site.params[form.route].update(f.name for f in form.fields if f.name)


def forms_in(parser: PageParser, page: str, host: str) -> list[Form]:
    """The forms of a parsed page that are sent to `host`, with their actions resolved."""
    forms = []
    for action, method, multipart, fields in parser.forms:
        target = same_host_url(page, action or page, host)
        if target is not None:
            forms.append(Form(page, target, "POST" if method == "POST" else "GET", fields, multipart))
    return forms


def form_on(html: str, page: str, host: str, action_ends: str) -> Form:
    """The form on a page whose action ends with `action_ends` (the first one)."""
    parser = PageParser()
    parser.feed(html)
    found = [form for form in forms_in(parser, page, host) if urlsplit(form.action).path.endswith(action_ends)]
    assert found, f"no form sent to …{action_ends} on {page}"
    return found[0]


_PLACEHOLDER = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
FALLBACK = {"int": "1", "path": "a/b.jpg", "default": "contoh"}


def build(rule, values: dict[str, str]) -> str:
    """The path of `rule` with each argument replaced by its (already percent-encoded) value."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], rule.rule)


def converter_of(rule, name: str) -> str:
    """"int", "path" or "default": the kind of the route's URL argument `name`."""
    converter = type(rule._converters[name]).__name__.lower()
    if "int" in converter or "number" in converter:
        return "int"
    return "path" if "path" in converter else "default"


def real_url(site: Site, router: Router, rule, method: str = "GET") -> tuple[str, bool]:
    """(a URL of `rule` the walk found, True); else one built from values the walk saw for arguments of the
    same name, True, or with stand-ins where it saw none, False."""
    for url in site.urls.get(route_key(rule), ()):
        if router.arguments(url, method) is not None:
            return url, True
    values = {name: site.values.get(name) or FALLBACK[converter_of(rule, name)] for name in rule.arguments}
    return build(rule, values), all(name in site.values for name in rule.arguments)


def real_values(router: Router, url: str, method: str = "GET") -> dict[str, str]:
    """The URL's arguments, percent-encoded again, to rebuild it with one of them changed."""
    found = router.arguments(url, method)
    return {name: quote(str(value), safe="/") for name, value in found[1].items()} if found else {}
