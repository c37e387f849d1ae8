"""Region isolation, tested as a matrix (issue #9): two regions on one install, each on its own host.

1. Every route whose URL names a row (an id, a slug, a code, a token) is in `ROUTES` with the row it names;
   a new one fails `test_every_route_that_names_a_row_is_in_the_matrix` until it is added (or exempted,
   with the reason, in `EXEMPT`). Each person of region a (every staff role, the platform admin, and on
   public and module pages also visitors, citizens, job seekers and employers) asks on a's host for region
   b's row, with GET and with POST (a valid CSRF token and the fields b's own page sends): 404, or a
   refusal for people the page does not serve, and nothing of b written. Routes naming two rows are also
   asked with one row of each region, and the other way round (b asking for a's rows) by the person the
   page is for. The same URLs with the region's own rows, asked by the person the page is for on the
   region's own host, are found (the positive control). A region admin's own forms sent with the other
   region's id in a field that names a row (an OPD, a category, ticked reports) change nothing.
2. Nothing mixes: every page without URL arguments (search, feeds, exports, the APIs and Open311 with and
   without the other region's key, open data, the home page cards, with their cache on too, the manifest)
   and every search box, on one region's host, shows no mark planted in the other region's rows; the key
   ones do show the host region's own marks. An API key files nothing on the other region's host.
3. A file uploaded in one region (report photo, cover, AK/1 photo, CV, announcement PDF, logo) is served
   on its region's host and not found on the other's, and is stored in the region's own folder.

The install is the security package's (tests/security/conftest.py), without its walk; the rows and marks
are added once for this module (tests/security/isolation_site.py) and every request is rolled back.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import select

from tests.security.conftest import HOSTS, STAFF, Visitor
from tests.security.isolation_site import (MARK, REGION_SLUGS, STRONG_PASSWORD, World, build_region, changes,
                                           count_rows, filled, other, state)
from tests.security.site import PageParser, forms_in, methods_of, route_key
from webapp.core.api import jurisdiction_id
from webapp.core.models import Region
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.aspirasi.models import Report

pytestmark = pytest.mark.without_walk  # the URLs come from ROUTES and the regions' rows, not from the walk

VISITORS = ("anonymous", "citizen", "seeker", "employer")

# endpoint -> (the person the page is for, {URL argument: what fills it}). "row.value" is a value of a row of
# isolation_site.build_region; "=text" is that text; "@today" is the region's date today.
ROUTES: dict[str, tuple[str, dict[str, str]]] = {
    # Aspirasi, public
    "aspirasi.detail": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.sent": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.support": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.rate": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.reopen": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.photo": ("anonymous", {"photo_id": "photo.id"}),
    "aspirasi.photo_thumb": ("anonymous", {"photo_id": "photo.id"}),
    "aspirasi.api_report": ("anonymous", {"report_id": "report.id"}),
    "aspirasi.open311_request": ("anonymous", {"request_id": "report.id", "fmt": "=json"}),
    "aspirasi.open311_token": ("anonymous", {"token": "report.token", "fmt": "=json"}),
    "aspirasi.open311_service_definition": ("anonymous", {"code": "category.slug", "fmt": "=json"}),
    # Aspirasi, staff
    "aspirasi.staff_inbox_report": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_verify": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_reject": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_merge": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_dispose": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_assign": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_reply": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_finish": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_redact": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_hide": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_unhide": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_block": ("admin", {"code": "report.code"}),
    "aspirasi.staff_inbox_photo": ("admin", {"photo_id": "photo.id"}),
    "aspirasi.staff_inbox_photo_hide": ("admin", {"photo_id": "photo.id"}),
    "aspirasi.staff_categories_edit": ("admin", {"category_id": "category.id"}),
    "aspirasi.staff_categories_route": ("admin", {"category_id": "category.id"}),
    "aspirasi.staff_categories_route_delete": ("admin", {"category_id": "category.id", "route_id": "route.id"}),
    "aspirasi.staff_categories_template": ("admin", {"category_id": "category.id"}),
    "aspirasi.staff_categories_template_edit": ("admin", {"template_id": "template.id"}),
    "aspirasi.staff_categories_template_delete": ("admin", {"template_id": "template.id"}),
    "aspirasi.staff_categories_holiday_delete": ("admin", {"holiday_id": "holiday.id"}),
    # Berita, public
    "berita.article": ("anonymous", {"slug": "article.slug"}),
    "berita.cover": ("anonymous", {"path": "cover.value"}),
    "berita.page": ("anonymous", {"slug": "page.slug"}),
    "berita.category_feed": ("anonymous", {"slug": "news_category.slug"}),
    "berita.announcement": ("anonymous", {"announcement_id": "announcement.id"}),
    "berita.announcement_pdf": ("anonymous", {"announcement_id": "announcement.id"}),
    "berita.api_news_article": ("anonymous", {"slug": "article.slug"}),
    # Berita, staff
    "berita.staff_article_edit": ("admin", {"id": "article.id"}),
    "berita.staff_article_cover": ("admin", {"id": "article.id", "path": "cover.value"}),
    "berita.staff_article_preview": ("admin", {"id": "article.id"}),
    "berita.staff_article_revisions": ("admin", {"id": "article.id"}),
    "berita.staff_article_revision": ("admin", {"id": "article.id", "revision_id": "revision.id"}),
    "berita.staff_article_restore": ("admin", {"id": "article.id", "revision_id": "revision.id"}),
    "berita.staff_categories_rename": ("admin", {"category_id": "news_category.id"}),
    "berita.staff_categories_move": ("admin", {"category_id": "news_category.id"}),
    "berita.staff_categories_delete": ("admin", {"category_id": "news_category.id"}),
    "berita.staff_page_edit": ("admin", {"page_id": "page.id"}),
    "berita.staff_page_delete": ("admin", {"page_id": "page.id"}),
    "berita.staff_announcement_edit": ("admin", {"announcement_id": "announcement.id"}),
    "berita.staff_announcement_delete": ("admin", {"announcement_id": "announcement.id"}),
    # Harga
    "harga.commodity": ("anonymous", {"slug": "priced_commodity.slug"}),
    "harga.market": ("anonymous", {"slug": "market.slug"}),
    "harga.poster": ("anonymous", {"slug": "market.slug"}),
    "harga.market_text": ("anonymous", {"slug": "market.slug"}),
    "harga.staff_entry_form": ("admin", {"market_slug": "market.slug", "day": "@today"}),
    "harga.staff_entry_history": ("admin", {"market_slug": "market.slug", "day": "@today"}),
    "harga.admin_markets_edit": ("admin", {"market_id": "market.id"}),
    "harga.admin_markets_delete": ("admin", {"market_id": "market.id"}),
    "harga.admin_markets_officer": ("admin", {"market_id": "market.id"}),
    "harga.admin_markets_officer_delete": ("admin", {"market_id": "market.id", "row_id": "market_officer.id"}),
    "harga.admin_commodities_edit": ("admin", {"commodity_id": "commodity.id"}),
    "harga.admin_references_end": ("admin", {"reference_id": "reference.id"}),
    "harga.admin_references_delete": ("admin", {"reference_id": "reference.id"}),
    # Pencaker, public and the job seeker's own pages
    "pencaker.vacancy": ("anonymous", {"vacancy_id": "vacancy.id"}),
    "pencaker.apply": ("seeker", {"vacancy_id": "vacancy.id"}),
    "pencaker.report_vacancy": ("anonymous", {"vacancy_id": "vacancy.id"}),
    "pencaker.api_vacancy": ("anonymous", {"vacancy_id": "vacancy.id"}),
    "pencaker.fair": ("anonymous", {"slug": "fair.slug"}),
    "pencaker.verify": ("anonymous", {"token": "card.token"}),
    "pencaker.photo_file": ("seeker", {"seeker_id": "seeker.id"}),
    "pencaker.cv_file": ("seeker", {"seeker_id": "seeker.id"}),
    "pencaker.card_print": ("seeker", {"card_id": "card.id"}),
    "pencaker.card_download": ("seeker", {"card_id": "card.id"}),
    "pencaker.my_application": ("seeker", {"application_id": "application.id"}),
    "pencaker.profile_row_delete": ("seeker", {"kind": "=education", "row_id": "education.id"}),
    # Pencaker, the employer's pages
    "pencaker.employer_vacancy": ("employer", {"vacancy_id": "vacancy.id"}),
    "pencaker.employer_vacancy_submit": ("employer", {"vacancy_id": "vacancy.id"}),
    "pencaker.employer_vacancy_close": ("employer", {"vacancy_id": "vacancy.id"}),
    "pencaker.employer_applicants": ("employer", {"vacancy_id": "vacancy.id"}),
    "pencaker.employer_application": ("employer", {"application_id": "employer_application.id"}),
    # Pencaker, staff
    "pencaker.staff_card": ("admin", {"card_id": "card.id"}),
    "pencaker.staff_employer": ("admin", {"id": "employer.id"}),
    "pencaker.staff_vacancy": ("admin", {"id": "vacancy.id"}),
    "pencaker.staff_report": ("admin", {"report_id": "vacancy_report.id"}),
    "pencaker.staff_seeker": ("admin", {"id": "seeker.id"}),
    "pencaker.staff_seeker_nik": ("disnaker", {"id": "seeker.id"}),
    "pencaker.staff_seeker_placement": ("admin", {"id": "seeker.id"}),
    "pencaker.staff_fair": ("admin", {"fair_id": "fair.id"}),
    "pencaker.staff_fair_company_add": ("admin", {"fair_id": "fair.id"}),
    "pencaker.staff_fair_company_remove": ("admin", {"fair_id": "fair.id", "company_id": "fair_company.id"}),
    # The region's administration
    "staff.users_detail": ("admin", {"user_id": "user.id"}),
    "staff.users_grant": ("admin", {"user_id": "user.id"}),
    "staff.users_revoke": ("admin", {"user_id": "user.id", "grant_id": "grant.id"}),
    "staff.users_block": ("admin", {"user_id": "user.id"}),
    "staff.users_unblock": ("admin", {"user_id": "user.id"}),
    "staff.users_new_link": ("admin", {"user_id": "user.id"}),
    "accounts.two_factor_reset": ("admin", {"user_id": "user.id"}),
    "staff.api_keys_revoke_confirm": ("admin", {"key_id": "api_key.id"}),
    "staff.api_keys_revoke": ("admin", {"key_id": "api_key.id"}),
    "staff.departments_edit": ("admin", {"department_id": "department.id"}),
    "staff.departments_activate": ("admin", {"department_id": "department.id"}),
    "staff.departments_deactivate": ("admin", {"department_id": "department.id"}),
    "staff.areas_kecamatan": ("admin", {"area_id": "kecamatan.id"}),
    "staff.areas_new_village": ("admin", {"area_id": "kecamatan.id"}),
    "staff.areas_rename": ("admin", {"area_id": "kecamatan.id"}),
    "staff.areas_activate": ("admin", {"area_id": "kecamatan.id"}),
    "staff.areas_deactivate": ("admin", {"area_id": "kecamatan.id"}),
    # Links sent by mail or SMS
    "accounts.reset_password": ("anonymous", {"token": "reset_token.value"}),
    "accounts.confirm_account": ("anonymous", {"token": "confirm_token.value"}),
    "accounts.confirm_contact": ("citizen", {"token": "contact_token.value"}),
    # The platform pages manage every region by its id, from any host: only the platform admin gets in
    "platform.regions_edit": ("platform", {"region_id": "region.id"}),
    "platform.regions_suspend": ("platform", {"region_id": "region.id"}),
    "platform.regions_unsuspend": ("platform", {"region_id": "region.id"}),
    "platform.regions_export": ("platform", {"region_id": "region.id"}),
    "platform.regions_import": ("platform", {"region_id": "region.id"}),
}

# Routes with URL arguments that name no row of a region, and why.
EXEMPT = {
    "static": "the app's own CSS, scripts and images: the same files for every region",
    "pwa.icon": "a size, not a row: drawn from the logo of the host's region (test_upload_urls_...)",
    "pwa.maskable_icon": "a size, not a row: drawn from the logo of the host's region",
    "aspirasi.open311_discovery": "a format (json/xml), not a row: the host's region (test_no_page_...)",
    "aspirasi.open311_services": "a format, not a row: the host region's categories (test_no_page_...)",
    "aspirasi.open311_requests": "a format, not a row: the host region's reports (test_no_page_...)",
    "aspirasi.open311_create_request": "a format, not a row: files into the key's own region "
                                       "(test_an_api_key_works_only_on_its_regions_host)",
    "berita.archive": "a year and month, not a row: the host region's articles (test_no_page_...)",
    "pencaker.profile_rows": "a section (education, training, experience): adds to the signed-in seeker's profile",
}

# What a page answers a person it serves ("*": everyone), for another region's row, where that is not 404:
# a link sent by mail answers 400 ("this link is not valid") whatever is wrong with it; a NIK is revealed
# only to manpower officers, never to the platform admin, whichever seeker it is.
DOCUMENTED = {
    "accounts.reset_password": {"*": {400}},
    "accounts.confirm_account": {"*": {400}},
    "accounts.confirm_contact": {"*": {400}},
    "pencaker.staff_seeker_nik": {"platform": {403}},
}


# Extra query arguments a route needs to answer at all ("@jurisdiction": the host region's Open311 id).
QUERY = {name: {"jurisdiction_id": "@jurisdiction"} for name in (
    "aspirasi.open311_request", "aspirasi.open311_token", "aspirasi.open311_service_definition")}


def documented(endpoint: str, person: str) -> set[int]:
    answers = DOCUMENTED.get(endpoint, {})
    return answers.get(person, set()) | answers.get("*", set())


# ------------------------------------------------------------------------------------------------ fixture

@pytest.fixture(scope="module")
def world(app, install):
    """Both regions' rows for the matrix, marked, in a savepoint of the install kept for this module."""
    with app.app_context():
        db.session.remove()
        savepoint = install.connection.begin_nested()
    try:
        with app.test_request_context(base_url=f"http://{HOSTS['a']}"):
            rows, jurisdictions = {}, {}
            for key in ("a", "b"):
                region = db.session.execute(select(Region).where(Region.slug == REGION_SLUGS[key])).scalar_one()
                with region_context(region):
                    rows[key] = build_region(key)
                    db.session.commit()
                    jurisdictions[key] = jurisdiction_id(region)
            db.session.remove()
        result = World(install, rows, jurisdictions, ROUTES, QUERY)
        with app.app_context():
            _learn_forms(result)
            db.session.remove()
        yield result
    finally:
        with app.app_context():
            db.session.remove()
            savepoint.rollback()


@pytest.fixture
def keep_files(app, monkeypatch):
    """Stored files stay while requests that are rolled back run: a positive control that deletes an
    announcement (or a leak that would) removes its PDF from the disk, which no rollback brings back."""
    root = Path(app.config["UPLOAD_DIR"]).resolve()
    unlink = Path.unlink

    def kept(self, missing_ok=False):
        if not Path(self).resolve().is_relative_to(root):
            unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", kept)


# ------------------------------------------------------------------------------------------ the matrix

def mapped_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint in ROUTES]


def declared_roles(app, rule) -> tuple[str, ...] | None:
    return getattr(app.view_functions[rule.endpoint], "required_roles", None)


def people_for(rule) -> tuple[str, ...]:
    """Who of region a asks: every staff role and the platform admin; on public and module pages also the
    visitor, the citizen, the job seeker and the employer."""
    if rule.rule.startswith(("/staf/", "/platform/")):
        return (*STAFF, "platform")
    return (*VISITORS, *STAFF, "platform")


def must_be_not_found(app, rule, person: str) -> bool:
    """People the page serves must get 404 for another region's row; the others may be turned away first
    (403, or the sign-in page)."""
    owner = ROUTES[rule.endpoint][0]
    if rule.rule.startswith("/platform/"):
        return False
    roles = declared_roles(app, rule)
    if roles is not None:
        return person in roles or person == "platform"
    return person != "anonymous" or owner == "anonymous"


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code in (302, 303) and urlsplit(response.headers.get("Location", "")).path == "/masuk"


def combinations(rule) -> list[dict[str, str]]:
    """Which region each row argument comes from: all from b, and (for two rows) each one alone from b."""
    specs = ROUTES[rule.endpoint][1]
    rows = [name for name in rule.arguments if not specs[name].startswith(("=", "@"))]
    choices = [{name: "b" for name in rows}]
    if len(rows) > 1:
        choices += [{name: ("b" if name == alone else "a") for name in rows} for alone in rows]
    return choices


def ask(world: World, visitor: Visitor, rule, method: str, url: str, region: str):
    data = {} if method == "GET" else {"data": world.post_data(visitor, rule, region)}
    return visitor.open(url, method, **data)


# Lists with a form per row (delete, rename, move...), and who opens them.
LISTS = [("admin", "/staf/opd"), ("admin", "/staf/aspirasi/libur"), ("admin", "/staf/pencaker/laporan-lowongan"),
         ("admin", "/staf/harga/het"), ("admin", "/staf/berita/halaman"), ("admin", "/staf/berita/kategori"),
         ("seeker", "/pencaker/profil"), ("employer", "/pencaker/perusahaan/"),
         # and forms that make new rows naming others (an OPD, a category)
         ("admin", "/staf/aspirasi/"), ("admin", "/staf/berita/baru"), ("admin", "/staf/berita/pengumuman/baru"),
         ("admin", "/staf/pengguna/baru"), ("admin", "/staf/harga/pasar/baru"), ("admin", "/staf/harga/komoditas")]


def _learn_forms(world: World) -> None:
    """Open each region's pages of the matrix as the person they are for, on the region's own host, and keep
    the forms they send to each route (with their fields as shown); the pages must be found (the positive
    control), and show nothing of the other region. Then the lists where forms for rows are too."""
    for region in ("a", "b"):
        pages = []
        for rule in mapped_rules(world.app):
            if "GET" not in rule.methods:
                continue
            owner = ROUTES[rule.endpoint][0]
            url, _rows = world.url(rule, {}, region)
            pages.append((owner, url, rule))
        pages += [(person, url, None) for person, url in LISTS]
        routes_by_path = {}
        for owner, url, rule in pages:
            visitor = world.visitor(owner, region)
            with world.install.apart():
                response = visitor.open(url)
            if f"{MARK}{other(region)}".encode() in response.get_data():
                world.mixed.append(f"{owner} of {region} on its own host: {url} shows a mark of {other(region)}")
            if rule is not None and rule.endpoint in ROUTES:
                ok = response.status_code < 400 or response.status_code in documented(rule.endpoint, owner)
                if not ok:
                    world.positive.append(f"{owner} of {region} on its own host: {response.status_code} GET {url}")
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            parser = PageParser()
            parser.feed(response.get_data(as_text=True))
            for form in forms_in(parser, url, HOSTS[region]):
                if form.method != "POST":
                    continue
                if owner == "admin":
                    world.page_forms[region].append(form)
                found = routes_by_path.setdefault(urlsplit(form.action).path, world.endpoint_of(form.action))
                if found is None or (region, found) in world.forms:
                    continue
                fields = form.browser_data()
                button = next((f for f in form.fields if f.kind == "submit" and f.name), None)
                if button is not None:
                    fields.append((button.name, button.value))
                fields += [(f.name, STRONG_PASSWORD) for f in form.fields if f.kind == "password" and f.name]
                world.forms[(region, found)] = fields


def test_every_route_that_names_a_row_is_in_the_matrix(app):
    """A new route with a URL argument must be added to ROUTES (the row it names) or EXEMPT (why not)."""
    problems = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments:
            continue
        if rule.endpoint in ROUTES:
            missing = set(rule.arguments) - set(ROUTES[rule.endpoint][1])
            if missing:
                problems.append(f"{route_key(rule)}: ROUTES does not say what fills {sorted(missing)}")
        elif rule.endpoint not in EXEMPT:
            problems.append(f"{route_key(rule)} names a row: add it to ROUTES (or to EXEMPT, with the reason)")
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    problems += [f"{name} is in the matrix but is no route any more" for name in {*ROUTES, *EXEMPT} - endpoints]
    assert not problems, "\n".join(problems)


def test_each_regions_rows_are_found_on_its_own_host(world, keep_files):
    """The positive control: the matrix's URLs with a region's own rows open for the person they are for,
    on that region's host (so a 404 for the other region's rows is the isolation, not a wrong URL)."""
    problems = list(world.positive)
    for region in ("a", "b"):
        for rule in mapped_rules(world.app):
            owner = ROUTES[rule.endpoint][0]
            for method in methods_of(rule):
                if method == "GET":
                    continue  # opened while learning the forms
                url, _rows = world.url(rule, {}, region)
                visitor = world.visitor(owner, region, fresh=True)
                with world.install.apart():
                    response = ask(world, visitor, rule, method, url, region)
                if response.status_code in (404, 405):
                    problems.append(f"{owner} of {region} on its own host: {response.status_code} {method} {url}")
    assert not problems, "\n".join(problems)


def test_the_matrixs_csrf_tokens_are_accepted(world):
    """The POSTs of the matrix carry a valid CSRF token (else the token, not the region, would refuse them)."""
    department = world.rows["a"]["department"]
    visitor = world.visitor("admin", "a")
    url = f"/staf/opd/{department.id}/nonaktifkan"
    with world.install.apart():
        assert visitor.open(url, "POST", data={"csrf_token": "palsu"}).status_code == 400
    with world.install.apart():
        assert visitor.open(url, "POST", data={"csrf_token": visitor.csrf}).status_code in (302, 303)


def test_forms_of_the_matrix_were_found(world):
    """Most POST routes are asked with the fields their own page sends, so that a request that got past the
    lookup would be a valid one."""
    posts = {rule.endpoint for rule in mapped_rules(world.app) if "POST" in rule.methods}
    without = sorted(name for name in posts if ("b", name) not in world.forms)
    assert len(without) <= len(posts) // 4, f"no form found on b's pages for: {without}"


@pytest.mark.parametrize("asking", ["a", "b"])
def test_another_regions_rows_are_not_found_for_anyone(world, asking, keep_files):
    """Everyone of one region, on its host, asking for the other region's rows: 404 (or refused by role
    first), and nothing of either region written."""
    app, connection, asked = world.app, world.install.connection, other(asking)
    problems, checked = [], 0
    for rule in mapped_rules(app):
        for choice in combinations(rule):
            choice = {name: (asked if region == "b" else asking) for name, region in choice.items()}
            url, named = world.url(rule, choice, asking)
            for method in methods_of(rule):
                for person in people_for(rule):
                    if person == "platform" and rule.rule.startswith("/platform/"):
                        continue  # manages every region by id, by design
                    if asking == "b" and person not in (ROUTES[rule.endpoint][0], "platform"):
                        continue  # the other way round, the person the page is for and the platform admin
                    visitor = world.visitor(person, asking)
                    with world.install.apart():
                        before = state(connection, named)
                        response = ask(world, visitor, rule, method, url, asked)
                        after = state(connection, named)
                    checked += 1
                    said = f"{person} of {asking} on its host: {response.status_code} {method} {url}"
                    strict = must_be_not_found(app, rule, person)
                    allowed = {404, *documented(rule.endpoint, person)}
                    if strict and response.status_code not in allowed:
                        problems.append(f"{said} (expected {sorted(allowed)})")
                    elif not strict and not refused(response):
                        problems.append(f"{said} (expected a refusal)")
                    if f"{MARK}{asked}".encode() in response.get_data():
                        problems.append(f"{said} shows a mark of {asked}")
                    if before != after:
                        problems.append(f"{said} wrote: {', '.join(changes(before, after))}")
    assert checked > (800 if asking == "a" else 200)
    assert not problems, "\n".join(problems)


# Form fields that name a row by its id (a select of OPD, a kecamatan, reports ticked in the inbox...), and
# the kind of row.
ID_FIELDS = {"department": "department", "department_id": "department", "route_department": "department",
             "to_department": "department", "kecamatan": "kecamatan", "kelurahan": "kelurahan",
             "employer_id": "employer", "category": "category", "category_id": "news_category",
             "commodity": "priced_commodity", "tracked": "priced_commodity", "featured": "priced_commodity",
             "reports": "report", "officer": "user", "to_officer": "user"}


def names_a_row(control) -> bool:
    """A choice of rows by their ids (not a tick box saying yes, nor a free number)."""
    if control.kind == "select":
        return any(option.isdigit() for option in control.options)
    return control.kind in ("checkbox", "hidden") and control.value.isdigit()


def test_another_regions_ids_in_a_form_change_nothing(world, keep_files):
    """A region admin's own forms, sent with the other region's id in a field that names a row (the OPD to
    send a report to, the reports ticked for a bulk action, an article's category, the company added to a
    job fair...): refused, and nothing written in either region. The same form with the region's own rows
    is accepted (the positive control), for most of them (a few need more than the page gives)."""
    connection, problems, checked, accepted = world.install.connection, [], set(), set()
    for asking in ("a", "b"):
        asked = other(asking)
        visitor = world.visitor("admin", asking)
        own_rows = [row for row in world.rows[asking].values() if row.table]
        for form in world.page_forms[asking]:
            fields = list({f.name: f for f in reversed(form.fields) if f.name in ID_FIELDS and names_a_row(f)}
                          .values())  # one per name: a tick box per row shares it
            if not fields:
                continue
            data = filled(world, form, asking, visitor, {f.name: ID_FIELDS[f.name] for f in fields})
            with world.install.apart():
                own = visitor.open(form.action, "POST", data=data)
            for field in fields:
                kind = ID_FIELDS[field.name]
                foreign = world.rows[asked][kind]
                named = [*own_rows, foreign]
                with world.install.apart():
                    before = state(connection, named)
                    response = visitor.open(form.action, "POST", data={**data, field.name: [str(foreign.id)]})
                    after = state(connection, named)
                key = (asking, urlsplit(form.action).path, field.name)
                checked.add(key)
                if own.status_code < 400:
                    accepted.add(key)
                said = f"admin of {asking}: {response.status_code} POST {form.action} with {field.name}={foreign.id}"
                if response.status_code >= 500 or (own.status_code < 400 and response.status_code < 400):
                    problems.append(f"{said} ({asked}'s {kind}), accepted with {asking}'s own: {own.status_code}")
                if before != after:
                    problems.append(f"{said} ({asked}'s {kind}) wrote: {', '.join(changes(before, after))}")
    assert len(checked) >= 30, sorted(checked)
    assert len(accepted) >= len(checked) * 3 // 4, sorted(checked - accepted)
    assert not problems, "\n".join(problems)


def test_another_regions_tracking_code_finds_nothing(world, keep_files):
    """A tracking code is typed, not linked: the other region's code finds no report to track, and no report
    to merge into; the region's own code is found."""
    connection = world.install.connection
    for host in ("a", "b"):
        own, theirs = world.rows[host]["report"], world.rows[other(host)]["report"]
        visitor = world.visitor("anonymous", host, fresh=True)
        found = visitor.open("/aspirasi/lacak", "POST", data={"kode": own.code, "csrf_token": visitor.csrf})
        assert found.status_code == 303 and found.headers["Location"].endswith(f"/aspirasi/{own.id}")
        tracked = visitor.open("/aspirasi/lacak", "POST", data={"kode": theirs.code, "csrf_token": visitor.csrf})
        assert tracked.status_code == 404
        assert f"{MARK}{other(host)}".encode() not in tracked.get_data()
        admin = world.visitor("admin", host)
        with world.install.apart():
            before = state(connection, [own, theirs])
            merged = admin.open(f"/staf/aspirasi/laporan/{own.code}/gabung", "POST",
                                data={"merge_code": theirs.code, "csrf_token": admin.csrf})
            after = state(connection, [own, theirs])
        assert merged.status_code == 422
        assert before == after, changes(before, after)


# ------------------------------------------------------------------------------------------ never mixed

def readers(app, rule) -> tuple[str, ...]:
    """Who opens a page without URL arguments in the never-mixed test: the roles it serves and the platform
    admin; public pages as a visitor, a region admin and the platform admin, and as the citizen, job seeker
    or employer where the page is theirs."""
    roles = declared_roles(app, rule)
    if rule.rule.startswith("/platform/"):
        return ("platform",)
    if roles is not None:
        return (*roles, "platform")
    own = {"/akun": "citizen", "/aspirasi/saya": "citizen", "/pencaker/perusahaan/": "employer",
           "/pencaker/": "seeker"}
    person = next((who for prefix, who in own.items() if rule.rule.startswith(prefix)), None)
    return ("anonymous", "admin", "platform", *((person,) if person else ()))


def _never_mix_requests(world: World, host_region: str) -> list[tuple[str, str, dict, str]]:
    """(person, URL, headers, label) of every page that lists or exports a region's things, asked on the host
    of `host_region`: each page without URL arguments (as the people who may open it), every search box
    searched for the marks, Open311 and the API with the other region's ids, jurisdiction and keys. The
    label names the page in MUST_SHOW."""
    app, away = world.app, other(host_region)
    own, theirs = world.rows[host_region], world.rows[away]
    requests = []
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in rule.methods:
            continue
        requests += [(person, rule.rule, {}, rule.rule) for person in readers(app, rule)]
    searches = [f"/cari?q={MARK[2:]}{away}", *(f"{path}?q={MARK}" for path in SEARCHES)]
    for url in searches:
        people = ("admin", "platform") if url.startswith("/staf/") else ("anonymous", "admin", "platform")
        requests += [(person, url, {}, url) for person in people]
    here = {"jurisdiction_id": world.jurisdictions[host_region]}
    ids = f"{own['report'].id},{theirs['report'].id}"
    open311 = [
        ("/open311/v2/services.json?" + urlencode(here), "/open311/v2/services.json"),
        ("/open311/v2/services.xml?" + urlencode(here), "/open311/v2/services.xml"),
        ("/open311/v2/requests.json?" + urlencode(here), "/open311/v2/requests.json"),
        ("/open311/v2/requests.xml?" + urlencode(here), "/open311/v2/requests.xml"),
        ("/open311/v2/requests.json?" + urlencode({**here, "service_request_id": ids}), "by id"),
        ("/open311/v2/requests.json?" + urlencode({"jurisdiction_id": world.jurisdictions[away]}), "theirs"),
        ("/open311/v2/requests.json?" + urlencode({**here, "api_key": theirs["api_key"].secret}), "their key"),
        ("/open311/v2/requests.json?" + urlencode({**here, "api_key": own["api_key"].secret}), "own key"),
        ("/open311/v2/services.json?" + urlencode({**here, "api_key": theirs["api_key"].secret}), "their key"),
        ("/open311/v2/discovery.json", "discovery"),
        ("/api/v1/reports?" + urlencode({"api_key": theirs["api_key"].secret}), "their key"),
        ("/api/v1/reports?" + urlencode({"api_key": own["api_key"].secret}), "own key"),
    ]
    requests += [("anonymous", url, {}, label) for url, label in open311]
    for rule in app.url_map.iter_rules():  # lists filtered by the other region's rows
        if rule.arguments or "GET" not in rule.methods or not rule.rule.startswith(FILTERED):
            continue
        person = "admin" if rule.rule.startswith("/staf/") else "anonymous"
        for names in FILTERS:
            query = {name: world.fill(spec, away, host_region)[0] for name, spec in names.items()}
            requests.append((person, f"{rule.rule}?{urlencode(query)}", {}, "filtered"))
    requests += [("anonymous", "/api/v1/reports", {"X-Api-Key": theirs["api_key"].secret}, "their key"),
                 ("anonymous", "/api/v1/news", {"X-Api-Key": theirs["api_key"].secret}, "their key")]
    return requests


# Lists that take filters naming rows (a category, a kecamatan, a market...), and the filters, by id, by slug
# or code, and by the news category's slug: given the other region's rows, they show nothing of it.
FILTERED = ("/aspirasi/", "/staf/aspirasi/", "/harga/", "/api/v1/", "/loker/", "/berita/")
FILTERS = [
    {"kategori": "category.id", "category_id": "category.id", "kecamatan": "kecamatan.id",
     "kecamatan_id": "kecamatan.id", "kelurahan_id": "kelurahan.id", "opd": "department.id",
     "komoditas": "priced_commodity.id", "pasar": "market.id"},
    {"category": "category.slug", "kategori": "category.slug", "kecamatan": "kecamatan.code",
     "kelurahan": "kelurahan.code", "commodity": "priced_commodity.slug", "komoditas": "priced_commodity.slug",
     "market": "market.slug", "pasar": "market.slug"},
    {"category": "news_category.slug", "kategori": "news_category.slug"},
]


# Every search box: the site's and each list's own (`q`), searched for the marks of both regions.
SEARCHES = ("/cari", "/berita/", "/aspirasi/", "/loker/", "/staf/aspirasi/", "/staf/berita/",
            "/staf/pencaker/pencari-kerja", "/staf/pengguna", "/staf/audit")


# Pages that must show the host region's own marks (the positive control of the test below): which marks.
MUST_SHOW = {
    "/": {"announcement", "article", "contact", "tagline"},  # the home page cards
    f"/cari?q={MARK}": {"announcement", "article", "category", "commodity", "employer", "fair", "report", "vacancy"},
    "/berita/feed.xml": {"article"},
    "/manifest.webmanifest": {"tagline"},
    "/kontak/": {"contact"},
    "/api/v1/announcements": {"announcement"},
    "/api/v1/commodities": {"commodity"},
    "/api/v1/job-fairs": {"fair"},
    "/api/v1/markets": {"market"},
    "/api/v1/news": {"article"},
    "/api/v1/numbers": {"contact"},
    "/api/v1/prices.csv": {"market"},
    "/api/v1/reports": {"report"},
    "/api/v1/vacancies": {"vacancy"},
    "/harga/data.csv": {"market"},
    "/harga/data.json": {"market"},
    "/open311/v2/services.json": {"category"},
    "/open311/v2/requests.json": {"report"},
    "by id": {"report"},
    "/akun/data/unduh": {"report"},
    "/staf/aspirasi/ekspor.csv": {"report"},
    "/staf/audit/unduh": {"audit"},
    "/staf/harga/impor/templat.csv": {"commodity"},
    "/staf/api": {"apikey"},
    "/staf/aspirasi/libur": {"holiday"},
    "/staf/harga/het": {"reference"},
    "/staf/opd": {"department"},
    "/staf/pencaker/pencari-kerja": {"seeker"},
    "/staf/pengguna": {"user"},
}


def test_no_page_of_one_region_shows_the_other_regions_things(world):
    """On each host, every listing, search, feed, export, API answer, home card and the manifest: nothing of
    the other region (its marks), while the key ones show the host region's own."""
    leaks, seen = list(world.mixed), {}  # the rows' own pages were opened while learning the forms
    for host_region in ("a", "b"):
        away = other(host_region)
        for person, url, headers, label in _never_mix_requests(world, host_region):
            visitor = world.visitor(person, host_region)
            with world.install.apart():
                response = visitor.open(url, headers=headers)
            body = response.get_data() + str(response.headers).encode()
            if f"{MARK}{away}".encode() in body:
                kinds = sorted(set(re.findall(rf"{MARK}{away}([a-z]+)", body.decode(errors="replace"))))
                leaks.append(f"{person} on {host_region}'s host: {response.status_code} {url} shows {away}'s {kinds}")
            found = set(re.findall(rf"{MARK}{host_region}([a-z]+)", body.decode(errors="replace")))
            seen.setdefault((host_region, label), set()).update(found)
    missing = [f"{url} on {region}'s host shows none of {sorted(kinds - seen.get((region, url), set()))}"
               for region in ("a", "b") for url, kinds in MUST_SHOW.items()
               if not kinds <= seen.get((region, url), set())]
    assert not leaks, "\n".join(leaks)
    assert not missing, "\n".join(missing)


def test_an_api_key_works_only_on_its_regions_host(world):
    """Filing through Open311 with a key of one region on the other's host, or naming the other region's
    service or kelurahan, is refused and makes no report anywhere; the region's own key files one."""
    for host in ("a", "b"):
        away = other(host)
        visitor = world.visitor("anonymous", host)
        cases = [  # (whose key, whose service, whose kelurahan), the answers, reports made
            ((away, host, host), {403}, 0), ((host, away, host), {400, 404}, 0), ((host, host, away), {400}, 0),
            ((host, host, host), {200, 201}, 1)]
        for (key, service, kelurahan), answers, made in cases:
            data = {"api_key": world.rows[key]["api_key"].secret, "service_code": world.rows[service]["category"].slug,
                    "attribute[kelurahan]": world.rows[kelurahan]["kelurahan"].code,
                    "jurisdiction_id": world.jurisdictions[host], "lat": "-6.2", "long": "106.6",
                    "description": "Jalan berlubang di depan pasar sejak minggu lalu"}
            with world.install.apart():
                with world.app.app_context():
                    before = count_rows(Report)
                response = visitor.open("/open311/v2/requests.json", "POST", data=data)
                with world.app.app_context():
                    after = count_rows(Report)
            assert response.status_code in answers, (host, key, service, kelurahan, response.get_data(as_text=True))
            assert after == before + made


def test_home_cards_cached_for_one_region_are_never_served_to_another(world, monkeypatch):
    """With the home card cache on (as in production), a card rendered for one region is not shown on the
    other's home page."""
    from webapp.core import home

    monkeypatch.setitem(world.app.config, "HOME_CARD_CACHE_SECONDS", 600)
    home.clear_cache()
    try:
        for first in ("a", "b"):
            then = other(first)
            warm = world.visitor("anonymous", first, fresh=True).open("/")
            assert f"{MARK}{first}".encode() in warm.get_data()
            page = world.visitor("anonymous", then, fresh=True).open("/")
            assert page.status_code == 200
            assert f"{MARK}{first}".encode() not in page.get_data()
            assert f"{MARK}{then}".encode() in page.get_data()
    finally:
        home.clear_cache()


# ------------------------------------------------------------------------------------------ uploads

# (endpoint, the person who may fetch the file, extra query arguments) of every route serving an upload
FILES = [
    ("aspirasi.photo", "anonymous", {}),
    ("aspirasi.photo_thumb", "anonymous", {}),
    ("aspirasi.staff_inbox_photo", "admin", {}),
    ("berita.cover", "anonymous", {}),
    ("berita.staff_article_cover", "admin", {}),
    ("berita.announcement_pdf", "anonymous", {}),
    ("pencaker.photo_file", "seeker", {}),
    ("pencaker.photo_file", "seeker", {"kartu": "card.id"}),
    ("pencaker.cv_file", "seeker", {}),
]
FILE_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


def test_upload_urls_of_one_region_do_not_resolve_under_the_other_regions_host(world):
    problems = []
    rules = {rule.endpoint: rule for rule in mapped_rules(world.app)}
    for region in ("a", "b"):
        away = other(region)
        for endpoint, owner, extra in FILES:
            url, _rows = world.url(rules[endpoint], {}, region)
            if extra:
                url += "?" + urlencode({k: world.fill(v, region, region)[0] for k, v in extra.items()})
            own = world.visitor(owner, region).open(url)
            if own.status_code != 200 or own.mimetype not in FILE_TYPES:
                problems.append(f"{owner} of {region} on its host: {own.status_code} {own.mimetype} {url}")
            for person in {owner, "anonymous", "admin", "platform"}:
                response = world.visitor(person, away).open(url)
                if response.status_code != 404 and not (person == "anonymous" != owner and refused(response)):
                    problems.append(f"{person} of {away} on its host: {response.status_code} {url} ({region}'s file)")
        logo = world.visitor("anonymous", region).open("/logo")
        away_logo = world.visitor("anonymous", away).open("/logo")
        if logo.status_code != 200 or logo.get_data() == away_logo.get_data():
            problems.append(f"/logo on {region}'s host is not its own logo ({logo.status_code})")
    assert not problems, "\n".join(problems)


def test_each_regions_uploads_are_kept_in_its_own_folder(world):
    """Uploads are stored under the region's own folder, so one region's files never sit among another's."""
    for region in ("a", "b"):
        rows = world.rows[region]
        paths = [rows["logo"].value, rows["photo"].path, rows["cover"].value, rows["announcement"].path,
                 rows["seeker"].photo, rows["seeker"].cv]
        assert all(path.startswith(REGION_SLUGS[region] + "/") for path in paths), paths
