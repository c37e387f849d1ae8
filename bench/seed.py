"""A large, realistic data set for one region ("bench"), sized by a scale factor, for the load benchmarks.

    .venv/bin/python bench/seed.py --scale 0.01 --database-url sqlite:////tmp/bench.db --reset
    .venv/bin/python bench/seed.py --scale 1 --reset \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_seed

At scale 1.0: 100,000 Aspirasi reports with their timelines and supporters, 50,000 job seekers (accounts,
profiles, schooling, AK/1 cards in every state), 1,000 employers with 10,000 vacancies and 200,000
applications, 1,000,000 market prices (20 markets x 25 commodities, the demo's price model) with their daily
aggregates, and 5,000 news articles. Every count scales linearly (at least one of each).

Rows are written with SQLAlchemy Core `INSERT` executemany in batches of 10,000, never one ORM object per
row; ids are assigned here from max(id) + 1 (PostgreSQL sequences are moved past them at the end). The few
reference rows (the region, its areas from the vendored Kemendagri list, OPD, categories, commodities,
markets, staff accounts, the API key) go through the app's own functions.

Reproducible: every random choice comes from `random.Random` seeded with `--seed`, and every date is counted
back from midnight of today in the region (Asia/Jakarta), so the same seed on the same day gives the same
rows. Only the password hashes (salted) and the API key's secret differ between runs. See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from bisect import bisect
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from itertools import accumulate
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

_instance = os.environ.get("SERAMBI_INSTANCE")
from bench import harga as harga_bench  # noqa: E402  (it points SERAMBI_INSTANCE at a temporary folder)

if _instance is None:  # only the command line wants that; an importer (the tests) keeps its own setting
    os.environ.pop("SERAMBI_INSTANCE", None)

TIMEZONE = "Asia/Jakarta"
REGION = {"slug": "bench", "name": "Kota Bench", "code": "36.71", "hosts": ["localhost", "127.0.0.1"]}
PASSWORD = "bench-password-1"
# Staff accounts, all with PASSWORD. The sign-in form validates e-mail addresses and refuses the special-use
# domain "localhost", so each also has a phone number to sign in with (`result["accounts"]`).
STAFF = {  # e-mail: (name, role, department slug)
    "bench-admin@localhost": ("Admin Kota Bench", "admin", None),
    "bench-harga@localhost": ("Petugas Harga Bench", "harga", None),
    "bench-disnaker@localhost": ("Petugas Disnaker Bench", "disnaker", None),
    "bench-editor@localhost": ("Redaksi Kota Bench", "editor", None),
}
STAFF_PHONE = "+62811000000{:02d}"  # the n-th staff account's phone (1-based), e.g. +6281100000001 for the admin
FULL = {  # rows at scale 1.0
    "aspirasi_report": 100_000,
    "pencaker_seeker": 50_000,
    "pencaker_employer": 1_000,
    "pencaker_vacancy": 10_000,
    "pencaker_application": 200_000,
    "harga_price": 1_000_000,
    "berita_article": 5_000,
}
BATCH = 10_000
MARKETS = 20
REPORT_DAYS = 3 * 365  # Aspirasi reports, vacancies and seekers: the last three years
ARTICLE_DAYS = 5 * 365  # news: the last five years
MAIL_DOMAIN = "warga.bench.serambi.id"


def print_to_stderr(message: str) -> None:
    """The default `progress`: one line per message on stderr."""
    print(message, file=sys.stderr, flush=True)


def count_for(table: str, scale: float) -> int:
    """Rows of `table` at `scale`: linear in the scale, never fewer than one."""
    return max(1, round(FULL[table] * scale))


# ------------------------------------------------------------------------------------------- writing

class Writer:
    """Collects rows of one table and inserts them with one executemany per `BATCH` rows."""

    def __init__(self, seeder: "Seeder", table, expected: int | None = None, after: tuple = ()):
        self.seeder, self.table, self.expected = seeder, table, expected
        self.after = after  # writers whose pending rows these rows refer to: flushed first
        self.rows: list[dict] = []
        self.done, self.seconds, self.started = 0, 0.0, time.perf_counter()
        self.shown, self.shown_done = self.started, 0

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from webapp.extensions import db

        if not self.rows:
            return
        for writer in self.after:
            writer.flush()
        started = time.perf_counter()
        db.session.execute(self.table.insert(), self.rows)
        self.seconds += time.perf_counter() - started
        self.done += len(self.rows)
        self.rows = []
        now = time.perf_counter()
        if now - self.shown >= 2:
            self.shown = now
            self._show(now)

    def close(self) -> int:
        self.flush()
        if self.shown_done != self.done or not self.done:
            self._show(time.perf_counter())
        self.seeder.note(self.table.name, self.done, self.seconds)
        return self.done

    def _show(self, now: float) -> None:
        self.shown_done = self.done
        of = f"/{self.expected:,}" if self.expected else ""
        rate = self.done / max(now - self.started, 1e-9)
        self.seeder.progress(f"  {self.table.name}: {self.done:,}{of} rows, {rate:,.0f} rows/s")


def next_id(table) -> int:
    """The first id of a block reserved for this run: one past the largest id in the table (any region)."""
    from webapp.extensions import db

    return (db.session.execute(select(func.max(table.c.id)).execution_options(all_regions=True)).scalar() or 0) + 1


def weighted(rng: Random, choices: list, weights: list[float]):
    """`choices` picked by `weights`, as a function of no arguments (cumulative weights computed once)."""
    cumulative = list(accumulate(weights))
    total = cumulative[-1]
    return lambda: choices[bisect(cumulative, rng.random() * total)]


# ------------------------------------------------------------------------------------------ words

FIRST_M = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Gilang", "Hendra", "Irfan", "Joko", "Kurniawan", "Lukman",
           "Muhammad", "Nanda", "Oki", "Putra", "Rizky", "Slamet", "Teguh", "Wahyu", "Yusuf", "Ahmad", "Dimas",
           "Rudi", "Bayu", "Arif", "Hadi", "Iwan", "Andi", "Reza", "Taufik"]
FIRST_F = ["Siti", "Dewi", "Rina", "Yuliana", "Nur", "Fitri", "Indah", "Lestari", "Maya", "Novi", "Putri", "Ratna",
           "Sari", "Tri", "Wulan", "Ayu", "Dian", "Eka", "Kartika", "Lina", "Mega", "Nisa", "Rahma", "Sinta",
           "Tuti", "Umi", "Vina", "Winda", "Yanti", "Zahra"]
LAST = ["Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Pratama", "Kusuma", "Setiawan", "Nugroho",
        "Rahmawati", "Susanti", "Gunawan", "Hartono", "Siregar", "Nasution", "Simanjuntak", "Hasibuan",
        "Wibowo", "Permana", "Sulistyo", "Firmansyah", "Maulana", "Purnama", "Utami", "Handayani", "Fauzi",
        "Ramadhan", "Kurnia", "Anggraini", "Suryadi"]
STREETS = ["Jl. Kenanga", "Jl. Melati", "Jl. Mawar", "Jl. Anggrek", "Jl. Merdeka", "Jl. Daan Mogot",
           "Jl. Imam Bonjol", "Gg. Masjid", "Jl. Hasyim Ashari", "Jl. Gatot Subroto", "Jl. Teuku Umar",
           "Jl. Perintis Kemerdekaan", "Jl. KS Tubun", "Jl. Raden Saleh", "Jl. Otista"]
BIRTH_PLACES = ["Tangerang", "Tangerang", "Tangerang", "Jakarta", "Serang", "Bogor", "Bandung", "Lebak",
                "Pandeglang", "Brebes", "Cirebon", "Medan", "Palembang", "Semarang", "Surabaya"]
SKILLS = ["Microsoft Office", "mengemudi (SIM A/C)", "las listrik", "menjahit", "akuntansi dasar",
          "melayani pelanggan", "desain grafis", "bahasa Inggris", "pemrograman web", "merawat mesin",
          "memasak", "administrasi gudang", "penjualan", "perawatan pasien", "instalasi listrik"]
JOBS_WANTED = ["Admin", "Operator produksi", "Kasir", "Kurir", "Staf gudang", "Teknisi", "Sopir",
               "Staf keuangan", "Penjaga toko", "Perawat", "Guru", "Programmer", "Juru masak", "Satpam"]
COMPANY_WORDS = ["Mitra", "Karya", "Sentosa", "Abadi", "Jaya", "Makmur", "Sejahtera", "Cisadane", "Benteng",
                 "Nusantara", "Mandiri", "Sinar", "Cahaya", "Prima", "Utama", "Lestari", "Anugerah", "Tunas"]
COMPANY_KINDS = ["Logistik", "Plastik", "Garmen", "Pangan", "Teknik", "Niaga", "Elektronik", "Medika",
                 "Konstruksi", "Digital", "Retail", "Kimia", "Otomotif", "Kemasan"]
SECTOR_WEIGHTS = {"C": 30, "G": 22, "H": 10, "I": 9, "F": 7, "Q": 5, "J": 4, "K": 3, "N": 6, "P": 4}
EDUCATION = {"SD": 5, "SMP": 12, "SMA": 30, "SMK": 28, "D1": 3, "D3": 8, "S1": 14}
RELIGIONS = {"islam": 86, "protestan": 6, "katolik": 3, "buddha": 3, "hindu": 1, "khonghucu": 1}
REPORT_CATEGORIES = {  # share of reports per demo category slug
    "jalan-rusak": 22, "drainase-banjir": 15, "sampah": 18, "penerangan-jalan": 10, "pelayanan-kesehatan": 6,
    "adminduk": 8, "kekerasan-perempuan-anak": 1, "ketertiban-umum": 8, "usulan-pembangunan": 6,
    "informasi-publik": 4, "darurat": 2,
}
EXTRA_REPLIES = [
    "Tim lapangan sudah mengukur lokasi; material dipesan dan pekerjaan dimulai setelah material tiba.",
    "Kami sudah berkoordinasi dengan kelurahan setempat. Mohon kesabaran warga.",
    "Pekerjaan tertunda karena cuaca; dilanjutkan pada hari kerja berikutnya.",
]


# ------------------------------------------------------------------------------------------ seeding

class Seeder:
    def __init__(self, app, scale: float, rng_seed: int, progress, today: date):
        self.app, self.scale, self.rng_seed = app, scale, rng_seed
        self.progress = progress or (lambda _message: None)
        self.today = today
        self.tz = ZoneInfo(TIMEZONE)
        # the anchor: midnight at the start of today, region time. Everything seeded happened before it.
        self.anchor = datetime.combine(today, clock(0), self.tz).astimezone(timezone.utc)
        self.counts: dict[str, int] = {}
        self.insert_seconds: dict[str, float] = {}
        self.step_seconds: dict[str, float] = {}

    def rng(self, step: str) -> Random:
        """A generator of its own per step, so one step's draws never shift another's."""
        return Random(f"{self.rng_seed}:{step}")

    def note(self, table: str, rows: int, seconds: float) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows
        self.insert_seconds[table] = self.insert_seconds.get(table, 0.0) + seconds

    def writer(self, model, expected: int | None = None, after: tuple = ()) -> Writer:
        return Writer(self, model.__table__, expected, after)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """`day` at `hour:minute` region time, in UTC."""
        return datetime.combine(day, clock(hour, minute), self.tz).astimezone(timezone.utc)

    def before_anchor(self, moment: datetime) -> datetime:
        return min(moment, self.anchor - timedelta(minutes=1))

    def recent_age(self, rng: Random, days: int) -> float:
        """An age in days up to `days`, with more recent ones more likely (linear growth of activity)."""
        return days * (1 - math.sqrt(rng.random()))

    def name(self, rng: Random, gender: str | None = None) -> tuple[str, str]:
        gender = gender or rng.choice("LP")
        first = rng.choice(FIRST_M if gender == "L" else FIRST_F)
        return (first if rng.random() < 0.12 else f"{first} {rng.choice(LAST)}"), gender

    def step(self, name: str, run) -> None:
        from webapp.extensions import db

        self.progress(f"{name} …")
        started = time.perf_counter()
        run()
        db.session.commit()
        self.step_seconds[name] = time.perf_counter() - started
        self.progress(f"{name}: {self.step_seconds[name]:.1f} s")

    # --- the region, its areas, OPD, categories and staff ------------------------------------------------

    def region(self) -> None:
        from webapp.core import demo as core_demo
        from webapp.core.models import Area, Department, Role, RoleGrant, User
        from webapp.core.platform.rules import create_region
        from webapp.core.scoping import region_context
        from webapp.extensions import db
        from webapp.modules import MODULES
        from webapp.modules.aspirasi import demo as aspirasi_demo
        from webapp.modules.aspirasi.sla import holidays_for
        from webapp.modules.berita import demo as berita_demo
        from webapp.core.api import keys

        region, _counts = create_region(
            REGION["code"], REGION["hosts"], [m.name for m in MODULES], name=REGION["name"], slug=REGION["slug"],
            timezone=TIMEZONE, color=core_demo.TANGERANG["theme_color"], languages=["id", "en"],
            import_areas=True)
        region.created_at = self.anchor - timedelta(days=ARTICLE_DAYS + 30)
        region.tagline = "Wilayah uji beban Serambi"
        region.contact_phone = core_demo.TANGERANG["contact_phone"]
        region.contact_email = "info@bench.serambi.id"
        region.address = core_demo.TANGERANG["address"]
        region.emergency_numbers = list(core_demo.TANGERANG["emergency_numbers"])
        region.settings = dict(core_demo.TANGERANG["settings"])
        db.session.flush()
        self.region_row = region
        self.region_id = region.id
        with region_context(region):
            for slug, name, short in core_demo.DEPARTMENTS:
                db.session.add(Department(slug=slug, name=name, short_name=short, email=f"{slug}@bench.serambi.id"))
            db.session.flush()
            self.departments = {d.slug: d.id for d in db.session.execute(select(Department)).scalars()}
            from werkzeug.security import generate_password_hash

            method = self.app.config.get("PASSWORD_HASH_METHOD", "scrypt")
            self.password_hash = generate_password_hash(PASSWORD, method=method)
            staff = dict(STAFF)
            for slug in self.departments:
                staff[f"bench-opd-{slug}@localhost"] = (f"Petugas {slug.upper()}", Role.DEPARTMENT_OFFICER, slug)
            users = {}
            self.accounts = {}
            for n, (email, (name, role, department)) in enumerate(staff.items(), start=1):
                # one hash for every account (Werkzeug's salted hash, the app's method): hashing each of
                # 50,000 accounts with scrypt would take hours
                made = self.anchor - timedelta(days=ARTICLE_DAYS)
                user = User(email=email, name=name, created_at=made, confirmed_at=made,
                            phone=STAFF_PHONE.format(n), password_hash=self.password_hash, session_version=1)
                if department is None:
                    self.accounts[role] = {"email": email, "phone": STAFF_PHONE.format(n), "password": PASSWORD}
                user.roles.append(RoleGrant(role=role, department_id=self.departments.get(department)))
                db.session.add(user)
                users[email] = user
            db.session.flush()
            self.admin_id = users["bench-admin@localhost"].id
            self.harga_id = users["bench-harga@localhost"].id
            self.disnaker_id = users["bench-disnaker@localhost"].id
            self.editor_id = users["bench-editor@localhost"].id
            self.officers = {slug: users[f"bench-opd-{slug}@localhost"].id for slug in self.departments}
            key, self.api_key = keys.issue("Uji beban (bench)", users["bench-admin@localhost"], commit=False)
            key.created_at = self.anchor - timedelta(days=1)
            categories = aspirasi_demo.ensure_categories()
            aspirasi_demo.ensure_templates(categories)
            aspirasi_demo.ensure_holidays()
            berita_demo.ensure_categories()
            db.session.flush()
            self.categories = {slug: (c.id, c.department_id, c.sensitive, c.verify_days, c.response_days)
                               for slug, c in categories.items()}
            self.holidays = holidays_for(region)
            areas = list(db.session.execute(select(Area).order_by(Area.code)).scalars())
        self.kecamatan = [a for a in areas if a.level == "kecamatan"]
        self.villages = [(a.id, a.parent_id, a.code, a.name) for a in areas if a.parent_id is not None]
        self.kecamatan_code = {a.id: a.code for a in self.kecamatan}
        self.kecamatan_by_name = {a.name.lower(): a.id for a in self.kecamatan}
        self.villages_of = {a.code: [v[2] for v in self.villages if v[1] == a.id] for a in self.kecamatan}
        self.counts.update({"area": len(areas), "department": len(self.departments), "user": 0})

    # --- Pencaker: employers, vacancies, seekers (accounts, schooling, cards), applications -----------------

    def pencaker(self) -> None:
        from webapp.core.models import User
        from webapp.modules.pencaker import demo_data as pdata
        from webapp.modules.pencaker.cards import add_months, add_years
        from webapp.modules.pencaker.demo import make_nik
        from webapp.modules.pencaker.models import (Application, ApplicationEvent, Card, CardEvent, CardReport,
                                                    Employer, Placement, Seeker, SeekerEducation, Vacancy)

        rng = self.rng("pencaker")
        n_seekers = count_for("pencaker_seeker", self.scale)
        n_employers = count_for("pencaker_employer", self.scale)
        n_vacancies = count_for("pencaker_vacancy", self.scale)
        n_applications = count_for("pencaker_application", self.scale)
        kecamatan_codes = [a.code for a in self.kecamatan]
        users = self.writer(User, n_seekers + n_employers)
        user_id = next_id(User.__table__)

        # employers: most verified, each with its own account
        employers = self.writer(Employer, n_employers, (users,))
        employer_id = next_id(Employer.__table__)
        sector = weighted(rng, list(SECTOR_WEIGHTS), list(SECTOR_WEIGHTS.values()))
        self.employer_rows = []  # (id, status, sector, name, address, kecamatan_code)
        for n in range(n_employers):
            status = "verified" if n == 0 or rng.random() < 0.88 else ("pending" if rng.random() < 0.67 else "rejected")
            created = self.before_anchor(self.anchor - timedelta(days=self.recent_age(rng, REPORT_DAYS + 200),
                                                                 hours=rng.randrange(8, 16)))
            if status == "pending":
                created = self.anchor - timedelta(days=rng.uniform(0.5, 10))
            name = f"PT {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
            kecamatan = rng.choice(kecamatan_codes)
            address = f"{rng.choice(STREETS)} No. {rng.randrange(1, 250)}"
            contact, _g = self.name(rng)
            users.add({"id": user_id, "region_id": self.region_id, "name": f"HRD {name}"[:120],
                       "email": f"hrd{n + 1}@perusahaan.bench.serambi.id", "phone": None,
                       "password_hash": self.password_hash, "locale": "id", "is_platform_admin": False,
                       "blocked": False, "session_version": 1, "created_at": created, "confirmed_at": created,
                       "last_login_at": None})
            row_sector = sector()
            employers.add({
                "id": employer_id, "region_id": self.region_id, "owner_id": user_id, "name": name,
                "nib": f"{rng.randrange(10**12, 10**13)}", "sector": row_sector, "address": address,
                "kecamatan_code": kecamatan, "contact_name": contact, "contact_phone": f"+6221{rng.randrange(10**7, 10**8)}",
                "contact_email": f"hrd{n + 1}@perusahaan.bench.serambi.id", "website": None,
                "description": f"{name} adalah perusahaan di Kota Bench dengan sekitar {rng.randrange(10, 900)} karyawan.",
                "status": status, "reason": ("NIB tidak terdaftar di OSS atas nama perusahaan ini."
                                             if status == "rejected" else None),
                "verified_at": created + timedelta(days=2) if status == "verified" else None,
                "verified_by_id": self.disnaker_id if status != "pending" else None, "created_at": created})
            self.employer_rows.append((employer_id, status, row_sector, name, address, kecamatan))
            employer_id += 1
            user_id += 1
        employers.close()

        # vacancies: a good share open today, the rest expired, closed, or still with Disnaker
        vacancies = self.writer(Vacancy, n_vacancies)
        vacancy_id = next_id(Vacancy.__table__)
        verified = [e for e in self.employer_rows if e[1] == "verified"] or self.employer_rows
        others = [e for e in self.employer_rows if e[1] != "verified"] or verified
        state_of = weighted(rng, ["open", "expired", "closed", "review", "draft", "returned"], [35, 25, 28, 5, 4, 3])
        jobs = [job for job in pdata.JOBS]
        self.published = []  # (vacancy id, published_at, last day to apply, state, employer name, min education)
        for n in range(n_vacancies):
            state = "open" if n == 0 else state_of()
            employer = rng.choice(verified if state in ("open", "expired", "closed") or rng.random() < 0.7 else others)
            job = rng.choice(jobs)
            pay = job.pay
            if pay is not None:
                bump = rng.choice((0, 0, 100_000, 250_000, 500_000))
                pay = (pay[0] + bump, pay[1] + bump)
            row = {"id": vacancy_id, "region_id": self.region_id, "employer_id": employer[0], "title": job.title,
                   "sector": employer[2], "description": job.description, "requirements": job.requirements,
                   "min_education": job.min_education, "age_min": job.age[0] if job.age else None,
                   "age_max": job.age[1] if job.age else None,
                   "kecamatan_code": None if job.kecamatan is None else rng.choice(kecamatan_codes),
                   "remote": job.kecamatan is None, "employment_type": job.employment_type,
                   "pay_min": pay[0] if pay else None, "pay_max": pay[1] if pay else None,
                   "openings": max(1, int(rng.expovariate(1 / 3))), "disability_friendly": rng.random() < 0.12,
                   "review_note": None, "published_at": None, "closed_at": None}
            if state == "open":
                published_day = self.today - timedelta(days=rng.randrange(1, 46))
                row["closes_on"] = max(self.today + timedelta(days=rng.randrange(0, 30)),
                                       published_day + timedelta(days=rng.randrange(14, 75)))
            elif state in ("expired", "closed"):
                published_day = self.today - timedelta(days=int(self.recent_age(rng, REPORT_DAYS)) + 15)
                row["closes_on"] = min(published_day + timedelta(days=rng.randrange(14, 60)),
                                       self.today - timedelta(days=1))
            else:
                published_day = None
                row["closes_on"] = self.today + timedelta(days=rng.randrange(14, 60))
            if published_day is not None:
                published = self.at(published_day, rng.randrange(7, 17), rng.randrange(60))
                row.update(status="published", published_at=published, created_at=published - timedelta(days=1, hours=3),
                           updated_at=published)
                if state == "closed":
                    closed_day = min(row["closes_on"], published_day + timedelta(days=rng.randrange(7, 30)))
                    row.update(status="closed", closed_at=self.before_anchor(self.at(closed_day, 16)),
                               updated_at=self.before_anchor(self.at(closed_day, 16)))
                self.published.append((vacancy_id, published, row["closes_on"], state, employer[3],
                                       job.min_education, employer[4]))
            else:
                created = self.anchor - timedelta(days=rng.uniform(0.3, 6))
                row.update(status=state, created_at=created, updated_at=created + timedelta(hours=2),
                           review_note=("Mohon cantumkan kisaran gaji dan alamat kerja yang lengkap."
                                        if state == "returned" else None))
            vacancies.add(row)
            vacancy_id += 1
        vacancies.close()

        # seekers: an account each, a profile with a valid-looking NIK, schooling, and for some an AK/1 card
        seekers = self.writer(Seeker, n_seekers, (users,))
        educations = self.writer(SeekerEducation, after=(seekers,))
        cards = self.writer(Card, after=(seekers,))
        card_events = self.writer(CardEvent, after=(cards,))
        card_reports = self.writer(CardReport, after=(cards,))
        seeker_id = next_id(Seeker.__table__)
        card_id = next_id(Card.__table__)
        level_of = weighted(rng, list(EDUCATION), list(EDUCATION.values()))
        religion_of = weighted(rng, list(RELIGIONS), list(RELIGIONS.values()))
        story_of = weighted(rng, ["none", "active", "expired", "placed", "renewed", "submitted", "correction",
                                  "rejected"], [60, 17, 8, 3, 3, 5, 2, 2])
        numbers: dict[int, int] = {}
        niks: set[str] = set()
        self.seekers = []  # (seeker id, user id, name, email, phone)
        self.placed_cards: dict[int, int] = {}

        def card_number(day: date) -> str:
            numbers[day.year] = numbers.get(day.year, 0) + 1
            return f"AK1/{REGION['code'].replace('.', '')}/{day.year}/{numbers[day.year]:06d}"

        def event(card, action, when, actor, note=""):
            card_events.add({"region_id": self.region_id, "card_id": card, "action": action, "note": note,
                             "actor_id": actor, "created_at": when})

        for n in range(n_seekers):
            name, gender = self.name(rng)
            age = 18 + int(rng.expovariate(1 / 9)) % 38
            born = self.today - timedelta(days=age * 365 + rng.randrange(365))
            kecamatan = rng.choice(kecamatan_codes)
            serial = rng.randrange(1, 9000)
            nik = make_nik(kecamatan, born, gender, serial)
            while nik in niks:
                serial = serial % 9999 + 1
                nik = make_nik(kecamatan, born, gender, serial)
            niks.add(nik)
            registered = self.before_anchor(self.anchor - timedelta(days=self.recent_age(rng, REPORT_DAYS),
                                                                    hours=rng.randrange(1, 14)))
            email = f"{name.split()[0].lower()}.{n + 1}@{MAIL_DOMAIN}"
            phone = f"+62813{n + 1:08d}"
            counter = rng.random() < 0.15
            users.add({"id": user_id, "region_id": self.region_id, "name": name, "email": email, "phone": phone,
                       "password_hash": self.password_hash, "locale": "id", "is_platform_admin": False,
                       "blocked": False, "session_version": 1, "created_at": registered, "confirmed_at": registered,
                       "last_login_at": registered + timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.6 else None})
            level = level_of()
            villages = self.villages_of.get(kecamatan) or [None]
            seekers.add({
                "id": seeker_id, "region_id": self.region_id, "user_id": user_id, "nik": nik, "full_name": name,
                "birth_place": rng.choice(BIRTH_PLACES), "birth_date": born, "gender": gender,
                "religion": religion_of(), "marital_status": "single" if age < 25 or rng.random() < 0.4 else "married",
                "address": f"{rng.choice(STREETS)} No. {rng.randrange(1, 200)}, RT {rng.randrange(1, 12):03d}/RW "
                           f"{rng.randrange(1, 9):03d}",
                "kecamatan_code": kecamatan, "kelurahan_code": rng.choice(villages), "phone": phone, "email": email,
                "skills": ", ".join(rng.sample(SKILLS, rng.randrange(1, 4))),
                "jobs_wanted": ", ".join(rng.sample(JOBS_WANTED, rng.randrange(1, 3))),
                "places_wanted": "Kota Bench, Kabupaten Tangerang" if rng.random() < 0.5 else "Kota Bench",
                "expected_pay": rng.choice((4_500_000, 5_000_000, 5_200_000, 5_500_000, 6_000_000, 7_000_000, None)),
                "disability": "Tuli" if rng.random() < 0.01 else None, "photo": None, "cv": None,
                "registered_via": "counter" if counter else "online",
                "registered_by_id": self.disnaker_id if counter else None,
                "consent_at": registered if counter else None, "created_at": registered, "updated_at": registered})
            school_n = (born.year + n) % 17 + 1
            kecamatan_name = next(a.name for a in self.kecamatan if a.code == kecamatan)
            for step_level in pdata.PATH[level]:
                educations.add({"region_id": self.region_id, "seeker_id": seeker_id, "level": step_level,
                                "major": "" if step_level in ("SD", "SMP") else rng.choice(
                                    ("Akuntansi", "Teknik Mesin", "IPA", "IPS", "Tata Boga", "Teknik Informatika",
                                     "Keperawatan", "Manajemen")),
                                "school": pdata.SCHOOLS[step_level].format(kecamatan=kecamatan_name, n=school_n),
                                "year": born.year + pdata.FINISHED_AT[step_level]})
            self.seekers.append((seeker_id, user_id, name, email, phone))

            story = story_of()
            if story != "none":
                snapshot = {"nik": nik, "full_name": name, "gender": gender, "birth_date": born.isoformat(),
                            "kecamatan_code": kecamatan, "education": {"level": level}}
                if story in ("submitted", "correction", "rejected"):
                    sent = self.before_anchor(self.anchor - timedelta(days=rng.uniform(0.2, 20)))
                    decided = None if story == "submitted" else sent + timedelta(days=rng.uniform(0.5, 3))
                    if decided is not None and decided >= self.anchor:
                        decided, story = None, "submitted"
                    reason = {"correction": "Foto kurang jelas; unggah pas foto 3x4 dengan latar polos.",
                              "rejected": "NIK tidak sesuai dengan KTP yang dilampirkan."}.get(story)
                    cards.add(self._card(card_id, seeker_id, "new", story if story != "submitted" else "submitted",
                                         None, None, None, None, rng, sent, decided, reason, None, None))
                    event(card_id, "submitted", sent, user_id)
                    if decided is not None:
                        event(card_id, "correction_requested" if story == "correction" else "rejected", decided,
                              self.disnaker_id, reason)
                    card_id += 1
                else:
                    months = rng.randrange(1, 23) if story in ("active", "placed") else rng.randrange(25, 34)
                    issued = add_months(self.today, -months)
                    if story == "renewed":
                        issued = add_months(self.today, -rng.randrange(24, 30))
                    valid_until = add_years(issued, 2) - timedelta(days=1)
                    sent = self.at(issued - timedelta(days=3), 20, rng.randrange(60))
                    decided = self.at(issued, 10, rng.randrange(60))
                    status, deactivated, why = "active", None, None
                    if story == "placed":
                        deactivated = self.before_anchor(decided + timedelta(days=rng.randrange(10, 300)))
                        status, why = "inactive", "placed"
                    first = card_id
                    number = card_number(issued)
                    renewal_day = None
                    if story == "renewed":
                        renewal_day = max(issued + timedelta(days=720), self.today - timedelta(days=rng.randrange(1, 60)))
                        status, deactivated, why = "inactive", self.at(renewal_day, 10, 30), "replaced"
                    cards.add(self._card(first, seeker_id, "new", status, None, number, issued, valid_until, rng,
                                         sent, decided, None, deactivated, why, snapshot))
                    event(first, "submitted", sent, user_id)
                    event(first, "approved", decided, self.disnaker_id, number)
                    for period in range(1, 5):
                        day = add_months(issued, 6 * (period - 1)) + timedelta(days=rng.randrange(5, 40))
                        end = min(self.today, valid_until) if story != "renewed" else renewal_day
                        if day >= end or rng.random() < 0.35:
                            break
                        reported = self.at(day, 19, rng.randrange(60))
                        card_reports.add({"region_id": self.region_id, "card_id": first, "period": period,
                                          "reported_at": reported, "by_id": user_id})
                        event(first, "reported", reported, user_id, str(period))
                    card_id += 1
                    if story == "placed":
                        event(first, "deactivated", deactivated, user_id, "placed")
                        self.placed_cards[seeker_id] = first
                    if story == "renewed":
                        renewed = card_id
                        new_number = card_number(renewal_day)
                        sent2 = self.at(renewal_day - timedelta(days=3), 20, rng.randrange(60))
                        cards.add(self._card(renewed, seeker_id, "renewal", "active", first, new_number, renewal_day,
                                             add_years(renewal_day, 2) - timedelta(days=1), rng, sent2,
                                             deactivated, None, None, None, snapshot,
                                             note="Perpanjangan: kartu lama sudah habis masa berlakunya."))
                        event(renewed, "submitted", sent2, user_id, "Perpanjangan")
                        event(first, "replaced", deactivated, self.disnaker_id, new_number)
                        event(renewed, "approved", deactivated, self.disnaker_id, new_number)
                        card_id += 1
            seeker_id += 1
            user_id += 1
        users.close()
        seekers.close()
        educations.close()
        cards.close()
        card_events.close()
        card_reports.close()
        self._applications(rng, n_applications, Application, ApplicationEvent, Placement)

    def _card(self, card_id, seeker_id, kind, status, previous_id, number, issued, valid_until, rng, submitted,
              decided, reason, deactivated, why, snapshot=None, note="") -> dict:
        token = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                        for _ in range(22))
        return {"id": card_id, "region_id": self.region_id, "seeker_id": seeker_id, "kind": kind, "status": status,
                "previous_id": previous_id, "number": number, "issued_on": issued, "valid_until": valid_until,
                "snapshot": snapshot if status in ("active", "inactive") else None, "verify_token": token,
                "note": note, "reason": reason, "submitted_at": submitted, "decided_at": decided,
                "decided_by_id": self.disnaker_id if decided is not None else None,
                "deactivated_at": deactivated, "deactivated_reason": why}

    def _applications(self, rng: Random, wanted: int, Application, ApplicationEvent, Placement) -> None:
        """Unique seeker x vacancy pairs on published vacancies, each with its status history."""
        from webapp.modules.pencaker import demo_data as pdata

        applications = self.writer(Application, wanted)
        events = self.writer(ApplicationEvent, after=(applications,))
        placements = self.writer(Placement, after=(applications,))
        application_id = next_id(Application.__table__)
        published = self.published
        if not published:
            applications.close(), events.close(), placements.close()
            return
        wanted = min(wanted, len(published) * len(self.seekers))
        # newer vacancies draw more applicants
        weights = [1.0 + 2.0 * (i % 7 == 0) + (v[3] == "open") for i, v in enumerate(published)]
        vacancy_of = weighted(rng, published, weights)
        open_status = weighted(rng, ["sent", "seen", "called", "rejected"], [45, 30, 15, 10])
        past_status = weighted(rng, ["sent", "seen", "called", "accepted", "rejected"], [12, 14, 4, 8, 62])
        steps = {"sent": [], "seen": ["seen"], "called": ["seen", "called"],
                 "accepted": ["seen", "called", "accepted"], "rejected": ["seen", "rejected"]}
        taken: set[tuple[int, int]] = set()
        made, tries = 0, 0
        while made < wanted and tries < wanted * 20:
            tries += 1
            vacancy = vacancy_of() if tries <= wanted * 10 else rng.choice(published)
            seeker = rng.choice(self.seekers)
            if (vacancy[0], seeker[0]) in taken:
                continue
            taken.add((vacancy[0], seeker[0]))
            vid, published_at, closes_on, state, employer_name, _education, address = vacancy
            last = min(self.at(closes_on, 21), self.anchor - timedelta(hours=1))
            span = max((last - published_at).total_seconds(), 3600.0)
            sent = published_at + timedelta(seconds=span * rng.random() ** 1.5)
            status = open_status() if state == "open" else past_status()
            room = (self.anchor - sent) / (len(steps[status]) + 1)
            step = min(timedelta(days=3), room)
            interview = None
            history = [{"region_id": self.region_id, "application_id": application_id, "status": "sent",
                        "note": "", "actor_id": None, "created_at": sent}]
            when = sent
            for number, status_step in enumerate(steps[status], start=1):
                when = sent + step * number
                if status_step == "called":
                    interview = (when + timedelta(days=rng.randrange(2, 6)) if status == "called"
                                 else when + step / 2)
                history.append({"region_id": self.region_id, "application_id": application_id, "status": status_step,
                            "note": {"rejected": pdata.REJECTION_NOTE, "accepted": pdata.ACCEPTANCE_NOTE}.get(status_step, ""),
                            "actor_id": None, "created_at": when})
            applications.add({
                "id": application_id, "region_id": self.region_id, "vacancy_id": vid, "seeker_id": seeker[0],
                "status": status, "cover_note": "" if rng.random() < 0.6 else "Saya tertarik dan siap bekerja shift.",
                "interview_at": interview,
                "interview_place": pdata.INTERVIEW_PLACES.format(address=address) if interview else None,
                "created_at": sent, "updated_at": when})
            for event in history:  # after their application: a flush of the events flushes it first
                events.add(event)
            if status == "accepted":
                placements.add({"region_id": self.region_id, "seeker_id": seeker[0],
                                "card_id": self.placed_cards.get(seeker[0]), "employer_id": None,
                                "vacancy_id": vid, "employer_name": employer_name,
                                "started_on": (when + timedelta(days=7)).astimezone(self.tz).date(),
                                "source": "hire", "created_at": when})
            application_id += 1
            made += 1
        applications.close()
        events.close()
        placements.close()

    # --- Aspirasi: reports with their timelines and supporters ---------------------------------------------

    def aspirasi(self) -> None:
        from webapp.modules.aspirasi import demo_data as adata
        from webapp.modules.aspirasi.codes import ALPHABET
        from webapp.modules.aspirasi.models import Report, ReportEvent, Support
        from webapp.modules.aspirasi.sla import add_working_days

        rng = self.rng("aspirasi")
        wanted = count_for("aspirasi_report", self.scale)
        reports = self.writer(Report, wanted)
        events = self.writer(ReportEvent, after=(reports,))
        supports = self.writer(Support, after=(reports,))
        report_id = next_id(Report.__table__)
        category_of = weighted(rng, list(REPORT_CATEGORIES), list(REPORT_CATEGORIES.values()))
        samples = {}
        for slug, kind, title, description in adata.REPORTS:
            samples.setdefault(slug, []).append((kind, title, description))
        everything = [s for rows in samples.values() for s in rows]
        fallback_department = self.departments.get("diskominfo") or next(iter(self.departments.values()))
        officer_of = {department_id: self.officers[slug] for slug, department_id in self.departments.items()}
        bbox = self.region_row.settings.get("bbox") or [106.55, -6.29, 106.74, -6.10]
        codes: set[str] = set()
        public_done: list[int] = []  # earlier public reports that a duplicate can be merged into
        tz = self.region_row.timezone
        hours = lambda mean: timedelta(hours=rng.expovariate(1 / mean))  # noqa: E731

        for _n in range(wanted):
            slug = category_of()
            category_id, department_id, sensitive, verify_days, response_days = self.categories[slug]
            department_id = department_id or fallback_department
            kind, title, description = rng.choice(samples.get(slug) or everything)
            village_id, kecamatan_id, _code, village_name = rng.choice(self.villages)
            created = self.before_anchor(self.anchor - timedelta(days=self.recent_age(rng, REPORT_DAYS))
                                         + timedelta(hours=rng.uniform(-8, 0)))
            code = "".join(rng.choice(ALPHABET) for _ in range(8))
            while code in codes:
                code = "".join(rng.choice(ALPHABET) for _ in range(8))
            codes.add(code)
            privacy = ("rahasia" if sensitive or rng.random() < 0.04
                       else "anonim" if rng.random() < 0.2 else "publik")
            account = rng.random() < 0.3 and self.seekers
            if account:
                _sid, reporter_id, name, email, phone = rng.choice(self.seekers)
            else:
                reporter_id = None
                name, _g = self.name(rng)
                email = f"{name.split()[0].lower()}{rng.randrange(100, 999)}@example.id" if rng.random() < 0.6 else None
                phone = f"+62812{rng.randrange(10**7, 10**8)}" if email is None or rng.random() < 0.3 else None
            located = rng.random() < 0.7
            row = {
                "id": report_id, "region_id": self.region_id, "code": f"{code[:4]}-{code[4:]}", "kind": kind,
                "category_id": category_id, "title": title,
                "description": f"{description} Lokasi: Kelurahan {village_name}.",
                "kecamatan_id": kecamatan_id, "kelurahan_id": village_id,
                "address": f"{rng.choice(STREETS)} No. {rng.randrange(1, 200)}" if rng.random() < 0.8 else None,
                "lat": round(rng.uniform(bbox[1], bbox[3]), 6) if located else None,
                "lng": round(rng.uniform(bbox[0], bbox[2]), 6) if located else None,
                "privacy": privacy, "status": "diterima", "department_id": None, "assignee_id": None,
                "reporter_id": reporter_id, "reporter_name": name, "reporter_phone": phone,
                "reporter_email": email, "source": "web" if rng.random() < 0.85 else "mobile",
                "api_key_id": None, "api_token": None, "media_url": None, "locale": "id", "hidden": False,
                "merged_into_id": None, "rejection_reason": None, "supporters": 0, "rating": None,
                "rating_comment": None, "reopen_count": 0, "created_at": created, "updated_at": created,
                "verified_at": None, "disposed_at": None, "first_response_at": None, "closed_at": None,
                "due_at": add_working_days(created, verify_days, self.holidays, tz),
            }
            timeline = [("submitted", None, "diterima", None, True, reporter_id, None, created)]

            def move(action, to_status, when, body=None, actor=None, department=None, public=True):
                timeline.append((action, row["status"], to_status, body, public, actor, department, when))
                row["status"], row["updated_at"] = to_status, when

            # how far the report got by now: each step happens after a delay, unless the report stalls there
            fate = rng.random()
            verified = created + hours(20)
            if fate < 0.07 and verified < self.anchor:
                row.update(rejection_reason=adata.REJECT_REASON, closed_at=verified)
                move("rejected", "ditolak", verified, adata.REJECT_REASON, self.admin_id)
            elif fate < 0.08 and verified < self.anchor and public_done:
                row.update(merged_into_id=rng.choice(public_done), closed_at=verified)
                move("merged", "ditolak", verified, None, self.admin_id)
            elif verified < self.anchor and fate < 0.99:
                row["verified_at"] = verified
                move("verified", "diverifikasi", verified, None, self.admin_id)
                disposed = verified + hours(6)
                if disposed < self.anchor and fate < 0.98:
                    row.update(department_id=department_id, disposed_at=disposed,
                               due_at=add_working_days(disposed, response_days, self.holidays, tz))
                    move("disposed", "didisposisikan", disposed, None, self.admin_id, department_id)
                    officer = officer_of.get(department_id, self.admin_id)
                    if rng.random() < 0.5:
                        row["assignee_id"] = officer
                        timeline.append(("assigned", None, None, "Petugas OPD", False, self.admin_id, department_id,
                                         disposed))
                    replied = disposed + hours(40)
                    if replied < self.anchor and fate < 0.96:
                        row["first_response_at"] = replied
                        move("reply", "ditindaklanjuti", replied, rng.choice(adata.REPLIES), officer, department_id)
                        when = replied
                        for _extra in range(rng.choice((0, 0, 0, 1, 1, 2))):
                            when = when + hours(48)
                            if when >= self.anchor:
                                break
                            timeline.append(("reply", None, None, rng.choice(EXTRA_REPLIES), True, officer,
                                             department_id, when))
                        if rng.random() < 0.25 and when < self.anchor:
                            timeline.append(("note", None, None, adata.INTERNAL_NOTE, False, officer, department_id,
                                             when))
                        done = when + hours(110)
                        if done < self.anchor and fate < 0.93:
                            row["closed_at"] = done
                            move("done", "selesai", done, adata.DONE_REPLY, officer, department_id)
                            rated = done + hours(30)
                            if rng.random() < 0.35 and rated < self.anchor:
                                rating = rng.choice((5, 5, 5, 4, 4, 4, 3, 2, 1))
                                comment = "Terima kasih, cepat ditangani." if rating >= 4 else (
                                    "Perbaikannya belum rapi." if rating <= 2 else None)
                                row.update(rating=rating, rating_comment=comment, updated_at=rated)
                                timeline.append(("rated", None, None, comment, True, reporter_id, None, rated))
                            if privacy != "rahasia" and len(public_done) < 5000:
                                public_done.append(report_id)
            backing = []
            if privacy != "rahasia" and row["merged_into_id"] is None and rng.random() < 0.4:
                supporters = min(400, int(rng.paretovariate(1.6)) + int(rng.expovariate(1 / 2)))
                span = max((self.anchor - created).total_seconds(), 60.0)
                for k in range(supporters):
                    backing.append({"region_id": self.region_id, "report_id": report_id,
                                    "supporter": f"s:{rng.getrandbits(128):032x}",
                                    "created_at": created + timedelta(seconds=span * rng.random() * (k + 1)
                                                                      / (supporters + 1))})
                row["supporters"] = supporters
            reports.add(row)  # before its events and supporters: flushing those flushes the reports first
            for action, from_status, to_status, body, public, actor, department, when in timeline:
                events.add({"region_id": self.region_id, "report_id": report_id, "action": action,
                            "from_status": from_status, "to_status": to_status, "body": body, "public": public,
                            "actor_id": actor, "department_id": department, "created_at": when})
            for support in backing:
                supports.add(support)
            report_id += 1
        reports.close()
        events.close()
        supports.close()

    # --- Harga: markets, commodities, a million prices, the daily aggregates -------------------------------

    def harga(self) -> None:
        from webapp.core.scoping import region_context
        from webapp.extensions import db
        from webapp.modules.harga import demo
        from webapp.modules.harga.demo_data import MARKETS as DEMO_MARKETS
        from webapp.modules.harga.models import Commodity, Market, Price
        from webapp.modules.harga.prices import ensure_national_commodities, rebuild_daily

        wanted = count_for("harga_price", self.scale)
        with region_context(self.region_row):
            for i in range(MARKETS):
                if i < len(DEMO_MARKETS):
                    slug, name, address, district, _offset = DEMO_MARKETS[i]
                else:
                    slug, name, address, district = f"pasar-{i + 1:02d}", f"Pasar Contoh {i + 1:02d}", None, ""
                db.session.add(Market(slug=slug, name=name, address=address, position=i,
                                      kecamatan_id=self.kecamatan_by_name.get(district.lower()),
                                      created_at=self.anchor - timedelta(days=ARTICLE_DAYS)))
            ensure_national_commodities()
            demo.ensure_references()
            db.session.flush()
            markets = [(m.id, demo.market_offset(m.slug))
                       for m in db.session.execute(select(Market).order_by(Market.position)).scalars()]
            commodities = [(c.id, c.national_code)
                           for c in db.session.execute(select(Commodity).order_by(Commodity.id)).scalars()]
            days = max(1, math.ceil(wanted / (len(markets) * len(commodities) * harga_bench.COVERAGE)))
            end = self.today - timedelta(days=1)
            self.progress(f"  harga_price: {len(markets)} markets x {len(commodities)} commodities x {days} days")
            started = time.perf_counter()
            written, shown = 0, started
            rows = demo.price_rows(self.region_row, demo.generate_prices(markets, commodities, end, days,
                                                                         seed=self.rng_seed),
                                   entered_by_id=self.harga_id, source="bench")
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    written += demo.insert_prices(batch, batch=BATCH)
                    batch = []
                    if time.perf_counter() - shown >= 2:
                        shown = time.perf_counter()
                        self.progress(f"  harga_price: {written:,}/~{wanted:,} rows, "
                                      f"{written / (shown - started):,.0f} rows/s")
            written += demo.insert_prices(batch, batch=BATCH)
            self.note(Price.__tablename__, written, time.perf_counter() - started)
            self.progress(f"  harga_price: {written:,} rows, {written / (time.perf_counter() - started):,.0f} rows/s")
            started = time.perf_counter()
            aggregates = rebuild_daily()
            self.note("harga_daily", aggregates, time.perf_counter() - started)
            self.progress(f"  harga_daily: {aggregates:,} rows (rebuild_daily)")
            self.counts["harga_market"] = len(markets)
            self.counts["harga_commodity"] = len(commodities)

    # --- Berita: articles over the years --------------------------------------------------------------------

    def berita(self) -> None:
        from webapp.extensions import db
        from webapp.modules.berita import demo_data as bdata
        from webapp.modules.berita import demo as berita_demo
        from webapp.modules.berita import markup
        from webapp.modules.berita.models import Article, ArticleRevision, Category

        rng = self.rng("berita")
        wanted = count_for("berita_article", self.scale)
        articles = self.writer(Article, wanted)
        revisions = self.writer(ArticleRevision, wanted, (articles,))
        article_id = next_id(Article.__table__)
        categories = {c.slug: c.id for c in db.session.execute(
            select(Category).where(Category.region_id == self.region_id)).scalars()}
        # each story in each layout rendered once with markers, then the date words filled into both versions
        markers = {key: f"zzq{key.replace('_', '')}qzz" for key in ("hari", "kemarin", "pekan_depan", "tanggal", "kota")}
        rendered: dict[tuple[int, int], tuple[str, str]] = {}
        stories = bdata.STORIES
        status_of = weighted(rng, ["published", "draft", "archived", "scheduled"], [95, 2, 2, 1])

        def fill(textual: str, words: dict) -> str:
            for key, marker in markers.items():
                textual = textual.replace(marker, words[key])
            return textual

        def short(d: date) -> str:
            return f"{bdata.HARI[d.weekday()]} ({d.day}/{d.month})"

        for n in range(wanted):
            index = rng.randrange(len(stories))
            story = stories[index]
            layout = n % 3
            if (index, layout) not in rendered:
                body = berita_demo.compose_body(layout, story, None, markers)
                rendered[(index, layout)] = (body, markup.to_html(body))
            status = "published" if n == 0 else status_of()
            if status == "scheduled":
                publish_at = self.at(self.today + timedelta(days=rng.randrange(1, 4)), 9)
            elif status == "draft":
                publish_at = None
            else:
                age = self.recent_age(rng, ARTICLE_DAYS)
                publish_at = self.before_anchor(self.at(self.today - timedelta(days=int(age) + 1), story.hour,
                                                        rng.randrange(60)))
            day = (publish_at or self.anchor).astimezone(self.tz).date()
            words = {"hari": short(day), "kemarin": short(day - timedelta(days=1)),
                     "pekan_depan": short(day + timedelta(days=7)),
                     "tanggal": f"{day.day} {bdata.BULAN[day.month - 1]} {day.year}", "kota": REGION["name"]}
            body, html = rendered[(index, layout)]
            created = (publish_at or self.anchor - timedelta(hours=5)) - timedelta(hours=2 + rng.randrange(20))
            if publish_at is not None and publish_at > self.anchor:
                created = self.anchor - timedelta(hours=3)
            row = {"id": article_id, "region_id": self.region_id, "slug": f"{story.slug}-{n + 1}"[:120],
                   "title": story.title, "summary": fill(story.summary.format(**markers), words),
                   "body": fill(body, words), "body_html": fill(html, words), "cover": None, "cover_alt": None,
                   "caption": None, "credit": None, "category_id": categories.get(story.category),
                   "tags": list(story.tags), "department_id": self.departments.get(story.department),
                   "status": status, "publish_at": publish_at, "created_by_id": self.editor_id,
                   "created_at": created, "updated_by_id": self.editor_id, "updated_at": created}
            articles.add(row)
            revisions.add({"region_id": self.region_id, "article_id": article_id, "title": row["title"],
                           "summary": row["summary"], "body": row["body"], "caption": None, "credit": None,
                           "tags": row["tags"], "category_id": row["category_id"], "status": status,
                           "saved_by_id": self.editor_id, "saved_at": created})
            article_id += 1
        articles.close()
        revisions.close()

    # --- finishing ----------------------------------------------------------------------------------------

    def fix_sequences(self) -> None:
        """PostgreSQL: move each sequence past the ids this run assigned itself."""
        from webapp.extensions import db

        if db.engine.dialect.name != "postgresql":
            return
        quote = db.engine.dialect.identifier_preparer.quote
        for table in ("user", "pencaker_employer", "pencaker_vacancy", "pencaker_seeker", "pencaker_card",
                      "pencaker_application", "aspirasi_report", "berita_article"):
            name = quote(table)
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"))

    def run(self, analyze: bool = True) -> dict:
        from webapp.extensions import db

        started = time.perf_counter()
        self.step("region", self.region)
        self.step("pencaker", self.pencaker)
        self.step("aspirasi", self.aspirasi)
        self.step("harga", self.harga)
        self.step("berita", self.berita)
        self.step("sequences", self.fix_sequences)
        self.counts["user"] += len(STAFF) + len(self.departments)
        if analyze:
            self.progress("VACUUM ANALYZE …" if db.engine.dialect.name == "postgresql" else "WAL checkpoint …")
            t = time.perf_counter()
            harga_bench.analyze(db)
            self.step_seconds["analyze"] = time.perf_counter() - t
        total = time.perf_counter() - started
        result = dict(sorted(self.counts.items()))
        result.update({
            "api_key": self.api_key, "accounts": self.accounts, "region_id": self.region_id, "scale": self.scale, "seed": self.rng_seed,
            "today": self.today.isoformat(), "seconds": {k: round(v, 2) for k, v in self.step_seconds.items()},
            "insert_seconds": {k: round(v, 3) for k, v in sorted(self.insert_seconds.items())},
            "total_seconds": round(total, 2),
        })
        return result


def seed(app, scale: float, rng_seed: int = 42, progress=print_to_stderr, *, today: date | None = None,
         analyze: bool = True) -> dict:
    """Fill one region ("bench", hosts localhost and 127.0.0.1) with `scale` x the full data set.

    Returns the rows written per table (table name -> count) plus `api_key` (the secret of a key issued to
    the load tests), `accounts` (role -> e-mail, phone and password of bench-admin, bench-harga, ...), `region_id`, `scale`, `seed`, `today`, `seconds` per step, `insert_seconds` per table
    (time inside executemany) and `total_seconds`. `progress` gets one message at a time (None: quiet).
    `today` (default: today in Asia/Jakarta) anchors every date; `analyze` runs VACUUM ANALYZE on
    PostgreSQL (or a WAL checkpoint on SQLite) at the end.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    today = today or datetime.now(ZoneInfo(TIMEZONE)).date()
    with app.app_context():
        return Seeder(app, scale, rng_seed, progress, today).run(analyze=analyze)


# ------------------------------------------------------------------------------------------- CLI

def markdown(result: dict) -> str:
    insert = result["insert_seconds"]
    tables = [k for k, v in result.items() if type(v) is int and k not in ("region_id", "seed", "scale")]
    out = [f"## Seeded region \"bench\": scale {result['scale']}, seed {result['seed']}, anchored on {result['today']}\n",
           "| table | rows | insert s | rows/s |", "|---|---:|---:|---:|"]
    for table in tables:
        seconds = insert.get(table)
        rate = f"{result[table] / seconds:,.0f}" if seconds else ""
        out.append(f"| {table} | {result[table]:,} | {seconds if seconds is not None else ''} | {rate} |")
    total_rows = sum(result[t] for t in tables)
    out.append(f"| **all** | **{total_rows:,}** | | |\n")
    out.append("| step | seconds |")
    out.append("|---|---:|")
    for step, seconds in result["seconds"].items():
        out.append(f"| {step} | {seconds} |")
    out.append(f"| **total** | **{result['total_seconds']}** ({total_rows / result['total_seconds']:,.0f} rows/s) |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 = the full data set (default 0.01)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="SQLAlchemy URL (default: $DATABASE_URL)")
    parser.add_argument("--reset", action="store_true",
                        help="empty the database first (PostgreSQL: drop the public schema; SQLite: delete the file)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--json", metavar="FILE", help="also write the result (counts, seconds, api_key) as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url (or set DATABASE_URL)")
    os.environ.setdefault("SERAMBI_INSTANCE", str(Path(tempfile.gettempdir()) / "serambi-bench-instance"))
    url = harga_bench.prepare_database(args.database_url, args.reset)
    uploads = tempfile.mkdtemp(prefix="serambi-bench-seed-")
    started = time.perf_counter()
    app = harga_bench.make_app(url, uploads)  # runs the migrations (flask_migrate.upgrade)
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"  # the production method, not the test suite's cheap one
    migrated = time.perf_counter() - started
    result = seed(app, args.scale, args.seed, None if args.quiet else print_to_stderr)
    result["seconds"] = {"migrations": round(migrated, 2), **result["seconds"]}
    result["total_seconds"] = round(result["total_seconds"] + migrated, 2)
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()
    print(markdown(result))
    staff = ", ".join(f"{role} {a['email']} / {a['phone']}" for role, a in result["accounts"].items())
    print(f"\nStaff (password {PASSWORD}; sign in with the phone): {staff}. API key: {result['api_key']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
