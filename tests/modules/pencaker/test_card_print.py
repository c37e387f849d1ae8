"""The printable AK/1 card: what it states (frozen at approval), the issuing office, the report grid, the QR code
pointing at the public check, who may open it, and the download that works offline."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
import segno

from webapp.core.clock import region_today
from webapp.core.uploads import upload_path
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.qr import qr_svg

from . import test_seeker_profile as profile_tests
from .test_cards import approved
from .test_seeker_profile import EN, jpeg, stored

seeker_in = profile_tests.seeker_in  # fixture


@pytest.fixture
def holder(seeker_in, disnaker):
    """A signed-in seeker (a woman, married, with a photo and kelurahan) holding a freshly approved card."""
    from datetime import date

    from .conftest import nik_for
    born = date(1998, 2, 3)
    seeker = seeker_in(full_name="Siti Aminah", birth_place="Serang", birth_date=born, gender="P",
                       nik=nik_for(born, "P", serial=321), marital_status="married",
                       address="Jl. Kisamaun 4", kelurahan_code="36.71.01.1001",
                       photo=stored("tangerang/pencaker/siti.jpg", jpeg()))
    return approved(seeker, disnaker)


def sheet(client, card, suffix="cetak"):
    return client.get(f"/pencaker/kartu/{card.id}/{suffix}", headers=EN)


def test_the_card_states_identity_education_validity_and_office(client, holder):
    response = sheet(client, holder)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private"
    snap = holder.snapshot
    for expected in (holder.number, snap["nik"], "Siti Aminah", "Serang, February 3, 1998", "Female", "Married",
                     "Jl. Kisamaun 4, Sukarasa, Tangerang", "Vocational high school (SMK)", "SMKN 1 Tangerang",
                     "Mengemudi, Excel", "Dinas Ketenagakerjaan Kota Tangerang"):
        assert expected in text, expected
    until = holder.valid_until.strftime("%B %-d, %Y")
    assert until in text
    assert text.count("Report ") >= 4 and "Due now" in text


def test_the_photo_is_the_one_frozen_on_the_card(client, holder):
    text = sheet(client, holder).get_data(as_text=True)
    url = f"/pencaker/foto/{holder.seeker_id}?kartu={holder.id}"
    assert url in text
    frozen = upload_path("tangerang/pencaker/siti.jpg").read_bytes()
    holder.seeker.photo = stored("tangerang/pencaker/new.jpg", jpeg((300, 300)))
    db.session.commit()
    assert client.get(url).data == frozen
    assert client.get(f"/pencaker/foto/{holder.seeker_id}").data != frozen


def test_a_later_profile_edit_does_not_change_the_printed_card(client, holder):
    holder.seeker.full_name = "Siti Aminah Putri"
    db.session.commit()
    text = sheet(client, holder).get_data(as_text=True)
    assert "Siti Aminah Putri" not in text and "Siti Aminah" in text


def test_the_region_disnaker_department_issues_the_card(client, holder, make_department, pencaker_region):
    make_department(pencaker_region, name="Dinas Tenaga Kerja Kota Tangerang", slug="disnaker")
    text = sheet(client, holder).get_data(as_text=True)
    assert "Dinas Tenaga Kerja Kota Tangerang" in text and "Dinas Ketenagakerjaan Kota Tangerang" not in text


def test_the_qr_code_opens_the_public_check(client, holder):
    text = sheet(client, holder).get_data(as_text=True)
    verify_url = f"http://localhost/pencaker/verifikasi/{holder.verify_token}"
    with force_locale("en"):  # the page is read in English
        assert str(qr_svg(verify_url)) in text and verify_url in text
    assert "<?xml" not in text


def test_print_means_the_browsers_print_and_no_script(client, holder):
    text = sheet(client, holder).get_data(as_text=True)
    assert "onclick" not in text and "Print command of your browser" in text
    assert 'class="no-print"' in text


def test_the_download_is_one_offline_file(client, holder):
    response = sheet(client, holder, "unduh")
    text = response.get_data(as_text=True)
    year = region_today().year
    assert response.headers["Content-Disposition"] == f'attachment; filename="AK1-3671-{year}-000001.html"'
    assert "data:image/jpeg;base64," in text and "/pencaker/foto/" not in text
    assert "<style>" in text and "@media print" in text and 'rel="stylesheet"' not in text
    with force_locale("en"):
        assert "<script" not in text and holder.number in text and str(qr_svg(
            f"http://localhost/pencaker/verifikasi/{holder.verify_token}")) in text


def test_disnaker_may_print_a_card(client, holder, disnaker, login):
    login(disnaker)
    assert sheet(client, holder).status_code == 200
    assert sheet(client, holder, "unduh").status_code == 200


def test_nobody_else_may_print_it(app, client, holder, make_seeker, login):
    login(make_seeker().user)
    assert sheet(client, holder).status_code == 404
    assert sheet(client, holder, "unduh").status_code == 404
    assert sheet(app.test_client(), holder).status_code == 302  # anonymous: to the sign-in


def test_only_approved_cards_with_a_number_print(client, holder, disnaker):
    seeker = holder.seeker
    cards.apply(seeker, "correction", "Alamat")
    db.session.commit()
    waiting = cards.pending_card(seeker)
    assert sheet(client, waiting).status_code == 404
    cards.approve(waiting, disnaker)
    db.session.commit()
    assert sheet(client, holder).status_code == 404  # replaced: its number moved on
    assert sheet(client, waiting).status_code == 200


def test_an_expired_card_still_prints_and_says_so(client, holder):
    holder.valid_until = region_today() - timedelta(days=1)
    db.session.commit()
    response = sheet(client, holder)
    assert response.status_code == 200 and "Expired on" in response.get_data(as_text=True)


def test_an_inactive_card_does_not_print(client, holder):
    cards.record_placement(holder.seeker, "PT Baru", region_today(), "self")
    db.session.commit()
    assert sheet(client, holder).status_code == 404


# qr.py -----------------------------------------------------------------------------------------------------

def dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read back the modules segno's one-path SVG draws ("M x y" then "h n" strokes and "m dx dy" moves)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                dark.add((int(x) + i, int(y)))
            x += float(a)
    return dark


def test_qr_svg_encodes_exactly_the_url(app):
    url = "https://tangerang.example/pencaker/verifikasi/AbCdEf123"
    svg = str(qr_svg(url))
    code = segno.make(url, error="m")
    border = 4
    expected = {(col + border, row + border) for row, line in enumerate(code.matrix)
                for col, bit in enumerate(line) if bit}
    assert dark_modules(svg) == expected
    assert dark_modules(str(qr_svg(url + "x"))) != expected


def test_qr_svg_is_inline_with_a_title_and_no_xml_declaration(app):
    svg = str(qr_svg("https://example.id/x", title="Check <card> & more"))
    assert svg.startswith("<svg") and "<?xml" not in svg and 'class="qr"' in svg and "viewBox" in svg
    assert "<title>Check &lt;card&gt; &amp; more</title>" in svg
