"""/api/openapi.json: a valid OpenAPI 3.1 document of exactly what the region serves under /api/v1/.

Checked on the demo city (every module switched on, its demo data seeded once for this file): the document
validates, each documented path and method is a real route, each GET route under /api/v1/ is documented
(so no module can add an endpoint without describing it), each data set's example calls answer as
documented, and the document is byte-for-byte stable (one ETag, 304 on revalidation). A region with fewer
modules gets only their paths."""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from sqlalchemy import select

from tests.api_helpers import demo_city_fixtures
from webapp.core.models import Region
from webapp.extensions import db
from webapp.modules import registry

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
EN = {"Accept-Language": "en"}


_transaction, _savepoint = demo_city_fixtures()  # the demo city once for the file, each test in a savepoint


@pytest.fixture(scope="module")
def document(app):
    response = app.test_client().get("/api/openapi.json", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def templated(rule: str) -> str:
    """A Flask rule as an OpenAPI path: /api/v1/reports/<int:id> -> /api/v1/reports/{id}."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)


def routes(app) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(templated(rule.rule), set()).update(m.lower() for m in rule.methods)
    return found


def matches(template: str, path: str) -> bool:
    """Whether a concrete path fits an OpenAPI path template ({name} = one segment)."""
    pattern = "[^/]+".join(re.escape(part) for part in re.split(r"\{[^}]+\}", template))
    return re.fullmatch(pattern, path) is not None


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def demo_region() -> Region:
    return db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()


def test_the_demo_city_has_every_module(app):
    with app.app_context():
        assert set(demo_region().modules) == set(registry())


def test_the_document_is_valid_openapi_3_1(document):
    validate(document, cls=OpenAPIV31SpecValidator)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Kota Tangerang open data" and document["info"]["version"] == "1"
    assert document["info"]["license"] == {"name": "CC BY 4.0",
                                           "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["info"]["contact"]["email"] == "info@demo.serambi.id"
    assert document["servers"] == [{"url": "http://localhost"}]


def test_the_document_in_indonesian_is_valid_too(client):
    """Translated texts (a lazy string left as an object would break the JSON) in the other language."""
    response = client.get("/api/openapi.json", headers={"Accept-Language": "id"})
    validate(response.get_json(), cls=OpenAPIV31SpecValidator)
    assert "Accept-Language" in response.headers["Vary"]


def test_the_shared_components_are_there(document):
    components = document["components"]
    assert {"Error", "Page", "Dataset", "DatasetIndex"} <= set(components["schemas"])
    assert components["parameters"]["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100,
                                                           "default": 50}
    assert components["parameters"]["cursor"]["in"] == "query"
    assert set(components["responses"]) >= {"NotModified", "BadRequest"}


def test_module_schemas_and_operations_do_not_clash(app, document):
    """Each module names its schemas after itself: none takes another's (or a shared) name or path."""
    shared = {"Error", "Page", "Dataset", "DatasetIndex"}
    schemas, paths = [], []
    with app.test_request_context("/", headers=EN):
        for module in registry().values():
            if module.openapi is not None:
                fragment = module.openapi()
                schemas += list(fragment.get("schemas", {}))
                paths += list(fragment["paths"])
    assert len(schemas) == len(set(schemas)) and not shared & set(schemas), sorted(schemas)
    assert len(paths) == len(set(paths)), sorted(paths)
    assert set(schemas) <= set(document["components"]["schemas"])


def test_every_documented_operation_is_a_real_route(app, document):
    served = routes(app)
    for path, method, _operation in operations(document):
        assert path in served, f"{path} is documented but no route serves it"
        assert method in served[path], f"{method.upper()} {path} is documented but not served"


def test_every_api_route_is_documented(app, document):
    """A module cannot add an endpoint under /api/v1/ without describing it."""
    documented = {(path, method) for path, method, _ in operations(document)}
    for path, methods in routes(app).items():
        if not path.startswith("/api/v1/"):
            continue
        for method in methods & {"get", "post", "put", "patch", "delete"}:
            assert (path, method) in documented, f"{method.upper()} {path} is served but not in the document"


def test_operations_have_unique_ids_tags_and_documented_responses(document):
    ids = [operation.get("operationId") for _path, _method, operation in operations(document)]
    assert all(ids) and len(ids) == len(set(ids))
    tags = {tag["name"] for tag in document["tags"]}
    for path, method, operation in operations(document):
        assert operation["tags"] and set(operation["tags"]) <= tags, f"{method} {path}: {operation['tags']}"
        assert any(code.startswith("2") for code in operation["responses"]), f"{method} {path}"


def test_the_index_lists_every_data_set_with_working_example_calls(client, document):
    """What /data shows a journalist: each example address answers as its operation is documented."""
    index = client.get("/api/v1/", headers=EN).get_json()
    modules = {row["module"] for row in index["datasets"]}
    assert modules == {name for name, module in registry().items() if module.datasets}
    assert index["openapi"] == "http://localhost/api/openapi.json"
    documented = {path for path, _method, _op in operations(document)}
    for row in index["datasets"]:
        assert row["licence_url"].startswith("https://") and row["examples"], row["slug"]
        for url in row["examples"]:
            assert url.startswith("http://localhost/")
            path = url.removeprefix("http://localhost").split("?")[0]
            if path.startswith("/api/"):  # (Open311's calls are described by its own standard)
                assert any(matches(template, path) for template in documented), url
            answer = client.get(url)
            assert answer.status_code == 200, (url, answer.status_code, answer.data[:300])


def test_the_document_is_stable_and_revalidates(client):
    first = client.get("/api/openapi.json", headers=EN)
    second = client.get("/api/openapi.json", headers=EN)
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    again = client.get("/api/openapi.json", headers={**EN, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_region_with_some_modules_documents_only_theirs(client, make_region, document):
    make_region("kecil", hosts=["kecil.test"], name="Kabupaten Kecil", modules=["kontak", "harga"],
                settings={"data_licence": "CC0 1.0"})
    small = client.get("/api/openapi.json", base_url="http://kecil.test", headers=EN).get_json()
    validate(small, cls=OpenAPIV31SpecValidator)
    assert small["info"]["title"] == "Kabupaten Kecil open data"
    assert small["info"]["license"]["name"] == "CC0 1.0"
    assert small["servers"] == [{"url": "http://kecil.test"}]
    modules = registry()
    with client.application.test_request_context("/", base_url="http://kecil.test"):
        own = {"/api/v1/"} | {path for name in ("kontak", "harga") if modules[name].openapi
                               for path in modules[name].openapi()["paths"]}
        others = {path for name, module in modules.items() if name not in ("kontak", "harga") and module.openapi
                  for path in module.openapi()["paths"]}
    assert set(small["paths"]) == own
    assert others and not others & set(small["paths"])
    assert others <= set(document["paths"])  # the demo city, with every module, has them
    datasets = client.get("/api/v1/", base_url="http://kecil.test").get_json()["datasets"]
    assert {row["module"] for row in datasets} <= {"kontak", "harga"}
    for path in others:
        if "{" not in path:
            assert client.get(path, base_url="http://kecil.test").status_code == 404, path
