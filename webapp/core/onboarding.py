"""Onboarding: a ready region in one step, and the one-time links with which new staff choose a password.

`onboard_region` is what `flask onboard-region` and the platform page "Onboard a region" both call. From a
Kemendagri code and a host name it makes the region (`platform.rules.create_region`, which also imports its
kecamatan and kelurahan/desa), then fills in what a region otherwise spends its first weeks typing: a
skeleton of the usual OPD, Aspirasi categories with their SLA days and the OPD each goes to, the national
Harga commodity list, the national emergency numbers and holidays, and a region admin account.

Nobody ever types or reads a password for a new account. It gets a random one nobody knows, and a link to
choose a password instead: the password-reset link of `accounts/reset.py`, which is signed, expires, and
dies the moment a password is set (it carries the account's `session_version`, which setting a password
bumps). The region admin from here and staff accounts made by a region admin (`staff/accounts.py`) both
use it, so there is one way to set a password and one page for it.

Everything is idempotent where it can be (rows are matched by slug or day); onboarding the same code or
host twice is refused with "already exists". The caller commits, then calls `send_set_password_link`
(a message must not announce an account that a failed commit did not create).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..extensions import db
from . import notify, wilayah
from .accounts import reset
from .accounts.contact import InvalidContact, normalise_email
from .models import Department, Region, RegionHost, Role, RoleGrant, User
from .scoping import current_region, region_context
from .staff.common import Refused

# The OPD found in almost every kota and kabupaten (names per Permendagri 90/2019 nomenclature). Slugs are
# those the Aspirasi defaults route to; a region renames, adds or switches off what differs locally.
OPD_SKELETON = [
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("disdik", "Dinas Pendidikan", "Disdik"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("disnaker", "Dinas Ketenagakerjaan", "Disnaker"),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("dinsos", "Dinas Sosial", "Dinsos"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "Disperindag"),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("satpol-pp", "Satuan Polisi Pamong Praja", "Satpol PP"),
]


@dataclass
class Onboarded:
    """What onboarding made: the region, its admin, the admin's set-password link and how much of each."""

    region: Region
    admin: User
    link: str
    kecamatan: int = 0
    villages: int = 0
    defaults: dict = field(default_factory=dict)  # "departments", "categories", "commodities", ... -> added


def official_name(code: str) -> str | None:
    """The official name of a kabupaten/kota code ("36.71" -> "Kota Tangerang"), else None (for the form)."""
    code = (code or "").strip()
    if wilayah.level(code) != "kabupaten/kota":
        return None
    return wilayah.lookup(code)


def onboard_region(code: str, hosts, admin_email: str, name: str | None = None, modules: list[str] | None = None,
                   admin_name: str | None = None, slug: str | None = None, timezone: str | None = None) -> Onboarded:
    """Create a ready region: areas, OPD skeleton, module defaults and a region admin without a password.

    `hosts` are host names as typed (one is needed: the admin's link points at it). Refused (naming the
    field) when the code or a host already has a region, or anything given is not right. The caller commits,
    then sends the link (`send_set_password_link`).
    """
    from .platform.hosts import parse_hosts
    from .platform.rules import create_region

    code = (code or "").strip()
    refuse_existing(code, hosts)
    email = _email(admin_email, "admin_email")
    if not parse_hosts(hosts):
        raise Refused(_("Give the host name the region will answer on, for example layanan.example.go.id."),
                      field="hosts")
    region, (kecamatan, villages) = create_region(code, hosts, modules, name=name, slug=slug, timezone=timezone)
    with region_context(region):
        defaults = seed_defaults()
        admin = new_account(admin_name or _("Administrator %(region)s", region=region.name), email=email)
        admin.roles.append(RoleGrant(role=Role.REGION_ADMIN))
        db.session.flush()
    return Onboarded(region, admin, set_password_link(admin, region), kecamatan, villages, defaults)


def refuse_existing(code: str, hosts) -> None:
    """"Already exists" for a code or host that a region has: onboarding twice creates nothing twice."""
    from .platform.hosts import parse_hosts

    other = db.session.execute(select(Region).where(Region.code == code)).scalar_one_or_none()
    if other is not None:
        raise Refused(_("A region with the code %(code)s already exists: %(region)s. Nothing was created.",
                        code=code, region=other.name), field="code")
    for host in parse_hosts(hosts):
        row = db.session.execute(select(RegionHost).where(RegionHost.host == host)).scalar_one_or_none()
        if row is not None:
            raise Refused(_("The host %(host)s already exists: it serves %(region)s. Nothing was created.",
                            host=host, region=row.region.name), field="hosts")


def _email(text: str | None, field_name: str) -> str:
    try:
        return normalise_email(text or "")
    except InvalidContact:
        raise Refused(_("This does not look like an e-mail address."), field=field_name) from None


# Module defaults. Each function works on the current region (`region_context`) and adds only what is
# missing, matched by slug or day, so it is safe on a region that already has some of it.

def seed_defaults() -> dict:
    """Everything a new region starts with; returns how many of each were added."""
    from ..modules.aspirasi import demo as aspirasi_defaults
    from ..modules.harga.prices import ensure_national_commodities

    departments = ensure_departments()
    categories = ensure_categories()
    aspirasi_defaults.ensure_templates(categories)  # the generic reply templates ("being reviewed", "handled")
    holidays = _count_new(aspirasi_defaults.ensure_holidays)
    commodities = ensure_national_commodities()
    numbers = ensure_emergency_numbers()
    return {"departments": departments, "categories": len(categories), "commodities": len(commodities),
            "holidays": holidays, "emergency_numbers": numbers}


def _count_new(add_missing) -> int:
    before = len(db.session.new)
    add_missing()
    return len(db.session.new) - before


def ensure_departments() -> int:
    """The OPD skeleton; returns how many were added."""
    have = set(db.session.execute(select(Department.slug)).scalars())
    added = 0
    for slug, name, short in OPD_SKELETON:
        if slug not in have:
            db.session.add(Department(slug=slug, name=name, short_name=short, active=True))
            added += 1
    db.session.flush()
    return added


def ensure_categories() -> dict:
    """Aspirasi's categories (those of its demo, which follow SP4N-LAPOR! practice: 3 working days to verify,
    5 to follow up, shorter for emergencies and for violence against women and children, which is
    confidential), each routed to its OPD. Returns every category by slug."""
    from ..modules.aspirasi import demo_data
    from ..modules.aspirasi.models import Category

    departments = {d.slug: d.id for d in db.session.execute(select(Department)).scalars()}
    have = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    for position, (slug, name, opd, sensitive, verify, respond, notice) in enumerate(demo_data.CATEGORIES):
        if slug not in have:
            have[slug] = Category(slug=slug, name=name, notice=notice, sensitive=sensitive, verify_days=verify,
                                  response_days=respond, position=position, department_id=departments.get(opd))
            db.session.add(have[slug])
    db.session.flush()
    return have


def ensure_emergency_numbers() -> int:
    """The national emergency and service numbers (kontak), when the region lists none yet."""
    from .demo import _NATIONAL_NUMBERS  # the demo's list is the national one: 110, 113, 118, 129, ...

    region = current_region()
    if region.emergency_numbers:
        return 0
    region.emergency_numbers = [dict(row) for row in _NATIONAL_NUMBERS]
    return len(region.emergency_numbers)


# Accounts without a password, and the link to choose one

# A password hash whose salt starts with this was made by `without_password`: no password was ever chosen.
# "!" is never in a salt Werkzeug makes (letters and digits), so no real hash can look like one.
NO_PASSWORD_MARK = "!unset!"


def new_account(name: str, email: str | None = None, phone: str | None = None) -> User:
    """A new account of the current region that nobody can sign in to until its owner chooses a password."""
    user = User(name=name, email=email, phone=phone)
    without_password(user)
    db.session.add(user)
    return user


def without_password(user: User) -> None:
    """Replace the account's password by none at all (every earlier link and session dies too).

    The hash stays a real one, of a long random secret that is thrown away, with a marked salt: signing in
    to the account takes as long as to any other (timing says nothing about it) and never succeeds, and
    `has_no_password` can tell such an account from one whose owner chose a password.
    """
    user.set_password(secrets.token_urlsafe(32))
    method, salt, digest = user.password_hash.split("$", 2)
    user.password_hash = f"{method}${NO_PASSWORD_MARK}{salt}${digest}"


def has_no_password(user: User) -> bool:
    """True while the account's owner has not chosen a password (see `without_password`)."""
    parts = (user.password_hash or "").split("$", 2)
    return len(parts) == 3 and parts[1].startswith(NO_PASSWORD_MARK)


def link_lifetime() -> int:
    """How long a set-password link works, in seconds."""
    return int(current_app.config["SET_PASSWORD_MAX_AGE"])


def lifetime_words(seconds: int | None = None) -> str:
    """"7 days", "1 hour", "30 minutes": the lifetime for people to read."""
    seconds = link_lifetime() if seconds is None else seconds
    if seconds >= 86400 and seconds % 86400 == 0:
        return ngettext("%(num)d day", "%(num)d days", seconds // 86400)
    if seconds >= 3600 and seconds % 3600 == 0:
        return ngettext("%(num)d hour", "%(num)d hours", seconds // 3600)
    return ngettext("%(num)d minute", "%(num)d minutes", max(1, seconds // 60))


def set_password_link(user: User, region: Region) -> str:
    """The one-time link on `region`'s own host with which `user` chooses a password.

    It works once (it carries the account's session version), for `link_lifetime()`, only on the region's
    hosts (an account belongs to one region), and is refused for a blocked account.
    """
    scheme, netloc, script = _address(region)
    adapter = current_app.url_map.bind(netloc, script_name=script, url_scheme=scheme)
    return adapter.build("accounts.reset_password", {"token": reset.make_token(user, invite=True)}, force_external=True)


def _address(region: Region) -> tuple[str, str, str]:
    """(scheme, host[:port], script root) of the region's own site: this request's when it is on one of the
    region's hosts (or the region has none), else the region's first host with this request's scheme and
    port (as in development, bogor.localhost:5000); https on the first host outside a request."""
    from .regions import normalise_host

    hosts = [row.host for row in region.hosts]
    if not has_request_context():
        return "https", hosts[0] if hosts else "localhost", "/"
    if not hosts or normalise_host(request.host) in hosts:
        return request.scheme, request.host, request.script_root or "/"
    _bare, colon, port = request.host.rpartition(":")
    keep_port = colon and port.isdigit() and port not in ("80", "443")
    return request.scheme, hosts[0] + (f":{port}" if keep_port else ""), request.script_root or "/"


def send_set_password_link(user: User, region: Region, link: str) -> list[str]:
    """Send `link` to the account's e-mail (else its phone, by SMS); returns where it went, [] for nowhere.

    Call after committing. The message names the region and the address to sign in with, never a password.
    """
    lifetime = lifetime_words()
    if user.email:
        body = _(
            "Hello %(name)s,\n\nAn account at %(region)s has been made for you. You sign in with %(login)s.\n\n"
            "Open this link to choose your password:\n\n%(link)s\n\n"
            "The link works once, within %(lifetime)s. If it has expired, choose “Forgot your password?” on the "
            "sign-in page to get a new one.",
            name=user.name, region=region.name, login=user.email, link=link, lifetime=lifetime)
        notify.deliver("mail", user.email, body,
                       subject=_("Your account at %(region)s: choose a password", region=region.name))
        return [user.email]
    if user.phone:
        notify.deliver("sms", user.phone, _(
            "%(region)s: an account has been made for you. Choose your password within %(lifetime)s at %(link)s",
            region=region.name, lifetime=lifetime, link=link))
        return [user.phone]
    return []

