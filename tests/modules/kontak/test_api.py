"""Kontak's open data: /api/v1/numbers gives the region's important numbers in the order the /kontak/ page
shows them, with the number to dial; only where the module is on, only the region's own numbers."""
from __future__ import annotations

from flask import g
from jsonschema import Draft202012Validator

from webapp.core.staff.fields import parse_emergency_numbers
from webapp.extensions import db
from webapp.modules.kontak import api, module

EN = {"Accept-Language": "en"}
GROUPED = """Pemadam Kebakaran = 113
Polisi = 110

Rumah sakit:
RSUD Kota Tangerang = 021 5555 0001
IGD Siloam = +62 21-5555-0002

Listrik dan air:
Gangguan listrik PLN = 123"""


def conforms(name: str, body) -> None:
    schema = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": api.openapi()["schemas"]}}
    Draft202012Validator(schema).validate(body)


def test_the_numbers_come_in_the_pages_order_with_112_first(client, region):
    region.emergency_numbers = parse_emergency_numbers(GROUPED)
    db.session.commit()
    response = client.get("/api/v1/numbers", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/json"
    conforms("KontakNumberList", response.json)
    assert response.json["next_cursor"] is None and response.json["next"] is None
    assert response.json["items"] == [
        {"group": None, "label": "National emergency number", "number": "112", "tel": "tel:112"},
        {"group": None, "label": "Pemadam Kebakaran", "number": "113", "tel": "tel:113"},
        {"group": None, "label": "Polisi", "number": "110", "tel": "tel:110"},
        {"group": "Rumah sakit", "label": "RSUD Kota Tangerang", "number": "021 5555 0001", "tel": "tel:02155550001"},
        {"group": "Rumah sakit", "label": "IGD Siloam", "number": "+62 21-5555-0002", "tel": "tel:+622155550002"},
        {"group": "Listrik dan air", "label": "Gangguan listrik PLN", "number": "123", "tel": "tel:123"},
    ]
    page = client.get("/kontak/", headers=EN).get_data(as_text=True)
    tels = [item["tel"] for item in response.json["items"]]
    assert [page.index(f'href="{tel}"') for tel in tels] == sorted(page.index(f'href="{tel}"') for tel in tels)


def test_a_region_without_numbers_still_has_112(client, region):
    items = client.get("/api/v1/numbers", headers=EN).json["items"]
    assert [item["number"] for item in items] == ["112"]


def test_numbers_are_cached_by_etag_and_open_to_other_sites(client, region):
    response = client.get("/api/v1/numbers", headers=EN)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/numbers", headers={**EN, "If-None-Match": response.headers["ETag"]}).status_code == 304
    region.emergency_numbers = parse_emergency_numbers("Polisi = 110")
    db.session.commit()
    changed = client.get("/api/v1/numbers", headers={**EN, "If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["items"][-1]["number"] == "110"


def test_each_region_gets_its_own_numbers_and_one_without_kontak_a_404(client, make_region):
    make_region("tangerang", hosts=["tangerang.test"], modules=["kontak"],
                emergency_numbers=[{"label": "Polisi Tangerang", "number": "110"}])
    make_region("serang", hosts=["serang.test"], modules=["kontak"],
                emergency_numbers=[{"label": "Damkar Serang", "number": "113"}])
    make_region("cilegon", hosts=["cilegon.test"], modules=["berita"])
    labels = {host: [i["label"] for i in client.get("/api/v1/numbers", base_url=f"http://{host}", headers=EN).json[
        "items"]] for host in ("tangerang.test", "serang.test")}
    assert labels == {"tangerang.test": ["National emergency number", "Polisi Tangerang"],
                      "serang.test": ["National emergency number", "Damkar Serang"]}
    off = client.get("/api/v1/numbers", base_url="http://cilegon.test", headers=EN)
    assert off.status_code == 404 and off.json["error"]["code"] == 404
    assert client.get("/kontak/api/v1/numbers", base_url="http://tangerang.test").status_code == 404


def test_the_module_declares_its_data_set_and_openapi_path(client, region):
    g.region = region
    assert [(d.slug, d.examples) for d in module.datasets] == [("numbers", ("/api/v1/numbers",))]
    assert list(api.openapi()["paths"]) == ["/api/v1/numbers"]
    document = client.get("/api/openapi.json", headers=EN).json
    assert "/api/v1/numbers" in document["paths"] and "KontakNumber" in document["components"]["schemas"]
    index = client.get("/api/v1/", headers=EN).json
    assert "http://localhost/api/v1/numbers" in [e for d in index["datasets"] for e in d["examples"]]
