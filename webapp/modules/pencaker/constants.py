"""Fixed lists of Pencaker: education levels, sectors, employment types and the like.

Stored values are short codes; what people read is a translated label. Choices for forms are
`(code, label)` pairs in display order.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Formal education, lowest first (rank = position). "none" only appears as a vacancy's minimum.
EDUCATION_LEVELS = (
    ("SD", _l("Primary school (SD)")),
    ("SMP", _l("Junior high school (SMP)")),
    ("SMA", _l("Senior high school (SMA/MA)")),
    ("SMK", _l("Vocational high school (SMK)")),
    ("D1", _l("Diploma 1 (D1)")),
    ("D2", _l("Diploma 2 (D2)")),
    ("D3", _l("Diploma 3 (D3)")),
    ("D4", _l("Applied bachelor (D4)")),
    ("S1", _l("Bachelor (S1)")),
    ("S2", _l("Master (S2)")),
    ("S3", _l("Doctorate (S3)")),
)
NO_MINIMUM = "none"
# SMA and SMK are the same level: a vacancy asking for SMA accepts SMK and the other way round.
_RANK = {"none": 0, "SD": 1, "SMP": 2, "SMA": 3, "SMK": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7,
         "S2": 8, "S3": 9}


def education_rank(level: str | None) -> int:
    return _RANK.get(level or "none", 0)


def meets_education(seeker_level: str | None, minimum: str | None) -> bool:
    return education_rank(seeker_level) >= education_rank(minimum)


# KBLI 2020 sections (Klasifikasi Baku Lapangan Usaha Indonesia).
SECTORS = (
    ("A", _l("Agriculture, forestry and fishing")),
    ("B", _l("Mining and quarrying")),
    ("C", _l("Manufacturing")),
    ("D", _l("Electricity and gas")),
    ("E", _l("Water, waste and recycling")),
    ("F", _l("Construction")),
    ("G", _l("Wholesale and retail trade, vehicle repair")),
    ("H", _l("Transport and storage")),
    ("I", _l("Accommodation and food service")),
    ("J", _l("Information and communication")),
    ("K", _l("Finance and insurance")),
    ("L", _l("Real estate")),
    ("M", _l("Professional, scientific and technical services")),
    ("N", _l("Administrative and support services")),
    ("O", _l("Public administration and defence")),
    ("P", _l("Education")),
    ("Q", _l("Health and social work")),
    ("R", _l("Arts, entertainment and recreation")),
    ("S", _l("Other services")),
    ("T", _l("Households as employers")),
    ("U", _l("International organisations")),
)

# schema.org JobPosting employmentType values.
EMPLOYMENT_TYPES = (
    ("FULL_TIME", _l("Full time")),
    ("PART_TIME", _l("Part time")),
    ("CONTRACTOR", _l("Contract")),
    ("TEMPORARY", _l("Temporary")),
    ("INTERN", _l("Internship")),
    ("PER_DIEM", _l("Daily work")),
)

GENDERS = (("L", _l("Male")), ("P", _l("Female")))

RELIGIONS = (
    ("islam", _l("Islam")),
    ("protestan", _l("Protestant")),
    ("katolik", _l("Catholic")),
    ("hindu", _l("Hindu")),
    ("buddha", _l("Buddhist")),
    ("khonghucu", _l("Confucian")),
    ("kepercayaan", _l("Belief in God Almighty (kepercayaan)")),
)

MARITAL_STATUSES = (
    ("single", _l("Not married")),
    ("married", _l("Married")),
    ("divorced", _l("Divorced")),
    ("widowed", _l("Widowed")),
)

REPORT_REASONS = (
    ("fee", _l("Asks applicants for money")),
    ("fake", _l("Fake or misleading vacancy")),
    ("discrimination", _l("Unfair or discriminatory requirements")),
    ("contact", _l("Suspicious contact or meeting place")),
    ("other", _l("Something else")),
)

AGE_GROUPS = ((15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 54), (55, 200))

CARD_VALID_YEARS = 2
REPORT_PERIODS = 4  # six-monthly reports over the two years
DEFAULT_MIN_AGE = 18  # region setting "pencaker_min_age"


def label(choices, code, default: str = "") -> str:
    """The translated label of `code` in a `(code, label)` list, or `default`."""
    for value, text in choices:
        if value == code:
            return str(text)
    return default or (code or "")
