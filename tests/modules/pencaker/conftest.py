"""Shared Pencaker fixtures: Kota Tangerang with the module on and two real kecamatan, and factories for
seekers (complete profiles with a photo), employers, vacancies and Disnaker officers."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from flask import g

from webapp.core.clock import region_today
from webapp.core.models import Area, Role
from webapp.extensions import db
from webapp.modules.pencaker.models import (Employer, EmployerStatus, Seeker, SeekerEducation, Vacancy,
                                            VacancyStatus)

_serial = itertools.count(1)


def nik_for(birth_date: date, gender: str = "L", kecamatan: str = "367101", serial: int | None = None) -> str:
    """A plausible NIK for someone born on `birth_date` in kecamatan `kecamatan` (six digits)."""
    day = birth_date.day + (40 if gender == "P" else 0)
    serial = serial if serial is not None else next(_serial)
    return f"{kecamatan}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


@pytest.fixture
def pencaker_region(make_region, app):
    """The only region (any host), with Pencaker on and kecamatan Tangerang and Karawaci with a kelurahan each."""
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["pencaker", "kontak"])
    g.region = region
    for code, name, kel_code, kel_name in (("36.71.01", "Tangerang", "36.71.01.1001", "Sukarasa"),
                                           ("36.71.05", "Karawaci", "36.71.05.1001", "Karawaci")):
        kecamatan = Area(region_id=region.id, code=code, name=name, level="kecamatan")
        db.session.add(kecamatan)
        db.session.flush()
        db.session.add(Area(region_id=region.id, code=kel_code, name=kel_name, level="kelurahan",
                            parent_id=kecamatan.id))
    db.session.commit()
    return region


@pytest.fixture
def disnaker(pencaker_region, make_user):
    """A Disnaker officer of the region."""
    return make_user(pencaker_region, role=Role.MANPOWER_OFFICER, name="Petugas Disnaker")


@pytest.fixture
def make_seeker(pencaker_region, make_user):
    """make_seeker(user=..., with_account=True, **fields): a complete profile (education, photo path, contact)."""

    def make(user=None, with_account=True, education="SMK", **fields):
        if user is None and with_account:
            user = make_user(pencaker_region, locale="en")  # messages to them are compared in English
        birth = fields.pop("birth_date", date(1999, 5, 17))
        gender = fields.pop("gender", "L")
        seeker = Seeker(
            region_id=pencaker_region.id, user_id=user.id if user else None,
            nik=fields.pop("nik", nik_for(birth, gender)), full_name=fields.pop("full_name", "Budi Santoso"),
            birth_place=fields.pop("birth_place", "Tangerang"), birth_date=birth, gender=gender,
            marital_status=fields.pop("marital_status", "single"), address=fields.pop("address", "Jl. Merdeka 1"),
            kecamatan_code=fields.pop("kecamatan_code", "36.71.01"),
            phone=fields.pop("phone", "+6281234567890"), email=fields.pop("email", "budi@example.id"),
            skills=fields.pop("skills", "Mengemudi, Excel"), photo=fields.pop("photo", "tangerang/pencaker/x.jpg"),
            **fields)
        if education:
            seeker.educations.append(SeekerEducation(region_id=pencaker_region.id, level=education,
                                                     school="SMKN 1 Tangerang", major="Teknik Mesin", year=2017))
        db.session.add(seeker)
        db.session.commit()
        return seeker

    return make


@pytest.fixture
def make_employer(pencaker_region, make_user):
    def make(owner=None, status=EmployerStatus.VERIFIED, name="PT Maju Jaya", **fields):
        owner = owner or make_user(pencaker_region)
        employer = Employer(region_id=pencaker_region.id, owner_id=owner.id, name=name,
                            nib=fields.pop("nib", "1234567890123"), sector=fields.pop("sector", "C"),
                            address=fields.pop("address", "Jl. Industri 5"),
                            kecamatan_code=fields.pop("kecamatan_code", "36.71.05"),
                            contact_name=fields.pop("contact_name", "Ibu Rina"),
                            contact_phone=fields.pop("contact_phone", "+6281298765432"), status=status, **fields)
        db.session.add(employer)
        db.session.commit()
        return employer

    return make


@pytest.fixture
def make_vacancy(pencaker_region, make_employer):
    def make(employer=None, status=VacancyStatus.PUBLISHED, **fields):
        g.region = pencaker_region
        employer = employer or make_employer()
        vacancy = Vacancy(region_id=pencaker_region.id, employer_id=employer.id,
                          title=fields.pop("title", "Operator Produksi"), sector=fields.pop("sector", "C"),
                          description=fields.pop("description", "Menjalankan mesin produksi."),
                          requirements=fields.pop("requirements", "Sehat jasmani."),
                          min_education=fields.pop("min_education", "SMA"),
                          kecamatan_code=fields.pop("kecamatan_code", "36.71.05"),
                          employment_type=fields.pop("employment_type", "FULL_TIME"),
                          closes_on=fields.pop("closes_on", region_today() + timedelta(days=30)),
                          status=status, **fields)
        if status == VacancyStatus.PUBLISHED and vacancy.published_at is None:
            from webapp.core.models import utcnow
            vacancy.published_at = utcnow()
        db.session.add(vacancy)
        db.session.commit()
        return vacancy

    return make
