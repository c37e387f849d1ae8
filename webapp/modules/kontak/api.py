"""Open data of Kontak: the region's important numbers at /api/v1/numbers, in the order the /kontak/ page
shows them: 112 (the national emergency number) first, then the numbers without a group, then each group.

Kontak's blueprint lives under /kontak, and a blueprint (nested ones too) puts its prefix before every
rule, so the route is added to the app when the blueprint is registered, under an endpoint of the
blueprint ("kontak.api_numbers"): Flask then runs the blueprint's before_request functions for it, among
them the module's "only where enabled" guard, exactly as for /kontak/.

A small list, not paged; it keeps the list envelope (next_cursor and next always null) like every other
list. The region's numbers carry no edit time, so the answer has an ETag and no Last-Modified.
"""
from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from ...core.api.http import page
from ...core.api.schema import NOT_FOUND, NOT_MODIFIED, json_content, nullable, obj, ref
from ...core.templating import number_groups, tel_uri
from . import bp

EMERGENCY = "112"


def numbers() -> list[dict]:
    """[{group, label, number, tel}]: 112, the ungrouped numbers, then each group (group null when none)."""
    rows = [{"group": None, "label": _("National emergency number"), "number": EMERGENCY,
             "tel": tel_uri(EMERGENCY)}]
    for group, members in number_groups(g.region.emergency_numbers):
        rows += [{"group": group or None, "label": str(row.get("label") or ""), "number": str(row.get("number") or ""),
                  "tel": tel_uri(str(row.get("number") or ""))} for row in members]
    return rows


def api_numbers():
    """The region's important numbers, 112 first."""
    return page(numbers(), None)


@bp.record
def _register(state) -> None:
    """/api/v1/numbers on the app itself (outside /kontak), as an endpoint of this blueprint."""
    name = f"{state.name_prefix}.{state.name}".lstrip(".")
    state.app.add_url_rule("/api/v1/numbers", f"{name}.api_numbers", api_numbers, methods=["GET"])


def openapi() -> dict:
    number = obj({
        "group": nullable("string", description=_("The heading it is listed under; null for none.")),
        "label": {"type": "string"},
        "number": {"type": "string", "description": _("As the region writes it, e.g. 021 5555 0001.")},
        "tel": {"type": "string", "pattern": r"^tel:\+?[0-9]*$", "description": _("The number to dial, as a URI.")},
    })
    # Not paged: the page envelope with next_cursor and next always null.
    numbers_page = obj({"items": {"type": "array", "items": ref("KontakNumber")},
                        "next_cursor": {"type": "null"}, "next": {"type": "null"}})
    paths = {"/api/v1/numbers": {"get": {
        "operationId": "kontakNumbers",
        "summary": _("Important numbers, 112 first"),
        "description": _("Every number of the region in the order its page shows them; not paged."),
        "responses": {"200": json_content(ref("KontakNumberList"), _("The numbers.")),
                      "304": NOT_MODIFIED, "404": NOT_FOUND},
    }}}
    return {"paths": paths, "schemas": {"KontakNumber": number, "KontakNumberList": numbers_page}}
