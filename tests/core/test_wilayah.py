"""The vendored Kemendagri region codes, and importing a region's kecamatan and kelurahan/desa."""
import pytest
from sqlalchemy import func, select

from webapp.core import wilayah
from webapp.core.models import Area
from webapp.core.scoping import region_context
from webapp.extensions import db


def test_codes_resolve_to_official_names():
    assert wilayah.lookup("36") == "Banten"
    assert wilayah.lookup("36.71") == "Kota Tangerang"
    assert wilayah.lookup("36.71.01.1001") == "Sukarasa"
    assert wilayah.lookup("99.99") is None


def test_names_carry_no_stray_whitespace():
    assert wilayah.lookup("31.72") == "Kota Administrasi Jakarta Utara"


def test_kota_tangerang_has_13_kecamatan():
    kecamatan = wilayah.children("36.71")
    assert len(kecamatan) == 13
    assert kecamatan[0] == ("36.71.01", "Tangerang")
    assert {wilayah.level(code) for code, _ in kecamatan} == {"kecamatan"}


def test_kota_tangerang_has_104_kelurahan_and_no_desa():
    villages = [v for code, _ in wilayah.children("36.71") for v in wilayah.children(code)]
    assert len(villages) == 104
    assert {wilayah.level(code) for code, _ in villages} == {"kelurahan"}


def test_children_are_only_the_direct_children():
    assert [code for code, _ in wilayah.children("36")][:2] == ["36.01", "36.02"]
    assert all(code.count(".") == 1 for code, _ in wilayah.children("36"))
    assert wilayah.children("36.71.01.1001") == []


@pytest.mark.parametrize("code, level", [
    ("36", "provinsi"),
    ("36.71", "kabupaten/kota"),
    ("36.71.01", "kecamatan"),
    ("36.71.01.1001", "kelurahan"),
    ("36.03.01.2001", "desa"),
    ("91.03.01.3007", "desa"),  # desa adat in Papua
    ("3671", None),
    ("36.7", None),
    ("", None),
])
def test_level_follows_the_code_shape(code, level):
    assert wilayah.level(code) == level


def test_region_kind_comes_from_the_official_name():
    assert wilayah.region_kind("36.71") == "kota"
    assert wilayah.region_kind("36.03") == "kabupaten"
    assert wilayah.region_kind("99.99") is None


@pytest.mark.parametrize("code, zone", [
    ("36.71", "Asia/Jakarta"),  # Banten
    ("62.71", "Asia/Jakarta"),  # Kalimantan Tengah stays on WIB
    ("51.71", "Asia/Makassar"),  # Bali
    ("64.72", "Asia/Makassar"),  # Kalimantan Timur
    ("73.03", "Asia/Makassar"),  # Bantaeng, Sulawesi Selatan
    ("75.71", "Asia/Makassar"),  # Gorontalo
    ("81.71", "Asia/Jayapura"),  # Maluku
    ("94.01", "Asia/Jayapura"),  # Papua Tengah
])
def test_default_timezone_follows_the_province(code, zone):
    assert wilayah.default_timezone(code) == zone


def test_nik_prefix_names_a_real_kecamatan():
    assert wilayah.kecamatan_code("367101") == "36.71.01"
    assert wilayah.is_kecamatan_code("367101")
    assert not wilayah.is_kecamatan_code("367199")  # no such kecamatan
    assert not wilayah.is_kecamatan_code("3671")
    assert not wilayah.is_kecamatan_code("36710a")
    assert wilayah.kecamatan_code("36.710") is None


def _areas(region):
    with region_context(region):
        return db.session.execute(select(Area).order_by(Area.code)).scalars().all()


def test_import_areas_creates_kecamatan_then_their_kelurahan(region):
    assert wilayah.import_areas(region) == (13, 104)
    areas = _areas(region)
    kecamatan = [a for a in areas if a.level == "kecamatan"]
    kelurahan = [a for a in areas if a.level == "kelurahan"]
    assert len(kecamatan) == 13 and len(kelurahan) == 104
    assert all(a.parent is None for a in kecamatan)
    assert all(a.parent.code == a.code[:8] for a in kelurahan)
    assert {a.region_id for a in areas} == {region.id}


def test_import_areas_twice_duplicates_nothing_and_restores_names(region):
    wilayah.import_areas(region)
    first = _areas(region)[0]
    first.name = "Nama Lama"
    db.session.commit()
    assert wilayah.import_areas(region) == (13, 104)
    areas = _areas(region)
    assert len(areas) == 117
    assert areas[0].name == "Tangerang"


def test_import_areas_keeps_regions_apart(region, make_region):
    bogor = make_region("bogor", code="32.71", name="Kota Bogor")
    wilayah.import_areas(region)
    assert wilayah.import_areas(bogor) == (6, 68)
    assert len(_areas(region)) == 117
    assert all(a.code.startswith("32.71.") for a in _areas(bogor))
    total = db.session.execute(
        select(func.count(Area.id)).execution_options(all_regions=True)
    ).scalar_one()
    assert total == 117 + 74


def test_import_areas_refuses_a_code_that_is_not_a_kabupaten_or_kota(make_region):
    kecamatan = make_region("salah", code="36.71.01")
    with pytest.raises(ValueError):
        wilayah.import_areas(kecamatan)
