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
MAX_GROUP_LENGTH = 60


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
    """'Pemadam kebakaran = 113' per line -> [{'label': 'Pemadam kebakaran', 'number': '113', 'group': ''}].

    A line ending with a colon ('Rumah sakit:') is a group heading for the numbers below it, until the
    next heading; numbers above the first heading have no group (''). Blank lines are skipped. Raises
    ValueError with a translated message naming the first bad line.
    """
    rows = []
    group = ""
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.endswith(":") and "=" not in line:
            group = line[:-1].strip()
            if not group:
                raise ValueError(_("Line %(line)d: write a group heading as a name and a colon, "
                                   "for example “Rumah sakit:”.", line=line_no))
            if len(group) > MAX_GROUP_LENGTH:
                raise ValueError(_("Line %(line)d: the group heading is longer than %(max)d characters.",
                                   line=line_no, max=MAX_GROUP_LENGTH))
            continue
        label, sep, number = line.rpartition("=")
        label, number = label.strip(), number.strip()
        if not sep or not label or not number:
            raise ValueError(_("Line %(line)d: write it as “label = number”.", line=line_no))
        if not is_phone_like(number):
            raise ValueError(_("Line %(line)d: a number may contain only digits, spaces, + and -.", line=line_no))
        if len(label) > 80:
            raise ValueError(_("Line %(line)d: the label is longer than 80 characters.", line=line_no))
        rows.append({"label": label, "number": number, "group": group})
    if len(rows) > MAX_EMERGENCY_NUMBERS:
        raise ValueError(_("Please list at most %(max)d numbers.", max=MAX_EMERGENCY_NUMBERS))
    # stored in the order they are shown: a heading used twice gathers its numbers in one place
    return [row for _group, members in group_emergency_numbers(rows) for row in members]


def group_emergency_numbers(rows) -> list[tuple[str, list[dict]]]:
    """[(group, rows)]: the numbers without a group first (group ''), then each group in order of first
    appearance. Rows stored before groups existed have no 'group' key and count as ungrouped."""
    groups: dict[str, list[dict]] = {"": []}
    for row in rows or []:
        groups.setdefault((row.get("group") or "").strip(), []).append(row)
    return [(name, members) for name, members in groups.items() if members]


def format_emergency_numbers(rows) -> str:
    """The stored list back as 'label = number' lines, each group under its 'Group:' heading."""
    blocks = []
    for group, members in group_emergency_numbers(rows):
        lines = [f"{group}:"] if group else []
        lines += [f"{row['label']} = {row['number']}" for row in members]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class EmergencyNumbersField(TextAreaField):
    """A textarea of 'label = number' lines and 'Group:' headings holding a list of
    {'label', 'number', 'group'} dicts."""

    def process_formdata(self, valuelist):
        """Parse the lines; a ValueError becomes the field's error message."""
        self.data = []
        if valuelist:
            self.data = parse_emergency_numbers(valuelist[0])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_emergency_numbers(self.data)
