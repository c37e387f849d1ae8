"""The public vacancy board /loker/: only open vacancies of verified employers in this region, newest first,
with search and filters as a plain GET form (htmx swaps only the results), keyset pages without gaps or
repeats, and a 400 with the form for anything it does not understand."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import EmployerStatus, Vacancy, VacancyStatus

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}


def titles(response) -> list[str]:
    """Vacancy titles listed on a page, in order."""
    return re.findall(r'<h3><a href="/loker/\d+">([^<]+)</a></h3>', response.get_data(as_text=True))


def page(client, url="/loker/", headers=EN):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def today(pencaker_region):
    return region_today()


def test_lists_only_open_vacancies_of_verified_employers(client, make_vacancy, make_employer, today):
    make_vacancy(title="Operator Gudang")
    make_vacancy(title="Kasir Toko", closes_on=today)  # still open on its closing day
    for status in (VacancyStatus.DRAFT, VacancyStatus.REVIEW, VacancyStatus.RETURNED, VacancyStatus.CLOSED):
        make_vacancy(title=f"Lowongan {status}", status=status)
    make_vacancy(title="Lowongan kedaluwarsa", closes_on=today - timedelta(days=1))
    make_vacancy(title="Perusahaan belum diverifikasi", employer=make_employer(status=EmployerStatus.PENDING))
    make_vacancy(title="Perusahaan ditolak", employer=make_employer(status=EmployerStatus.REJECTED))

    response = page(client)

    assert sorted(titles(response)) == ["Kasir Toko", "Operator Gudang"]
    assert "2 open vacancies." in response.get_data(as_text=True)


def test_beyond_the_count_cap_the_board_says_more_than_instead_of_counting_every_vacancy(
        client, make_vacancy, today, monkeypatch):
    monkeypatch.setattr("webapp.modules.pencaker.views_public.COUNT_CAP", 2)
    for n in range(3):
        make_vacancy(title=f"Operator {n}")
    html = page(client).get_data(as_text=True)
    assert "More than 2 open vacancies." in html and "3 open vacancies" not in html
    assert "More than 2 open vacancies match." in page(client, "/loker/?q=Operator").get_data(as_text=True)


def test_a_vacancy_expires_when_its_closing_day_passes_without_any_job(client, make_vacancy, today):
    vacancy = make_vacancy(title="Sopir Ekspedisi", closes_on=today)
    assert titles(page(client)) == ["Sopir Ekspedisi"]
    vacancy.closes_on = today - timedelta(days=1)  # what tomorrow looks like, with nothing run in between
    db.session.commit()
    assert titles(page(client)) == []
    assert "There are no open vacancies right now" in page(client).get_data(as_text=True)


def test_other_regions_vacancies_are_not_listed(client, make_vacancy, make_region, make_user, pencaker_region):
    make_vacancy(title="Di Tangerang")
    other = make_region("bogor", hosts=["bogor.test"], modules=["pencaker"])
    from webapp.modules.pencaker.models import Employer
    employer = Employer(region_id=other.id, name="PT Bogor", nib="1", sector="C", address="x", contact_name="x",
                        contact_phone="x", status=EmployerStatus.VERIFIED)
    db.session.add(employer)
    db.session.flush()
    db.session.add(Vacancy(region_id=other.id, employer_id=employer.id, title="Di Bogor", sector="C", description="x",
                           min_education="SMA", kecamatan_code="32.71.01", employment_type="FULL_TIME",
                           closes_on=region_today() + timedelta(days=5), status=VacancyStatus.PUBLISHED,
                           published_at=datetime.now(timezone.utc)))
    db.session.commit()
    response = page(client)
    assert titles(response) == ["Di Tangerang"] and "1 open vacancy." in response.get_data(as_text=True)


def test_each_item_says_company_place_type_pay_closing_and_disability_in_words(client, make_vacancy, today):
    make_vacancy(title="Staf Admin", pay_min=4_500_000, pay_max=5_500_000, employment_type="PART_TIME",
                 closes_on=today + timedelta(days=5), disability_friendly=True)
    make_vacancy(title="Penjaga Malam", remote=True, kecamatan_code=None, closes_on=today)
    make_vacancy(title="Kurir", pay_min=3_000_000)
    html = page(client).get_data(as_text=True).replace("\xa0", " ")
    admin = html[html.index("Staf Admin"):html.index("</li>", html.index("Staf Admin"))]
    assert "PT Maju Jaya" in admin and "Verified company" in admin
    assert "Karawaci" in admin and "Part time" in admin
    assert "IDR 4,500,000 to IDR 5,500,000 a month" in admin
    assert "Closes in 5 days" in admin and "Welcomes people with disabilities" in admin
    night = html[html.index("Penjaga Malam"):html.index("</li>", html.index("Penjaga Malam"))]
    assert "Remote (work from home)" in night and "Closes today" in night and "Pay not stated" in night
    assert "Welcomes people" not in night
    assert "From IDR 3,000,000 a month" in html


def test_newest_published_first(client, make_vacancy):
    now = datetime.now(timezone.utc)
    make_vacancy(title="Lama", published_at=now - timedelta(days=3))
    make_vacancy(title="Baru", published_at=now - timedelta(hours=1))
    make_vacancy(title="Tengah", published_at=now - timedelta(days=1))
    assert titles(page(client)) == ["Baru", "Tengah", "Lama"]


def test_the_list_warns_that_applying_is_free(client, make_vacancy):
    make_vacancy()
    assert "Applying is free. Never pay anyone for a job." in page(client).get_data(as_text=True)


# Search and filters

def test_search_matches_title_description_or_company_in_any_case(client, make_vacancy, make_employer):
    make_vacancy(title="Operator Forklift")
    make_vacancy(title="Admin", description="Mengoperasikan FORKLIFT gudang.")
    make_vacancy(title="Teknisi", employer=make_employer(name="CV Forklift Sejahtera"))
    make_vacancy(title="Kasir")
    response = page(client, "/loker/?q=forklift")
    assert sorted(titles(response)) == ["Admin", "Operator Forklift", "Teknisi"]
    assert "3 open vacancies match." in response.get_data(as_text=True)


def test_percent_and_underscore_in_a_search_are_taken_literally(client, make_vacancy):
    make_vacancy(title="Diskon 50% untuk karyawan")
    make_vacancy(title="Sales 500 target")
    make_vacancy(title="Kode_barang")
    make_vacancy(title="Kodeabarang")
    assert titles(page(client, "/loker/?q=50%25")) == ["Diskon 50% untuk karyawan"]
    assert titles(page(client, "/loker/?q=Kode_")) == ["Kode_barang"]


def test_sector_filter(client, make_vacancy):
    make_vacancy(title="Perawat", sector="Q")
    make_vacancy(title="Operator", sector="C")
    assert titles(page(client, "/loker/?sektor=Q")) == ["Perawat"]


def test_education_filter_shows_vacancies_my_education_meets(client, make_vacancy):
    for level in ("none", "SD", "SMP", "SMA", "SMK", "D3", "S1"):
        make_vacancy(title=f"Min {level}", min_education=level)
    assert sorted(titles(page(client, "/loker/?pendidikan=SMK"))) == [
        "Min SD", "Min SMA", "Min SMK", "Min SMP", "Min none"]
    assert sorted(titles(page(client, "/loker/?pendidikan=SD"))) == ["Min SD", "Min none"]
    assert len(titles(page(client, "/loker/?pendidikan=S3"))) == 7


def test_kecamatan_and_remote_filters(client, make_vacancy):
    make_vacancy(title="Di Tangerang", kecamatan_code="36.71.01")
    make_vacancy(title="Di Karawaci", kecamatan_code="36.71.05")
    make_vacancy(title="Dari rumah", remote=True, kecamatan_code=None)
    assert titles(page(client, "/loker/?kecamatan=36.71.01")) == ["Di Tangerang"]
    assert titles(page(client, "/loker/?kecamatan=jarak-jauh")) == ["Dari rumah"]
    html = page(client).get_data(as_text=True)
    assert '<option value="jarak-jauh">Remote (work from home)</option>' in html
    assert '<option value="36.71.05">Karawaci</option>' in html


def test_employment_type_filter(client, make_vacancy):
    make_vacancy(title="Magang", employment_type="INTERN")
    make_vacancy(title="Tetap", employment_type="FULL_TIME")
    assert titles(page(client, "/loker/?jenis=INTERN")) == ["Magang"]


def test_disability_friendly_filter(client, make_vacancy):
    make_vacancy(title="Ramah", disability_friendly=True)
    make_vacancy(title="Biasa")
    assert titles(page(client, "/loker/?disabilitas=y")) == ["Ramah"]


def test_closing_soon_filter_keeps_vacancies_closing_within_7_days(client, make_vacancy, today):
    make_vacancy(title="Hari ini", closes_on=today)
    make_vacancy(title="Seminggu", closes_on=today + timedelta(days=7))
    make_vacancy(title="Delapan hari", closes_on=today + timedelta(days=8))
    assert sorted(titles(page(client, "/loker/?segera=y"))) == ["Hari ini", "Seminggu"]


def test_filters_combine_and_are_kept_in_the_form(client, make_vacancy):
    make_vacancy(title="Operator A", sector="C", employment_type="CONTRACTOR")
    make_vacancy(title="Operator B", sector="C", employment_type="FULL_TIME")
    make_vacancy(title="Perawat", sector="Q", employment_type="CONTRACTOR")
    response = page(client, "/loker/?q=operator&sektor=C&jenis=CONTRACTOR&segera=")
    assert titles(response) == ["Operator A"]
    html = response.get_data(as_text=True)
    assert 'value="operator"' in html and '<option selected value="C">' in html
    assert '<option selected value="CONTRACTOR">' in html
    assert '<form class="filters" method="get" action="/loker/"' in html  # works without JavaScript


@pytest.mark.parametrize("query, message", [
    ("q=a", "Please type between 2 and 100 characters to search."),
    ("q=" + "x" * 101, "Please type between 2 and 100 characters to search."),
    ("sektor=ZZ", "Not a valid choice."),
    ("pendidikan=PhD", "Not a valid choice."),
    ("kecamatan=99.99.99", "Not a valid choice."),
    ("jenis=SLAVE", "Not a valid choice."),
    ("perusahaan=abc", "This company link is not valid."),
])
def test_a_filter_it_does_not_understand_is_a_400_with_the_form_and_a_message(client, make_vacancy, query, message):
    make_vacancy(title="Operator")
    response = client.get(f"/loker/?{query}", headers=EN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert '<form class="filters"' in html and titles(response) == []


@pytest.mark.parametrize("cursor", ["abc", "1.2.3", "-5.3", "9999999999999999999.1", "1" * 40 + ".1",
                                    "1.2;DROP"])
def test_a_garbled_page_cursor_is_a_400_not_a_crash(client, make_vacancy, cursor):
    make_vacancy()
    response = client.get(f"/loker/?sebelum={cursor}", headers=EN)
    assert response.status_code == 400
    assert "This page link is not valid" in response.get_data(as_text=True)


def test_an_unknown_company_is_a_400(client, make_vacancy, make_employer):
    make_vacancy()
    pending = make_employer(status=EmployerStatus.PENDING)
    for ident in (999999, pending.id):
        response = client.get(f"/loker/?perusahaan={ident}", headers=EN)
        assert response.status_code == 400 and "This company has no vacancies here" in response.get_data(as_text=True)


def test_one_companys_vacancies(client, make_vacancy, make_employer):
    mine = make_employer(name="PT Satu")
    make_vacancy(title="Satu A", employer=mine)
    make_vacancy(title="Dua", employer=make_employer(name="PT Dua"))
    response = page(client, f"/loker/?perusahaan={mine.id}")
    assert titles(response) == ["Satu A"] and "Vacancies of PT Satu" in response.get_data(as_text=True)


# Pages

def follow_pages(client, url: str, headers=EN) -> list[list[str]]:
    pages = []
    while url:
        response = page(client, url, headers)
        pages.append(titles(response))
        html = response.get_data(as_text=True)
        more = re.search(r'<li class="more"><a class="button secondary" href="([^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
    return pages


def test_keyset_pages_have_no_gaps_or_repeats_even_with_equal_publish_times(client, make_vacancy, make_employer):
    employer = make_employer()
    moment = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=2)
    for n in range(25):
        make_vacancy(employer=employer, title=f"Lowongan {n:02d}", published_at=moment if n % 2 else
                     moment - timedelta(minutes=n))
    pages = follow_pages(client, "/loker/")
    assert [len(p) for p in pages] == [10, 10, 5]
    seen = [t for p in pages for t in p]
    assert sorted(seen) == [f"Lowongan {n:02d}" for n in range(25)]


def test_the_next_page_keeps_the_filters(client, make_vacancy, make_employer):
    employer = make_employer()
    for n in range(12):
        make_vacancy(employer=employer, title=f"Operator {n}", sector="C")
    make_vacancy(employer=employer, title="Perawat", sector="Q")
    pages = follow_pages(client, "/loker/?sektor=C")
    assert [len(p) for p in pages] == [10, 2] and "Perawat" not in sum(pages, [])


def test_htmx_gets_only_the_results_and_the_more_button_appends(client, make_vacancy, make_employer):
    employer = make_employer()
    for n in range(11):
        make_vacancy(employer=employer, title=f"Lowongan {n}")
    full = page(client)
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]
    fragment = page(client, "/loker/?q=Lowongan", HTMX).get_data(as_text=True)
    assert "<html" not in fragment and '<form class="filters"' not in fragment
    assert fragment.lstrip().startswith('<h2 id="loker-title">') and "11 open vacancies match." in fragment
    more = re.search(r'hx-get="([^"]+)" hx-target="closest li" hx-swap="outerHTML"', fragment).group(1)
    appended = page(client, more.replace("&amp;", "&"), HTMX).get_data(as_text=True)
    assert appended.lstrip().startswith('<li class="news-item">') and appended.count('class="news-item"') == 1
    assert "<h2" not in appended and "<ol" not in appended


def test_the_form_swaps_only_the_results_with_htmx(client, make_vacancy):
    make_vacancy()
    html = page(client).get_data(as_text=True)
    assert 'hx-get="/loker/" hx-target="#loker-list" hx-push-url="true"' in html
    assert '<section id="loker-list"' in html


def test_the_list_takes_the_same_number_of_queries_for_3_or_10_vacancies(client, make_vacancy, make_employer,
                                                                          count_statements):
    for n in range(3):
        make_vacancy(title=f"A{n}", employer=make_employer(name=f"PT A{n}"))
    few = count_statements(lambda: page(client))
    for n in range(7):
        make_vacancy(title=f"B{n}", employer=make_employer(name=f"PT B{n}"))
    assert count_statements(lambda: page(client)) == few


def test_the_board_is_404_where_the_module_is_off(client, pencaker_region):
    pencaker_region.modules = ["kontak"]
    db.session.commit()
    assert client.get("/loker/").status_code == 404


def test_htmx_gets_the_message_in_place_of_the_results_for_a_bad_filter(client, make_vacancy):
    make_vacancy()
    response = client.get("/loker/?sektor=ZZ", headers=HTMX)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<h2 id="loker-title">')
    assert "Some of the choices were not understood." in html and 'class="news-item"' not in html
