"""Forms of the areas editor: a new kecamatan or kelurahan/desa, and a new name for one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import BaseForm, strip
from ..idempotency import new_key

NAME_MAX = 120  # Area.name
CODE_MAX = 16  # Area.code


class AreaNameForm(BaseForm):
    """A new name for an area."""

    name = StringField(_l("Name"), [DataRequired(_l("Please give the area a name.")), Length(max=NAME_MAX)],
                       filters=[strip], render_kw={"maxlength": NAME_MAX, "autocomplete": "off"})


class NewAreaForm(AreaNameForm):
    """A new kecamatan, or a new kelurahan/desa of one, with its Kemendagri code."""

    idempotency_key = HiddenField(default=new_key)
    code = StringField(_l("Code"), [DataRequired(_l("Please give the area its code.")), Length(max=CODE_MAX)],
                       filters=[strip], render_kw={"maxlength": CODE_MAX, "autocomplete": "off",
                                                   "inputmode": "decimal", "spellcheck": "false"})
