"""Report photos through the one upload pipeline: stored before the report row, removed if it is not written."""
from __future__ import annotations

from flask_babel import gettext as _
from PIL import Image

from ...core.uploads import UploadError, delete_upload, save_image, thumbnail_of, upload_path
from .models import ReportPhoto
from .rules import FlowError, PhotoError

MAX_PHOTOS = 3
MAX_SIDE = 1280
THUMB_SIDE = 320
UPLOAD_KIND = "aspirasi"


def chosen(files) -> list:
    """The files a person actually picked (browsers send an empty part for an empty file input)."""
    return [f for f in (files or ()) if f is not None and getattr(f, "filename", "")]


def store(files, field: str = "photos") -> list[dict]:
    """Save up to MAX_PHOTOS pictures; returns their paths and sizes. All or nothing: raises PhotoError."""
    if len(files) > MAX_PHOTOS:
        raise FlowError(_("Please send at most %(max)d photos.", max=MAX_PHOTOS), field)
    stored = []
    try:
        for file in files:
            path = save_image(file, UPLOAD_KIND, max_side=MAX_SIDE, thumb_side=THUMB_SIDE)
            stored.append({"path": path, "thumb_path": thumbnail_of(path)})
            with Image.open(upload_path(path)) as image:
                stored[-1].update(width=image.width, height=image.height)
    except UploadError as error:
        discard(stored)
        raise PhotoError(str(error), field) from None
    return stored


def discard(stored: list[dict]) -> None:
    """Remove pictures saved for a report that was not written (an error, or a repeated submission)."""
    for photo in stored:
        delete_upload(photo["path"])


def attach(report, stored: list[dict], stage: str) -> None:
    for photo in stored:
        report.photos.append(ReportPhoto(stage=stage, **photo))
