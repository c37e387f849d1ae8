"""Demo data for Berita: news categories, about three dozen articles spread over the last four months (two
drafts, one scheduled for tomorrow 09:00, one archived), small generated cover illustrations, announcements
(current, expired and upcoming, one with a PDF) and the four standard information pages.

Safe to run again: categories and pages are matched by slug, articles by slug, announcements by title; only
what is missing is created. The caller commits (as `core.demo.seed` does). The words live in `demo_data`.
"""
from __future__ import annotations

import io
import random
import zlib
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ...core.demo import demo_staff_member
from ...core.demo import DEPARTMENTS
from ...core.models import Department, Region, Role, User
from ...core.uploads import save_pdf
from ...extensions import db
from . import covers, markup
from . import demo_data as data
from .articles import content_of
from .models import Announcement, Article, ArticleRevision, Category, InfoPage, Status
from .views_announcements import UPLOAD_KIND

# Drawn at the size of the largest variant kept (the 1200-wide JPEG for link previews): the pipeline stores
# exactly what it would from a bigger picture, and skips one resize per cover (about a third of the time).
SIZE = (1200, 675)
_OFFICE_NAMES = {slug: (name, short) for slug, name, short in DEPARTMENTS}


def seed_demo(region: Region) -> None:
    """Add the Berita demo to `region` (inside its region_context), creating only what is missing."""
    now = datetime.now(timezone.utc)
    tz = ZoneInfo(region.timezone or "Asia/Jakarta")
    categories = ensure_categories()
    departments = {d.slug: d for d in db.session.execute(select(Department)).scalars()}
    author = _author()
    ensure_articles(region, categories, departments, author, now, tz)
    ensure_announcements(departments, author, now)
    ensure_pages(region, author, now)
    db.session.flush()


def ensure_categories() -> dict[str, Category]:
    have = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    for position, (slug, name, _colour, _colour_name) in enumerate(data.CATEGORIES):
        if slug not in have:
            have[slug] = Category(slug=slug, name=name, position=position)
            db.session.add(have[slug])
    db.session.flush()
    return have


def _author() -> User | None:
    """The region's demo editor (or any editor, or a region admin): who "saved" the demo articles."""
    return demo_staff_member((Role.EDITOR, Role.REGION_ADMIN), "editor@demo.serambi.id")


# --- Articles ---------------------------------------------------------------------------------------------

def ensure_articles(region: Region, categories: dict[str, Category], departments: dict[str, Department],
                    author: User | None, now: datetime, tz: ZoneInfo) -> list[Article]:
    have = set(db.session.execute(select(Article.slug)).scalars())
    today = now.astimezone(tz).date()
    added = []
    for index, story in enumerate(data.STORIES):
        if story.slug in have:
            continue
        article = _article(region, index, story, categories, departments.get(story.department), author,
                           now, today, tz)
        if index % 3 != 2:  # about two thirds get a cover illustration
            article.cover = covers.variants_from_image(draw_cover(**_cover_of(region, index, story, article)))
        db.session.add(article)
        added.append(article)
    if added:
        db.session.flush()  # the revisions refer to the articles' ids
        for article in added:
            db.session.add(_first_revision(article))
    return added


def _publish_at(story: data.Story, now: datetime, today: date, tz: ZoneInfo) -> datetime | None:
    if story.status == Status.DRAFT:
        return None
    if story.status == Status.SCHEDULED:
        return datetime.combine(today + timedelta(days=1), time(9, 0), tz).astimezone(timezone.utc)
    minute = zlib.crc32(story.slug.encode()) % 60
    local = datetime.combine(today - timedelta(days=story.days_ago), time(story.hour, minute), tz)
    return min(local.astimezone(timezone.utc), now - timedelta(minutes=40 + minute))


def _article(region: Region, index: int, story: data.Story, categories: dict[str, Category],
             department: Department | None, author: User | None, now: datetime, today: date,
             tz: ZoneInfo) -> Article:
    publish_at = _publish_at(story, now, today, tz)
    day = publish_at.astimezone(tz).date() if publish_at else today
    words = _placeholders(region, day)
    body = compose_body(index, story, department, words)
    created = (publish_at or now) - timedelta(hours=3 + index % 5)
    if created > now:  # scheduled: written today, for tomorrow
        created = now - timedelta(hours=1)
    category = categories[story.category]
    return Article(
        slug=story.slug, title=story.title, summary=story.summary.format(**words), body=body,
        body_html=markup.to_html(body), category_id=category.id, category=category, tags=list(story.tags),
        department_id=department.id if department else None, department=department, status=story.status,
        publish_at=publish_at,
        created_by_id=author.id if author else None, created_at=created,
        updated_by_id=author.id if author else None, updated_at=created,
    )


def _cover_of(region: Region, index: int, story: data.Story, article: Article) -> dict:
    """Describe the article's cover (alt text, caption, credit) and return what `draw_cover` needs."""
    colour, colour_name = next((c, n) for slug, _name, c, n in data.CATEGORIES if slug == story.category)
    category, shown, motif = article.category, cover_words(story), MOTIFS[index % len(MOTIFS)]
    article.cover_alt = (f"Ilustrasi: latar {colour_name} dengan {MOTIF_NAMES[motif]}, label {category.name} "
                         f"dan tulisan “{shown}”")[:200]
    article.caption = f"Ilustrasi untuk berita {category.name.lower()}: {story.title}"[:300]
    department = article.department
    office = department.short_name if department is not None and department.short_name else "Diskominfo"
    article.credit = f"Ilustrasi: {office} {region.name}"[:120]
    return {"words": shown, "label": category.name, "colour": colour, "motif": motif, "seed": story.slug}


def _first_revision(article: Article) -> ArticleRevision:
    """What the editor's first save records (the same fields `articles.write` keeps)."""
    return ArticleRevision(article_id=article.id, status=article.status, saved_by_id=article.created_by_id,
                           saved_at=article.created_at, **content_of(article))


def _placeholders(region: Region, day: date) -> dict[str, str]:
    def short(d: date) -> str:
        return f"{data.HARI[d.weekday()]} ({d.day}/{d.month})"

    return {
        "hari": short(day),
        "kemarin": short(day - timedelta(days=1)),
        "pekan_depan": short(day + timedelta(days=7)),
        "tanggal": f"{day.day} {data.BULAN[day.month - 1]} {day.year}",
        "kota": region.name,
    }


def _office(department: Department | None, slug: str) -> tuple[str, str, str]:
    """Full name, short name and e-mail of the story's office (from the region's row when it has one)."""
    name, short = _OFFICE_NAMES.get(slug, ("Dinas Komunikasi dan Informatika", "Diskominfo"))
    email = f"{slug}@demo.serambi.id"
    if department is not None:
        name, short = department.name, department.short_name or department.name
        email = department.email or email
    return name, short, email


def compose_body(index: int, story: data.Story, department: Department | None, words: dict[str, str]) -> str:
    """The story's facts as Markdown, in one of three layouts (picked by position) so articles vary."""
    name, short, email = _office(department, story.department)
    fill = lambda text: text.format(**words)  # noqa: E731
    lead, context = fill(story.lead), fill(story.context)
    items = "\n".join(f"- {fill(item)}" for item in story.items)
    listing = f"## {fill(story.list_heading)}\n\n{items}"
    speaker = story.speaker or f"Kepala {name}"
    said = fill(story.quote)
    said = said + "," if said[-1] not in "?!" else said
    verb = data.SPEECH_VERBS[index % len(data.SPEECH_VERBS)]
    quote = f"“{said}” {verb} {speaker}."
    heading, closing = data.CLOSINGS[index % len(data.CLOSINGS)]
    label, url = story.link
    closing = closing.format(label=label, url=url, short=short, email=email)
    closing = f"## {heading}\n\n{closing}" if heading else closing
    extra = [fill(data.BACKGROUND[story.slug])] if story.slug in data.BACKGROUND else []
    layout = index % 3
    if layout == 0:
        parts = [lead, context, listing, quote, *extra, closing]
    elif layout == 1:
        parts = [lead, quote, listing, context, *extra, closing]
    else:
        parts = [lead, context, quote, *extra, listing, closing]
    return "\n\n".join(parts) + "\n"


# --- Cover illustrations ----------------------------------------------------------------------------------

MOTIFS = ("circles", "blocks", "stripes")
MOTIF_NAMES = {"circles": "lingkaran-lingkaran", "blocks": "kotak-kotak bersudut bulat",
               "stripes": "garis-garis diagonal"}


def cover_words(story: data.Story) -> str:
    """The few words drawn on the story's cover (by default the start of its title, up to a colon)."""
    return data.COVER_WORDS.get(story.slug) or " ".join(story.title.split(":")[0].split()[:4])


@lru_cache(maxsize=4)
def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other))


def _wrap(text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def draw_cover(words: str, label: str, colour: tuple[int, int, int], motif: str, seed: str) -> Image.Image:
    """A flat 16:9 illustration: a gradient in the category's colour, a simple motif, and a few words."""
    rng = random.Random(zlib.crc32(seed.encode()))
    width, height = SIZE
    dark, light = _mix(colour, (0, 0, 0), 0.35), _mix(colour, (255, 255, 255), 0.15)
    vertical = Image.linear_gradient("L")
    across = vertical.rotate(rng.choice((90, -90)))  # a quarter turn leaves no empty corners
    mask = Image.blend(vertical, across, 0.5).resize(SIZE)
    image = Image.composite(Image.new("RGB", SIZE, dark), Image.new("RGB", SIZE, light), mask)
    draw = ImageDraw.Draw(image)
    accent, soft = _mix(colour, (255, 255, 255), 0.45), _mix(colour, (255, 255, 255), 0.25)
    if motif == "circles":
        for _ in range(5):
            r = rng.randrange(60, 220)
            x, y = rng.randrange(600, width - 20), rng.randrange(-60, 360)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice((accent, soft)))
    elif motif == "blocks":
        for _ in range(4):
            w, h = rng.randrange(140, 320), rng.randrange(100, 240)
            x, y = rng.randrange(600, width - 100), rng.randrange(20, 280)
            draw.rounded_rectangle((x, y, x + w, y + h), radius=28, fill=rng.choice((accent, soft)))
    else:
        step = rng.randrange(90, 140)
        for x in range(500, 1700, step):
            draw.polygon(((x, 0), (x + step // 2, 0), (x - 400 + step // 2, height), (x - 400, height)), fill=soft)
    draw.rectangle((0, 360, width, height), fill=_mix(colour, (0, 0, 0), 0.45))
    small = _font(34)
    pill = small.getlength(label) + 48
    draw.rounded_rectangle((72, 64, 72 + pill, 124), radius=30, fill=(255, 255, 255))
    draw.text((96, 76), label, font=small, fill=dark)
    big = _font(84)
    lines = _wrap(words, big, width - 160)[:3]
    top = 400 if len(lines) < 3 else 375
    for n, line in enumerate(lines):
        draw.text((80, top + n * 96), line, font=big, fill=(255, 255, 255))
    return image


# --- Announcements ----------------------------------------------------------------------------------------

def ensure_announcements(departments: dict[str, Department], author: User | None,
                         now: datetime) -> list[Announcement]:
    have = set(db.session.execute(select(Announcement.title)).scalars())
    added = []
    for title, office, body, starts, expires, attachment in data.ANNOUNCEMENTS:
        if title in have:
            continue
        department = departments.get(office)
        item = Announcement(
            title=title, body=body, body_html=markup.to_html(body), published=True,
            starts_at=now + timedelta(days=starts, hours=-2 if starts <= 0 else 0),
            expires_at=now + timedelta(days=expires), department_id=department.id if department else None,
            created_by_id=author.id if author else None,
            created_at=min(now, now + timedelta(days=starts)) - timedelta(hours=2),
        )
        if attachment:
            pdf = demo_pdf(data.PDF_LINES)
            stream = FileStorage(stream=io.BytesIO(pdf), filename=attachment, content_type="application/pdf")
            item.attachment = save_pdf(stream, UPLOAD_KIND)
            item.attachment_name, item.attachment_size = attachment, len(pdf)
        db.session.add(item)
        added.append(item)
    return added


def _pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(lines: list[str]) -> bytes:
    """A minimal, valid one-page A4 PDF with `lines` of text in Helvetica (ASCII only)."""
    text = ["BT", "/F1 20 Tf", "24 TL", "72 770 Td"]
    for n, line in enumerate(lines):
        if n == 1:
            text.append("/F1 13 Tf 19 TL")
        text.append(f"({_pdf_text(line)}) Tj T*")
    text.append("ET")
    content = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- Information pages ------------------------------------------------------------------------------------

def ensure_pages(region: Region, author: User | None, now: datetime) -> list[InfoPage]:
    """The four standard pages with the demo region's own text (the admin's one-click starter pages are
    templates with blanks, and need a signed-in request); pages that exist are left as they are."""
    have = set(db.session.execute(select(InfoPage.slug)).scalars())
    added = []
    for slug, title, body, position in data.PAGES:
        if slug in have:
            continue
        text = body.format(kota=region.name)
        page = InfoPage(slug=slug, title=title.format(kota=region.name), body=text, body_html=markup.to_html(text),
                        position=position, published=True, updated_by_id=author.id if author else None,
                        updated_at=now)
        db.session.add(page)
        added.append(page)
    return added
