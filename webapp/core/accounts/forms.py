"""Forms for signing up, signing in, resetting a password and editing an account.

Length limits sit on every field, so absurdly long input is a message beside the field, never a 500.
Fields keep what was typed; the stored forms of phone and e-mail come from `contacts()`.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from ..forms import BaseForm, strip
from ..i18n import offered_locales
from .contact import EMAIL_MAX, InvalidContact, normalise_email, normalise_phone

PASSWORD_MIN = 8
PASSWORD_MAX = 200  # long passphrases are welcome; megabytes of hashing input are not


def _new_password(label):
    return PasswordField(
        label,
        [DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX)],
        render_kw={"autocomplete": "new-password"},
    )


def _confirmation(other: str):
    return PasswordField(
        _l("Password again"),
        [DataRequired(), EqualTo(other, message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


def _login_field():
    return StringField(
        _l("Mobile phone number or e-mail"),
        [DataRequired(), Length(max=EMAIL_MAX)],
        filters=[strip],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


class ContactForm(BaseForm):
    """A name plus a phone number and/or an e-mail address: at least one, so we can reach the person."""

    name = StringField(
        _l("Your name"), [DataRequired(), Length(max=120)], filters=[strip], render_kw={"autocomplete": "name"}
    )
    phone = TelField(
        _l("Mobile phone number"),
        [Optional(), Length(max=32)],
        filters=[strip],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    email = EmailField(
        _l("E-mail address"),
        [Optional(), Length(max=EMAIL_MAX)],
        filters=[strip],
        render_kw={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"},
    )

    def validate_phone(self, field):
        try:
            normalise_phone(field.data)
        except InvalidContact:
            raise ValidationError(_l("This is not a phone number we can use. Example: 0812-3456-7890."))

    def validate_email(self, field):
        try:
            normalise_email(field.data)
        except InvalidContact:
            raise ValidationError(_l("This is not a valid e-mail address. Example: nama@contoh.id."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.phone.data and not self.email.data:
            self.phone.errors.append(_l("Please give a mobile phone number or an e-mail address."))
            return False
        return valid

    def mark_taken(self, field: str) -> None:
        """Put the "already has an account" message beside the phone or e-mail field."""
        if field == "phone":
            self.phone.errors.append(_l("This phone number already has an account. Sign in, or ask for a new password."))
        else:
            self.email.errors.append(_l("This e-mail address already has an account. Sign in, or ask for a new password."))

    def contacts(self) -> tuple[str | None, str | None]:
        """(phone, email) in their stored forms; call after a successful validate()."""
        phone = normalise_phone(self.phone.data) if self.phone.data else None
        email = normalise_email(self.email.data) if self.email.data else None
        return phone, email


class RegisterForm(ContactForm):
    password = _new_password(_l("Password"))
    confirm = _confirmation("password")
    idempotency_key = HiddenField()
    next = HiddenField()


class LoginForm(BaseForm):
    login = _login_field()
    password = PasswordField(
        _l("Password"), [DataRequired(), Length(max=PASSWORD_MAX)], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ForgotPasswordForm(BaseForm):
    login = _login_field()


class ResetPasswordForm(BaseForm):
    password = _new_password(_l("New password"))
    confirm = _confirmation("password")


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        [DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password(_l("New password"))
    confirm = _confirmation("new_password")


class LanguageForm(BaseForm):
    locale = SelectField(_l("Language"), [DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = current_app.config["LANGUAGES"]
        # Each language is named in itself, so someone who cannot read the current one still finds theirs.
        self.locale.choices = [(code, names[code]) for code in offered_locales()]
