"""The region admin's Aspirasi settings: categories with SLA days and routing, routes per kecamatan, reply
templates and holidays."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from tests.modules.aspirasi.test_staff_views import file_report, fresh, page, post, text_of, world  # noqa: F401
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.aspirasi.models import Category, CategoryRoute, Holiday, ReplyTemplate, Status

NEW = "/staf/aspirasi/kategori/baru"


def category_data(world, **changes):
    data = {"name": "Sampah menumpuk", "description": "Sampah yang tidak diangkut", "notice": "",
            "sensitive": "", "department": world.dinkes.id, "verify_days": "2", "response_days": "4",
            "position": "1", "active": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@pytest.mark.parametrize("path", ["/staf/aspirasi/kategori", NEW, "/staf/aspirasi/kategori/{category}",
                                  "/staf/aspirasi/libur"])
@pytest.mark.parametrize("kind, expected", [("anonymous", 302), ("citizen", 403), ("editor", 403),
                                            ("officer", 403), ("admin", 200)])
def test_category_administration_is_for_the_region_admin(client, world, path, kind, expected):
    user = {"anonymous": None, "citizen": world.citizen, "officer": world.officer, "admin": world.admin,
            "editor": quick_user(world.region, role=Role.EDITOR)}[kind]
    if user:
        sign_in(client, user)
    assert page(client, path.format(category=world.roads.id)).status_code == expected


def test_admin_adds_a_category_with_its_routing_and_sla_days(client, world):
    sign_in(client, world.admin)
    response = post(client, NEW, category_data(world, sensitive="y"), NEW)
    assert response.status_code == 302
    category = db.session.execute(select(Category).where(Category.name == "Sampah menumpuk")).scalar_one()
    assert (category.slug, category.department_id, category.verify_days, category.response_days) == \
        ("sampah-menumpuk", world.dinkes.id, 2, 4)
    assert category.sensitive and category.active and category.notice is None
    html = text_of(page(client, "/staf/aspirasi/kategori"))
    assert "Sampah menumpuk" in html and "Sensitive: rahasia by default" in html


@pytest.mark.parametrize("field, value, message", [
    ("verify_days", "0", "Number must be between 1 and 30."),
    ("verify_days", "tiga", "Not a valid integer value."),
    ("response_days", "365", "Number must be between 1 and 90."),
    ("response_days", "", "This field is required."),
])
def test_bad_sla_days_come_back_with_the_reason_and_what_was_typed(client, world, field, value, message):
    sign_in(client, world.admin)
    response = post(client, NEW, {**category_data(world), field: value}, NEW)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error">{message}' in html
    assert 'value="Sampah menumpuk"' in html and "Sampah yang tidak diangkut" in html
    assert count(Category, Category.name == "Sampah menumpuk") == 0


def test_two_categories_cannot_share_a_name(client, world):
    sign_in(client, world.admin)
    response = post(client, NEW, category_data(world, name="Jalan Rusak"), NEW)
    assert response.status_code == 422
    assert "Another category already has this name." in response.get_data(as_text=True)


def test_a_repeated_submission_adds_the_category_once(client, world):
    sign_in(client, world.admin)
    form = page(client, NEW)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form.get_data(as_text=True))
    data = {**category_data(world), "idempotency_key": key.group(1), "csrf_token": csrf_from(form)}
    first = client.post(NEW, data=data)
    second = client.post(NEW, data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Category, Category.name == "Sampah menumpuk") == 1


def test_admin_edits_a_category(client, world):
    sign_in(client, world.admin)
    url = f"/staf/aspirasi/kategori/{world.roads.id}"
    assert 'value="Jalan rusak"' in page(client, url).get_data(as_text=True)
    response = post(client, url, category_data(world, name="Jalan rusak", department=world.dpupr.id,
                                               response_days="7", active=""), url)
    assert response.status_code == 302
    category = fresh(Category, world.roads.id)
    assert category.response_days == 7 and category.department_id == world.dpupr.id and not category.active
    assert post(client, url, category_data(world, response_days="0"), url).status_code == 422


def test_another_regions_category_is_not_found(client, world, make_region):
    other = make_region("bogor", modules=["aspirasi"])
    theirs = Category(region_id=other.id, slug="jalan", name="Jalan di Bogor")
    db.session.add(theirs)
    db.session.commit()
    sign_in(client, world.admin)
    assert page(client, f"/staf/aspirasi/kategori/{theirs.id}").status_code == 404
    assert "Jalan di Bogor" not in page(client, "/staf/aspirasi/kategori").get_data(as_text=True)


def test_a_kecamatan_route_sends_the_category_elsewhere_and_can_be_removed(client, world):
    world.roads.department_id = world.dinkes.id
    db.session.commit()
    sign_in(client, world.admin)
    url = f"/staf/aspirasi/kategori/{world.roads.id}"
    response = post(client, f"{url}/rute", {"kecamatan": world.kecamatan.id, "route_department": world.dpupr.id}, url)
    assert response.status_code == 302
    route = db.session.execute(select(CategoryRoute).where(CategoryRoute.category_id == world.roads.id)).scalar_one()
    assert (route.kecamatan_id, route.department_id) == (world.kecamatan.id, world.dpupr.id)
    report = file_report(world, Status.VERIFIED)  # filed in that kecamatan: the route wins over the category's OPD
    html = page(client, f"/staf/aspirasi/laporan/{report.code}").get_data(as_text=True)
    assert f'<option selected value="{world.dpupr.id}">' in html
    assert "Ciledug" in text_of(page(client, url))
    assert post(client, f"{url}/rute/{route.id}/hapus", {}, url).status_code == 302
    assert count(CategoryRoute, CategoryRoute.category_id == world.roads.id) == 0


def test_a_route_needs_a_kecamatan(client, world):
    sign_in(client, world.admin)
    url = f"/staf/aspirasi/kategori/{world.roads.id}"
    response = post(client, f"{url}/rute", {"kecamatan": "", "route_department": world.dpupr.id}, url)
    assert response.status_code == 422
    assert 'id="kecamatan-error">Please choose a kecamatan.' in response.get_data(as_text=True)


def test_reply_templates_are_added_edited_and_deleted(client, world):
    sign_in(client, world.admin)
    url = f"/staf/aspirasi/kategori/{world.roads.id}"
    assert post(client, f"{url}/templat", {"title": "Dijadwalkan", "body": "Akan diperbaiki."}, url).status_code == 302
    template = db.session.execute(select(ReplyTemplate)).scalar_one()
    assert template.category_id == world.roads.id and template.body == "Akan diperbaiki."
    edit = f"/staf/aspirasi/templat/{template.id}"
    assert post(client, edit, {"title": "Dijadwalkan", "body": "Diperbaiki pekan depan."}, edit).status_code == 302
    assert fresh(ReplyTemplate, template.id).body == "Diperbaiki pekan depan."
    assert post(client, edit, {"title": "", "body": "x"}, edit).status_code == 422
    assert post(client, f"{edit}/hapus", {}, edit).status_code == 302
    assert count(ReplyTemplate) == 0


def test_a_template_without_text_is_refused(client, world):
    sign_in(client, world.admin)
    url = f"/staf/aspirasi/kategori/{world.roads.id}"
    response = post(client, f"{url}/templat", {"title": "Kosong", "body": ""}, url)
    assert response.status_code == 422 and 'value="Kosong"' in response.get_data(as_text=True)


def test_holidays_are_added_listed_and_removed(client, world):
    sign_in(client, world.admin)
    url = "/staf/aspirasi/libur"
    assert post(client, url, {"day": "2026-08-17", "name": "Hari Kemerdekaan"}, url).status_code == 302
    holiday = db.session.execute(select(Holiday)).scalar_one()
    assert holiday.day == date(2026, 8, 17)
    assert "Hari Kemerdekaan" in page(client, url).get_data(as_text=True)
    again = post(client, url, {"day": "2026-08-17", "name": "HUT RI"}, url)
    assert again.status_code == 422 and "already on the list" in again.get_data(as_text=True)
    assert post(client, f"{url}/{holiday.id}/hapus", {}, url).status_code == 302
    assert count(Holiday) == 0


def test_a_holiday_needs_a_real_date(client, world):
    sign_in(client, world.admin)
    response = post(client, "/staf/aspirasi/libur", {"day": "2026-02-30", "name": "Libur"}, "/staf/aspirasi/libur")
    assert response.status_code == 422
    assert 'id="day-error">Not a valid date value.' in response.get_data(as_text=True)
