"""Two-factor sign-in: a code from an authenticator app (TOTP, RFC 6238) after the password, with one-time
recovery codes for a lost phone.

Codes are the usual 6 digits every 30 seconds (what Google Authenticator, Microsoft Authenticator, Aegis
or FreeOTP understand). A code of the step before or after is accepted too (a phone's clock a little
off), and a step whose code was accepted once is never accepted again, nor any older one: the update
that records it only succeeds while the stored step is older, so two workers cannot both accept it.

Recovery codes: 10 of them, 16 characters each (80 random bits), shown once; only digests are stored.

The app's secret is stored encrypted (Fernet: AES-128-CBC with an HMAC) under a key derived from the
SECRET_KEY by HKDF, so a copied database or backup alone does not give anyone a second factor. Keys in
SECRET_KEY_FALLBACKS still open secrets sealed before a key rotation (each is sealed again with the current
key the next time it is used), and a secret stored in clear by an older version is read as it is.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from datetime import datetime, timezone

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, g
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from ...extensions import db
from ..signing import secret_keys
from ..models import User, utcnow
from .models import RecoveryCode

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base 32: no i, l, o or u to misread
RECOVERY_TYPOS = str.maketrans({"o": "0", "i": "1", "l": "1"})
DRIFT_STEPS = 1
SEALED_PREFIX = "f1:"  # a Fernet token follows; anything else is a secret stored in clear by an older version


class SecretUnreadable(Exception):
    """The stored secret was sealed with a key this install no longer has (SECRET_KEY changed)."""


def _fernet(key: str | bytes) -> Fernet:
    material = key.encode() if isinstance(key, str) else key
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"serambi two-factor secret").derive(material)
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    return MultiFernet([_fernet(key) for key in secret_keys()])  # encrypts with the first: the current key


def seal(secret: str) -> str:
    """The authenticator secret as stored: encrypted and authenticated with the current key."""
    return SEALED_PREFIX + _keys().encrypt(secret.encode()).decode()


def secret_of(user: User) -> str | None:
    """`user`'s authenticator secret in clear, or None when two-factor sign-in is off.

    Raises SecretUnreadable when no configured key opens it."""
    stored = user.two_factor_secret
    if not stored or not stored.startswith(SEALED_PREFIX):
        return stored or None
    try:
        return _keys().decrypt(stored[len(SEALED_PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable() from error


def _reseal_if_needed(user: User, secret: str) -> bool:
    """Seal with the current key a secret stored in clear or under a fallback key (the caller commits);
    True when it did."""
    stored = user.two_factor_secret or ""
    if stored.startswith(SEALED_PREFIX):
        try:
            _fernet(current_app.config["SECRET_KEY"]).decrypt(stored[len(SEALED_PREFIX):].encode())
            return False
        except InvalidToken:
            pass
    user.two_factor_secret = seal(secret)
    return True


def new_secret() -> str:
    return pyotp.random_base32()  # 32 characters: 160 bits, as RFC 4226 recommends


def grouped(secret: str) -> str:
    """'JBSWY3DPEHPK3PXP…' -> 'JBSW Y3DP EHPK 3PXP …', easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(user: User, secret: str) -> Markup:
    """The secret as a QR code (inline SVG) that an authenticator app scans to add the account."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or user.phone or str(user.id),
                                              issuer_name=g.region.name if g.get("region") else "Serambi")
    # segno draws the SVG from the URI's bits; the only text in it is our own (escaped) title.
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", svgclass="qr", lineclass=None,
                                                 title=_("QR code to add this account to an authenticator app"))
    return Markup(svg)


def _step_matching(secret: str, code: str, now: float) -> int | None:
    code = re.sub(r"\s+", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(now, tz=timezone.utc))
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def _now() -> float:
    return time.time()


def code_fits(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code `code` is (for confirming a new secret), or None."""
    return _step_matching(secret, code, _now() if now is None else now)


def use_app_code(user: User, code: str, now: float | None = None) -> bool:
    """True when `code` is the app's current code for `user` and was not used before (it is used now)."""
    if not user.uses_two_factor:
        return False
    try:
        secret = secret_of(user)
    except SecretUnreadable:
        current_app.logger.error("two-factor secret of user %s cannot be opened with the configured keys", user.id)
        return False  # a recovery code still works; an admin can switch two-factor off for the person
    step = code_fits(secret, code, now)
    if step is None:
        return False
    taken = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.two_factor_last_step.is_(None), User.two_factor_last_step < step))
        .values(two_factor_last_step=step)
        .execution_options(all_regions=True, synchronize_session=False)
    ).rowcount
    db.session.commit()
    if taken:
        user.two_factor_last_step = step
        if _reseal_if_needed(user, secret):
            db.session.commit()
    return bool(taken)


def _normalise_recovery(text: str) -> str | None:
    code = re.sub(r"[\s-]+", "", (text or "").lower()).translate(RECOVERY_TYPOS)
    if len(code) != 16 or any(c not in RECOVERY_ALPHABET for c in code):
        return None
    return code


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def use_recovery_code(user: User, text: str) -> bool:
    """True when `text` is one of `user`'s unused recovery codes; it is used up now (once, even when two
    requests race: only one of them deletes the row)."""
    code = _normalise_recovery(text)
    if code is None or not user.uses_two_factor:
        return False
    gone = db.session.execute(
        delete(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.digest == _digest(code)),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return bool(gone)


def use_any_code(user: User, text: str) -> str | None:
    """"app" or "recovery" for the kind of code that `text` was and that was accepted, else None."""
    if use_app_code(user, text):
        return "app"
    if use_recovery_code(user, text):
        return "recovery"
    return None


def recovery_codes_left(user: User) -> int:
    return db.session.execute(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id)
    ).scalar_one()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id),
                       execution_options={"synchronize_session": False})
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, digest=_digest(code)) for code in codes)
    return ["-".join(code[i:i + 4] for i in range(0, 16, 4)) for code in codes]


def turn_on(user: User, secret: str, step: int) -> list[str]:
    """Switch two-factor sign-in on with the confirmed `secret`; returns the new recovery codes to show once."""
    user.two_factor_secret, user.two_factor_since, user.two_factor_last_step = seal(secret), utcnow(), step
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def turn_off(user: User) -> None:
    user.two_factor_secret = user.two_factor_since = user.two_factor_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id),
                       execution_options={"synchronize_session": False})
    db.session.commit()
