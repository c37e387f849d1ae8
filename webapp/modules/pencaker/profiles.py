"""Saving a job seeker's identity with the NIK and age rules, and their 3×4 photo.

`save_identity(seeker, form)` copies a validated `SeekerForm` onto `seeker` (new or existing) and raises
`Refused` with the field it belongs to when the NIK is implausible, already registered in this region,
or the person is younger than the region's minimum age (setting `pencaker_min_age`, default 18).
"""
from __future__ import annotations

import io

from flask import g
from flask_babel import gettext as _
from PIL import Image, ImageOps
from sqlalchemy import select

from ...core.accounts.contact import InvalidContact, normalise_email, normalise_phone
from ...core.clock import region_today
from ...core.models import utcnow
from ...core.staff.common import Refused
from ...core.uploads import UploadError, _in_srgb, _new_path, _open_image, _read_limited, _write  # noqa: F401
from ...extensions import db
from .constants import DEFAULT_MIN_AGE
from .models import Seeker
from .nik import age_on, check_nik, normalise_nik

PHOTO_SIZE = (300, 400)  # 3×4 at 100 dpi: sharp enough to print on the card, ~15–25 KB as JPEG


def min_age() -> int:
    try:
        return int((g.region.settings or {}).get("pencaker_min_age") or DEFAULT_MIN_AGE)
    except (TypeError, ValueError):
        return DEFAULT_MIN_AGE


def seeker_for(user) -> Seeker | None:
    """The signed-in person's job-seeker profile in this region, if they made one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.execute(select(Seeker).where(Seeker.user_id == user.id)).scalar_one_or_none()


def save_identity(seeker: Seeker, form) -> Seeker:
    """Apply `form` (a validated SeekerForm) to `seeker`; add it to the session. Raises Refused."""
    nik = normalise_nik(form.nik.data)
    problems = check_nik(nik, form.birth_date.data, form.gender.data)
    if problems:
        raise Refused(" ".join(problems), "nik")
    taken = db.session.execute(select(Seeker.id).where(Seeker.nik == nik)).scalar_one_or_none()
    if taken is not None and taken != seeker.id:
        raise Refused(_("This NIK is already registered as a job seeker in this region. If it is yours, come "
                        "to the Disnaker counter with your KTP."), "nik")
    age = age_on(form.birth_date.data, region_today())
    if age < min_age():
        raise Refused(_("Job seekers must be at least %(age)d years old.", age=min_age()), "birth_date")
    phone = None
    if form.phone.data:
        try:
            phone = normalise_phone(form.phone.data)
        except InvalidContact:
            raise Refused(_("This phone number is not valid. Write it like 0812-3456-7890."), "phone") from None
    email = None
    if form.email.data:
        try:
            email = normalise_email(form.email.data)
        except InvalidContact:
            raise Refused(_("This e-mail address is not valid."), "email") from None
    seeker.nik = nik
    for name in ("full_name", "birth_place", "birth_date", "gender", "marital_status", "address", "kecamatan_code",
                 "skills", "jobs_wanted", "places_wanted", "expected_pay"):
        setattr(seeker, name, form[name].data)
    seeker.religion = form.religion.data or None
    seeker.kelurahan_code = form.kelurahan_code.data or None
    seeker.disability = form.disability.data or None
    seeker.skills = seeker.skills or ""
    seeker.jobs_wanted = seeker.jobs_wanted or ""
    seeker.places_wanted = seeker.places_wanted or ""
    seeker.phone, seeker.email = phone, email
    if seeker.kelurahan_code and not seeker.kelurahan_code.startswith(seeker.kecamatan_code + "."):
        raise Refused(_("This kelurahan is not in the kecamatan you chose."), "kelurahan_code")
    seeker.updated_at = utcnow()
    db.session.add(seeker)
    return seeker


def save_photo(file_storage) -> str:
    """Validate and re-encode a 3×4 photo: upright, cropped to 3:4 from the centre, 300×400 JPEG, no metadata.

    Returns its upload path; raises `UploadError` with a translated message for a file that is not a picture.
    """
    image = _open_image(_read_limited(file_storage))
    image = _in_srgb(ImageOps.exif_transpose(image)).convert("RGB")
    image = ImageOps.fit(image, PHOTO_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    path = _new_path("pencaker", "jpg")
    _write(path, buffer.getvalue())
    return path
