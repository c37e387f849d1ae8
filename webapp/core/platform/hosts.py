"""Host names: one way to read what people type, and the rule that a host serves a single region."""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ...extensions import db
from ..models import Region, RegionHost
from ..regions import normalise_host
from ..staff.common import Refused

HOST_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def parse_hosts(typed: Iterable[str]) -> list[str]:
    """Host names as typed, normalised ('https://Tangerang.example.id:443/' -> 'tangerang.example.id').

    Blank entries are skipped and repeats dropped; anything that is not a host name is refused.
    """
    hosts = []
    for text in typed:
        text = text.strip()
        if not text:
            continue
        try:
            bare = urlsplit(text).netloc if "://" in text else text.split("/")[0]
        except ValueError:  # a broken [IPv6] part, such as "http://[x"
            bare = ""
        host = normalise_host(bare)
        if len(host) > 255 or not HOST_NAME.match(host):
            raise Refused(_("“%(host)s” is not a valid host name.", host=text), field="hosts")
        if host not in hosts:
            hosts.append(host)
    return hosts


def check_hosts_free(hosts: list[str], region: Region | None = None) -> None:
    """Refuse host names another region already answers to."""
    if not hosts:
        return
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


def add_hosts(region: Region, hosts: list[str]) -> None:
    """Give `region` the hosts it does not have yet, keeping those it has; refused if another region has one."""
    have = [row.host for row in region.hosts]
    new = [host for host in hosts if host not in have]
    check_hosts_free(new)
    set_hosts(region, have + new)
