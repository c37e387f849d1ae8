"""Staff pages of Aspirasi: inbox, verification, disposition, answers."""
from ...core.auth import roles_required
from ...core.models import Role
from ...core.rendering import render
from . import bp


@bp.get("/staf/aspirasi/")
@roles_required(Role.REGION_ADMIN, Role.DEPARTMENT_OFFICER)
def staff_inbox():
    return render("aspirasi/staff/inbox.html")
