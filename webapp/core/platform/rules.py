"""Regions as data: creating one, its host names (unique across the install) and an overview of all."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ...extensions import db
from .. import wilayah
from ..models import Area, Region, RegionHost, User
from ..regions import normalise_host
from ..staff.common import Refused, slugify

HOST_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def parse_hosts(text: str) -> list[str]:
    """One host per line, normalised ('https://Tangerang.example.id:443/' -> 'tangerang.example.id'), no repeats."""
    hosts = []
    for line in (text or "").splitlines():
        typed = line.strip()
        if not typed:
            continue
        bare = urlsplit(typed).netloc if "://" in typed else typed.split("/")[0]
        host = normalise_host(bare)
        if len(host) > 255 or not HOST_NAME.match(host):
            raise Refused(_("“%(host)s” is not a valid host name.", host=typed), field="hosts")
        if host not in hosts:
            hosts.append(host)
    if not hosts:
        raise Refused(_("Please give at least one host name."), field="hosts")
    return hosts


def check_hosts_free(hosts: list[str], region: Region | None = None) -> None:
    """Refuse host names another region already answers to."""
    query = select(RegionHost).where(RegionHost.host.in_(hosts))
    if region is not None:
        query = query.where(RegionHost.region_id != region.id)
    taken = db.session.execute(query).scalars().all()
    if taken:
        listed = ", ".join(sorted(f"{row.host} ({row.region.name})" for row in taken))
        raise Refused(
            ngettext("This host name is already used by another region: %(hosts)s.",
                     "These host names are already used by other regions: %(hosts)s.", len(taken), hosts=listed),
            field="hosts",
        )


def set_hosts(region: Region, hosts: list[str]) -> None:
    """Keep the rows of hosts that stay, so a host never leaves and returns in one flush (unique index)."""
    region.hosts = [row for row in region.hosts if row.host in hosts] + [
        RegionHost(host=host) for host in hosts if host not in {row.host for row in region.hosts}
    ]


def _check_unique(column, value, field: str, message: str) -> None:
    if db.session.execute(select(Region.id).where(column == value)).first() is not None:
        raise Refused(message, field=field)


def create_region(code, hosts, modules, name=None, slug=None, timezone=None, import_areas=True):
    """A new region from its Kemendagri code; returns (region, (kecamatan, villages) or None). Caller commits."""
    name = name or wilayah.lookup(code)
    slug = slug or slugify(name)
    _check_unique(Region.code, code, "code", _("Another region already has this code."))
    _check_unique(Region.slug, slug, "slug", _("Another region already uses the short name “%(slug)s”.", slug=slug))
    check_hosts_free(hosts)
    region = Region(
        code=code, name=name, slug=slug, kind=wilayah.region_kind(code) or "kota",
        timezone=timezone or wilayah.default_timezone(code), modules=list(modules),
        locales=list(current_app.config["LANGUAGES"]), emergency_numbers=[], settings={},
    )
    set_hosts(region, hosts)
    db.session.add(region)
    db.session.flush()
    counts = wilayah.import_areas(region) if import_areas else None
    return region, counts


def update_region(region: Region, hosts: list[str], modules: list[str]) -> None:
    """Change a region's host names and services. The caller commits."""
    check_hosts_free(hosts, region)
    set_hosts(region, hosts)
    region.modules = list(modules)


def regions_overview() -> list[dict]:
    """Every region with its number of accounts and areas, by name."""
    def counts(model):
        query = select(model.region_id, func.count()).group_by(model.region_id).execution_options(all_regions=True)
        return dict(db.session.execute(query).all())

    users, areas = counts(User), counts(Area)
    regions = db.session.execute(select(Region).order_by(Region.name)).scalars().all()
    return [{"region": r, "users": users.get(r.id, 0), "areas": areas.get(r.id, 0)} for r in regions]
