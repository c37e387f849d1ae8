"""The OpenAPI 3.1 document of `/api/openapi.json`: the shared parts (info, servers, the error and page
schemas, the `limit` and `cursor` parameters, reusable 304/400/404 responses, the `/api/v1/` index) plus
the `openapi()` fragment of each module the region has enabled, each operation tagged (by default with
the module's label).

The document is plain data built afresh per request: translated texts are turned into strings, fragments
are copied (a module's dict is never changed), and `http.dumps` sorts the keys, so the same region, host
and language always give the same bytes and so the same ETag.
"""
from __future__ import annotations

import copy

from flask import g, request, url_for
from flask_babel import gettext as _

from ..modules import CivicModule, enabled_modules
from . import region_licence

OPENAPI_VERSION = "3.1.0"
DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def core_tag() -> str:
    return _("Data sets")


def ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _plain(value):
    """The fragment as JSON data: lazy strings (and anything else unusual) become strings, tuples lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def error_schema() -> dict:
    """Exactly what `http.error_response` (and `core.errors` for /api/ URLs) writes."""
    return {
        "type": "object",
        "description": _("An error: the HTTP status, its title, what went wrong and, for a bad parameter, "
                         "which one."),
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message", "detail"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "integer", "minimum": 400, "maximum": 599, "description": _("The HTTP status.")},
                "message": {"type": "string", "description": _("The kind of error, in the request's language.")},
                "detail": {"type": "string", "description": _("What went wrong and how to fix the request.")},
                "parameter": {"type": "string", "description": _("The query parameter at fault.")},
            },
        }},
    }


def page_schema() -> dict:
    """The envelope of every list; a module narrows `items` with allOf."""
    return {
        "type": "object",
        "description": _("One page of a list. Pass next_cursor as the cursor parameter (or open next) for the "
                         "following page; both are null on the last page."),
        "required": ["items", "next_cursor", "next"],
        "properties": {
            "items": {"type": "array"},
            "next_cursor": {"type": ["string", "null"]},
            "next": {"type": ["string", "null"], "format": "uri"},
        },
    }


def index_schemas() -> dict:
    dataset = {
        "type": "object",
        "required": ["slug", "module", "title", "description", "licence", "licence_url", "examples"],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string"},
            "module": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "licence": {"type": "string"},
            "licence_url": {"type": "string", "format": "uri"},
            "examples": {"type": "array", "items": {"type": "string", "format": "uri"}},
        },
    }
    index = {
        "type": "object",
        "required": ["datasets", "openapi"],
        "additionalProperties": False,
        "properties": {
            "datasets": {"type": "array", "items": ref("schemas", "Dataset")},
            "openapi": {"type": "string", "format": "uri"},
        },
    }
    return {"Dataset": dataset, "DatasetIndex": index}


def components() -> dict:
    return {
        "schemas": {"Error": error_schema(), "Page": page_schema(), **index_schemas()},
        "parameters": {
            "limit": {"name": "limit", "in": "query", "required": False,
                      "description": _("How many items per page, from 1 to 100."),
                      "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
            "cursor": {"name": "cursor", "in": "query", "required": False,
                       "description": _("Where the page starts: the next_cursor of the previous page."),
                       "schema": {"type": "string"}},
        },
        "responses": {
            "NotModified": {"description": _("Not modified: the copy you have (If-None-Match or "
                                             "If-Modified-Since) is still current.")},
            "BadRequest": {"description": _("A parameter is not valid; the error names it."),
                           "content": {"application/json": {"schema": ref("schemas", "Error")}}},
            "NotFound": {"description": _("There is no such item."),
                         "content": {"application/json": {"schema": ref("schemas", "Error")}}},
        },
    }


def index_path() -> dict:
    return {"/api/v1/": {"get": {
        "operationId": "listDatasets",
        "tags": [core_tag()],
        "summary": _("The data sets of this region"),
        "description": _("Each open data set with its licence and example calls, and the address of this "
                         "document."),
        "responses": {
            "200": {"description": _("The data sets."),
                    "content": {"application/json": {"schema": ref("schemas", "DatasetIndex")}}},
            "304": ref("responses", "NotModified"),
        },
    }}}


def _tagged(paths: dict, tag: str) -> tuple[dict, list[str]]:
    """The module's path items, each operation without tags put under `tag`; and the tags they use, in
    order of first use."""
    paths, used = copy.deepcopy(paths), []
    for item in paths.values():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            if not operation.get("tags"):
                operation["tags"] = [tag]
            used += [str(t) for t in operation["tags"] if str(t) not in used]
    return paths, used


def module_fragment(module: CivicModule) -> dict:
    """The module's paths, schemas and tags (its operations without tags go under the module's label; a tag
    is described by the module's data sets)."""
    part = module.openapi() or {}
    paths, tags = _tagged(part.get("paths") or {}, str(module.label))
    about = "; ".join(str(dataset.title) for dataset in module.datasets) or str(module.label)
    return {"paths": paths, "schemas": copy.deepcopy(part.get("schemas") or {}),
            "tags": [{"name": tag, "description": about} for tag in tags]}


def build_document() -> dict:
    region = g.region
    licence_name, licence_url = region_licence()
    info = {
        "title": _("%(region)s open data", region=region.name),
        "version": "1",
        "summary": _("Public data of %(region)s, as JSON.", region=region.name),
        "description": _(
            "Open data of %(region)s: lists are paged with limit and cursor (follow next until it is null), "
            "every answer has an ETag and a Last-Modified date (send If-None-Match or If-Modified-Since to get "
            "a short 304 when nothing changed), any website may read it (CORS), and errors are JSON naming the "
            "parameter at fault. Dates are written YYYY-MM-DD, times in UTC ending in Z, money in whole rupiah.",
            region=region.name),
        "license": {"name": licence_name, "url": licence_url},
    }
    contact = {"name": region.name, "url": url_for("api.data_page", _external=True)}
    if region.contact_email:
        contact["email"] = region.contact_email
    info["contact"] = contact
    document = {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": DIALECT,
        "info": info,
        "servers": [{"url": request.host_url.rstrip("/")}],
        "externalDocs": {"description": _("The data sets, their licences and example calls"),
                         "url": url_for("api.data_page", _external=True)},
        "tags": [{"name": core_tag(), "description": _("What data this region publishes")}],
        "paths": index_path(),
        "components": components(),
    }
    for module in enabled_modules():
        if module.openapi is None:
            continue
        part = module_fragment(module)
        known = {tag["name"] for tag in document["tags"]}
        document["tags"] += [tag for tag in part["tags"] if tag["name"] not in known]
        document["paths"].update(part["paths"])
        for name, schema in part["schemas"].items():  # the shared schemas (Error, Page…) stay as they are
            document["components"]["schemas"].setdefault(name, schema)
    return _plain(document)
