"""/api/openapi.json, /api/v1/ and /data."""
from __future__ import annotations

from flask import url_for

from ..modules import enabled_modules
from ..rendering import render
from . import bp, dataset_licence
from .http import json_response
from .spec import build_document


def datasets() -> list[tuple[object, object]]:
    """(module, dataset) for every data set of the region's enabled modules, in registry order."""
    return [(module, dataset) for module in enabled_modules() for dataset in module.datasets]


@bp.get("/api/openapi.json")
def openapi():
    return json_response(build_document(), max_age=300)


@bp.get("/api/v1/")
def index():
    rows = []
    for module, dataset in datasets():
        name, url = dataset_licence(dataset)
        rows.append({"slug": dataset.slug, "module": module.name, "title": str(dataset.title),
                     "description": str(dataset.description), "licence": name, "licence_url": url,
                     "examples": [url_for("home.index", _external=True).rstrip("/") + path
                                  for path in dataset.examples]})
    return json_response({"datasets": rows, "openapi": url_for("api.openapi", _external=True)}, max_age=300)


@bp.get("/data")
def data_page():
    rows = [(module, dataset, dataset_licence(dataset)) for module, dataset in datasets()]
    return render("api/data.html", rows=rows)
