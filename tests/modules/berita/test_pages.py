"""Information pages: only the region admin edits them, addresses are unique per region, unknown and
unpublished pages are not found, editors' markup is inert, and the standard pages are created once."""
from __future__ import annotations

import re

import pytest
from flask import g, render_template_string
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.berita import markup
from webapp.modules.berita.models import InfoPage

EN = {"Accept-Language": "en"}
LIST = "/staf/berita/halaman"
NEW = "/staf/berita/halaman/baru"


@pytest.fixture
def site(app, make_region):
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["berita", "kontak", "aspirasi"], contact_email="info@tangerang.example")
    g.region = region
    return {"region": region, "admin": quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota"),
            "editor": quick_user(region, role=Role.EDITOR, name="Rina Redaktur")}


def add(slug="tentang", title="Tentang Serambi", body="Halo **warga**.", published=True, position=0) -> InfoPage:
    page = InfoPage(slug=slug, title=title, body=body, body_html=markup.to_html(body), published=published,
                    position=position)
    db.session.add(page)
    db.session.commit()
    return page


def pages_in_db() -> list[InfoPage]:
    db.session.expire_all()
    return list(db.session.execute(select(InfoPage).order_by(InfoPage.position, InfoPage.id)).scalars())


def hidden_fields(client, url: str) -> dict:
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    fields = {"csrf_token": csrf_from(page)}
    key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data)
    if key:
        fields["idempotency_key"] = key.group(1).decode()
    return fields


def send(client, url, values, page_url=None):
    return client.post(url, data={**hidden_fields(client, page_url or url), **values}, headers=EN)


def data(**changes) -> dict:
    values = {"title": "Layanan Kependudukan", "slug": "", "body": "Datang ke **Disdukcapil**.",
              "position": "5", "published": "y"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("citizen", 403), ("editor", 403),
                                           ("officer", 403), ("admin", 200)])
def test_information_pages_are_edited_by_the_region_admin_only(client, site, who, expected):
    user = {"anonymous": None, "citizen": quick_user(site["region"]), "editor": site["editor"],
            "officer": quick_user(site["region"], role=Role.DEPARTMENT_OFFICER), "admin": site["admin"]}[who]
    if user:
        sign_in(client, user)
    page = add()
    for url in (LIST, NEW, f"{LIST}/{page.id}"):
        assert client.get(url, headers=EN).status_code == expected


def test_an_editor_cannot_save_or_delete_a_page(client, site):
    page = add()
    sign_in(client, site["admin"])
    token = hidden_fields(client, LIST)["csrf_token"]
    other = client.application.test_client()
    sign_in(other, site["editor"])
    assert other.post(f"{LIST}/{page.id}/hapus", data={"csrf_token": token}, headers=EN).status_code in (400, 403)
    assert other.post(NEW, data={"csrf_token": token, **data()}, headers=EN).status_code in (400, 403)
    assert [p.title for p in pages_in_db()] == ["Tentang Serambi"]


def test_admin_writes_a_page_and_visitors_read_it_at_its_address(client, site):
    sign_in(client, site["admin"])
    response = send(client, NEW, data())
    assert response.status_code == 302
    [page] = pages_in_db()
    assert (page.slug, page.position, page.published) == ("layanan-kependudukan", 5, True)
    public = client.get("/berita/info/layanan-kependudukan", headers=EN)
    assert public.status_code == 200 and "<strong>Disdukcapil</strong>" in text(public)
    assert 'href="/berita/info/layanan-kependudukan"' in text(client.get("/berita/info/", headers=EN))


def test_an_address_already_taken_is_refused_keeping_what_was_typed(client, site):
    add(slug="layanan-kependudukan", title="Layanan Kependudukan")
    sign_in(client, site["admin"])
    response = send(client, NEW, data(body="Teks baru yang panjang"))
    assert response.status_code == 422
    html = text(response)
    assert "Another page already has the web address “layanan-kependudukan”." in html
    assert 'value="Layanan Kependudukan"' in html and "Teks baru yang panjang" in html
    typed = send(client, NEW, data(slug="Layanan Kependudukan!", title="Lain"))
    assert typed.status_code == 422 and 'id="slug-error"' in text(typed)
    assert send(client, NEW, data(slug="ktp-dan-kk")).status_code == 302
    assert {p.slug for p in pages_in_db()} == {"layanan-kependudukan", "ktp-dan-kk"}


def test_the_same_address_may_exist_in_another_region(client, site, make_region):
    other = make_region("bogor", hosts=["bogor.test"], modules=["berita"])
    g.region = other
    add(slug="layanan-kependudukan", title="Layanan Bogor")
    g.region = site["region"]
    assert client.get("/berita/info/layanan-kependudukan", headers=EN).status_code == 404
    sign_in(client, site["admin"])
    assert send(client, NEW, data()).status_code == 302
    assert "Datang ke" in text(client.get("/berita/info/layanan-kependudukan", headers=EN))


def test_unknown_and_unpublished_pages_are_not_found(client, site):
    add(slug="rahasia", title="Belum siap", published=False)
    assert client.get("/berita/info/tidak-ada", headers=EN).status_code == 404
    assert client.get("/berita/info/rahasia", headers=EN).status_code == 404
    assert "Belum siap" not in text(client.get("/berita/info/", headers=EN))


def test_markup_in_a_page_is_inert(client, site):
    sign_in(client, site["admin"])
    body = ('<script>alert(1)</script>\n\n[klik](javascript:alert(2))\n\n<iframe src="https://evil.example">'
            '</iframe>\n\n<a href="#" onclick="alert(3)">x</a>')
    assert send(client, NEW, data(body=body)).status_code == 302
    html = text(client.get("/berita/info/layanan-kependudukan", headers=EN))
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "<iframe" not in html and '<a href="#" onclick' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text that was typed


def test_the_standard_pages_are_created_once_with_useful_starter_text(client, site):
    add(slug="tentang", title="Tentang kami (sudah ada)")
    sign_in(client, site["admin"])
    listing = text(client.get(LIST, headers=EN))
    assert "Create the standard pages" in listing and "Privacy notice" in listing
    token = hidden_fields(client, LIST)["csrf_token"]
    for _twice in range(2):
        assert client.post(f"{LIST}/standar", data={"csrf_token": token}, headers=EN).status_code == 302
    pages = {p.slug: p for p in pages_in_db()}
    assert set(pages) == {"tentang", "layanan", "privasi", "ketentuan"}
    assert pages["tentang"].title == "Tentang kami (sudah ada)"  # an existing page is left alone
    privacy = text(client.get("/berita/info/privasi", headers=EN))
    assert "Privacy notice" in privacy and "info@tangerang.example" in privacy
    for stored in ("e-mail address or mobile number", "Reports you send", "one-way hash", "<h2>"):
        assert stored in privacy
    assert "112" in text(client.get("/berita/info/ketentuan", headers=EN))
    assert "Create the standard pages" not in text(client.get(LIST, headers=EN))


def test_published_pages_are_offered_to_the_layout_in_order(client, site, app):
    add(slug="privasi", title="Kebijakan privasi", position=30)
    add(slug="tentang", title="Tentang", position=10)
    add(slug="draf", title="Draf", published=False)
    footer = "{% for title, url in berita_info_pages() %}<a href='{{ url }}'>{{ title }}</a>{% endfor %}"
    with app.test_request_context("/", base_url="http://localhost"):
        assert render_template_string(footer) == (
            "<a href='/berita/info/tentang'>Tentang</a><a href='/berita/info/privasi'>Kebijakan privasi</a>")
        site["region"].modules = ["kontak"]
        assert render_template_string(footer) == ""
