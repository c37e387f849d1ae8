"""The audit log for region admins (`/staf/audit`): searched, a hundred rows a page, and downloaded as CSV.

Platform admins read it too, on the host of the region they are looking at: the region of the request is the
region of the log.
"""
from __future__ import annotations

from flask import Response, current_app, g, request

from ..audit import ACTION_LABELS
from ..auth import roles_required
from ..clock import region_today
from ..models import Role
from ..rendering import render
from . import bp
from .audit_forms import AuditFilterForm
from .audit_log import audit_page, csv_labels, csv_rows, describe, object_type_label, object_types, words

admin_only = roles_required(Role.REGION_ADMIN)


def _search() -> tuple[AuditFilterForm, bool]:
    form = AuditFilterForm(formdata=request.args)
    form.fill(object_types(g.region))
    return form, form.validate()


def _page(form: AuditFilterForm, status: int):
    rows, older = audit_page(g.region, form.filters(), request.args.get("sebelum", type=int))
    vocabulary = words()
    response = render("staff/audit.html", status=status, form=form, args=form.query_args(), older=older,
                      entries=[(row, describe(row, vocabulary)) for row in rows], actions=ACTION_LABELS,
                      type_label=object_type_label)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/audit")
@admin_only
def audit_log():
    """The region's log, newest first (`?sebelum=<id>` for older rows), narrowed by the search."""
    form, valid = _search()
    return _page(form, 200 if valid else 422)


@bp.get("/audit/unduh")
@admin_only
def audit_export():
    """The rows the search finds, all of them, as a CSV file written while it downloads."""
    form, valid = _search()
    if not valid:
        return _page(form, 422)
    app = current_app._get_current_object()
    body = csv_rows(app, g.region.id, form.filters(), csv_labels())
    response = Response(body, mimetype="text/csv")
    filename = f"audit-{g.region.slug}-{region_today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

