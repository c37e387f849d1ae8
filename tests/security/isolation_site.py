"""The rows of each region that the isolation matrix (test_region_isolation.py) names in URLs, and the marks
planted in them.

Both regions of the security install (tests/security/conftest.py) get, besides the demo's data, one row
of every kind a URL can name (an API key, a job fair with a company, a reported vacancy, a market
officer, the region's own commodity, an article with a cover, a CV, a logo, tokens of every kind...).
The public ones carry a mark, a word no page would ever show by chance: "isomark" + the region's key
+ the kind ("isomarkbreport" is region b's report). A page of one region that shows a mark of the other
has mixed the regions.

Everything is kept as plain values (`Ref`: the row's table and id, and the values its URLs use), so it
can be used after the session that read it is gone. `World` holds them with one browser per person and
builds the matrix's URLs and form data; `state` tells whether a request wrote anything.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote, urlencode, urlsplit

from PIL import Image
from sqlalchemy import func, or_, select, text
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from tests.security.conftest import Visitor
from tests.security.site import converter_of, route_key
from webapp.core import audit
from webapp.core.accounts import confirm, contact_change, reset
from webapp.core.api import keys
from webapp.core.models import Area, Department, Region, RoleGrant, User
from webapp.core.uploads import save_image, save_pdf
from webapp.extensions import db
from webapp.modules.aspirasi import services as aspirasi_services
from webapp.modules.aspirasi.models import Category, CategoryRoute, Holiday, ReplyTemplate, Report, ReportPhoto
from webapp.modules.berita import covers
from webapp.modules.berita.models import Announcement, Article, ArticleRevision, InfoPage, NewsCategory
from webapp.modules.harga.models import Commodity, Market, MarketOfficer, Price, ReferencePrice
from webapp.modules.pencaker.models import (Application, Card, Employer, JobFair, JobFairCompany, Seeker,
                                            SeekerEducation, Vacancy, VacancyReport, VacancyStatus)

MARK = "isomark"
REGION_SLUGS = {"a": "tangerang", "b": "bogor"}
STRONG_PASSWORD = "Sandi-Baru-Isolasi-2024"  # typed into every password field of a form the matrix sends
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def mark(region: str, kind: str) -> str:
    """The word planted in region `region`'s row of `kind`: letters only, so every search finds it whole."""
    return f"{MARK}{region}{kind}"


def other(region: str) -> str:
    return "b" if region == "a" else "a"


@dataclass
class Ref:
    """One row of a region as URLs name it: its table and id (to tell whether a request changed it) and the
    values its URLs use. A value that is no row (a file path, a token) has no table."""

    table: str | None
    id: int | None
    values: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def ref(row, **values) -> Ref:
    return Ref(row.__table__.name, row.id, {"id": row.id, **values})


def value(text_: str) -> Ref:
    return Ref(None, None, {"value": text_})


def _image(colour, size=(640, 360)) -> Image.Image:
    return Image.new("RGB", size, colour)


def _jpeg(colour) -> FileStorage:
    out = io.BytesIO()
    _image(colour, (400, 400)).save(out, "JPEG")
    out.seek(0)
    return FileStorage(stream=out, filename="foto.jpg", content_type="image/jpeg")


def _one(query):
    row = db.session.execute(query.limit(1)).unique().scalars().first()
    assert row is not None, f"the demo has no row for {query}"
    return row


@dataclass
class _Builder:
    """What every part of `build_region` works with: the region, its demo accounts, the rows found so far."""

    key: str
    region: Region
    users: dict[str, User]
    out: dict[str, Ref] = field(default_factory=dict)

    def mark(self, kind: str) -> str:
        return mark(self.key, kind)

    def user(self, local: str) -> User:
        return self.users[f"{local}@demo.serambi.id"]


def build_region(key: str) -> dict[str, Ref]:
    """Every kind of row a URL names, of region `key`, marked; run inside the region's `region_context`.
    The caller commits."""
    region = db.session.execute(select(Region).where(Region.slug == REGION_SLUGS[key])).scalar_one()
    users = {u.email: u for u in db.session.execute(select(User)).scalars()}
    builder = _Builder(key, region, users, {"region": Ref("region", region.id, {"id": region.id})})
    for part in (_core_rows, _aspirasi_rows, _berita_rows, _harga_rows, _pencaker_rows):
        part(builder)
        db.session.flush()
    return builder.out


def _core_rows(b: _Builder) -> None:
    """The region's tagline, a contact number and a logo; an OPD, a staff account and its role, a kecamatan,
    an API key, an audit entry; links sent by mail (reset, confirm an account, confirm a new address)."""
    region, m, admin, citizen, officer = b.region, b.mark, b.user("admin"), b.user("warga"), b.user("opd")
    region.tagline = f"{region.tagline or region.name} {m('tagline')}"
    region.emergency_numbers = [{"label": f"Posko {m('contact')}", "number": "0251123456", "group": ""},
                                *(region.emergency_numbers or [])]
    region.logo = save_image(_jpeg((200, 30, 30) if b.key == "a" else (30, 30, 200)), "logo", max_side=512,
                             keep_alpha=True)
    department = db.session.execute(select(Department).where(Department.slug == "dpupr")).scalar_one()
    department.name = f"{department.name} {m('department')}"
    officer.name = f"{officer.name} {m('user')}"
    kecamatan = _one(select(Area).where(Area.parent_id.is_(None)).order_by(Area.id))
    kecamatan.name = f"{kecamatan.name} {m('area')}"
    kelurahan = _one(select(Area).where(Area.parent_id == kecamatan.id).order_by(Area.id))
    key_row, secret = keys.issue(f"Klien {m('apikey')}", admin, commit=False)
    audit.record("department.update", "department", department.id, user=admin, label=f"Catatan {m('audit')}")
    pending = User(region_id=region.id, name=f"Calon {m('pending')}", email=f"calon-{b.key}@example.id",
                   confirmed_at=None)
    pending.set_password("rahasia-calon-123")
    db.session.add(pending)
    db.session.flush()
    contact = contact_change._serializer().dumps({"user": citizen.id, "field": "email", "value":
                                                  f"baru-{b.key}@example.id", "version": citizen.session_version})
    b.out.update(
        logo=value(region.logo), department=ref(department), user=ref(officer),
        grant=ref(_one(select(RoleGrant).where(RoleGrant.user_id == officer.id))),
        kecamatan=ref(kecamatan, code=kecamatan.code), kelurahan=ref(kelurahan, code=kelurahan.code),
        api_key=ref(key_row, secret=secret), citizen=ref(citizen),
        reset_token=Ref("user", citizen.id, {"value": reset.make_token(citizen)}),
        confirm_token=Ref("user", pending.id, {"value": confirm.make_token(pending)}),
        contact_token=Ref("user", citizen.id, {"value": contact}),
    )


def _aspirasi_rows(b: _Builder) -> None:
    """The newest public report with a photo and a reporter's account (with an Open311 token), its category
    with a route, a reply template and a holiday."""
    m = b.mark
    report = _one(select(Report).join(ReportPhoto, ReportPhoto.report_id == Report.id)
                  .where(aspirasi_services.public_clause(), ReportPhoto.hidden.is_(False),
                         Report.reporter_id.is_not(None))
                  .order_by(Report.created_at.desc(), Report.id.desc()))
    report.title = f"{report.title[:100]} {m('report')}"
    report.description = f"{report.description} {m('report')}"
    report.api_token = (b.key * 32)[:32]
    photo = _one(select(ReportPhoto).where(ReportPhoto.report_id == report.id, ReportPhoto.hidden.is_(False)))
    category = db.session.get(Category, report.category_id)
    category.name = f"{category.name[:90]} {m('category')}"
    category.slug = f"{category.slug[:50]}-{b.key}"  # the demo gives both regions the same slugs
    route = db.session.execute(select(CategoryRoute).where(CategoryRoute.category_id == category.id)
                               ).scalars().first()
    if route is None:
        route = CategoryRoute(category_id=category.id, kecamatan_id=b.out["kecamatan"].id,
                              department_id=b.out["department"].id)
    template = ReplyTemplate(category_id=category.id, title=f"Templat {m('template')}", body="Terima kasih.")
    holiday = Holiday(day=date(2031, 8, 17), name=f"Libur {m('holiday')}")
    db.session.add_all([route, template, holiday])
    db.session.flush()
    b.out.update(report=ref(report, code=report.code, token=report.api_token), photo=ref(photo, path=photo.path),
                 category=ref(category, slug=category.slug), route=ref(route), template=ref(template),
                 holiday=ref(holiday))


def _berita_rows(b: _Builder) -> None:
    """The newest public article with a cover drawn here (the install skips the demo's covers), its first
    revision and category, a published page, a current announcement with its PDF."""
    m, now = b.mark, datetime.now(timezone.utc)
    article = _one(select(Article).where(Article.public(now)).order_by(Article.publish_at.desc(), Article.id.desc()))
    article.title = f"{article.title[:150]} {m('article')}"
    article.slug = f"{article.slug[:100]}-{b.key}"
    article.summary = f"{m('article')} {article.summary}"[:400]
    article.cover = covers.variants_from_image(_image((20, 120, 60) if b.key == "a" else (120, 20, 60)))
    category = db.session.get(NewsCategory, article.category_id) if article.category_id else _one(
        select(NewsCategory))
    category.name = f"{category.name[:50]} {m('newscategory')}"
    category.slug = f"{category.slug[:50]}-{b.key}"
    page = _one(select(InfoPage).where(InfoPage.published.is_(True)).order_by(InfoPage.position))
    page.title = f"{page.title[:150]} {m('page')}"
    page.slug = f"{page.slug[:50]}-{b.key}"
    announcement = _one(select(Announcement).where(
        Announcement.published.is_(True), Announcement.attachment.is_not(None), Announcement.starts_at <= now,
        or_(Announcement.expires_at.is_(None), Announcement.expires_at > now)).order_by(Announcement.starts_at.desc()))
    announcement.title = f"{announcement.title[:150]} {m('announcement')}"
    b.out.update(article=ref(article, slug=article.slug),
                 revision=ref(_one(select(ArticleRevision).where(ArticleRevision.article_id == article.id))),
                 cover=value(covers.share_variant(article.cover)["path"]),
                 news_category=ref(category, slug=category.slug), page=ref(page, slug=page.slug),
                 announcement=ref(announcement, path=announcement.attachment))


def _harga_rows(b: _Builder) -> None:
    """A market with prices and its market officer, a commodity priced there, the region's own commodity,
    a ceiling price."""
    m = b.mark
    market = _one(select(Market).join(Price, Price.market_id == Market.id).where(Market.active.is_(True))
                  .order_by(Market.position, Market.id))
    market.name = f"{market.name[:90]} {m('market')}"
    market.slug = f"{market.slug[:50]}-{b.key}"
    officer = db.session.execute(select(MarketOfficer).where(MarketOfficer.market_id == market.id)).scalars().first()
    officer = officer or MarketOfficer(market_id=market.id, user_id=b.user("harga").id)
    own = Commodity(slug=f"komoditas-{m('commodity')}", name=f"Komoditas {m('commodity')}", unit="kg",
                    group="lainnya", tracked=True, position=999)
    priced = _one(select(Commodity).join(Price, Price.commodity_id == Commodity.id)
                  .where(Price.market_id == market.id).order_by(Commodity.position, Commodity.id))
    priced.slug = f"{priced.slug[:50]}-{b.key}"
    reference = ReferencePrice(commodity_id=priced.id, kind="het", price=15000, valid_from=date(2024, 1, 1),
                               source=f"Perbadan {m('reference')}")
    db.session.add_all([officer, own, reference])
    db.session.flush()
    b.out.update(market=ref(market, slug=market.slug), market_officer=ref(officer),
                 commodity=ref(own, slug=own.slug), priced_commodity=ref(priced, slug=priced.slug),
                 reference=ref(reference))


def _pencaker_rows(b: _Builder) -> None:
    """The demo seeker (photo, a CV, a card, a profile row, an application) and employer (a published vacancy,
    an application to it), a reported vacancy, a published job fair with a company."""
    m, today = b.mark, date.today()
    seeker = db.session.execute(select(Seeker).where(Seeker.user_id == b.user("pencaker").id)).scalar_one()
    seeker.full_name = f"{seeker.full_name[:90]} {m('seeker')}"
    seeker.cv = save_pdf(FileStorage(stream=io.BytesIO(PDF), filename="cv.pdf", content_type="application/pdf"),
                         "pencaker")
    card = _one(select(Card).where(Card.seeker_id == seeker.id, Card.snapshot.is_not(None), Card.number.is_not(None))
                .order_by(Card.id.desc()))
    employer = db.session.execute(select(Employer).where(Employer.owner_id == b.user("perusahaan").id)).scalar_one()
    employer.name = f"{employer.name[:90]} {m('employer')}"
    vacancy = _one(select(Vacancy).where(Vacancy.employer_id == employer.id,
                                         Vacancy.status == VacancyStatus.PUBLISHED).order_by(Vacancy.id.desc()))
    vacancy.title = f"{vacancy.title[:100]} {m('vacancy')}"
    vacancy.closes_on = max(vacancy.closes_on, today + timedelta(days=30))
    fair = db.session.execute(select(JobFair).where(JobFair.published.is_(True))).scalars().first()
    if fair is None:
        fair = JobFair(slug=f"bursa-{b.key}", title="Bursa kerja", starts_on=today, ends_on=today + timedelta(days=2),
                       place="Gedung", published=True)
        db.session.add(fair)
        db.session.flush()
    fair.title = f"{fair.title[:100]} {m('fair')}"
    fair.slug = f"{fair.slug[:100]}-{b.key}"
    reported = VacancyReport(vacancy_id=vacancy.id, reason="scam", details=f"Laporan {m('vacancyreport')}")
    company = JobFairCompany(fair_id=fair.id, employer_id=employer.id, name=f"Stan {m('faircompany')}",
                             booth="A1", openings=3)
    db.session.add_all([reported, company])
    db.session.flush()
    b.out.update(
        seeker=ref(seeker, photo=seeker.photo, cv=seeker.cv),
        card=ref(card, token=card.verify_token, photo=(card.snapshot or {}).get("photo")),
        education=ref(_one(select(SeekerEducation).where(SeekerEducation.seeker_id == seeker.id))),
        application=ref(_one(select(Application).where(Application.seeker_id == seeker.id).order_by(Application.id))),
        employer=ref(employer), vacancy=ref(vacancy),
        employer_application=ref(_one(select(Application).where(Application.vacancy_id.in_(
            select(Vacancy.id).where(Vacancy.employer_id == employer.id))).order_by(Application.id))),
        vacancy_report=ref(reported), fair=ref(fair, slug=fair.slug), fair_company=ref(company))


# ------------------------------------------------------------------------------------------ database state

def row_state(connection, item: Ref) -> tuple | None:
    """Every column of the row `item` names, as it is now (None: the row is gone)."""
    row = connection.execute(text(f'SELECT * FROM "{item.table}" WHERE id = :id'), {"id": item.id}).first()
    return tuple(row) if row is not None else None


def rows_written(connection) -> dict[str, int]:
    """How many rows this connection's transaction has inserted, updated or deleted so far (per table where
    the database tells): a request that was refused wrote nothing anywhere. Counting every table's rows
    instead would take PostgreSQL 40 ms a request."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(text("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM "
                                       "pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"))
        return dict(rows.all())
    return {"(any table)": connection.execute(text("SELECT total_changes()")).scalar_one()}


def state(connection, items: list[Ref]) -> tuple:
    return tuple(row_state(connection, item) for item in items if item.table), rows_written(connection)


def changes(before: tuple, after: tuple) -> list[str]:
    """What differs between two `state`s, in words."""
    said = [f"row {i} changed" for i, (old, new) in enumerate(zip(before[0], after[0])) if old != new]
    said += [f"{name}: {after[1][name] - before[1].get(name, 0)} rows written" for name in after[1]
             if after[1][name] != before[1].get(name, 0)]
    return said


# ------------------------------------------------------------------------------------------ requests

CSRF_FIELD = "csrf_token"
TOKEN_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token_for(visitor) -> str:
    """A valid CSRF token for `visitor`'s session, made as Flask-WTF makes it (the raw token goes into the
    session, the signed one into the form)."""
    from itsdangerous import URLSafeTimedSerializer

    app = visitor.client.application
    raw = "isolation-" + visitor.host
    with visitor.client.session_transaction(base_url=f"http://{visitor.host}") as session:
        session[CSRF_FIELD] = raw
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


def today_in(region_timezone: str = "Asia/Jakarta") -> str:
    from zoneinfo import ZoneInfo

    return datetime.now(timezone.utc).astimezone(ZoneInfo(region_timezone)).date().isoformat()


def count_rows(model) -> int:
    return db.session.execute(select(func.count()).select_from(model).execution_options(all_regions=True)
                              ).scalar_one()


# ------------------------------------------------------------------------------------------ the matrix's world

class World:
    """The security install, with each region's rows (`rows[region][name]`), one browser per person, and
    what the regions' own pages taught about their forms."""

    def __init__(self, install, rows, jurisdictions, routes, query):
        self.install, self.app, self.rows, self.jurisdictions = install, install.app, rows, jurisdictions
        self.routes, self.query = routes, query  # the matrix's ROUTES and QUERY
        self.rules = {route_key(rule): rule for rule in install.app.url_map.iter_rules()}
        self.forms: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (region, endpoint) -> fields
        self.page_forms: dict[str, list] = {"a": [], "b": []}  # region -> every POST form of its pages
        self.positive: list[str] = []  # what the positive control found wrong
        self.mixed: list[str] = []  # a region's own pages that showed a mark of the other
        self._visitors: dict = {}

    def visitor(self, person: str, region: str, on: str | None = None, fresh: bool = False) -> Visitor:
        """`person` of `region`, on the host of `on` (their own by default), with a CSRF token."""
        key = (person, region, on or region)
        if fresh or key not in self._visitors:
            visitor = self.install.visitor(person, region, on=on or region)
            visitor.csrf = csrf_token_for(visitor)
            if fresh:
                return visitor
            self._visitors[key] = visitor
        return self._visitors[key]

    def fill(self, spec: str, region: str, host_region: str) -> tuple[str, Ref | None]:
        """(the URL value, the row it names) for one argument spec."""
        if spec.startswith("="):
            return spec[1:], None
        if spec == "@today":
            return today_in(), None
        if spec == "@jurisdiction":
            return self.jurisdictions[host_region], None
        name, attribute = spec.split(".")
        row = self.rows[region][name]
        return str(row.values[attribute]), row

    def url(self, rule, choice: dict[str, str], host_region: str) -> tuple[str, list[Ref]]:
        """The URL of `rule` with each argument from the region `choice` names for it."""
        _owner, specs = self.routes[rule.endpoint]
        values, named = {}, []
        for argument in rule.arguments:
            text, row = self.fill(specs[argument], choice.get(argument, host_region), host_region)
            safe = "/" if converter_of(rule, argument) == "path" else ""
            values[argument] = quote(text, safe=safe)
            if row is not None and row.table:
                named.append(row)
        path = re.sub(r"<(?:[^<>:]+:)?([^<>:]+)>", lambda m: values[m.group(1)], rule.rule)
        query = {k: self.fill(v, host_region, host_region)[0] for k, v in self.query.get(rule.endpoint, {}).items()}
        return path + ("?" + urlencode(query) if query else ""), named

    def post_data(self, visitor: Visitor, rule, region: str) -> dict:
        """The fields region `region`'s own page sends to this route, with `visitor`'s CSRF token."""
        fields = [(k, v) for k, v in self.forms.get((region, rule.endpoint), []) if k != "csrf_token"]
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        data["csrf_token"] = [visitor.csrf]
        return data

    def endpoint_of(self, action: str) -> str | None:
        """The route a form is sent to."""
        try:
            endpoint, _args = self.app.url_map.bind("localhost").match(urlsplit(action).path, method="POST")
        except HTTPException:
            return None
        return endpoint


FILLER = {"text": "Uji isolasi wilayah", "textarea": "Uji isolasi wilayah", "search": "uji", "email": "uji@example.id",
          "tel": "081234567890", "number": "1", "url": "https://example.id", "password": STRONG_PASSWORD}


def filled(world: World, form, region: str, visitor, row_fields: dict[str, str]) -> dict[str, list[str]]:
    """What a person sends with `form` filled in: its fields as shown, blank ones typed in, each field that
    names a row (`row_fields`: name -> kind of row) set to a row of `region`, the first button, and
    `visitor`'s CSRF token."""
    data: dict[str, list[str]] = {}
    for name, value in form.browser_data():
        data.setdefault(name, []).append(value)
    for control in form.fields:
        if not control.name or data.get(control.name, [""])[0]:
            continue
        if control.kind == "select":
            choice = next((option for option in control.options if option), None)
            if choice is not None:
                data[control.name] = [choice]
        elif control.kind in ("date", "datetime-local"):
            data[control.name] = [today_in() + ("T09:00" if control.kind == "datetime-local" else "")]
        elif control.kind in FILLER:
            data[control.name] = [FILLER[control.kind]]
    for name, kind in row_fields.items():
        data[name] = [str(world.rows[region][kind].id)]
    button = next((f for f in form.fields if f.kind == "submit" and f.name), None)
    if button is not None:
        data.setdefault(button.name, [button.value])
    data["csrf_token"] = [visitor.csrf]
    return data
