"""The staff menu: entries from the region's enabled modules plus the core administration pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..models import Role
from ..modules import StaffLink, enabled_modules

ADMIN_LINKS = (
    StaffLink("staff.region_settings", _l("Region settings"), (Role.REGION_ADMIN,)),
    StaffLink("staff.areas", _l("Areas"), (Role.REGION_ADMIN,)),
    StaffLink("staff.departments", _l("Departments (OPD)"), (Role.REGION_ADMIN,)),
    StaffLink("staff.users", _l("Staff accounts"), (Role.REGION_ADMIN,)),
    StaffLink("staff.home_cards", _l("Home page cards"), (Role.REGION_ADMIN,)),
    StaffLink("staff.api_keys", _l("API keys and Open311"), (Role.REGION_ADMIN,)),
    StaffLink("staff.audit_log", _l("Audit log"), (Role.REGION_ADMIN,)),
)
# No roles: has_role() is then true only for platform admins.
PLATFORM_LINK = StaffLink("platform.regions", _l("Platform administration"), ())


def module_links(user, modules) -> list[StaffLink]:
    """The enabled modules' staff entries that `user` may open, in registry order."""
    return [link for module in modules for link in module.staff_links if user.has_role(*link.roles)]


def admin_links(user) -> list[StaffLink]:
    """The core administration entries `user` may open."""
    return [link for link in (*ADMIN_LINKS, PLATFORM_LINK) if user.has_role(*link.roles)]


def staff_menu(user) -> dict[str, list[StaffLink]]:
    """Both groups of the menu for `user` in the current region."""
    if not getattr(user, "is_authenticated", False):
        return {"modules": [], "admin": []}
    return {"modules": module_links(user, enabled_modules()), "admin": admin_links(user)}


def is_current(link: StaffLink, endpoint: str | None) -> bool:
    """A page belongs to a menu entry when its endpoint is the entry's or extends it ('staff.users_new')."""
    if not endpoint:
        return False
    prefixes = (link.endpoint + "_", *link.also)
    return endpoint == link.endpoint or endpoint.startswith(prefixes)
