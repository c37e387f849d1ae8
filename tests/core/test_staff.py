"""The staff area: the dashboard and menu, region settings, departments and staff accounts."""
import io
import logging
import re
from dataclasses import replace

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Department, Role, User
from webapp.core.modules import StaffLink
from webapp.extensions import db
from webapp.modules import MODULES

EN = {"Accept-Language": "en"}


@pytest.fixture
def admin(region, client):
    user = quick_user(region, role=Role.REGION_ADMIN, name="Admin Tangerang")
    sign_in(client, user)
    return user


def post_form(client, url, data, page_url=None, **kwargs):
    """Open the page (for its CSRF token), then send the form as a person would."""
    token = csrf_from(client.get(page_url or url, headers=EN))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN, **kwargs)


def fresh(row):
    """The row as the database has it now (each request works in its own session)."""
    db.session.refresh(row)
    return row


def page(client, url):
    return client.get(url, headers=EN, follow_redirects=True).get_data(as_text=True)


# Dashboard and menu

def test_dashboard_greets_the_user_and_names_their_roles_in_words(client, region, make_department):
    department = make_department(region, name="Dinas Kesehatan", short_name="Dinkes")
    officer = quick_user(region, role=Role.DEPARTMENT_OFFICER, department=department, name="Budi Santoso")
    sign_in(client, officer)
    html = page(client, "/staf/")
    assert "Hello, Budi Santoso." in html
    assert "Department officer, Dinkes" in html
    assert "Region settings" not in html and "Staff accounts" not in html


def test_region_admin_sees_the_administration_menu(client, admin):
    html = page(client, "/staf/")
    for label, url in (("Region settings", "/staf/wilayah"), ("Departments (OPD)", "/staf/opd"), ("Staff accounts", "/staf/pengguna")):
        assert label in html and f'href="{url}"' in html
    assert "Platform administration" not in html


def test_platform_admin_sees_the_platform_administration_link(client, region):
    sign_in(client, quick_user(region, platform_admin=True))
    html = page(client, "/staf/")
    assert "Platform administrator" in html and 'href="/platform/"' in html


def test_module_staff_links_show_only_for_the_roles_they_name(client, region, monkeypatch):
    kontak = next(m for m in MODULES if m.name == "kontak")
    with_link = replace(kontak, staff_links=(StaffLink("kontak.index", "Edit the numbers", (Role.EDITOR,)),))
    monkeypatch.setattr("webapp.core.staff.menu.enabled_modules", lambda: [with_link])
    sign_in(client, quick_user(region, role=Role.EDITOR))
    assert "Edit the numbers" in page(client, "/staf/")
    other = client.application.test_client()
    sign_in(other, quick_user(region, role=Role.PRICE_OFFICER))
    html = page(other, "/staf/")
    assert "Edit the numbers" not in html and "nothing for your roles" in html


# Region settings

def settings(region, **changes):
    data = {
        "name": region.name, "tagline": "", "kind": "kota", "timezone": "Asia/Jakarta", "default_locale": "id",
        "locales": ["id", "en"], "theme_color": "#0b6e4f", "modules": ["kontak"], "contact_phone": "",
        "contact_email": "", "address": "", "emergency_numbers": "",
    }
    return {**data, **changes}


def test_admin_changes_the_region_settings_and_citizens_see_them(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(
        region, name="Kota Tangerang Raya", tagline="Melayani dengan hati", theme_color="#1A4D8F",
        timezone="Asia/Makassar", contact_phone="021-5587-1234", contact_email="humas@tangerang.example",
        emergency_numbers="Pemadam kebakaran = 113\n\nAmbulans Dinkes = 0812 3456 7890",
    ), follow_redirects=True)
    assert response.status_code == 200 and b"The region settings were saved." in response.data
    assert b'value="Asia/Makassar" selected' in response.data or b'selected value="Asia/Makassar"' in response.data
    home = page(client, "/")
    assert "Kota Tangerang Raya" in home and "Melayani dengan hati" in home and "--brand:#1a4d8f" in home
    numbers = page(client, "/kontak/")
    assert "Pemadam kebakaran" in numbers and 'href="tel:113"' in numbers
    assert "Ambulans Dinkes" in numbers and "humas@tangerang.example" in numbers
    assert fresh(region).emergency_numbers[1] == {"label": "Ambulans Dinkes", "number": "0812 3456 7890", "group": ""}


def test_settings_with_mistakes_come_back_with_everything_typed(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(
        region, tagline="Tagline yang baru", theme_color="biru", emergency_numbers="Polisi 110\nSAR = 115",
    ))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tagline yang baru" in html and 'value="biru"' in html and "Polisi 110\nSAR = 115" in html
    assert "six hexadecimal digits" in html and "Line 1: write it as" in html
    db.session.refresh(region)
    assert region.tagline is None and region.theme_color == "#0b6e4f" and region.emergency_numbers == []


def test_an_emergency_number_with_letters_is_refused(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(region, emergency_numbers="SAR = 115\nPolisi = 11O"))
    assert response.status_code == 422
    assert b"Line 2: a number may contain only digits" in response.data


def test_a_colour_that_no_text_can_be_read_on_is_refused(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(region, theme_color="#777777"))
    assert response.status_code == 422 and b"hard to read on this colour" in response.data
    assert post_form(client, "/staf/wilayah", settings(region, theme_color="#777777".replace("7", "2"))).status_code == 302


def test_the_default_language_must_be_one_of_those_offered(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(region, locales=["en"], default_locale="id"))
    assert response.status_code == 422
    assert b"The default language must be one of the languages offered." in response.data


def test_switching_a_service_off_takes_it_off_the_site(client, region, admin):
    assert post_form(client, "/staf/wilayah", settings(region, modules=[])).status_code == 302
    assert client.get("/kontak/").status_code == 404
    assert fresh(region).modules == []


def png_bytes():
    out = io.BytesIO()
    Image.new("RGBA", (600, 600), (11, 110, 79, 255)).save(out, "PNG")
    return out.getvalue()


def test_admin_uploads_a_logo(app, client, region, admin, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    data = settings(region, logo_file=(io.BytesIO(png_bytes()), "logo.png"))
    response = post_form(client, "/staf/wilayah", data, content_type="multipart/form-data")
    assert response.status_code == 302
    stored = tmp_path / fresh(region).logo
    assert stored.exists() and max(Image.open(stored).size) == 512
    assert 'alt="Current logo"' in page(client, "/staf/wilayah")
    assert post_form(client, "/staf/wilayah", settings(region, remove_logo="y")).status_code == 302
    assert fresh(region).logo is None and not stored.exists()


def test_a_bad_logo_file_keeps_every_other_typed_value(app, client, region, admin, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    data = settings(region, tagline="Kota Akhlakul Karimah", logo_file=(io.BytesIO(b"not a picture"), "logo.png"))
    response = post_form(client, "/staf/wilayah", data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kota Akhlakul Karimah" in html and "not a picture we can read" in html
    db.session.refresh(region)
    assert region.logo is None and region.tagline is None


# Departments

def departments():
    return db.session.execute(select(Department).order_by(Department.id)).scalars().all()


def test_admin_adds_a_department_and_sees_it_listed_as_active(client, admin):
    response = post_form(client, "/staf/opd/baru", {"name": "Dinas Pekerjaan Umum dan Penataan Ruang", "short_name": "DPUPR"})
    assert response.status_code == 302
    html = page(client, "/staf/opd")
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in html and "DPUPR" in html and "Active" in html
    assert [d.slug for d in departments()] == ["dinas-pekerjaan-umum-dan-penataan-ruang"]


def test_two_departments_cannot_share_a_web_address(client, region, admin, make_department):
    make_department(region, name="Dinas Kesehatan", slug="dinas-kesehatan")
    response = post_form(client, "/staf/opd/baru", {"name": "Dinas  Kesehatan!", "short_name": "Dinkes 2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already uses the web address" in html and "dinas-kesehatan" in html
    assert 'value="Dinas  Kesehatan!"' in html and 'value="Dinkes 2"' in html
    assert len(departments()) == 1


def test_sending_the_same_new_department_twice_adds_it_once(client, admin):
    token = csrf_from(client.get("/staf/opd/baru"))
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', client.get("/staf/opd/baru").get_data(as_text=True)).group(1)
    data = {"name": "Dinas Sosial", "csrf_token": token, "idempotency_key": key}
    first, second = client.post("/staf/opd/baru", data=data), client.post("/staf/opd/baru", data=data)
    assert first.status_code == second.status_code == 302
    assert [d.name for d in departments()] == ["Dinas Sosial"]


def test_a_department_needs_a_name_with_letters(client, admin):
    assert post_form(client, "/staf/opd/baru", {"name": ""}).status_code == 422
    response = post_form(client, "/staf/opd/baru", {"name": "???", "short_name": "X"})
    assert response.status_code == 422 and b"Please use letters or numbers in the name." in response.data
    assert departments() == []


def test_renaming_a_department_moves_its_web_address(client, region, admin, make_department):
    department = make_department(region, name="Dinas Perhubungan", slug="dishub")
    url = f"/staf/opd/{department.id}"
    assert post_form(client, url, {"name": "Dinas Perhubungan", "short_name": "Dishub"}).status_code == 302
    assert fresh(department).slug == "dishub" and department.short_name == "Dishub"
    assert post_form(client, url, {"name": "Dinas Perhubungan Kota"}).status_code == 302
    assert fresh(department).slug == "dinas-perhubungan-kota"
    assert "Dinas Perhubungan Kota" in page(client, "/staf/opd")


def test_admin_deactivates_and_reactivates_a_department(client, region, admin, make_department):
    department = make_department(region, name="Dinas Pariwisata")
    token = csrf_from(client.get("/staf/opd"))
    client.post(f"/staf/opd/{department.id}/nonaktifkan", data={"csrf_token": token})
    assert not fresh(department).active and "Inactive" in page(client, "/staf/opd")
    client.post(f"/staf/opd/{department.id}/aktifkan", data={"csrf_token": token})
    assert fresh(department).active


# Staff accounts

def shown_link(html):
    """The set-password link the account page shows the administrator (once)."""
    match = re.search(r'id="set-password-link" type="text" value="([^"]+)"', html)
    return match.group(1) if match else None


def choose_password(client, link, password="kuda-merah-terbang-42"):
    page = client.get(link, headers=EN)
    assert page.status_code == 200, page.status_code
    return client.post(link, headers=EN, data={"password": password, "confirm": password, "csrf_token": csrf_from(page)})


def test_admin_creates_a_staff_account_whose_owner_chooses_the_password_through_a_one_time_link(
        app, client, region, admin, caplog):
    form_page = page(client, "/staf/pengguna/baru")
    assert 'type="password"' not in form_page and "Temporary password" not in form_page
    with caplog.at_level(logging.INFO):
        response = post_form(client, "/staf/pengguna/baru", {
            "name": "Rina Editor", "email": "Rina@Tangerang.example", "phone": "", "roles": [Role.EDITOR],
            "department": "",
        })
    user = db.session.execute(select(User).where(User.name == "Rina Editor")).scalar_one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staf/pengguna/{user.id}")
    assert user.email == "rina@tangerang.example"
    # The person gets the link by e-mail; the administrator sees it once on the account page.
    mailed = re.search(r"mail not sent \(no MAIL_SERVER\) to rina@tangerang.example.*?(http://localhost/lupa-sandi/\S+)",
                       caplog.text, re.S)
    assert mailed, caplog.text
    detail = page(client, f"/staf/pengguna/{user.id}")
    assert shown_link(detail) == mailed.group(1) and "A link to choose a password was sent to rina@tangerang.example" in detail
    assert shown_link(page(client, f"/staf/pengguna/{user.id}")) is None
    # With the link, Rina chooses a password and is signed in, in the staff area.
    rina = app.test_client()
    assert choose_password(rina, mailed.group(1)).status_code == 302
    assert "News editor" in page(rina, "/staf/")
    db.session.refresh(user)
    assert user.check_password("kuda-merah-terbang-42")
    again = app.test_client().get(mailed.group(1), headers=EN)
    assert again.status_code == 400 and b"This link no longer works" in again.data


def test_a_staff_account_with_only_a_phone_gets_its_link_by_sms(client, region, admin, caplog):
    with caplog.at_level(logging.INFO):
        post_form(client, "/staf/pengguna/baru", {"name": "Budi Harga", "email": "", "phone": "0812-3456-7891",
                                                 "roles": [Role.PRICE_OFFICER], "department": ""})
    assert re.search(r"sms not sent \(no SMS_GATEWAY_URL\) to \+6281234567891: .*http://localhost/lupa-sandi/\S+",
                     caplog.text), caplog.text


def test_sending_the_new_account_form_twice_makes_one_account_and_one_message(client, region, admin, caplog):
    data = {"name": "Sari Editor", "email": "sari@example.id", "roles": [Role.EDITOR], "idempotency_key": "k" * 24}
    with caplog.at_level(logging.INFO):
        first = post_form(client, "/staf/pengguna/baru", data)
        second = post_form(client, "/staf/pengguna/baru", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.execute(select(func.count()).select_from(User).where(User.email == "sari@example.id")).scalar_one() == 1
    assert caplog.text.count("mail not sent (no MAIL_SERVER) to sari@example.id") == 1
    assert shown_link(page(client, second.headers["Location"]))  # the retry still shows the link


def test_a_new_link_replaces_the_old_one_until_the_password_is_chosen(app, client, region, admin, caplog):
    with caplog.at_level(logging.INFO):
        created = post_form(client, "/staf/pengguna/baru", {"name": "Andi", "email": "andi@example.id",
                                                           "roles": [Role.EDITOR]})
    old_link = shown_link(page(client, created.headers["Location"]))
    url = created.headers["Location"]
    assert "Make a new link to choose a password" in page(client, url)
    renewed = post_form(client, f"{url}/tautan-sandi", {}, page_url=url, follow_redirects=True)
    new_link = shown_link(renewed.get_data(as_text=True))
    assert new_link and new_link != old_link
    assert app.test_client().get(old_link).status_code == 400
    assert choose_password(app.test_client(), new_link).status_code == 302
    assert "Make a new link to choose a password" not in page(client, url)
    refused = post_form(client, f"{url}/tautan-sandi", {}, page_url=url, follow_redirects=True)
    assert "This person has already chosen a password" in refused.get_data(as_text=True)


def test_a_department_officer_account_needs_a_department(client, region, admin, make_department):
    department = make_department(region, name="Dinas Sosial", short_name="Dinsos")
    typed = {"name": "Andi Petugas", "email": "andi@example.id", "roles": [Role.DEPARTMENT_OFFICER], "department": ""}
    response = post_form(client, "/staf/pengguna/baru", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "A department officer needs a department." in html
    assert 'value="Andi Petugas"' in html and 'value="andi@example.id"' in html
    response = post_form(client, "/staf/pengguna/baru", {**typed, "department": str(department.id)}, follow_redirects=True)
    assert "Department officer, Dinsos" in response.get_data(as_text=True)


def test_a_staff_account_cannot_reuse_an_existing_address(client, region, admin):
    quick_user(region, name="Warga Lama").email = "lama@example.id"
    db.session.commit()
    response = post_form(client, "/staf/pengguna/baru", {
        "name": "Orang Baru", "email": "LAMA@example.id", "roles": [Role.EDITOR],
    })
    assert response.status_code == 422 and b"An account with this e-mail address already exists" in response.data
    assert b'value="Orang Baru"' in response.data


def test_admin_finds_a_citizen_by_phone_and_gives_them_a_role(client, region, admin):
    citizen = quick_user(region, name="Siti Aminah")
    citizen.phone = "+6281234567890"
    db.session.commit()
    found = page(client, "/staf/pengguna?q=0812-3456-7890")
    assert "Siti Aminah" in found and "0812-3456-7890" in found and "No staff role" in found
    url = f"/staf/pengguna/{citizen.id}/peran"
    response = post_form(client, url, {"role": Role.PRICE_OFFICER, "department": ""}, page_url=f"/staf/pengguna/{citizen.id}")
    assert response.status_code == 302
    assert [g.role for g in fresh(citizen).roles] == [Role.PRICE_OFFICER]
    again = post_form(client, url, {"role": Role.PRICE_OFFICER, "department": ""}, page_url=f"/staf/pengguna/{citizen.id}")
    assert again.status_code == 422 and b"already holds that role" in again.data
    assert len(fresh(citizen).roles) == 1


def test_live_search_sends_only_the_results(client, region, admin):
    quick_user(region, name="Siti Aminah")
    response = client.get("/staf/pengguna?q=siti", headers={**EN, "HX-Request": "true", "HX-Target": "div#results"})
    html = response.get_data(as_text=True)
    assert "Siti Aminah" in html and "<nav" not in html and "Accounts with a staff role" not in html


def test_admin_removes_a_role(client, region, admin):
    editor = quick_user(region, role=Role.EDITOR, name="Editor Lama")
    grant = editor.roles[0]
    token = csrf_from(client.get(f"/staf/pengguna/{editor.id}"))
    response = client.post(f"/staf/pengguna/{editor.id}/peran/{grant.id}/cabut", data={"csrf_token": token}, headers=EN, follow_redirects=True)
    assert b"The role was removed from Editor Lama." in response.data
    db.session.refresh(editor)
    assert editor.roles == []


def test_admin_cannot_remove_their_own_administrator_role(client, region, admin):
    token = csrf_from(client.get(f"/staf/pengguna/{admin.id}"))
    response = client.post(f"/staf/pengguna/{admin.id}/peran/{admin.roles[0].id}/cabut", data={"csrf_token": token},
                           headers=EN, follow_redirects=True)
    assert b"You cannot remove your own administrator role." in response.data
    db.session.refresh(admin)
    assert [g.role for g in admin.roles] == [Role.REGION_ADMIN]


def test_the_regions_last_administrator_keeps_the_role(client, region):
    only_admin = quick_user(region, role=Role.REGION_ADMIN)
    sign_in(client, quick_user(region, platform_admin=True))
    token = csrf_from(client.get(f"/staf/pengguna/{only_admin.id}"))
    response = client.post(f"/staf/pengguna/{only_admin.id}/peran/{only_admin.roles[0].id}/cabut",
                           data={"csrf_token": token}, headers=EN, follow_redirects=True)
    assert b"last administrator" in response.data
    db.session.refresh(only_admin)
    assert only_admin.roles


def test_admin_cannot_block_themselves(client, admin):
    token = csrf_from(client.get(f"/staf/pengguna/{admin.id}"))
    response = client.post(f"/staf/pengguna/{admin.id}/blokir", data={"csrf_token": token}, headers=EN, follow_redirects=True)
    assert b"You cannot block your own account." in response.data
    assert not fresh(admin).blocked


def test_a_blocked_account_is_signed_out_and_cannot_sign_in(app, client, region, admin, make_user, login):
    editor = make_user(region, role=Role.EDITOR, email="editor@example.id")
    editors_phone = app.test_client()
    sign_in(editors_phone, editor)
    assert editors_phone.get("/staf/").status_code == 200
    token = csrf_from(client.get(f"/staf/pengguna/{editor.id}"))
    response = client.post(f"/staf/pengguna/{editor.id}/blokir", data={"csrf_token": token}, headers=EN, follow_redirects=True)
    assert b"is blocked and can no longer sign in" in response.data and b"Blocked" in response.data
    assert not fresh(editor).is_active
    kicked_out = editors_phone.get("/staf/")
    assert kicked_out.status_code == 302 and kicked_out.headers["Location"].startswith("/masuk")
    sign_in(editors_phone, editor)  # even a session made after blocking counts as signed out
    assert editors_phone.get("/staf/").status_code == 302
    refused = login(editor)
    assert refused.status_code != 302 and "diblokir" in refused.data.decode()  # Indonesian, the default
    client.post(f"/staf/pengguna/{editor.id}/buka-blokir", data={"csrf_token": token})
    assert not fresh(editor).blocked
