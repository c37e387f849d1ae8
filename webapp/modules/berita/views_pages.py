"""Information pages: simple Markdown pages the region admin writes (about, services directory, privacy
notice, terms), at /berita/info/<slug>.

The admin manages them at /staf/berita/halaman and can create the four standard pages with starter text
in one click; the starter texts are templates to edit, with the parts to fill in [in square brackets].
`berita_info_pages()` is a template global listing the published pages (title and URL) for a footer.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ...core.auth import roles_required
from ...core.idempotency import run_once, submitted_key
from ...core.models import Role, utcnow
from ...core.modules import enabled_modules
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse, slugify
from ...extensions import db
from . import bp, markup
from .models import InfoPage
from .other_forms import SLUG_MAX, PageForm

admin_only = roles_required(Role.REGION_ADMIN)

SCOPE = "berita.page"


# Rules

def page_slug(title: str, typed: str | None, page: InfoPage | None = None) -> str:
    """The page's web address: the typed one or one made from the title, unique among the region's pages."""
    field = "slug" if typed else "title"
    slug = slugify(typed or title, max_length=SLUG_MAX)
    if not slug:
        raise Refused(_("Please use letters or numbers in the title."), field=field)
    query = select(InfoPage.id).where(InfoPage.slug == slug)
    if page is not None and page.id is not None:
        query = query.where(InfoPage.id != page.id)
    if db.session.execute(query).first() is not None:
        raise Refused(_("Another page already has the web address “%(slug)s”. Please choose another title or "
                        "type another web address.", slug=slug), field=field)
    return slug


def save_page(page: InfoPage, values: dict, typed_slug: str | None) -> InfoPage:
    """Write the form's values onto `page` (new or existing), render its Markdown, and flush it."""
    slug = page_slug(values["title"], typed_slug, page)
    for name, value in values.items():
        setattr(page, name, value)
    page.slug = slug
    page.body_html = markup.to_html(page.body)
    page.updated_by_id = current_user.id if current_user.is_authenticated else None
    page.updated_at = utcnow()
    db.session.add(page)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the same address saved a moment ago by another request
        raise Refused(_("Another page already has the web address “%(slug)s”. Please choose another title or "
                        "type another web address.", slug=slug), field="slug" if typed_slug else "title") from None
    return page


def published_pages() -> list[InfoPage]:
    query = select(InfoPage).where(InfoPage.published.is_(True)).order_by(InfoPage.position, InfoPage.title)
    return list(db.session.execute(query).scalars())


@bp.app_template_global()
def berita_info_pages() -> list[tuple[str, str]]:
    """[(title, url)] of the region's published information pages, for the layout's footer ([] when the
    region has no berita module)."""
    region = g.get("region")
    if region is None or not region.module_enabled("berita"):
        return []
    try:
        return [(page.title, url_for("berita.page", slug=page.slug)) for page in published_pages()]
    except SQLAlchemyError:  # the layout also frames the error page of a failing database
        db.session.rollback()
        return []


# The four standard pages, with starter text to edit

def _contact_line() -> str:
    region = g.region
    parts = [region.contact_email or _("[e-mail address]"), region.contact_phone or _("[phone number]")]
    return " · ".join(parts)


def _about() -> str:
    region = g.region
    services = [str(m.label) for m in enabled_modules()]
    return "\n\n".join([
        _("Serambi brings the public services of %(region)s together in one place. It works on any phone, "
          "also on a slow connection, and pages you have opened stay available without a connection.",
          region=region.name),
        "# " + _("What you can do here"),
        "\n".join(f"- {name}" for name in services) if services else _("[List the services offered here.]"),
        "# " + _("Who runs this site"),
        _("This site is run by [the office responsible, for example Dinas Komunikasi dan Informatika] of "
          "%(region)s. News and announcements are written by the offices named with them.", region=region.name),
        "# " + _("Contact"),
        _("Questions about this site: %(contact)s, [office hours, for example Monday to Friday 08:00–16:00].",
          contact=_contact_line()),
        _("In an emergency call **112** (free of charge, 24 hours a day)."),
    ])


def _services() -> str:
    return "\n\n".join([
        _("Where to go for the most common public services of %(region)s. [Replace the text in square "
          "brackets with your offices’ addresses, opening hours and requirements, and remove what does not "
          "apply.]", region=g.region.name),
        "# " + _("Identity and civil registration (KTP-el, Kartu Keluarga, birth and death certificates)"),
        _("- Office: Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil), [address]\n"
          "- Opening hours: [Monday to Friday, 08:00–15:00]\n"
          "- What to bring: [the documents required for each service]\n"
          "- Cost: free of charge"),
        "# " + _("Health"),
        _("- Puskesmas (community health centres): [list with addresses, or a link]\n"
          "- Regional hospital (RSUD): [name, address and phone number]\n"
          "- BPJS Kesehatan care centre: 165"),
        "# " + _("Work"),
        _("- Job-seeker card (AK/1, kartu kuning): Dinas Ketenagakerjaan (Disnaker), [address]. Bring your "
          "KTP, your latest diploma and a 3×4 photo. Free of charge."),
        "# " + _("Permits and licences"),
        _("- One-stop licensing office (DPMPTSP) or public service mall (Mal Pelayanan Publik): [address and "
          "opening hours]"),
        "# " + _("Reports and complaints"),
        _("- Tell the government about a problem through the reports service on this site, if it is offered, "
          "or through SP4N-LAPOR! at lapor.go.id."),
        "# " + _("Emergencies"),
        _("- Call **112**. More numbers are on the [important numbers page](%(url)s).",
          url=url_for("kontak.index")) if g.region.module_enabled("kontak") else _("- Call **112**."),
    ])


def _privacy() -> str:
    region = g.region
    return "\n\n".join([
        _("This notice explains what Serambi of %(region)s stores about you, why, who can see it and how long "
          "it is kept, following Law No. 27 of 2022 on Personal Data Protection (UU PDP). [Have it checked by "
          "your legal department before publishing.]", region=region.name),
        "# " + _("Who is responsible"),
        _("The government of %(region)s, represented by [the office responsible]. Questions about your data: "
          "%(contact)s.", region=region.name, contact=_contact_line()),
        "# " + _("What we store"),
        _("- **Your account**, if you make one: your name, your e-mail address or mobile number, your language, "
          "and your password, stored only as a one-way hash that nobody can read back.\n"
          "- **Reports you send**: what you write, the category, the kelurahan, an address or map location if "
          "you give one, photos, and your name and contact details if you give them. Photos are re-encoded and "
          "their hidden data (such as the GPS position and the camera) is removed.\n"
          "- **What happens to a report**: replies, changes of status and which staff handled it.\n"
          "- **Staff accounts**: name, contact details, roles and what each staff member did, for "
          "accountability.\n"
          "- **Technical data**: a cookie that keeps you signed in, a cookie that remembers your language, and "
          "server logs with your device’s network address, kept [for 30 days] to keep the service secure."),
        "# " + _("What we do not do"),
        _("- No advertising and no tracking by other companies: the site loads nothing from other servers.\n"
          "- We do not sell your data or share it, except where a law requires it."),
        "# " + _("Who can see what"),
        _("- A report marked **anonim** is public without your name; a report marked **rahasia** is seen only "
          "by the staff handling it.\n"
          "- Your contact details are never published: only the staff handling your report see them.\n"
          "- Public reports, replies, news and announcements are visible to everyone."),
        "# " + _("On your phone"),
        _("Pages you open may be kept on your phone so they work without a connection. Pages that show your "
          "own data are not kept."),
        "# " + _("How long we keep it"),
        _("[For example: reports for five years after they are closed; accounts until you ask us to delete "
          "them; server logs for 30 days.]"),
        "# " + _("Your rights"),
        _("You may ask to see the data we hold about you, to correct it or to delete it, and you may withdraw "
          "your consent. Write to %(contact)s; we answer within [3 × 24 hours].", contact=_contact_line()),
    ])


def _terms() -> str:
    region = g.region
    return "\n\n".join([
        _("By using Serambi of %(region)s you agree to these terms. [Have them checked by your legal "
          "department before publishing.]", region=region.name),
        "# " + _("The service"),
        _("The service is free of charge. We work to keep it available and correct, but cannot promise that it "
          "is never interrupted. News, announcements and prices are published by the offices named with them."),
        "# " + _("Not for emergencies"),
        _("This site is not an emergency service. In an emergency call **112**."),
        "# " + _("What you write"),
        _("- Write the truth, about matters of public interest.\n"
          "- No insults, threats, hate speech, advertising, or other people’s personal data.\n"
          "- Staff may correct a title or category, hide personal data, merge duplicates and reject reports "
          "that break these rules; the original stays in the report’s history.\n"
          "- A false report may have legal consequences."),
        "# " + _("Your account"),
        _("Keep your password to yourself. Accounts that misuse the service may be blocked."),
        "# " + _("Reusing what is published"),
        _("Texts and pictures published by the government of %(region)s may be shared with a mention of the "
          "source, unless stated otherwise. [Choose a licence, for example CC BY 4.0.]", region=region.name),
        "# " + _("Changes"),
        _("These terms may change; the date of the last change is shown here. Last changed: [date]."),
        "# " + _("Contact"),
        _("%(contact)s, [address of the office responsible].", contact=_contact_line()),
    ])


STANDARD_PAGES = (  # slug (in the address bar, so Indonesian), title, starter text, position
    ("tentang", lambda: _("About this site"), _about, 10),
    ("layanan", lambda: _("Services directory"), _services, 20),
    ("privasi", lambda: _("Privacy notice"), _privacy, 30),
    ("ketentuan", lambda: _("Terms of use"), _terms, 40),
)


def missing_standard_pages() -> list[tuple]:
    existing = set(db.session.execute(select(InfoPage.slug)).scalars())
    return [page for page in STANDARD_PAGES if page[0] not in existing]


def create_standard_pages() -> list[InfoPage]:
    """Create the standard pages that do not exist yet (matched by slug); returns the new ones, flushed."""
    created = []
    for slug, title, body, position in missing_standard_pages():
        page = InfoPage(slug=slug, title=title(), body=body(), position=position, published=True,
                        updated_by_id=current_user.id if current_user.is_authenticated else None)
        page.body_html = markup.to_html(page.body)
        db.session.add(page)
        created.append(page)
    db.session.flush()
    return created


# Staff pages

def _form_page(form: PageForm, page: InfoPage | None = None, status: int = 200):
    return render("berita/staff/page_form.html", status=status, form=form, page=page)


@bp.get("/staf/berita/halaman")
@admin_only
def staff_pages():
    """The region's information pages, published or not, and the standard pages still missing."""
    pages = list(db.session.execute(select(InfoPage).order_by(InfoPage.position, InfoPage.title)).scalars())
    return render("berita/staff/pages.html", pages=pages,
                  missing=[title() for _slug, title, _body, _pos in missing_standard_pages()])


@bp.post("/staf/berita/halaman/standar")
@admin_only
def staff_pages_standard():
    """Create the missing standard pages with starter text (a second click creates nothing)."""
    try:
        created = create_standard_pages()
        db.session.commit()
    except IntegrityError:  # a double click: the other request created them
        db.session.rollback()
        created = []
    if created:
        flash(_("Created: %(pages)s. Please replace the text in square brackets before you rely on them.",
                pages=", ".join(p.title for p in created)), "success")
    else:
        flash(_("The standard pages already exist."), "info")
    return redirect(url_for(".staff_pages"))


@bp.route("/staf/berita/halaman/baru", methods=["GET", "POST"])
@admin_only
def staff_page_new():
    """Write a new information page."""
    form = PageForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: run_once(
            SCOPE, submitted_key(), lambda: str(save_page(InfoPage(), form.values(), form.slug.data).id)))
        if saved:
            flash(_("The page “%(title)s” was saved.", title=form.title.data), "success")
            return redirect(url_for(".staff_pages"))
    return _form_page(form, status=422 if form.errors else 200)


@bp.route("/staf/berita/halaman/<int:page_id>", methods=["GET", "POST"])
@admin_only
def staff_page_edit(page_id):
    """Edit an information page."""
    page = scoped_get_or_404(InfoPage, page_id)
    form = PageForm() if request.method == "POST" else PageForm(formdata=None, data=PageForm.defaults(page))
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: save_page(page, form.values(), form.slug.data))
        if saved:
            flash(_("The page “%(title)s” was saved.", title=page.title), "success")
            return redirect(url_for(".staff_pages"))
    return _form_page(form, page, status=422 if form.errors else 200)


@bp.post("/staf/berita/halaman/<int:page_id>/hapus")
@admin_only
def staff_page_delete(page_id):
    page = scoped_get_or_404(InfoPage, page_id)
    title = page.title
    db.session.delete(page)
    db.session.commit()
    flash(_("The page “%(title)s” was deleted.", title=title), "success")
    return redirect(url_for(".staff_pages"))


# Public pages

@bp.get("/berita/info/")
def pages():
    """The published information pages."""
    return render("berita/pages.html", pages=published_pages())


@bp.get("/berita/info/<slug>")
def page(slug):
    """One published information page; an unknown or unpublished one is a 404."""
    item = db.session.execute(select(InfoPage).where(InfoPage.slug == slug,
                                                     InfoPage.published.is_(True))).scalar_one_or_none()
    if item is None:
        abort(404)
    return render("berita/page.html", page=item, body=markup.safe(item.body_html))
