"""Builders for the OpenAPI fragments the modules write (`CivicModule.openapi`): small functions that return
plain dicts, so a module's `openapi()` reads as its data and not as JSON Schema boilerplate.

- `nullable("string", format="uri")` → `{"type": ["string", "null"], "format": "uri"}`
- `obj({...})`: a closed object (`additionalProperties: false`) whose properties are all required, unless
  `required=` names fewer; `null=True` lets it be null.
- `ref("HargaPrice")` → `{"$ref": "#/components/schemas/HargaPrice"}`
- `page_of("HargaPrice")`: the list envelope of `http.page` (items, next_cursor, next; more fields by name).
- `json_content(schema, description)`: a response (or request body) with that JSON schema.
- `query("since", {...}, description)` and `path("report_id", {...})`: operation parameters.
- `PAGING` (the shared `limit` and `cursor` parameters) and `NOT_MODIFIED`, `BAD_REQUEST`, `NOT_FOUND` (the
  shared responses of `spec.components()`); `plain_responses` for a module that describes its own.

Every builder returns a new dict (except the shared constants: `spec.module_fragment` copies fragments, so
they are never changed).
"""
from __future__ import annotations

JSON = "application/json"

PAGING = [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/cursor"}]
NOT_MODIFIED = {"$ref": "#/components/responses/NotModified"}
BAD_REQUEST = {"$ref": "#/components/responses/BadRequest"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}


def nullable(kind: str, **more) -> dict:
    """A value of JSON type `kind` or null, with more keywords (format, enum, minimum, description…)."""
    return {"type": [kind, "null"], **more}


def obj(properties: dict, required: list[str] | None = None, *, null: bool = False, **more) -> dict:
    """An object with exactly these properties (no others); all required unless `required` says which."""
    return {"type": ["object", "null"] if null else "object",
            "required": list(properties) if required is None else list(required),
            "properties": properties, "additionalProperties": False, **more}


def ref(name: str) -> dict:
    """A reference to the component schema `name`."""
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(item: str | dict, **more) -> dict:
    """A page of `http.page`: `items` of the schema named `item` (or the schema itself), `next_cursor` and
    `next`, and the page's extra fields (`**more`, by name)."""
    return obj({"items": {"type": "array", "items": ref(item) if isinstance(item, str) else item},
                "next_cursor": nullable("string"), "next": nullable("string", format="uri"), **more})


def json_content(schema: dict, description: str, media: str = JSON) -> dict:
    """A response whose body (JSON unless `media` says otherwise) follows `schema`."""
    return {"description": description, "content": {media: {"schema": schema}}}


def query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    """A query parameter (optional unless `required`)."""
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def path(name: str, schema: dict) -> dict:
    """A parameter of the URL's path (always required)."""
    return {"name": name, "in": "path", "required": True, "schema": schema}


def plain_responses(ok: dict, not_found: str, bad_request: bool = True) -> dict:
    """200 (`ok`, e.g. from `json_content`), 304, 400 (unless `bad_request` is false) and 404 described in
    place, for an operation whose 404 says more than the shared one (e.g. why a whole data set is absent)."""
    error = {"content": {JSON: {"schema": ref("Error")}}}
    responses = {
        "200": ok,
        "304": {"description": "Not modified since the ETag (If-None-Match) or date (If-Modified-Since) sent."},
        "400": {"description": "A parameter is not valid; `error.parameter` names it.", **error},
        "404": {"description": not_found, **error},
    }
    if not bad_request:
        del responses["400"]
    return responses
