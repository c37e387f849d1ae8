"""Form fields the staff area needs beyond WTForms' own."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import strip

PHONE_LIKE = re.compile(r"^\+?[0-9][0-9 \-]*$")
MAX_EMERGENCY_NUMBERS = 20


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes, one per choice; nothing ticked means an empty list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def phone_field(label) -> StringField:
    """An optional phone number as people write it: digits, spaces, + and - only."""
    return StringField(
        label,
        [Optional(), Length(max=32), Regexp(PHONE_LIKE, message=_l("Use only digits, spaces, + and -."))],
        filters=[strip],
    )


def is_phone_like(number: str) -> bool:
    """Digits, spaces, '+' and '-' only, with at least three digits (110, 112 and 113 are real numbers)."""
    return bool(PHONE_LIKE.match(number)) and sum(c.isdigit() for c in number) >= 3 and len(number) <= 20


def parse_emergency_numbers(text: str) -> list[dict]:
    """'Pemadam kebakaran = 113' per line -> [{'label': 'Pemadam kebakaran', 'number': '113'}].

    Blank lines are skipped. Raises ValueError with a translated message naming the first bad line.
    """
    rows = []
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, number = line.rpartition("=")
        label, number = label.strip(), number.strip()
        if not sep or not label or not number:
            raise ValueError(_("Line %(line)d: write it as “label = number”.", line=line_no))
        if not is_phone_like(number):
            raise ValueError(_("Line %(line)d: a number may contain only digits, spaces, + and -.", line=line_no))
        if len(label) > 80:
            raise ValueError(_("Line %(line)d: the label is longer than 80 characters.", line=line_no))
        rows.append({"label": label, "number": number})
    if len(rows) > MAX_EMERGENCY_NUMBERS:
        raise ValueError(_("Please list at most %(max)d numbers.", max=MAX_EMERGENCY_NUMBERS))
    return rows


def format_emergency_numbers(rows) -> str:
    """The stored list back as 'label = number' lines."""
    return "\n".join(f"{row['label']} = {row['number']}" for row in rows or [])


class EmergencyNumbersField(TextAreaField):
    """A textarea of 'label = number' lines holding a list of {'label', 'number'} dicts."""

    def process_formdata(self, valuelist):
        """Parse the lines; a ValueError becomes the field's error message."""
        self.data = []
        if valuelist:
            self.data = parse_emergency_numbers(valuelist[0])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_emergency_numbers(self.data)
