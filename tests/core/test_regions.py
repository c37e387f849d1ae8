"""Region resolution from the Host header, and strict separation of regions' data."""
from sqlalchemy import select

from webapp.core.models import Area, Department
from webapp.core.scoping import region_context
from webapp.extensions import db


def test_single_region_install_serves_any_host(client, region):
    response = client.get("/", base_url="http://anything.example")
    assert response.status_code == 200
    assert b"Kota Tangerang" in response.data


def test_each_host_gets_its_own_region(client, make_region):
    make_region("tangerang", hosts=["tangerang.test"], name="Kota Tangerang")
    make_region("bogor", hosts=["bogor.test"], name="Kota Bogor")
    tangerang = client.get("/", base_url="http://tangerang.test").data
    bogor = client.get("/", base_url="http://bogor.test").data
    assert b"Kota Tangerang" in tangerang and b"Kota Bogor" not in tangerang
    assert b"Kota Bogor" in bogor and b"Kota Tangerang" not in bogor


def test_host_match_ignores_case_and_port(client, make_region):
    make_region("tangerang", hosts=["tangerang.test"], name="Kota Tangerang")
    make_region("bogor", hosts=["bogor.test"])
    assert b"Kota Tangerang" in client.get("/", base_url="http://Tangerang.TEST:8080").data


def test_unknown_host_on_multi_region_install_is_plain_404(client, make_region):
    make_region("tangerang", hosts=["tangerang.test"], name="Kota Tangerang")
    make_region("bogor", hosts=["bogor.test"], name="Kota Bogor")
    response = client.get("/", base_url="http://evil.test")
    assert response.status_code == 404
    assert b"Tangerang" not in response.data and b"Bogor" not in response.data


def test_queries_only_see_the_current_regions_rows(app, make_region):
    a = make_region("a", name="Kota A")
    b = make_region("b", name="Kota B")
    db.session.add_all([
        Department(region_id=a.id, slug="dpu", name="DPU A"),
        Department(region_id=b.id, slug="dpu", name="DPU B"),
    ])
    db.session.commit()
    with region_context(a):
        names = db.session.execute(select(Department.name)).scalars().all()
        assert names == ["DPU A"]
    with region_context(b):
        rows = db.session.execute(select(Department)).scalars().all()
        assert [d.name for d in rows] == ["DPU B"]
    everything = db.session.execute(select(Department).execution_options(all_regions=True)).scalars().all()
    assert {d.name for d in everything} == {"DPU A", "DPU B"}


def test_new_rows_take_the_current_region(app, make_region):
    a = make_region("a")
    with region_context(a):
        area = Area(code="99.01.01", name="Kecamatan Contoh", level="kecamatan")
        db.session.add(area)
        db.session.commit()
    assert area.region_id == a.id
