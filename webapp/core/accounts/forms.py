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
from . import passwords
from .contact import EMAIL_MAX, InvalidContact, normalise_email, normalise_phone

PASSWORD_MIN = 8
PASSWORD_MAX = 200  # long passphrases are welcome; megabytes of hashing input are not


def _new_password(label):
    return PasswordField(
        label,
        [DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX)],
        render_kw={"autocomplete": "new-password"},
    )


def _check_new_password(field, personal: list[str]) -> None:
    if field.data and not field.errors:
        message = passwords.problem(field.data, personal)
        if message:
            raise ValidationError(message)


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

    def validate_password(self, field):
        phone = email = None
        try:
            phone = normalise_phone(self.phone.data) if self.phone.data else None
        except InvalidContact:
            pass
        try:
            email = normalise_email(self.email.data) if self.email.data else None
        except InvalidContact:
            pass
        _check_new_password(field, passwords.personal_words(self.name.data, phone or self.phone.data, email))


class _ForUser(BaseForm):
    """A form that sets a password for a known account (`user=`), so the password can be checked against
    that account's name, phone and e-mail."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def _personal(self) -> list[str]:
        user = self.user
        return passwords.personal_words(user.name, user.phone, user.email) if user is not None else []


class LoginForm(BaseForm):
    login = _login_field()
    password = PasswordField(
        _l("Password"), [DataRequired(), Length(max=PASSWORD_MAX)], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ForgotPasswordForm(BaseForm):
    login = _login_field()


class ResetPasswordForm(_ForUser):
    password = _new_password(_l("New password"))
    confirm = _confirmation("password")

    def validate_password(self, field):
        _check_new_password(field, self._personal())


class ChangePasswordForm(_ForUser):
    current_password = PasswordField(
        _l("Current password"),
        [DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password(_l("New password"))
    confirm = _confirmation("new_password")

    def validate_new_password(self, field):
        _check_new_password(field, self._personal())


class LanguageForm(BaseForm):
    locale = SelectField(_l("Language"), [DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = current_app.config["LANGUAGES"]
        # Each language is named in itself, so someone who cannot read the current one still finds theirs.
        self.locale.choices = [(code, names[code]) for code in offered_locales()]


def _code_field(label):
    # A six-digit code from the authenticator app, or a recovery code; phones offer the code from an SMS
    # or the app's notification with autocomplete="one-time-code".
    return StringField(
        label,
        [DataRequired(), Length(max=40)],
        filters=[strip],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none",
                   "spellcheck": "false"},
    )


def _current_password():
    return PasswordField(
        _l("Your password"), [DataRequired(), Length(max=PASSWORD_MAX)], render_kw={"autocomplete": "current-password"}
    )


class TwoFactorCodeForm(BaseForm):
    """The second step of signing in."""

    code = _code_field(_l("Code from your authenticator app"))


class TwoFactorEnrolForm(BaseForm):
    """Turning two-factor sign-in on: the password again (a borrowed, signed-in phone must not be enough),
    and a code that proves the app has the secret."""

    password = _current_password()
    code = _code_field(_l("The 6-digit code the app shows"))


class TwoFactorOffForm(BaseForm):
    password = _current_password()
    code = _code_field(_l("Code from your authenticator app, or a recovery code"))


class ConfirmContactForm(BaseForm):
    """The button that makes a confirmed change of phone/e-mail (the CSRF token is all it carries)."""


class ConfirmAccountForm(BaseForm):
    """The button that opens a newly registered account from its confirmation link."""
