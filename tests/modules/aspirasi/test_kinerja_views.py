"""Kinerja (performance) per OPD and per officer over a period, and the CSV export of the same reports."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.core.test_roles import sign_in
from tests.modules.aspirasi.test_staff_views import file_report, page, text_of, world  # noqa: F401
from webapp.extensions import db
from webapp.modules.aspirasi.models import Status

MARCH = "dari=2026-03-01&sampai=2026-03-31"
HOUR = timedelta(hours=1)


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB


def handled(world, department, filed, response_after, closed_after=None, due_after=72 * HOUR, **fields):
    """A report filed at `filed`, first answered and (maybe) closed that much later."""
    report = file_report(world, fields.pop("status", Status.DONE if closed_after else Status.IN_PROGRESS),
                         department, **fields)
    report.created_at = filed
    report.first_response_at = filed + response_after if response_after else None
    report.closed_at = filed + closed_after if closed_after else None
    report.due_at = filed + due_after
    db.session.commit()
    return report


@pytest.fixture
def march(world):
    """Two DPUPR reports done by Budi (one on time, one late), one overdue at Dinkes, one unsent, one in April."""
    handled(world, world.dpupr, at(2), 24 * HOUR, 48 * HOUR, rating=4, assignee_id=world.officer.id,
            title="Got selokan mampet")
    handled(world, world.dpupr, at(3), 12 * HOUR, 120 * HOUR, rating=2, assignee_id=world.officer.id,
            title="Jalan amblas")
    handled(world, world.dinkes, at(4), 6 * HOUR, title="Nyamuk demam berdarah")
    file_report(world, title="Belum dikirim").created_at = at(10)
    handled(world, world.dpupr, at(5, month=4), 1 * HOUR, 2 * HOUR, title="Laporan bulan April")
    db.session.commit()
    return world


def row(html: str, name: str) -> str:
    return re.search(rf'<tr> <th scope="row">{re.escape(name)}</th>.*?</tr>', html).group(0)


def test_kinerja_per_department_counts_medians_on_time_share_and_rating(client, march):
    sign_in(client, march.admin)
    response = page(client, f"/staf/aspirasi/kinerja?{MARCH}")
    assert response.status_code == 200
    html = text_of(response)
    assert "Reports filed from Mar 1, 2026 to Mar 31, 2026: 4." in html
    dpupr = row(html, "Dinas Pekerjaan Umum")
    cells = re.findall(r"<td>(.*?)</td>", dpupr)
    assert cells[:8] == ["2", "0", "0", "0", "0", "2", "0", "0"]  # reports, then by status, then overdue
    assert cells[8:] == ["18.0 hours", "3.5 days", "50%", "3.0 of 5"]
    dinkes = row(html, "Dinas Kesehatan")
    assert "1 overdue" in dinkes and "6.0 hours" in dinkes and "no data" in dinkes
    assert "Not yet sent to a department" in html
    assert "Laporan bulan April" not in html


def test_kinerja_per_officer(client, march):
    sign_in(client, march.admin)
    html = text_of(page(client, f"/staf/aspirasi/kinerja?{MARCH}"))
    budi = row(html, "Budi DPUPR")
    assert "18.0 hours" in budi and "50%" in budi and "3.0 of 5" in budi


def test_an_officer_sees_the_kinerja_of_their_own_department_only(client, march):
    sign_in(client, march.officer)
    html = text_of(page(client, f"/staf/aspirasi/kinerja?{MARCH}"))
    assert "Dinas Pekerjaan Umum" in html and "Dinas Kesehatan" not in html
    assert "ekspor.csv" not in html
    other = page(client, f"/staf/aspirasi/kinerja?{MARCH}&opd={march.dinkes.id}")
    assert other.status_code == 400 and "Nyamuk" not in other.get_data(as_text=True)


def test_one_department_can_be_chosen(client, march):
    sign_in(client, march.admin)
    html = text_of(page(client, f"/staf/aspirasi/kinerja?{MARCH}&opd={march.dinkes.id}"))
    assert "Reports filed from Mar 1, 2026 to Mar 31, 2026: 1." in html


def test_kinerja_defaults_to_this_month(client, march):
    sign_in(client, march.admin)
    response = page(client, "/staf/aspirasi/kinerja")
    assert response.status_code == 200
    assert re.search(r'name="dari"[^>]*value="\d{4}-\d{2}-01"', response.get_data(as_text=True))


@pytest.mark.parametrize("query, message", [
    ("dari=2026-02-30&sampai=2026-03-31", "Not a valid date value."),
    ("dari=kemarin&sampai=2026-03-31", "Not a valid date value."),
    ("dari=2026-03-31&sampai=2026-03-01", "The end of the period must not be before its start."),
    ("dari=2020-01-01&sampai=2026-03-01", "Please choose a period of at most 366 days."),
    ("dari=2026-03-01", "This field is required."),
])
def test_bad_dates_are_a_400_with_a_translated_message(client, march, query, message):
    sign_in(client, march.admin)
    response = page(client, f"/staf/aspirasi/kinerja?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    export = page(client, f"/staf/aspirasi/ekspor.csv?{query}")
    assert export.status_code == 400 and message in export.get_data(as_text=True)


def test_csv_export_is_a_streamed_utf8_attachment_with_a_bom(client, march):
    sign_in(client, march.admin)
    response = page(client, f"/staf/aspirasi/ekspor.csv?{MARCH}")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="aspirasi-2026-03-01-2026-03-31.csv"'
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert "Title" in lines[0] and "Department" in lines[0]
    assert len(lines) == 5  # the header and March's four reports
    text = "\n".join(lines)
    assert "Got selokan mampet" in text and "Dinas Kesehatan" in text
    assert "Laporan bulan April" not in text
    assert "siti@example.id" not in text and "+6281234567890" not in text  # contact details stay inside


def test_only_the_region_admin_exports(client, march):
    sign_in(client, march.officer)
    assert page(client, f"/staf/aspirasi/ekspor.csv?{MARCH}").status_code == 403
