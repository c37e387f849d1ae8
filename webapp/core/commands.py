"""Operator commands: create-region, create-user, import-areas and seed-demo.

A region is created by `platform.rules.create_region`, the same rules as on the platform pages, which
refuse with `Refused`; the account rules here (`check_user`, `new_user`) raise ValueError with an
operator-facing sentence. The click commands only parse, call, commit and print. Output is plain English
for the person at the terminal, refusals included, and every failure exits non-zero.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from .queue import worker_command
from . import demo, wilayah
from .accounts.contact import InvalidContact, normalise_email, normalise_phone
from .models import TIMEZONES, Department, Region, Role, RoleGrant, User
from .platform import rules as region_rules
from .staff.common import Refused

MIN_PASSWORD_LENGTH = 8  # as on the sign-up form


def _one(statement):
    return db.session.execute(statement.execution_options(all_regions=True)).scalar()


@dataclass(frozen=True)
class UserDetails:
    """A checked, normalised account request, ready for `new_user`."""

    region: Region | None
    role: str | None
    department: Department | None
    email: str | None
    phone: str | None


def check_user(region_slug=None, role=None, department_slug=None, email=None, phone=None,
               platform_admin=False) -> UserDetails:
    """Validate a create-user request before asking for a password; raises ValueError saying what is wrong."""
    if platform_admin and (region_slug or role or department_slug):
        raise ValueError("A platform admin has no --region, --role or --department.")
    region = None if platform_admin else region_by_slug(region_slug)
    department = None
    if role == Role.DEPARTMENT_OFFICER and not department_slug:
        raise ValueError("The opd role needs --department (the OPD's slug).")
    if department_slug:
        department = _one(select(Department).where(Department.region_id == region.id,
                                                   Department.slug == department_slug))
        if department is None:
            raise ValueError(f"Region {region.slug!r} has no department {department_slug!r}.")
    if not (email or phone):
        raise ValueError("Give --email or --phone (or both).")
    try:
        email = normalise_email(email) if email else None
    except InvalidContact as exc:
        raise ValueError(f"{email!r} is not a valid e-mail address.") from exc
    try:
        phone = normalise_phone(phone) if phone else None
    except InvalidContact as exc:
        raise ValueError(f"{phone!r} is not a valid phone number.") from exc
    region_id = region.id if region else None
    same_region = User.region_id.is_(None) if region_id is None else User.region_id == region_id
    for column, value in ((User.email, email), (User.phone, phone)):
        if value and _one(select(User.id).where(same_region, column == value)):
            raise ValueError(f"An account with {value} already exists there.")
    return UserDetails(region, role, department, email, phone)


def new_user(details: UserDetails, name: str, password: str) -> User:
    """Create the account described by `details` with `password` (and its role, if any)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    region_id = details.region.id if details.region else None
    user = User(region_id=region_id, name=name, email=details.email, phone=details.phone,
                is_platform_admin=details.region is None)
    user.set_password(password)
    if details.role:
        department_id = details.department.id if details.department else None
        user.roles.append(RoleGrant(role=details.role, region_id=region_id, department_id=department_id))
    db.session.add(user)
    return user


def region_by_slug(slug: str | None) -> Region:
    """The region with `slug`; ValueError when missing."""
    if not slug:
        raise ValueError("Give --region SLUG (or --platform-admin).")
    region = _one(select(Region).where(Region.slug == slug))
    if region is None:
        raise ValueError(f"No region with slug {slug!r}.")
    return region


def _run(call, *args, **kwargs):
    """Call a rule function, in English; a refusal becomes a clean non-zero exit with nothing written."""
    try:
        with force_locale("en"):
            return call(*args, **kwargs)
    except (Refused, ValueError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [part.strip() for part in value.split(",") if part.strip()]


@click.command("create-region")
@click.option("--code", required=True, help="Kemendagri kabupaten/kota code, e.g. 36.71.")
@click.option("--slug", help="Short name for files and URLs; derived from the name when omitted.")
@click.option("--name", help="Display name; the official name when omitted.")
@click.option("--host", "hosts", multiple=True, help="A host name that serves this region (repeatable).")
@click.option("--timezone", type=click.Choice(TIMEZONES), help="Defaults to the province's zone.")
@click.option("--color", default=region_rules.DEFAULT_COLOR, show_default=True, help="Theme colour, #rrggbb.")
@click.option("--modules", help="Comma-separated module names; defaults to every default-enabled module.")
@click.option("--languages", default="id,en", show_default=True, help="Comma-separated; the first is the default.")
@with_appcontext
def create_region(code, slug, name, hosts, timezone, color, modules, languages):
    """Create a region from its Kemendagri code and import its kecamatan and kelurahan/desa."""
    region, (n_kecamatan, n_villages) = _run(
        region_rules.create_region, code, hosts, _split(modules), name=name, slug=slug, timezone=timezone,
        color=color, languages=_split(languages),
    )
    db.session.commit()
    hosts_text = ", ".join(h.host for h in region.hosts) or "(none: any host, while it is the only region)"
    click.echo(f"Created region {region.slug}: {region.name} ({region.code}, {region.kind})")
    click.echo(f"  hosts:     {hosts_text}")
    click.echo(f"  timezone:  {region.timezone}")
    click.echo(f"  languages: {', '.join(region.locales)}")
    click.echo(f"  modules:   {', '.join(region.modules) or '(none)'}")
    click.echo(f"  areas:     {n_kecamatan} kecamatan, {n_villages} kelurahan/desa")


@click.command("create-user")
@click.option("--region", "region_slug", help="The region's slug (not with --platform-admin).")
@click.option("--role", type=click.Choice(Role.ALL), help="A staff role; without one the account is a citizen's.")
@click.option("--department", "department_slug", help="The OPD's slug; required for the opd role.")
@click.option("--name", required=True)
@click.option("--email")
@click.option("--phone", help="An Indonesian number in any common format; stored as +62….")
@click.option("--password", help="Asked for (hidden, twice) when omitted.")
@click.option("--platform-admin", is_flag=True, help="An account for every region, with no region of its own.")
@with_appcontext
def create_user(region_slug, role, department_slug, name, email, phone, password, platform_admin):
    """Create an account: a citizen, a region's staff member, or a platform admin."""
    details = _run(check_user, region_slug, role, department_slug, email, phone, platform_admin)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = _run(new_user, details, name, password)
    db.session.commit()
    if details.region is None:
        click.echo(f"Created platform admin account {user.email or user.phone}.")
    else:
        kind = role or "citizen"
        click.echo(f"Created {kind} account {user.email or user.phone} in region {details.region.slug}.")


@click.command("import-areas")
@click.option("--region", "region_slug", required=True, help="The region's slug.")
@with_appcontext
def import_areas(region_slug):
    """Create or update the region's kecamatan and kelurahan/desa from the vendored Kemendagri codes."""
    region = _run(region_by_slug, region_slug)
    n_kecamatan, n_villages = _run(wilayah.import_areas, region)
    db.session.commit()
    click.echo(f"{region.name}: {n_kecamatan} kecamatan, {n_villages} kelurahan/desa.")


@click.command("seed-demo")
@click.option("--with-second-region", is_flag=True, help="Also a small Kota Bogor on bogor.localhost.")
@with_appcontext
def seed_demo(with_second_region):
    """Create or update the demo region, its areas, OPD and one account per role (safe to run again)."""
    password = os.environ.get("DEMO_PASSWORD") or demo.DEFAULT_PASSWORD
    accounts = _run(demo.seed, password=password, second_region=with_second_region)
    db.session.commit()
    click.echo(f"Demo data ready. Password of every account: {password}")
    click.echo(f"{'Role':<28}{'Sign in with':<46}Region (host)")
    for account, region, host in accounts:
        login = account.email + (f" or {account.phone}" if account.phone else "")
        place = f"{region.name} ({host})" if region is not None else "every region"
        click.echo(f"{account.label:<28}{login:<46}{place}")


COMMANDS = [create_region, create_user, import_areas, seed_demo, worker_command]
