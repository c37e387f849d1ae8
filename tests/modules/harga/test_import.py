"""The CSV import: a preview with per-row problems and line numbers, then all rows or none; the file's
encoding, columns, delimiter and size; and a previewed file that cannot be swapped on the way to the import."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import sign_in
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.harga.csv_import import MAX_ROWS
from webapp.modules.harga.models import DailyPrice, MarketOfficer, Price, PriceChange
from webapp.modules.harga.prices import tracked_commodities

EN = {"Accept-Language": "en"}
UPLOAD = "/staf/harga/impor"
SAVE = "/staf/harga/impor/simpan"


def upload(client, content: bytes | str, name: str = "harga.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    token = csrf_from(client.get(UPLOAD, headers=EN))
    return client.post(UPLOAD, data={"csrf_token": token, "berkas": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", headers=EN)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def import_previewed(client, preview, **changes):
    html = preview.get_data(as_text=True)
    data = {"csrf_token": csrf_from(preview), "payload": hidden(html, "payload"),
            "idempotency_key": hidden(html, "idempotency_key"), **changes}
    return client.post(SAVE, data=data, headers=EN)


def price_count() -> int:
    return db.session.execute(select(func.count(Price.id))).scalar_one()


def good_file(today) -> str:
    yesterday = today - timedelta(days=1)
    return (f"market,commodity,date,price\n"
            f"anyar,beras-medium,{today},13500\n"
            f"Pasar Bandeng,Beras Medium,{today},14.500\n"
            f"poris,gula,{yesterday},\"18,000\"\n"
            f"poris,garam,{yesterday},\n")


def test_a_good_file_is_previewed_without_writing_then_imported_with_the_aggregates(client, officer, today,
                                                                                    commodities):
    preview = upload(client, good_file(today))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Every row is right" in html and "Import 3 prices" in html
    assert "row without a price, left out" in html
    assert price_count() == 0
    done = import_previewed(client, preview)
    assert done.status_code == 302
    assert price_count() == 3
    sources = set(db.session.execute(select(Price.source)).scalars())
    assert sources == {"csv"}
    median = db.session.execute(select(DailyPrice.median).where(
        DailyPrice.commodity_id == commodities["beras-medium"].id, DailyPrice.day == today)).scalar_one()
    assert median == 14000  # (13500 + 14500) / 2
    assert "3 prices imported." in client.get(done.headers["Location"], headers=EN).get_data(as_text=True)


def test_one_bad_row_writes_nothing_and_every_problem_has_its_line(client, officer, today):
    tomorrow = today + timedelta(days=1)
    content = (f"market,commodity,date,price\n"
               f"anyar,beras-medium,{today},13500\n"
               f"anyar,cabe,{today},40000\n"
               f"mars,gula,{today},18000\n"
               f"anyar,gula,{tomorrow},18000\n"
               f"anyar,garam,{today},-5\n"
               f"anyar,telur-ayam,kemarin,29000\n"
               f"anyar,minyakita,{today},0\n"
               f"anyar,beras-medium,{today},13600\n")
    preview = upload(client, content)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "Nothing was imported" in html
    assert "Line 3: unknown commodity “cabe”" in html
    assert "Line 4: unknown market “mars”" in html
    assert "Line 5: the date" in html and "is in the future" in html
    assert "Line 6: price “-5”: A price cannot be negative." in html
    assert "Line 7: “kemarin” is not a date" in html
    assert "Line 8: price “0”" in html
    assert "Line 9: the same market, commodity and date as line 2" in html
    assert 'name="payload"' not in html  # no way to import it
    assert price_count() == 0


@pytest.mark.parametrize("content, message", [
    ("pasar,barang,tanggal,harga\nanyar,gula,2026-01-02,18000\n", "must name the columns"),
    ("market,commodity,date\nanyar,gula,2026-01-02\n", "must name the columns"),
    ("market,commodity,date,price,price\n", "appears twice"),
    ("", "The file is empty"),
    ("market,commodity,date,price\n\n\n", "no rows"),
])
def test_a_file_with_wrong_columns_or_no_rows_is_refused_with_400(client, officer, content, message):
    response = upload(client, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert price_count() == 0


def test_a_file_that_is_not_utf8_is_refused_with_advice(client, officer, today):
    content = f"pasar,komoditas,tanggal,harga\nanyar,gula,{today},18000\nPasar Poris (pojok café),gula,{today},18000\n"
    response = upload(client, content.encode("latin-1"))
    assert response.status_code == 400
    assert "CSV UTF-8" in response.get_data(as_text=True)
    utf16 = upload(client, content.encode("utf-16"))
    assert utf16.status_code == 400 and "CSV UTF-8" in utf16.get_data(as_text=True)
    assert price_count() == 0


def test_no_file_too_large_a_file_or_too_many_rows_is_refused(client, officer, today):
    token = csrf_from(client.get(UPLOAD, headers=EN))
    nothing = client.post(UPLOAD, data={"csrf_token": token}, content_type="multipart/form-data", headers=EN)
    assert nothing.status_code == 400 and "Choose a CSV file" in nothing.get_data(as_text=True)
    huge = "market,commodity,date,price\n" + "anyar,gula,2026-01-02,18000," + "x" * (2 * 1024 * 1024) + "\n"
    assert "larger than 2 MB" in upload(client, huge).get_data(as_text=True)
    many = "market,commodity,date,price\n" + f"anyar,gula,{today},18000\n" * (MAX_ROWS + 1)
    response = upload(client, many)
    assert response.status_code == 400 and "more than 20,000 rows" in response.get_data(as_text=True)


def test_semicolons_indonesian_column_names_and_day_month_year_dates_work(client, officer, today, commodities):
    content = (f"Pasar;Komoditas;Tanggal;Harga\n"
               f"anyar;Bawang Merah;{today:%d/%m/%Y};38.000\n"
               f"ANYAR;cabai-rawit-merah;{today:%d/%m/%Y};55000\n")
    preview = upload(client, content)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    assert import_previewed(client, preview).status_code == 302
    prices = dict(db.session.execute(select(Price.commodity_id, Price.price).where(Price.day == today)).all())
    assert prices == {commodities["bawang-merah"].id: 38000, commodities["cabai-rawit-merah"].id: 55000}


def test_a_byte_order_mark_from_excel_is_fine(client, officer, today):
    preview = upload(client, "\ufeff" + f"market,commodity,date,price\r\nanyar,gula,{today},18000\r\n")
    assert preview.status_code == 200
    assert import_previewed(client, preview).status_code == 302
    assert price_count() == 1


def test_rows_that_change_a_saved_price_are_flagged_and_the_old_price_is_kept(client, officer, today, put_prices,
                                                                              commodities):
    put_prices(today, {"anyar": {"gula": 18000, "garam": 11000}})
    content = f"market,commodity,date,price\nanyar,gula,{today},30000\nanyar,garam,{today},11000\n"
    preview = upload(client, content)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Saved prices this file would change" in html and "18,000" in html and "30,000" in html
    assert "over 30 % change" in html
    assert import_previewed(client, preview).status_code == 302
    change = db.session.execute(select(PriceChange)).scalar_one()
    assert (change.old_price, change.new_price, change.source) == (18000, 30000, "csv")
    assert db.session.execute(select(DailyPrice.median).where(
        DailyPrice.commodity_id == commodities["gula"].id, DailyPrice.day == today)).scalar_one() == 30000


def test_a_changed_or_foreign_payload_is_refused(client, officer, today, harga_region, make_user):
    preview = upload(client, f"market,commodity,date,price\nanyar,gula,{today},18000\n")
    payload = hidden(preview.get_data(as_text=True), "payload")
    tampered = import_previewed(client, preview, payload=payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB"))
    assert tampered.status_code == 400 and "upload it again" in tampered.get_data(as_text=True)
    assert price_count() == 0
    # The same signed file, sent by someone else, is not theirs to import.
    other = client.application.test_client()
    sign_in(other, make_user(harga_region, role=Role.PRICE_OFFICER))
    token = csrf_from(other.get(UPLOAD, headers=EN))
    response = other.post(SAVE, data={"csrf_token": token, "payload": payload}, headers=EN)
    assert response.status_code == 400 and price_count() == 0


def test_a_double_tapped_import_writes_once(client, officer, today, put_prices):
    put_prices(today, {"anyar": {"gula": 18000}})
    preview = upload(client, f"market,commodity,date,price\nanyar,gula,{today},19000\nanyar,garam,{today},11000\n")
    assert import_previewed(client, preview).status_code == 302
    assert import_previewed(client, preview).status_code == 302
    assert price_count() == 2
    assert db.session.execute(select(func.count(PriceChange.id))).scalar_one() == 1


def test_market_staff_may_import_only_for_their_markets(client, price_officer, login, markets, today):
    db.session.add(MarketOfficer(market_id=markets["anyar"].id, user_id=price_officer.id))
    db.session.commit()
    login(price_officer)
    preview = upload(client, f"market,commodity,date,price\nanyar,gula,{today},18000\nporis,gula,{today},18000\n")
    assert preview.status_code == 422
    assert "Line 3: you may not enter prices for Pasar Poris" in preview.get_data(as_text=True)
    assert price_count() == 0


def test_people_without_the_role_cannot_upload(client, harga_region, make_user, login, today):
    login(make_user(harga_region))
    assert client.get(UPLOAD, headers=EN).status_code == 403
    token = csrf_from(client.get("/masuk", headers=EN))
    response = client.post(UPLOAD, data={"csrf_token": token, "berkas": (io.BytesIO(b"x"), "a.csv")},
                           content_type="multipart/form-data", headers=EN)
    assert response.status_code == 403 and price_count() == 0


def test_the_template_has_a_row_per_market_and_tracked_commodity_for_today(client, officer, today):
    response = client.get("/staf/harga/impor/templat.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "market,commodity,date,price"
    assert len(lines) == 1 + 3 * len(tracked_commodities())
    assert f"anyar,beras-medium,{today}," in lines
    # The template imports as it is: every price blank, so nothing to import yet.
    preview = upload(client, response.data)
    assert preview.status_code == 400 and "no prices" in preview.get_data(as_text=True)
