"""The platform administration (`/platform/`): every region of the install, for platform admins only."""
from flask import Blueprint

bp = Blueprint("platform", __name__, url_prefix="/platform")

from . import views  # noqa: E402,F401  (routes)
