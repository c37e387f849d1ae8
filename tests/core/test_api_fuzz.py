"""Schema-driven fuzzing of the open-data API: schemathesis reads /api/openapi.json of the demo city (every
module, its demo data) and calls every operation with generated parameters, valid and invalid ones.

No call may end in a server error, and every answer must be one the document describes: a documented status
code, the documented content type, a body matching the documented schema. The run is derandomised (the same
cases every time) and small enough to stay quick; schemathesis' coverage phase adds the boundary values
(limit 0, 1, 100, 101, wrong types, empty strings) besides the random ones.
"""
from __future__ import annotations

import base64
import json

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_headers_conformance,
                                 response_schema_conformance, status_code_conformance)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

from tests.api_helpers import demo_city_fixtures

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
EXAMPLES = 25  # per operation and phase; the coverage phase adds its boundary cases on top
SEED = 20250811
# The in-process transport hands the body over as it comes and would not undo a brotli or gzip encoding.
IDENTITY = {"Accept-Encoding": "identity"}


# The demo city once for the file; nothing an operation might write outlives its test (the data is read-only).
_transaction, _savepoint = demo_city_fixtures()


@pytest.fixture(scope="module")
def api_document(app) -> dict:
    response = app.test_client().get("/api/openapi.json", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def api_schema(app, api_document, request):
    if not hasattr(request.node, "_nodeid"):
        # schemathesis 4.32 renames the pytest item per operation through `_nodeid`, which pytest 9.2 no
        # longer has (its node id became a property): give it the attribute it reads and writes.
        request.node._nodeid = request.node.nodeid
    loaded = schemathesis.openapi.from_dict(api_document, config=SchemathesisConfig(seed=SEED))
    loaded.app = app  # in-process WSGI calls, no server
    return loaded


@pytest.fixture
def caller(app):
    """Each call in its own app context (a fresh `g` and session), as in production."""
    return app.test_client()


def test_the_fuzz_covers_every_module(api_document):
    """The demo city enables every module, so the fuzz reaches each one's data sets."""
    resources = {path.split("/")[3].split(".")[0] for path in api_document["paths"] if path.count("/") >= 3}
    assert {"reports", "vacancies", "job-fairs", "prices", "news", "announcements", "numbers"} <= resources, resources


def get_operations(document: dict):
    """(path, GET operation, names of its parameters) for every GET in the document."""
    for path, item in document["paths"].items():
        if "get" in item:
            names = {p["$ref"].rsplit("/", 1)[1] if "$ref" in p else p["name"] for p in item["get"].get("parameters", [])}
            names |= {p["name"] for p in item.get("parameters", []) if "name" in p}
            yield path, item["get"], names


def call(api_schema, caller, path: str, **case):
    """One chosen call, checked like the generated ones (a failure raises schemathesis' FailureGroup)."""
    chosen = api_schema[path]["GET"].Case(**case)
    response = chosen.call(session=caller, headers=IDENTITY)
    chosen.validate_response(response, checks=CHECKS, headers=IDENTITY)
    return response


def test_walking_every_list_by_its_cursor_stays_as_documented(api_schema, api_document, caller):
    """Random cursors are only ever refused; following next_cursor is what reaches the later pages."""
    walked = {}
    for path, _operation, names in get_operations(api_document):
        if "{" in path or "cursor" not in names:
            continue
        query, seen = {"limit": "2"}, []
        for _page in range(4):
            response = call(api_schema, caller, path, query=query)
            assert response.status_code == 200, (path, query, response.text[:300])
            body = response.json()
            assert len(body["items"]) <= 2
            seen += [json.dumps(item, sort_keys=True) for item in body["items"]]
            if body["next_cursor"] is None:
                break
            query = {"limit": "2", "cursor": body["next_cursor"]}
        assert len(seen) == len(set(seen)), f"{path}: an item came twice while paging"
        walked[path] = len(seen)
    assert len(walked) >= 5 and sum(walked.values()) > len(walked) * 2, walked  # the demo fills more than a page


def decoded(cursor: str):
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def tampered(cursor: str) -> list[str]:
    """The cursor with one value changed at a time: to a huge or negative number, another type, a bad date."""
    values = decoded(cursor)
    swaps = [2 ** 40, 2 ** 62, -1, 0, 1.5, "1", "", "x" * 300, "9999-12-31", "2025-02-30", "2025-01-01T25:00:00Z",
             "0001-01-01T00:00:00", None, True]
    out = []
    for index in range(len(values)):
        for swap in swaps:
            changed = [*values[:index], swap, *values[index + 1:]]
            out.append(base64.urlsafe_b64encode(json.dumps(changed).encode()).decode().rstrip("="))
    return out


def test_a_tampered_cursor_is_refused_or_read_never_a_server_error(api_schema, api_document, caller):
    """A client may edit a cursor (it is only base64): each edited value gets a 400 or a page, as documented."""
    tried, problems = 0, []
    for path, _operation, names in get_operations(api_document):
        if "{" in path or "cursor" not in names:
            continue
        first = call(api_schema, caller, path, query={"limit": "1"}).json()
        if first["next_cursor"] is None:
            continue
        for cursor in tampered(first["next_cursor"]):
            tried += 1
            try:
                response = call(api_schema, caller, path, query={"limit": "1", "cursor": cursor})
            except FailureGroup as failure:  # what schemathesis found (a server error, a body off the schema)
                found = "; ".join(getattr(e, "title", type(e).__name__) for e in failure.exceptions)
                problems.append(f"{path}?cursor={cursor} {decoded(cursor)}: {found}")
                continue
            if response.status_code not in (200, 400):
                problems.append(f"{path}?cursor={cursor} {decoded(cursor)}: {response.status_code}")
    assert tried and not problems, "\n".join(problems)


def test_every_item_in_a_list_opens_as_documented(api_schema, api_document, caller):
    """Each item endpoint (…/{id}, …/{slug}) finds the items its list shows."""
    paths = {path for path, _op, _names in get_operations(api_document)}
    opened = []
    for path in sorted(paths):
        parent, _, last = path.rpartition("/")
        if not (last.startswith("{") and last.endswith("}")) or parent not in paths or "{" in parent:
            continue
        name = last[1:-1]
        items = call(api_schema, caller, parent, query={"limit": "3"}).json()["items"]
        assert items, f"{parent} is empty in the demo city"
        for item in items:
            value = item["id"] if name.endswith("id") else item[name]
            response = call(api_schema, caller, path, path_parameters={name: value})
            assert response.status_code == 200, (path, value)
            opened.append(path)
    assert {path.split("/")[3] for path in opened} >= {"reports", "vacancies", "news"}, opened


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_the_api_answers_every_generated_call_as_documented(case, caller):
    response = case.call(session=caller, headers=IDENTITY)
    case.validate_response(response, checks=CHECKS, headers=IDENTITY)
