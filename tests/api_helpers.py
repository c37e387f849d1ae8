"""What the open-data API's tests share: English requests, checking a body against a module's OpenAPI
fragment, and the demo city seeded once for a test module that only reads it.

- `demo_city_fixtures()`: the `_transaction` (module scope: the demo city in one transaction, rolled back
  after the file) and `_savepoint` (each test in a savepoint of it) fixtures; assign them in the test module,
  `_transaction, _savepoint = demo_city_fixtures()`, so they replace conftest's per-test transaction.
- `get(client, path, headers=None, **params)`: a GET in English with query parameters;
  `fetch(client, path, **headers)`: a GET in English with more headers.
- `schema_conforms(api, name, body)`: `body` matches the component schema `name` of `api.openapi()`;
  `response_conforms(api, response, path)`: a 200 body matches what `api.openapi()` declares for `path`.
"""
from __future__ import annotations

from typing import Callable

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.core.test_main_pages_budgets import demo_city
from webapp.extensions import db

EN = {"Accept-Language": "en"}
# The shared error body (core.api.http.error_response), as the spec's Error schema describes it
ERROR = {"type": "object", "required": ["error"], "additionalProperties": False, "properties": {"error": {
    "type": "object", "required": ["code", "message", "detail"], "additionalProperties": False,
    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "detail": {"type": "string"},
                   "parameter": {"type": "string"}}}}}


def get(client, path, headers=None, **params):
    return client.get(path, query_string=params, headers={**EN, **(headers or {})})


def fetch(client, path, **headers):
    return client.get(path, headers={**EN, **headers})


def schema_conforms(api, name: str, body) -> None:
    """`body` matches the module's OpenAPI schema `name` (formats included; Error is the shared one)."""
    schemas = {**api.openapi()["schemas"], "Error": ERROR}
    schema = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(body)


def response_conforms(api, response, path: str) -> None:
    """The 200 body matches the schema that `api.openapi()` declares for `path` (its refs resolved in the
    fragment)."""
    fragment = api.openapi()
    content = fragment["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    schema = {**content, "components": {"schemas": fragment["schemas"]}}
    errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
    assert errors == [], errors[0].message


def demo_city_fixtures(after: Callable[[], None] | None = None) -> tuple:
    """The fixtures (`_transaction`, `_savepoint`) of a test module that reads the demo city: seeded once for
    the module and rolled back after it (then `after()`, if given); whatever a test writes is undone after it."""

    @pytest.fixture(scope="module", autouse=True)
    def _transaction(app):
        with demo_city(app) as connection:
            yield connection
        if after is not None:
            after()

    @pytest.fixture(autouse=True)
    def _savepoint(_transaction):
        nested = _transaction.begin_nested()
        yield
        db.session.remove()
        if nested.is_active:
            nested.rollback()

    return _transaction, _savepoint
