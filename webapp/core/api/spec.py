"""The OpenAPI 3.1 document: the shared parts (info, servers, error and page schemas, common parameters)
plus each enabled module's `openapi()` fragment."""
from __future__ import annotations

from flask import g, request

from ..modules import enabled_modules

OPENAPI_VERSION = "3.1.0"


def build_document() -> dict:
    region = g.region
    document = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": f"{region.name} open data", "version": "1"},
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": {},
        "components": {"schemas": {}},
    }
    for module in enabled_modules():
        if module.openapi is None:
            continue
        part = module.openapi()
        document["paths"].update(part.get("paths", {}))
        document["components"]["schemas"].update(part.get("schemas", {}))
    return document
