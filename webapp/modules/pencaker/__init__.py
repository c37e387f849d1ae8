"""Pencaker and Loker: job seekers and their AK/1 card ("kartu kuning"), employers, vacancies, applications
and job fairs, for the region's manpower office (Disnaker).

Public vacancies live under /loker/, the job seeker's and employer's own pages under /pencaker/, and
Disnaker's queues under /staf/pencaker/. Tables: `models.py`; the card's life: `cards.py`; NIK checks:
`nik.py`; vacancy rules and JSON-LD: `vacancies.py`; applying and hiring: `applications.py`.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.models import Role
from ...core.modules import CivicModule, OfflineForm, StaffLink

bp = Blueprint("pencaker", __name__, template_folder="templates")

from . import (api, cli, demo, models, personal_data, search, views_employer, views_privacy,  # noqa: E402,F401
               views_public, views_seeker, views_staff)

DISNAKER = (Role.REGION_ADMIN, Role.MANPOWER_OFFICER)

module = CivicModule(
    name="pencaker",
    label=_l("Jobs"),
    icon="work",
    blueprint=bp,
    endpoint="pencaker.index",
    card_template="pencaker/_card.html",
    card_context=views_public.card_context,
    staff_links=(
        StaffLink("pencaker.staff_home", _l("Job seekers and vacancies"), DISNAKER,
                  also=("pencaker.staff_",)),
    ),
    seed_demo=demo.seed_demo,
    offline_urls=("/loker/",),
    search=search.search,
    offline_forms=(OfflineForm(r"^/loker/\d+/lamar$"),),  # applying to a vacancy
    datasets=(api.DATASET,),
    openapi=api.openapi,
    personal_data=personal_data.HOOKS,
)
