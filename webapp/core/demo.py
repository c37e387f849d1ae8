"""Demo data: Kota Tangerang with its areas, OPD and one account per role, safe to seed again and again.

Every function matches existing rows by their natural key (slug, code, e-mail) and only fills in what
is missing or different, so a second run creates nothing and keeps passwords and sessions as they are.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import Department, Region, Role, RoleGrant, User
from .platform.hosts import add_hosts
from .platform.rules import create_region
from .scoping import region_context
from .wilayah import import_areas

DEFAULT_PASSWORD = "serambi-demo"

# National numbers, in the groups the kontak page shows (112 is always shown first on its own). Local
# lines (PDAM Tirta Benteng, RSUD Kota Tangerang, BPBD) are left for the region admin to add: Kota
# Tangerang routes its emergencies through Tangerang Siaga 112, and a wrong local number is worse than none.
_NATIONAL_NUMBERS = [
    {"label": "Polisi", "number": "110", "group": "Darurat"},
    {"label": "Pemadam Kebakaran", "number": "113", "group": "Darurat"},
    {"label": "Basarnas (pencarian dan pertolongan)", "number": "115", "group": "Darurat"},
    {"label": "Ambulans", "number": "118", "group": "Kesehatan"},
    {"label": "Layanan gawat darurat kesehatan (SPGDT)", "number": "119", "group": "Kesehatan"},
    {"label": "BPJS Kesehatan Care Center", "number": "165", "group": "Kesehatan"},
    {"label": "SAPA: kekerasan terhadap perempuan dan anak (KemenPPPA)", "number": "129",
     "group": "Perlindungan perempuan dan anak"},
    {"label": "Gangguan listrik PLN", "number": "123", "group": "Listrik, BBM dan telepon"},
    {"label": "Pertamina Call Center (BBM dan elpiji)", "number": "135", "group": "Listrik, BBM dan telepon"},
    {"label": "Gangguan telepon dan internet Telkom", "number": "147", "group": "Listrik, BBM dan telepon"},
]

TANGERANG = {
    "slug": "tangerang",
    "code": "36.71",
    "name": "Kota Tangerang",
    "kind": "kota",
    "hosts": ["localhost", "127.0.0.1"],
    "timezone": "Asia/Jakarta",
    "default_locale": "id",
    "locales": ["id", "en"],
    "theme_color": "#006b3f",  # 6.6:1 against white text
    "tagline": "Layanan warga Kota Tangerang dalam satu genggaman",
    # The phone and e-mail are demo placeholders; the address is the city hall (Puspem).
    "contact_phone": "(021) 5588 8888",
    "contact_email": "info@demo.serambi.id",
    "address": "Jl. Satria Sudirman No. 1, Sukaasih, Kec. Tangerang, Kota Tangerang, Banten 15111",
    "emergency_numbers": _NATIONAL_NUMBERS,
    "settings": {"bbox": [106.55, -6.29, 106.74, -6.10]},  # west, south, east, north: the city's extent
}

BOGOR = {
    "slug": "bogor",
    "code": "32.71",
    "name": "Kota Bogor",
    "kind": "kota",
    "hosts": ["bogor.localhost"],
    "timezone": "Asia/Jakarta",
    "default_locale": "id",
    "locales": ["id"],
    "theme_color": "#1d4f91",  # 8.1:1 against white text
    "tagline": "Contoh wilayah kedua: data dan tampilan terpisah",
    "contact_email": "info@bogor.demo.serambi.id",
    "emergency_numbers": _NATIONAL_NUMBERS[:4],
    "modules": ["kontak"],  # a smaller set, to show modules are switched per region
}

DEPARTMENTS = [
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("disnaker", "Dinas Ketenagakerjaan", "Disnaker"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "Disperindag"),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("satpol-pp", "Satuan Polisi Pamong Praja", "Satpol PP"),
]


@dataclass(frozen=True)
class DemoAccount:
    """One demo sign-in: who it is, how to sign in, and where."""

    label: str
    name: str
    email: str
    role: str | None = None
    department: str | None = None  # a DEPARTMENTS slug
    phone: str | None = None
    platform_admin: bool = False


ACCOUNTS = [
    DemoAccount("Region admin", "Admin Kota Tangerang", "admin@demo.serambi.id", Role.REGION_ADMIN),
    DemoAccount("Department officer (DPUPR)", "Petugas DPUPR", "opd@demo.serambi.id",
                Role.DEPARTMENT_OFFICER, department="dpupr"),
    DemoAccount("Editor", "Redaksi Diskominfo", "editor@demo.serambi.id", Role.EDITOR),
    DemoAccount("Price officer", "Petugas Harga Pasar", "harga@demo.serambi.id", Role.PRICE_OFFICER),
    DemoAccount("Manpower officer", "Petugas Disnaker", "disnaker@demo.serambi.id", Role.MANPOWER_OFFICER),
    DemoAccount("Citizen", "Warga Demo", "warga@demo.serambi.id", phone="+6281200000001"),
    DemoAccount("Job seeker", "Pencari Kerja Demo", "pencaker@demo.serambi.id"),
    DemoAccount("Employer", "Perusahaan Demo", "perusahaan@demo.serambi.id"),
]
PLATFORM_ADMIN = DemoAccount("Platform admin", "Admin Platform", "platform@demo.serambi.id", platform_admin=True)
BOGOR_ACCOUNTS = [
    DemoAccount("Region admin", "Admin Kota Bogor", "admin@bogor.demo.serambi.id", Role.REGION_ADMIN),
]


SeededAccount = tuple[DemoAccount, Region | None, str | None]  # the account, its region, the host to use


def seed(password: str = DEFAULT_PASSWORD, second_region: bool = False) -> list[SeededAccount]:
    """Create or update the demo region(s), areas, OPD and accounts, then run every module's demo hook.

    Returns each account with its region and the host to sign in on (None for the platform admin, who
    signs in anywhere). The caller commits.
    """
    from ..modules import MODULES

    regions = [(dict(TANGERANG, modules=[m.name for m in MODULES]), DEPARTMENTS, ACCOUNTS)]
    if second_region:
        regions.append((BOGOR, [], BOGOR_ACCOUNTS))
    accounts = []
    for fields, departments, region_accounts in regions:
        region = ensure_region(**fields)
        import_areas(region)
        with region_context(region):
            by_slug = {slug: ensure_department(slug, name, short) for slug, name, short in departments}
            db.session.flush()  # role grants below refer to the departments' ids
            for account in region_accounts:
                ensure_user(account, password, region, by_slug.get(account.department))
                accounts.append((account, region, fields["hosts"][0]))
        run_module_hooks(region)
    ensure_user(PLATFORM_ADMIN, password, None, None)
    accounts.append((PLATFORM_ADMIN, None, None))
    return accounts


def ensure_region(slug: str, hosts: list[str], modules: list[str], **fields) -> Region:
    """The region with `slug`, created as every region is (`create_region`) or brought up to date.

    Hosts are added, never taken away.
    """
    from ..modules import registry

    fields["modules"] = [name for name in modules if name in registry()]
    region = db.session.execute(select(Region).where(Region.slug == slug)).scalar_one_or_none()
    if region is None:
        region, _areas = create_region(
            fields["code"], hosts, fields["modules"], name=fields["name"], slug=slug, timezone=fields["timezone"],
            color=fields["theme_color"], languages=fields["locales"], import_areas=False,
        )
    for key, value in fields.items():
        if getattr(region, key) != value:
            setattr(region, key, value)
    add_hosts(region, hosts)
    db.session.flush()  # areas and users below need the region's id
    return region


def ensure_department(slug: str, name: str, short_name: str) -> Department:
    """The current region's OPD with `slug`, created or renamed."""
    department = db.session.execute(select(Department).where(Department.slug == slug)).scalar_one_or_none()
    if department is None:
        department = Department(slug=slug)
        db.session.add(department)
    if (department.name, department.short_name) != (name, short_name):
        department.name, department.short_name = name, short_name
    if department.email is None:
        department.email = f"{slug}@demo.serambi.id"
    return department


def ensure_user(account: DemoAccount, password: str, region: Region | None,
                department: Department | None) -> User:
    """The demo account in `region` (None: platform-wide) and its role; a differing password is reset."""
    region_id = region.id if region is not None else None
    same_region = User.region_id.is_(None) if region_id is None else User.region_id == region_id
    user = db.session.execute(
        select(User).where(User.email == account.email, same_region).execution_options(all_regions=True)
    ).scalar_one_or_none()
    if user is None:
        user = User(region_id=region_id, email=account.email)
        db.session.add(user)
    user.name, user.phone, user.is_platform_admin = account.name, account.phone, account.platform_admin
    if not user.password_hash or not user.check_password(password):
        user.set_password(password)
    department_id = department.id if department is not None else None
    if account.role and not any(g.role == account.role and g.department_id == department_id for g in user.roles):
        user.roles.append(RoleGrant(role=account.role, region_id=region_id, department_id=department_id))
    return user


def run_module_hooks(region: Region) -> list[str]:
    """Call `seed_demo(region)` of every module the region has enabled, inside its region; returns their names."""
    from ..modules import MODULES

    called = []
    for module in MODULES:
        if module.seed_demo is not None and region.module_enabled(module.name):
            with region_context(region):
                module.seed_demo(region)
            called.append(module.name)
    return called


def demo_staff_member(roles: tuple[str, ...], preferred_email: str) -> User | None:
    """Who "did" a module's demo work: the demo account `preferred_email` if it holds the first of `roles`,
    else the region's first user holding it, trying each role in turn (e.g. an editor, then an admin)."""
    for role in roles:
        user = db.session.execute(
            select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == role)
            .order_by((User.email == preferred_email).desc(), User.id).limit(1)
        ).scalar_one_or_none()
        if user is not None:
            return user
    return None
