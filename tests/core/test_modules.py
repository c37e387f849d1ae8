"""The civic module contract, and switching modules on and off per region."""
from dataclasses import replace
from pathlib import Path

import pytest

from webapp.core.modules import CivicModule
from webapp.modules import MODULES

MODULES_DIR = Path(__file__).resolve().parents[2] / "webapp" / "modules"
TESTS_DIR = Path(__file__).resolve().parents[1] / "modules"
module_folders = sorted(p.name for p in MODULES_DIR.iterdir() if p.is_dir() and (p / "__init__.py").exists())


@pytest.mark.parametrize("folder", module_folders)
def test_every_module_folder_is_registered(folder):
    assert folder in {m.name for m in MODULES}, f"webapp/modules/{folder} is not in MODULES"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_module_follows_the_contract(module):
    assert isinstance(module, CivicModule)
    assert module.blueprint.name == module.name, "the blueprint must be named after its folder"
    assert (MODULES_DIR / module.name / "templates" / module.name).is_dir(), "templates must be namespaced"
    assert (TESTS_DIR / module.name).is_dir(), f"tests/modules/{module.name}/ is missing"
    assert module.endpoint.startswith(module.name + ".")


def test_module_names_are_unique():
    names = [m.name for m in MODULES]
    assert len(names) == len(set(names))


def test_disabled_module_is_404_and_leaves_the_navigation(client, make_region):
    make_region("on", hosts=["on.test"], modules=["kontak"])
    make_region("off", hosts=["off.test"], modules=[])
    on = client.get("/", base_url="http://on.test")
    assert b'href="/kontak/"' in on.data
    assert client.get("/kontak/", base_url="http://on.test").status_code == 200
    off = client.get("/", base_url="http://off.test")
    assert b'href="/kontak/"' not in off.data
    assert client.get("/kontak/", base_url="http://off.test").status_code == 404


def test_a_failing_home_card_does_not_break_the_home_page(client, region, monkeypatch):
    def broken():
        raise RuntimeError("card data source down")

    kontak = next(m for m in MODULES if m.name == "kontak")
    monkeypatch.setattr("webapp.core.home.enabled_modules", lambda: [replace(kontak, card_context=broken)])
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert b"Not available right now" in response.data
