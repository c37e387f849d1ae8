"""Operator commands: onboard-region, create-region, create-user, import-areas, region-export, region-import,
suspend-region, unsuspend-region and seed-demo.

A region is created by `platform.rules.create_region`, the same rules as on the platform pages, which
refuse with `Refused`; the account rules here (`check_user`, `new_user`) raise ValueError with an
operator-facing sentence. The click commands only parse, call, commit and print. Output is plain English
for the person at the terminal, refusals included, and every failure exits non-zero.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from .queue import wait_for_jobs, worker_command
from . import demo, onboarding, region_bundle, wilayah
from .accounts.contact import InvalidContact, normalise_email, normalise_phone
from .models import TIMEZONES, Department, Region, RegionHost, Role, RoleGrant, User
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


@click.command("onboard-region")
@click.option("--code", required=True, help="Kemendagri kabupaten/kota code, e.g. 36.71.")
@click.option("--host", "hosts", multiple=True, required=True, help="A host name that serves this region (repeatable).")
@click.option("--admin-email", required=True, help="The region administrator's e-mail; the set-password link goes there.")
@click.option("--admin-name", help="The administrator's name; 'Administrator <region>' when omitted.")
@click.option("--name", help="Display name; the official name when omitted.")
@click.option("--modules", help="Comma-separated module names; defaults to every default-enabled module.")
@with_appcontext
def onboard_region(code, hosts, admin_email, admin_name, name, modules):
    """Create a ready region in one step: areas, OPD, module defaults and an administrator with a one-time
    link to choose a password (printed, and sent to the e-mail)."""
    done = _run(onboarding.onboard_region, code, hosts, admin_email, name=name, modules=_split(modules),
                admin_name=admin_name)
    db.session.commit()
    with force_locale("en"):
        sent_to = onboarding.send_set_password_link(done.admin, done.region, done.link)
        lifetime = onboarding.lifetime_words()
    wait_for_jobs(current_app._get_current_object())
    region, counts = done.region, done.defaults
    click.echo(f"Onboarded region {region.slug}: {region.name} ({region.code}, {region.kind})")
    click.echo(f"  hosts:       {', '.join(h.host for h in region.hosts)}")
    click.echo(f"  modules:     {', '.join(region.modules) or '(none)'}")
    click.echo(f"  areas:       {done.kecamatan} kecamatan, {done.villages} kelurahan/desa")
    click.echo(f"  OPD:         {counts['departments']}")
    click.echo(f"  categories:  {counts['categories']} (Aspirasi)")
    click.echo(f"  commodities: {counts['commodities']} (Harga)")
    click.echo(f"  admin:       {done.admin.email} (no password yet)")
    click.echo(f"One-time link to choose the password (works once, within {lifetime}):")
    click.echo(f"  {done.link}")
    if sent_to:
        click.echo(f"The link was also sent to {', '.join(sent_to)}.")


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


def region_by_host(host: str) -> Region:
    """The region answering to `host`; ValueError when none does."""
    from .platform.hosts import parse_hosts

    try:
        hosts = parse_hosts([host])
    except Refused as refusal:
        raise ValueError(refusal.message) from None
    row = _one(select(RegionHost).where(RegionHost.host.in_(hosts))) if hosts else None
    if row is None:
        raise ValueError(f"No region answers to the host {host!r}.")
    return row.region


@click.command("region-export")
@click.option("--host", required=True, help="A host name of the region to export.")
@click.argument("file", type=click.File("wb"))
@with_appcontext
def region_export(host, file):
    """Write the region's set-up (settings, branding, areas, OPD, categories, markets...) to FILE as JSON ('-': stdout)."""
    region = _run(region_by_host, host)
    bundle = region_bundle.export_bundle(region)
    file.write(region_bundle.dumps(bundle))
    click.echo(f"Exported {region.name}: {len(bundle['areas'])} areas, {len(bundle['departments'])} OPD, "
               f"{len(bundle['aspirasi']['categories'])} categories, {len(bundle['harga']['markets'])} markets, "
               f"{len(bundle['harga']['commodities'])} commodities.", err=True)


@click.command("region-import")
@click.option("--host", required=True, help="The host of the region to import into.")
@click.option("--code", help="Create the region with this Kemendagri code (and --host) first, if no region has the host.")
@click.option("--admin-email", help="With --code: also an administrator, with a one-time link to choose a password.")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def region_import(host, code, admin_email, file):
    """Import a region bundle from FILE into the region of --host (or a new one with --code)."""
    data = file.read(region_bundle.MAX_BYTES + 1)
    _run(region_bundle.parse, data)  # a bad file is refused before any region is created
    created = None
    try:
        region = region_by_host(host)
        if code and region.code != code:
            raise click.ClickException(f"The host {host} already serves {region.name} ({region.code}), not {code}.")
    except ValueError as exc:
        if not code:
            raise click.ClickException(f"{exc} Give --code to create the region.") from exc
        if admin_email:
            created = _run(onboarding.onboard_region, code, [host], admin_email)
            region = created.region
        else:
            region, _counts = _run(region_rules.create_region, code, [host])
    result = _run(region_bundle.import_bundle, region, data)
    db.session.commit()
    result.cleanup()
    with force_locale("en"):
        click.echo(f"Imported into {region.name} ({host}): {result.summary()}")
        for note in result.skipped:
            click.echo(f"  note: {note}")
        if created is not None:
            sent_to = onboarding.send_set_password_link(created.admin, region, created.link)
            click.echo(f"Administrator {created.admin.email}: one-time link to choose the password "
                       f"(works once, within {onboarding.lifetime_words()}):")
            click.echo(f"  {created.link}")
            if sent_to:
                click.echo(f"The link was also sent to {', '.join(sent_to)}.")
    wait_for_jobs(current_app._get_current_object())


@click.command("suspend-region")
@click.option("--host", required=True, help="A host name of the region.")
@click.option("--reason", required=True, help="Why (seen by platform admins only).")
@with_appcontext
def suspend_region(host, reason):
    """Suspend a region: every page of its hosts says the service is temporarily unavailable."""
    region = _run(region_by_host, host)
    _run(region_rules.suspend_region, region, reason)
    db.session.commit()
    click.echo(f"Suspended {region.name}.")


@click.command("unsuspend-region")
@click.option("--host", required=True, help="A host name of the region.")
@with_appcontext
def unsuspend_region(host):
    """Serve a suspended region again."""
    region = _run(region_by_host, host)
    region_rules.unsuspend_region(region)
    db.session.commit()
    click.echo(f"{region.name} is served again.")


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


COMMANDS = [onboard_region, create_region, create_user, import_areas, region_export, region_import, suspend_region,
            unsuspend_region, seed_demo, worker_command]
