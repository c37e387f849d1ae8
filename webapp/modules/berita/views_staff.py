"""The editors' pages (`/staf/berita/`): the list of the region's articles, writing and publishing one
(draft, now, at a time in the region's time zone, archive), its preview and revisions, and the categories.

Editors and region admins only; every article of another region is 404 (the session is scoped). A refused
save writes nothing: the cover picture is stored only once every other check has passed, and removed
again if the article cannot be written.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ...core.auth import roles_required
from ...core.i18n import datetime_filter
from ...core.idempotency import previous_result, run_once, submitted_key
from ...core.models import Role, utcnow
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse, slugify
from ...core.uploads import UploadError, send_upload
from ...extensions import db
from . import articles, bp, cli, covers, markup  # noqa: F401  (cli: registers `flask berita publish-due`)
from .models import Article, ArticleRevision, Category, Status
from .staff_forms import STATUS_LABELS, ArticleForm, CategoryForm, categories, status_badge, status_words

editors = roles_required(Role.REGION_ADMIN, Role.EDITOR)
ARTICLE_SCOPE = "berita.article"
CATEGORY_SCOPE = "berita.category"
PAGE_SIZE = 30


def is_editor() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.REGION_ADMIN, Role.EDITOR)


@bp.context_processor
def staff_words():
    """Status words and badges for the editors' templates, at the time of the request."""
    now = utcnow()
    return {"staff_article_status": lambda a: status_words(a, now),
            "staff_article_badge": lambda a: status_badge(a, now)}


@bp.app_context_processor
def dashboard_block():
    """`berita_editor_counts()` for the staff dashboard's include of berita/staff/_dashboard.html."""
    return {"berita_editor_counts": editor_counts}


def editor_counts() -> dict | None:
    """Drafts and scheduled articles, for editors and region admins of a region with news on (else None)."""
    region = g.get("region")
    if region is None or not region.module_enabled("berita") or not is_editor():
        return None
    return articles.counts(utcnow())


# The list

@bp.get("/staf/berita/")
@editors
def staff_articles():
    """The region's articles, last changed first, with their status in words; filter by status or words."""
    status = request.args.get("status") if request.args.get("status") in Status.ALL else ""
    q = (request.args.get("q") or "").strip()[:100]
    page = max(1, min(request.args.get("halaman", 1, type=int) or 1, 1000))
    rows = articles.staff_list(status or None, q, utcnow(), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    query = {k: v for k, v in (("status", status), ("q", q)) if v}
    return render("berita/staff/articles.html", block="list", rows=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE,
                  page=page, chosen=status, q=q, query=query, statuses=STATUS_LABELS)


# Writing

def default_department() -> str:
    """The editor's own office, if they have one in this region."""
    ids = sorted(current_user.department_ids()) if not current_user.is_platform_admin else []
    return str(ids[0]) if ids else ""


def _form_page(form: ArticleForm, article: Article | None, status: int = 200):
    return render("berita/staff/article_form.html", block=None, status=status, form=form, article=article,
                  cover_lost=status >= 400 and form.chosen_cover() is not None,
                  revision_count=len(articles.revisions(article)) if article is not None else 0)


@bp.route("/staf/berita/baru", methods=["GET", "POST"])
@editors
def staff_article_new():
    """A new article; its one-time key makes a double-tapped "save" write one article."""
    form = ArticleForm()
    form.fill(None, utcnow())
    if request.method == "GET":
        form.department_id.data = default_department()
        return _form_page(form, None)
    done = previous_result(ARTICLE_SCOPE, submitted_key())
    if done is not None:
        return redirect(url_for(".staff_article_edit", id=int(done)), 303)
    return _save(form, None)


@bp.route("/staf/berita/<int:id>", methods=["GET", "POST"])
@editors
def staff_article_edit(id):
    """Edit an article; each save that changes its text keeps a revision."""
    article = scoped_get_or_404(Article, id)
    now = utcnow()
    if request.method == "GET":
        form = ArticleForm(formdata=None, data=ArticleForm.defaults(article, now))
        form.fill(article, now)
        return _form_page(form, article)
    form = ArticleForm()
    form.fill(article, now)
    return _save(form, article)


def _save(form: ArticleForm, article: Article | None):
    """Check everything, then store the cover, then write the article; any refusal is a 422 with all typed."""
    now = utcnow()
    if not form.validate_on_submit():
        return _form_page(form, article, 422)
    try:
        draft = articles.prepare(article, form.values(), form.publishing.data, form.when(), now)
    except Refused as refusal:
        refusal.attach_to(form)
        return _form_page(form, article, 422)
    cover = None
    if form.chosen_cover() is not None:
        try:
            cover = covers.save_cover(form.chosen_cover())
        except UploadError as error:
            form.cover.errors = [*form.cover.errors, str(error)]
            return _form_page(form, article, 422)
    drop = bool(form.remove_cover.data) and cover is None
    try:
        if article is None:
            result, created = run_once(ARTICLE_SCOPE, submitted_key(), lambda: str(
                _write(Article(), draft, now, cover).id))
            if not created:
                covers.delete_cover(cover)  # a twin request won the race and has its own copies
            article_id, replaced = int(result), None
        else:
            replaced = articles.write(article, draft, current_user, now, cover=cover, drop_cover=drop)
            db.session.commit()
            article_id = article.id
    except IntegrityError:  # another editor took the same address a moment ago
        db.session.rollback()
        covers.delete_cover(cover)
        form.slug.errors = [*form.slug.errors, _("Another article already uses this address. Please choose "
                                                 "another one.")]
        return _form_page(form, article, 422)
    except Exception:
        db.session.rollback()
        covers.delete_cover(cover)
        raise
    covers.delete_cover(replaced)
    flash(_saved_message(draft), "success")
    return redirect(url_for(".staff_article_edit", id=article_id), 303)


def _write(article: Article, draft: articles.Draft, now, cover) -> Article:
    articles.write(article, draft, current_user, now, cover=cover)
    return article


def _saved_message(draft: articles.Draft) -> str:
    if draft.status == Status.SCHEDULED:
        return _("Saved. The article will be published on %(when)s.", when=datetime_filter(draft.publish_at))
    return {
        Status.DRAFT: _("Saved as a draft. It is not public."),
        Status.PUBLISHED: _("Saved. The article is public."),
        Status.ARCHIVED: _("Saved. The article is archived and no longer on the news list."),
    }[draft.status]


@bp.get("/staf/berita/<int:id>/pratinjau")
@editors
def staff_article_preview(id):
    """The article as readers would see it, marked as a preview and kept out of search engines."""
    article = scoped_get_or_404(Article, id)
    response = render("berita/staff/article_preview.html", block=None, article=article,
                      body=markup.safe(article.body_html),
                      minutes=markup.reading_minutes(article.body), public=articles.is_public(article, utcnow()))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/staf/berita/<int:id>/gambar/<path:path>")
@editors
def staff_article_cover(id, path):
    """A variant of the article's cover, whatever its status (the public address serves published ones)."""
    article = scoped_get_or_404(Article, id)
    variant = next((v for v in article.cover or [] if v.get("path") == path), None)
    if variant is None:
        abort(404)
    return send_upload(path, "private, max-age=86400")  # names are random: a new cover, a new name


# Revisions

def _revision_of(article: Article, revision_id: int) -> ArticleRevision:
    revision = scoped_get_or_404(ArticleRevision, revision_id)
    if revision.article_id != article.id:
        abort(404)
    return revision


def _revisions_page(article: Article, shown: ArticleRevision | None):
    rows = articles.revisions(article)
    current = articles.content_of(article)
    current_id = next((r.id for r in rows if articles.content_of(r) == current), None)
    return render("berita/staff/revisions.html", article=article, revisions=rows, shown=shown,
                  current_id=current_id)


@bp.get("/staf/berita/<int:id>/revisi")
@editors
def staff_article_revisions(id):
    """Every saved version of the article: who, when, which title."""
    return _revisions_page(scoped_get_or_404(Article, id), None)


@bp.get("/staf/berita/<int:id>/revisi/<int:revision_id>")
@editors
def staff_article_revision(id, revision_id):
    """One saved version's text, with a button to make it current again."""
    article = scoped_get_or_404(Article, id)
    return _revisions_page(article, _revision_of(article, revision_id))


@bp.post("/staf/berita/<int:id>/revisi/<int:revision_id>/pulihkan")
@editors
def staff_article_restore(id, revision_id):
    """Make a saved version the current text; what it replaces stays among the revisions."""
    article = scoped_get_or_404(Article, id)
    revision = _revision_of(article, revision_id)
    articles.restore(article, revision, current_user, utcnow())
    db.session.commit()
    flash(_("The version of %(when)s is the current text again. The text it replaced is kept among the "
            "revisions.", when=_when(revision)), "success")
    return redirect(url_for(".staff_article_edit", id=article.id), 303)


def _when(revision: ArticleRevision) -> str:
    return datetime_filter(revision.saved_at)


# Categories

def category_slug(name: str, category: Category | None = None) -> str:
    """A slug from the name (kept when renaming: feeds and links use it); refuses a name already in use."""
    slug = slugify(name) if category is None else category.slug
    if not slug:
        raise Refused(_("Please use letters or numbers in the name."), field="name")
    query = select(Category.id).where(or_(Category.slug == slug, func.lower(Category.name) == name.lower()))
    if category is not None:
        query = query.where(Category.id != category.id)
    if db.session.execute(query).first() is not None:
        raise Refused(_("Another category already has this name."), field="name")
    return slug


def _usage() -> dict[int, int]:
    query = (select(Article.category_id, func.count()).where(Article.category_id.is_not(None))
             .group_by(Article.category_id))
    return {category_id: count for category_id, count in db.session.execute(query)}


def _categories_page(add_form: CategoryForm | None = None, failed: tuple[int, CategoryForm] | None = None,
                     status: int = 200, problem: str | None = None):
    rows = categories()
    forms = {c.id: CategoryForm(formdata=None, prefix=f"c{c.id}", data={"name": c.name}) for c in rows}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render("berita/staff/categories.html", status=status, rows=rows, forms=forms, usage=_usage(),
                  add_form=add_form or CategoryForm(formdata=None), problem=problem)


@bp.route("/staf/berita/kategori", methods=["GET", "POST"])
@editors
def staff_categories():
    """The region's news categories: add one here; rename, move or delete each in its row."""
    if request.method == "GET":
        return _categories_page()
    form = CategoryForm()
    if form.validate_on_submit():
        def create() -> str:
            last = db.session.execute(select(func.max(Category.position))).scalar() or 0
            category = Category(slug=category_slug(form.name.data), name=form.name.data, position=last + 1)
            db.session.add(category)
            db.session.flush()
            return str(category.id)

        saved, _result = save_or_refuse(form, lambda: run_once(CATEGORY_SCOPE, submitted_key(), create))
        if saved:
            flash(_("The category “%(name)s” was added.", name=form.name.data), "success")
            return redirect(url_for(".staff_categories"), 303)
    return _categories_page(add_form=form, status=422)


@bp.post("/staf/berita/kategori/<int:category_id>")
@editors
def staff_categories_rename(category_id):
    """Rename a category (its address stays, so links and feeds keep working)."""
    category = scoped_get_or_404(Category, category_id)
    form = CategoryForm(prefix=f"c{category.id}")
    if form.validate_on_submit():
        try:
            category_slug(form.name.data, category)
        except Refused as refusal:
            refusal.attach_to(form)
        else:
            category.name = form.name.data
            db.session.commit()
            flash(_("The category is now called “%(name)s”.", name=category.name), "success")
            return redirect(url_for(".staff_categories"), 303)
    return _categories_page(failed=(category.id, form), status=422)


@bp.post("/staf/berita/kategori/<int:category_id>/pindah")
@editors
def staff_categories_move(category_id):
    """Move a category one place up or down in the order readers see."""
    category = scoped_get_or_404(Category, category_id)
    rows = categories()
    index = rows.index(category)
    step = -1 if request.form.get("arah") == "naik" else 1
    if 0 <= index + step < len(rows):
        rows[index], rows[index + step] = rows[index + step], rows[index]
        for position, row in enumerate(rows):
            row.position = position
        db.session.commit()
    return redirect(url_for(".staff_categories") + f"#kategori-{category.id}", 303)


@bp.post("/staf/berita/kategori/<int:category_id>/hapus")
@editors
def staff_categories_delete(category_id):
    """Delete a category that no article uses; otherwise say how many do."""
    category = scoped_get_or_404(Category, category_id)
    used = _usage().get(category.id, 0)
    if used:
        return _categories_page(status=409, problem=ngettext(
            "“%(name)s” cannot be deleted: %(num)d article uses it. Give it another category first, or rename "
            "this one.",
            "“%(name)s” cannot be deleted: %(num)d articles use it. Give them another category first, or "
            "rename this one.", used, name=category.name))
    db.session.delete(category)
    db.session.commit()
    flash(_("The category “%(name)s” was deleted.", name=category.name), "success")
    return redirect(url_for(".staff_categories"), 303)
