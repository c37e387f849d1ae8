"""Berita: the region's news, announcements (pengumuman) and simple information pages.

Public pages live under /berita/, the editors' under /staf/berita/. Markdown is rendered and sanitised on
the server (`markup.py`); cover images are re-encoded into small variants (`covers.py`).
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.models import Role
from ...core.modules import CivicModule, Dataset, StaffLink

bp = Blueprint("berita", __name__, template_folder="templates")

from . import (api, demo, feeds, models, search, views_announcements, views_pages,  # noqa: E402,F401
               views_public, views_staff)

module = CivicModule(
    name="berita",
    label=_l("News"),
    icon="news",
    blueprint=bp,
    endpoint="berita.index",
    card_template="berita/_card.html",
    card_context=views_public.card_context,
    staff_links=(
        StaffLink("berita.staff_articles", _l("News articles"), (Role.REGION_ADMIN, Role.EDITOR),
                  also=("berita.staff_article_", "berita.staff_categories")),
        StaffLink("berita.staff_announcements", _l("Announcements"), (Role.REGION_ADMIN, Role.EDITOR)),
        StaffLink("berita.staff_pages", _l("Information pages"), (Role.REGION_ADMIN,)),
    ),
    seed_demo=demo.seed_demo,
    offline_urls=("/berita/",),
    search=search.search,
    strip_template="berita/_strip.html",
    strip_context=views_announcements.strip_context,
    datasets=(
        Dataset("news", _l("News"),
                _l("The region's published news articles: title, summary, category, office, publication time, cover "
                   "picture, and the full text as HTML and as plain text."),
                ("/api/v1/news?limit=10", "/api/v1/news?since=2025-01-01")),
        Dataset("announcements", _l("Announcements"),
                _l("The region's current announcements (pengumuman) with their attached documents, and the expired "
                   "ones."),
                ("/api/v1/announcements", "/api/v1/announcements?state=expired")),
    ),
    openapi=api.openapi,
)
