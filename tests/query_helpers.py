"""A city with every module on, grown in steps, for the query-count guard (tests/core/test_query_counts.py).

`build_world()` makes the region (any host: "localhost"), its staff and a signed-in-able job seeker;
`grow(world, k)` adds k more rows of every kind the main pages list, so the same pages can be counted with a
few rows and with many. Each new row points at its *own* category, department, kelurahan, employer, officer,
reporter, market and commodity, so a relationship loaded lazily per row costs a query per row (a lazy
many-to-one to one shared row would be answered from the identity map after the first, and hide the N+1).

Rows that carry state (reports, cards, applications) go through the modules' own code where that is cheap
(`aspirasi.flow.submit` and `verify`); the rest are plain ORM inserts, and prices are one bulk insert with
`prices.rebuild_daily()` afterwards, as bench/harga.py does. Everything is written inside the caller's
transaction with `g.region` set to the world's region.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from flask import g
from sqlalchemy import delete

from tests.conftest import PASSWORD
from webapp.core.clock import region_today
from webapp.core.models import Area, Department, Region, RegionHost, Role, RoleGrant, User, utcnow
from webapp.extensions import db

WORD = "serambi"  # in a title or name of a row of every module: `/cari?q=serambi` matches all of them
MODULES = ["aspirasi", "pencaker", "harga", "berita", "kontak"]


@dataclass
class World:
    region: Region
    admin: User  # region admin: the Aspirasi inbox, Disnaker's queues
    disnaker: User  # manpower officer
    seeker_user: User  # has a Seeker profile with applications, education, training and experience rows
    seeker: object = None
    n: int = 0  # rows of each kind so far
    # The detail pages' subjects, made on the first grow()
    report: object = None  # a public report whose timeline and photos grow
    vacancy: object = None
    article: object = None
    commodity: object = None
    market: object = None
    fair: object = None  # a job fair whose companies grow
    card: object = None  # the seeker's AK/1 application, whose history grows
    last: dict = field(default_factory=dict)  # the title/name of the newest row of each kind (pages must show it)
    markets: list = field(default_factory=list)
    commodities: list = field(default_factory=list)
    days: int = 0
    today: date | None = None  # the region's date the prices end on
    pending: list = field(default_factory=list)  # reports filed this step, to verify after the commit


_users = itertools.count(1)


def _user(name: str, role: str | None = None, department=None, password: str | None = None) -> User:
    n = next(_users)
    user = User(name=name, email=f"qc{n}@example.id", locale="en")
    if password:
        user.set_password(password)
    else:
        user.password_hash = "!"  # cannot sign in
    if role:
        user.roles.append(RoleGrant(role=role, department_id=department.id if department else None))
    db.session.add(user)
    return user


def build_world() -> World:
    """The region with every module on, its admin, a Disnaker officer and a job seeker's account."""
    region = Region(slug="qcity", name="Kota Hitung", code="36.71", modules=list(MODULES),
                    emergency_numbers=[])
    region.hosts = [RegionHost(host="localhost")]
    db.session.add(region)
    db.session.flush()
    g.region = region
    world = World(region=region,
                  admin=_user("Admin Kota", Role.REGION_ADMIN, password=PASSWORD),
                  disnaker=_user("Petugas Disnaker", Role.MANPOWER_OFFICER, password=PASSWORD),
                  seeker_user=_user("Budi Pencari", password=PASSWORD))
    db.session.commit()
    return world


def grow(world: World, k: int) -> World:
    """Add `k` rows of each kind; the detail pages' subjects get `k` more children each."""
    g.region = world.region
    start = world.n
    world.n += k
    for i in range(start + 1, world.n + 1):
        _grow_one(world, i)
    _grow_prices(world)
    db.session.commit()
    _aspirasi_states(world, start)
    db.session.commit()
    return world


# ---------------------------------------------------------------------------------------------- one step

def _grow_one(world: World, i: int) -> None:
    from webapp.modules.aspirasi.models import Category

    kecamatan = Area(code=f"36.71.{i:02d}", name=f"Kecamatan {i}", level="kecamatan")
    kelurahan = Area(code=f"36.71.{i:02d}.1001", name=f"Kelurahan {i}", level="kelurahan", parent=kecamatan)
    department = Department(name=f"Dinas {i}", slug=f"dinas-{i}", short_name=f"D{i}")
    db.session.add_all([kecamatan, kelurahan, department])
    db.session.flush()
    category = Category(slug=f"kategori-{i}", name=f"Kategori {i}", department_id=department.id,
                        notice=f"Catatan {i}", position=i)
    officer = _user(f"Petugas {i}", Role.DEPARTMENT_OFFICER, department)
    db.session.add(category)
    db.session.flush()
    _grow_aspirasi(world, i, kecamatan, kelurahan, category, department, officer)
    _grow_pencaker(world, i, kecamatan)
    _grow_harga_rows(world, i, kecamatan)
    _grow_berita(world, i, department)
    world.region.emergency_numbers = [*(world.region.emergency_numbers or []),
                                      {"group": f"Kelompok {i % 3}" if i % 2 else "", "label": f"Posko {i}",
                                       "number": f"021{5550000 + i}"}]


def _grow_aspirasi(world, i, kecamatan, kelurahan, category, department, officer) -> None:
    from webapp.modules.aspirasi import flow
    from webapp.modules.aspirasi.models import Action, ReportEvent, ReportPhoto

    reporter = _user(f"Pelapor {i}")
    db.session.flush()
    title = f"Jalan {WORD} rusak nomor {i}"
    report, _created = flow.submit({
        "kind": "pengaduan", "category_id": str(category.id), "title": title,
        "description": f"Lubang besar di jalan {WORD} nomor {i}.", "kecamatan_id": str(kecamatan.id),
        "kelurahan_id": str(kelurahan.id), "privacy": "publik", "name": f"Pelapor {i}",
        "email": f"pelapor{i}@example.id"}, reporter, [], None)
    report.assignee_id = officer.id
    db.session.add(ReportPhoto(report_id=report.id, path=f"qcity/aspirasi/{i}.jpg",
                               thumb_path=f"qcity/aspirasi/{i}-kecil.jpg", width=1600, height=1200))
    world.last["report"] = title
    world.pending.append((report.id, department.id, officer.id))
    if world.report is None:
        world.report = report
    # The subject's public timeline and photos grow by one line and one photo each step, each line by
    # another officer of another department.
    db.session.add(ReportEvent(report_id=world.report.id, action=Action.REPLY, body=f"Balasan {WORD} {i}",
                               public=True, actor_id=officer.id, department_id=department.id,
                               created_at=utcnow()))
    db.session.add(ReportPhoto(report_id=world.report.id, stage="after", path=f"qcity/aspirasi/s{i}.jpg",
                               thumb_path=f"qcity/aspirasi/s{i}-kecil.jpg", width=800, height=600))
    world.last["reply"] = f"Balasan {WORD} {i}"


def _aspirasi_states(world: World, start: int) -> None:
    """Of every three new reports, one stays as filed, one is verified, sent to its department and overdue
    (the inbox's first block), and one is finished by its department's officer (the home card's list).
    The subject report stays as filed: its timeline is the growing list of replies."""
    from webapp.modules.aspirasi import flow
    from webapp.modules.aspirasi.models import Report

    for step, (report_id, department_id, officer_id) in enumerate(world.pending, start + 1):
        report = db.session.get(Report, report_id)
        if report.id == world.report.id or step % 3 == 1:
            continue
        flow.verify(report, world.admin, department=db.session.get(Department, department_id))
        if step % 3 == 0:  # done, with the officer's closing reply (the home card lists finished reports)
            flow.finish(report, db.session.get(User, officer_id), f"Sudah diperbaiki {WORD} {step}.")
        else:  # overdue: the inbox's first block
            report.due_at = datetime.now(timezone.utc) - timedelta(days=1 + step % 5)
    world.pending = []


def _grow_pencaker(world: World, i: int, kecamatan: Area) -> None:
    from webapp.modules.pencaker.models import (Application, ApplicationEvent, Card, CardEvent, CardStatus, Employer,
                                                EmployerStatus, JobFair, JobFairCompany, Seeker, SeekerEducation,
                                                SeekerExperience, SeekerTraining, Vacancy, VacancyReport,
                                                VacancyStatus)

    today = region_today()
    owner, pending_owner = _user(f"Pemilik {i}"), _user(f"Pemilik baru {i}")
    db.session.flush()
    employer = Employer(owner_id=owner.id, name=f"PT {WORD.title()} {i}", nib=f"{1234567890000 + i}", sector="C",
                        address=f"Jl. Industri {i}", kecamatan_code=kecamatan.code, contact_name=f"Kontak {i}",
                        contact_phone=f"+62812{3000000 + i}", status=EmployerStatus.VERIFIED, verified_at=utcnow())
    waiting = Employer(owner_id=pending_owner.id, name=f"CV Baru {i}", nib=f"{2234567890000 + i}", sector="G",
                       address=f"Jl. Pasar {i}", kecamatan_code=kecamatan.code, contact_name=f"Kontak baru {i}",
                       contact_phone=f"+62813{3000000 + i}", status=EmployerStatus.PENDING)
    db.session.add_all([employer, waiting])
    db.session.flush()
    title = f"Operator {WORD} {i}"
    vacancy = Vacancy(employer_id=employer.id, title=title, sector="C", description=f"Menjalankan mesin {i}.",
                      requirements="Sehat.", min_education="SMA", kecamatan_code=kecamatan.code,
                      employment_type="FULL_TIME", closes_on=today + timedelta(days=30), pay_min=4_000_000,
                      pay_max=5_000_000, status=VacancyStatus.PUBLISHED, published_at=utcnow())
    review = Vacancy(employer_id=employer.id, title=f"Kasir {WORD} {i}", sector="G", description="Kasir.",
                     min_education="SMA", kecamatan_code=kecamatan.code, employment_type="PART_TIME",
                     closes_on=today + timedelta(days=20), status=VacancyStatus.REVIEW)
    db.session.add_all([vacancy, review])
    db.session.flush()
    world.last["vacancy"] = title
    if world.vacancy is None:
        world.vacancy = vacancy
    reporter = _user(f"Pelapor lowongan {i}")
    db.session.flush()
    db.session.add(VacancyReport(vacancy_id=review.id if i % 2 else vacancy.id, reason="fee",
                                 details=f"Minta uang {i}", reporter_id=reporter.id))
    # The signed-in seeker: one more application, education, training and experience row each step.
    if world.seeker is None:
        world.seeker = Seeker(user_id=world.seeker_user.id, nik="3671011705990001", full_name="Budi Pencari",
                              birth_place="Tangerang", birth_date=date(1999, 5, 17), gender="L",
                              marital_status="single", address="Jl. Merdeka 1", kecamatan_code=kecamatan.code,
                              phone="+6281234567890", email="budi@example.id", skills="Excel",
                              photo="qcity/pencaker/x.jpg")
        db.session.add(world.seeker)
        db.session.flush()
        world.card = Card(seeker_id=world.seeker.id, verify_token="qc-token-seeker", status=CardStatus.SUBMITTED)
        db.session.add(world.card)
        db.session.flush()
    # The seeker's AK/1 application: one more line of its history each step, by another person.
    actor = _user(f"Petugas loket {i}", Role.MANPOWER_OFFICER)
    db.session.flush()
    db.session.add(CardEvent(card_id=world.card.id, action="note", note=f"Catatan loket {WORD} {i}",
                             actor_id=actor.id))
    db.session.add_all([
        SeekerEducation(seeker_id=world.seeker.id, level="SMK" if i % 2 else "SMA", school=f"Sekolah {i}",
                        major=f"Jurusan {i}", year=2000 + i),
        SeekerTraining(seeker_id=world.seeker.id, name=f"Pelatihan {i}", organizer=f"BLK {i}", year=2010 + i),
        SeekerExperience(seeker_id=world.seeker.id, employer=f"PT Lama {i}", position=f"Staf {i}",
                         start_year=2010 + i, end_year=2011 + i),
    ])
    application = Application(vacancy_id=vacancy.id, seeker_id=world.seeker.id, cover_note=f"Saya siap {i}")
    db.session.add(application)
    db.session.flush()
    db.session.add(ApplicationEvent(application_id=application.id, status="sent", note="", actor_id=None))
    # Another seeker (no account) with an AK/1 application waiting: Disnaker's queues.
    other = Seeker(nik=f"36710157059{90000 + i:05d}"[:16], full_name=f"Pencari {WORD} {i}", birth_place="Tangerang",
                   birth_date=date(1995, 7, 15), gender="P" if i % 2 else "L", marital_status="single",
                   address=f"Jl. Melati {i}", kecamatan_code=kecamatan.code, registered_via="counter",
                   registered_by_id=world.disnaker.id, consent_at=utcnow())
    db.session.add(other)
    db.session.flush()
    db.session.add_all([
        SeekerEducation(seeker_id=other.id, level="SMA", school=f"SMA {i}", year=2013),
        Card(seeker_id=other.id, verify_token=f"qc-token-{i}", status=CardStatus.SUBMITTED, note=f"Catatan {i}"),
    ])
    # A job fair, and one more company at the first fair.
    fair = JobFair(slug=f"bursa-{WORD}-{i}", title=f"Bursa {WORD} {i}", starts_on=today + timedelta(days=i),
                   ends_on=today + timedelta(days=i + 1), place=f"Gedung {i}", address=f"Jl. Gedung {i}")
    db.session.add(fair)
    db.session.flush()
    if world.fair is None:
        world.fair = fair
    db.session.add_all([JobFairCompany(fair_id=fair.id, employer_id=employer.id, name=employer.name, openings=i),
                        JobFairCompany(fair_id=world.fair.id, employer_id=employer.id, name=f"{employer.name} stan",
                                       booth=f"A{i}", openings=i)])
    world.last["fair"] = fair.title


def _grow_harga_rows(world: World, i: int, kecamatan: Area) -> None:
    from webapp.modules.harga.models import Commodity, Market, ReferencePrice

    market = Market(slug=f"pasar-{i}", name=f"Pasar {WORD.title()} {i}", position=i, kecamatan_id=kecamatan.id,
                    address=f"Jl. Pasar {i}")
    commodity = Commodity(slug=f"komoditas-{i}", name=f"Beras {WORD} {i}", unit="kg",
                          group="beras" if i % 2 else "lainnya", tracked=True, featured=True, position=i)
    db.session.add_all([market, commodity])
    db.session.flush()
    db.session.add(ReferencePrice(commodity_id=commodity.id, kind="het" if i % 2 else "hap", price=14_000 + i,
                                  valid_from=date(2020, 1, 1), source=f"Perbadan {i}"))
    world.markets.append(market)
    world.commodities.append(commodity)
    world.market = world.market or market
    world.commodity = world.commodity or commodity
    world.last["market"], world.last["commodity"] = market.name, commodity.name


def _grow_prices(world: World) -> None:
    """Every market's price of every commodity on each of the last `n` days (n × n × n rows), then the
    region-wide daily aggregates rebuilt in one pass."""
    from webapp.modules.harga.models import DailyPrice, Price
    from webapp.modules.harga.prices import rebuild_daily

    today = region_today()
    db.session.execute(delete(Price))
    db.session.execute(delete(DailyPrice))
    rows = [{"region_id": world.region.id, "market_id": m.id, "commodity_id": c.id, "day": today - timedelta(days=d),
             "price": 10_000 + 100 * mi + 10 * ci + d, "source": "test", "entered_at": utcnow()}
            for mi, m in enumerate(world.markets) for ci, c in enumerate(world.commodities) for d in range(world.n)]
    db.session.execute(Price.__table__.insert(), rows)
    rebuild_daily()
    world.days, world.today = world.n, today


def _grow_berita(world: World, i: int, department: Department) -> None:
    from webapp.modules.berita.models import Announcement, Article, InfoPage, NewsCategory, Status

    category = NewsCategory(slug=f"rubrik-{i}", name=f"Rubrik {i}", position=i)
    db.session.add(category)
    db.session.flush()
    title = f"Berita {WORD} nomor {i}"
    when = datetime.now(timezone.utc) - timedelta(hours=100 - i)
    article = Article(slug=f"berita-{WORD}-{i}", title=title, summary=f"Ringkasan {WORD} {i}",
                      body=f"Isi berita {WORD} {i}.", body_html=f"<p>Isi berita {WORD} {i}.</p>",
                      category_id=category.id, department_id=department.id, tags=[WORD, f"tag{i}"],
                      status=Status.PUBLISHED, publish_at=when, created_by_id=world.admin.id)
    now = datetime.now(timezone.utc)
    db.session.add_all([
        article,
        Announcement(title=f"Pengumuman {WORD} {i}", body=f"Isi {i}", body_html=f"<p>Isi {i}</p>",
                     starts_at=now - timedelta(days=1), expires_at=now + timedelta(days=7),
                     department_id=department.id, created_by_id=world.admin.id),
        InfoPage(slug=f"info-{i}", title=f"Info {WORD} {i}", body=f"Info {i}", body_html=f"<p>Info {i}</p>",
                 position=i),
    ])
    db.session.flush()
    world.article = world.article or article
    world.last["article"] = title
    world.last["announcement"] = f"Pengumuman {WORD} {i}"
