"""Words for codes: roles, time zones, region kinds, modules and languages, as form choices and labels."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.services import ROLE_LABELS  # one wording of the roles for the whole app
from ..i18n import catalogue_languages
from ..models import REGION_KINDS, TIMEZONES, Role

TIMEZONE_LABELS = {
    "Asia/Jakarta": _l("WIB, Western Indonesia Time (Asia/Jakarta)"),
    "Asia/Makassar": _l("WITA, Central Indonesia Time (Asia/Makassar)"),
    "Asia/Jayapura": _l("WIT, Eastern Indonesia Time (Asia/Jayapura)"),
}

KIND_LABELS = {"kota": _l("Kota (city)"), "kabupaten": _l("Kabupaten (regency)")}


def role_label(role: str) -> str:
    """The role in words; an unknown code is shown as it is rather than hidden."""
    return str(ROLE_LABELS.get(role, role))


def grant_label(grant) -> str:
    """'Department officer, DPUPR' for a grant tied to a department, else the role alone."""
    if grant.department is None:
        return role_label(grant.role)
    department = grant.department.short_name or grant.department.name
    return _("%(role)s, %(department)s", role=role_label(grant.role), department=department)


def role_choices() -> list[tuple[str, str]]:
    """Every staff role as (code, label)."""
    return [(role, role_label(role)) for role in Role.ALL]


def timezone_choices() -> list[tuple[str, object]]:
    """Indonesia's three time zones, with WIB/WITA/WIT in the label."""
    return [(tz, TIMEZONE_LABELS[tz]) for tz in TIMEZONES]


def kind_choices() -> list[tuple[str, object]]:
    """Kota or kabupaten."""
    return [(kind, KIND_LABELS[kind]) for kind in REGION_KINDS]


def module_choices() -> list[tuple[str, object]]:
    """Every registered civic module as (name, label)."""
    from ...modules import MODULES

    return [(module.name, module.label) for module in MODULES]


def module_labels(names) -> list[str]:
    """Labels of the named modules in registry order; names no longer registered are left out."""
    return [str(label) for name, label in module_choices() if name in (names or [])]


def language_choices() -> list[tuple[str, str]]:
    """The languages this install has catalogues for (a region offers some of them)."""
    return list(catalogue_languages().items())
