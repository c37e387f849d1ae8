"""/api/openapi.json, /api/v1/ and /data."""
from __future__ import annotations

from flask import g, request, url_for

from ..modules import enabled_modules
from ..rendering import render
from . import bp, dataset_licence, jurisdiction_id
from .http import json_response
from .spec import build_document

OPEN311_MODULE = "aspirasi"  # the module that serves Open311 GeoReport v2 at /open311/v2/


def datasets() -> list[tuple[object, object]]:
    """(module, dataset) for every data set of the region's enabled modules, in registry order."""
    return [(module, dataset) for module in enabled_modules() for dataset in module.datasets]


def absolute(path: str) -> str:
    """A path on this site as a full URL, for people and programs to copy as is."""
    return request.host_url.rstrip("/") + path


def translated(response):
    """Titles and descriptions follow the visitor's language: caches keep one copy per language."""
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.get("/api/openapi.json")
def openapi():
    return translated(json_response(build_document(), max_age=300))


@bp.get("/api/v1/")
def index():
    rows = []
    for module, dataset in datasets():
        name, url = dataset_licence(dataset)
        rows.append({"slug": dataset.slug, "module": module.name, "title": str(dataset.title),
                     "description": str(dataset.description), "licence": name, "licence_url": url,
                     "examples": [absolute(path) for path in dataset.examples]})
    return translated(json_response({"datasets": rows, "openapi": url_for("api.openapi", _external=True)},
                                    max_age=300))


def open311() -> dict | None:
    """Where Open311 clients start, when the region takes reports (Aspirasi switched on)."""
    if not any(module.name == OPEN311_MODULE for module in enabled_modules()):
        return None
    return {"discovery": [absolute(f"/open311/v2/discovery.{fmt}") for fmt in ("xml", "json")],
            "jurisdiction": jurisdiction_id(g.region)}


@bp.get("/data")
def data_page():
    rows = [(module, dataset, dataset_licence(dataset), [absolute(path) for path in dataset.examples])
            for module, dataset in datasets()]
    return render("api/data.html", rows=rows, open311=open311(), openapi_url=url_for("api.openapi", _external=True),
                  index_url=url_for("api.index", _external=True))
