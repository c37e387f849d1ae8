"""Phone numbers and e-mail addresses as people type them, turned into the one form we store.

Phones are stored in E.164 (+6281234567890) whatever way they were typed (0812-3456-7890,
+62 812…, 62812…); e-mail addresses are validated and lowercased, so one person cannot end up with
two accounts that differ only in spelling.
"""
from __future__ import annotations

from typing import NamedTuple

import phonenumbers
from email_validator import EmailNotValidError, validate_email

PHONE_REGION = "ID"
EMAIL_MAX = 120  # the width of User.email


class InvalidContact(ValueError):
    """The text is not a phone number or e-mail address we can use."""


class Contact(NamedTuple):
    kind: str  # "phone" or "email"
    value: str


def normalise_phone(text: str) -> str:
    """'0812-3456-7890' -> '+6281234567890'. Raises InvalidContact for anything that is not a real number."""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidContact(text) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(text: str) -> str:
    """'Siti@Example.ID ' -> 'siti@example.id'. No DNS look-up: sign-up must work offline-first and fast."""
    try:
        address = validate_email(text.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidContact(text) from exc
    if len(address) > EMAIL_MAX:
        raise InvalidContact(text)
    return address


def parse_contact(text: str) -> Contact:
    """A sign-in name: an e-mail address when it has an @, otherwise a phone number."""
    text = (text or "").strip()
    if "@" in text:
        return Contact("email", normalise_email(text))
    return Contact("phone", normalise_phone(text))


def display_phone(e164: str | None) -> str:
    """How people read a stored number: national form for Indonesian numbers (0812-3456-7890), else +cc …"""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == PHONE_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
