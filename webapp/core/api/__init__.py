"""The open-data API's shared parts: `/api/openapi.json` (the OpenAPI 3.1 document of the region's
enabled modules), `/api/v1/` (the index of data sets), and `/data` (the same, for people: each data set
with its licence and example calls, and how to file reports through Open311).

Each civic module serves its own data sets under /api/v1/ from its blueprint (see `CivicModule.datasets`
and `CivicModule.openapi`), using the helpers in `http.py`.
"""
from flask import Blueprint, g

from .http import json_response

bp = Blueprint("api", __name__)

DEFAULT_LICENCE = "CC BY 4.0"
LICENCE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL 1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}


def region_licence() -> tuple[str, str]:
    """The region's licence for its open data (`settings["data_licence"]`), as (name, url)."""
    name = (g.region.settings or {}).get("data_licence") if g.get("region") is not None else None
    name = name if name in LICENCE_URLS else DEFAULT_LICENCE
    return name, LICENCE_URLS[name]


def jurisdiction_id(region) -> str:
    """The region's Open311 jurisdiction id: `settings["open311_jurisdiction"]`, else its first host name
    (alphabetically), else its slug."""
    setting = ((region.settings or {}).get("open311_jurisdiction") or "").strip()
    if setting:
        return setting
    hosts = sorted(h.host for h in region.hosts)
    return hosts[0] if hosts else region.slug


def dataset_licence(dataset) -> tuple[str, str]:
    return dataset.licence() if dataset.licence is not None else region_licence()


from . import views  # noqa: E402,F401  (routes on bp)

__all__ = ["bp", "json_response", "region_licence", "dataset_licence", "jurisdiction_id"]
