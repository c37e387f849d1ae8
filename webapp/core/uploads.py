"""The one upload pipeline: validate by content, re-encode, store per region under a random name.

Photos from phones are large, carry GPS coordinates in their EXIF data and arrive in any orientation.
Every image is therefore opened by Pillow (never trusted by its file name or content type), checked
against a pixel budget that stops decompression bombs, turned upright, shrunk, and saved again without
any metadata. Stored paths are relative to `UPLOAD_DIR` (`<region slug>/<kind>/<random>.jpg`), and every
read goes through `upload_path`, which refuses anything that would leave that directory.
"""
from __future__ import annotations

import io
import re
import secrets
import warnings
import zipfile
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .scoping import current_region

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's own guard is process-wide; lowering it also protects icons made from uploaded logos.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")  # phone MPO files open through the JPEG decoder
JPEG_QUALITY = 80
THUMB_SUFFIX = ".thumb"


class UploadError(ValueError):
    """A file that cannot be accepted; `str(error)` is a translated message for the person uploading."""


class UnsafePath(ValueError):
    """A stored path that would point outside the upload directory."""


def upload_root() -> Path:
    """The configured upload directory, resolved (symlinks followed) so containment checks are exact."""
    return Path(current_app.config["UPLOAD_DIR"]).resolve()


def upload_path(path: str) -> Path:
    """The absolute location of a stored upload; raises `UnsafePath` for anything outside UPLOAD_DIR."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        raise UnsafePath(path)
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise UnsafePath(path)
    root = upload_root()
    full = (root / path).resolve()
    if not full.is_relative_to(root):  # a symlink pointing out of the directory
        raise UnsafePath(path)
    return full


def open_upload(path: str):
    """Open a stored upload for reading (binary). Raises `UnsafePath` or `FileNotFoundError`."""
    return upload_path(path).open("rb")


# What a stored file may be served as, by the extension our pipeline gave it after checking and re-encoding:
# anything else (an .html, an .svg, a name without an extension) is never served at all.
SERVED_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}
DOCUMENT_TYPES = ("application/pdf",)  # always downloaded, never shown inside our site
# A stored file is data, never a page: opened on its own, nothing in it may run, load or submit anything.
UPLOAD_CSP = "default-src 'none'; sandbox"


def send_upload(path: str | None, cache_control: str = "private, max-age=3600", download_name: str | None = None):
    """The response for a stored upload, or a 404 for a missing, unsafe or unknown one.

    The content type comes from the whitelist above, never from the browser's sniffing
    (`X-Content-Type-Options: nosniff`); documents come as attachments; a sandboxing
    Content-Security-Policy stops anything in the file from running even when it is opened directly.
    Callers decide who may see the file and how long it may be kept (`cache_control`).
    """
    mimetype = SERVED_TYPES.get((path or "").rpartition(".")[2].lower()) if path and "." in path else None
    if mimetype is None:
        abort(404)
    try:
        full = upload_path(path)
        if not full.is_file():
            abort(404)
    except UnsafePath:
        abort(404)
    attachment = mimetype in DOCUMENT_TYPES
    response = send_file(full, mimetype=mimetype, as_attachment=attachment,
                         download_name=(download_name or full.name) if attachment else None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = UPLOAD_CSP
    response.headers["Cache-Control"] = cache_control
    return response


def delete_upload(path: str | None) -> None:
    """Remove a stored upload and its thumbnail, if they exist (e.g. when a logo is replaced)."""
    if not path:
        return
    for candidate in (path, thumbnail_of(path)):
        upload_path(candidate).unlink(missing_ok=True)


def thumbnail_of(path: str) -> str:
    """The stored path of the thumbnail that `save_image(..., thumb_side=...)` made for `path`."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}{THUMB_SUFFIX}.{ext}" if dot else path + THUMB_SUFFIX


def _read_limited(file_storage) -> bytes:
    limit = current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES)
    data = file_storage.stream.read(limit + 1) if file_storage else b""
    if not data:
        raise UploadError(_("No file was sent. Please choose a file."))
    if len(data) > limit:
        raise UploadError(_("The file is too large. The limit is %(mb)d MB.", mb=limit // (1024 * 1024)))
    return data


def _new_path(kind: str, extension: str) -> str:
    if not kind or not kind.replace("-", "").replace("_", "").isalnum() or not kind.isascii():
        raise ValueError(f"upload kind must be a simple name, not {kind!r}")
    region = current_region()
    folder = region.slug if region is not None else "_platform"
    return f"{folder}/{kind}/{secrets.token_hex(16)}.{extension}"


def _write(path: str, data: bytes) -> None:
    full = upload_path(path)
    full.parent.mkdir(parents=True, exist_ok=True)
    with full.open("xb") as out:  # "x": a random name never overwrites an existing file
        out.write(data)


# What a browser, a PHP interpreter or a script engine would act on. Every pattern is six bytes or more, so
# random bytes (an EXIF thumbnail, a motion photo's video) match one about once in 10^12 positions: with at
# most ~200 KB looked at per photo, a real photo is refused by chance about once in several million. Looked
# for only outside the pixel data (see _outside_pixels).
MARKUP = re.compile(rb"<(?:script|html|body|iframe|object|embed|svg|meta|link|style|form)[\s>/]|"
                    rb"<\?php|<!doctype|<!\[cdata\[|javascript:|vbscript:", re.IGNORECASE)
TRAILER_SCAN = 64 * 1024  # a trailer is looked at in its first and last 64 KB (a motion photo's video is large)


def _jpeg_parts(data: bytes) -> list[bytes]:
    """The parts of a JPEG that are not entropy-coded pixels: every marker segment before and between the
    scans (comments, EXIF, ICC, tables) and whatever follows the end-of-image marker."""
    parts, at = [], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return parts + [data[at:]]  # not a marker where one must be: keep the rest for the scan
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1  # fill byte
            continue
        if marker == 0xD9:  # end of image: anything after it is a trailer
            return parts + [data[at + 2:]]
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        parts.append(data[at + 4:at + 2 + length])
        at += 2 + length
        if marker == 0xDA:  # start of scan: skip entropy-coded data to the next real marker
            while at + 1 < len(data):
                if data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                at += 1
    return parts


def _chunked_parts(data: bytes, start: int, header: int, pixel_chunks: tuple[bytes, ...], little: bool,
                   padded: bool, trailer_after: bytes) -> list[bytes]:
    """PNG (big-endian length, type, data, CRC) and WebP/RIFF (type, little-endian length, data, pad) chunks
    other than the compressed pixels, plus anything after the last chunk."""
    parts, at = [], start
    while at + header <= len(data):
        if little:
            kind, length = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
            body, end = at + 8, at + 8 + length + (length & 1 if padded else 0)
        else:
            length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
            body, end = at + 8, at + 12 + length
        if kind not in pixel_chunks:
            parts.append(data[body:body + length])
        at = end
        if kind == trailer_after:
            break
    return parts + [data[at:]]


def _outside_pixels(data: bytes, kind: str) -> list[bytes]:
    if kind == "JPEG":
        return _jpeg_parts(data)
    if kind == "PNG":
        return _chunked_parts(data, 8, 12, (b"IDAT", b"fdAT"), little=False, padded=False, trailer_after=b"IEND")
    if kind == "WEBP":
        size = int.from_bytes(data[4:8], "little") + 8
        return _chunked_parts(data[:size], 12, 8, (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"), little=True, padded=True,
                              trailer_after=b"") + [data[size:]]
    return [data]


def _refuse_polyglot(data: bytes, kind: str) -> None:
    """Refuse a picture that is also something else: a page, a script or an archive hidden in its comments,
    metadata or after its end. Such a file only exists to be opened as that other thing.

    A phone's own trailer after the end of a JPEG (a motion photo's video, a maker's note) is neither markup
    nor a ZIP archive, so real photos pass; what is stored is in any case the re-encoded picture alone."""
    parts = [part if len(part) <= 2 * TRAILER_SCAN else part[:TRAILER_SCAN] + part[-TRAILER_SCAN:]
             for part in _outside_pixels(data, kind)]
    if any(MARKUP.search(part) for part in parts) or zipfile.is_zipfile(io.BytesIO(data)):
        raise UploadError(_("This picture also carries another kind of file (a web page, a script or an archive). "
                            "Please send the photo itself."))


def _open_image(data: bytes) -> Image.Image:
    """Open and fully decode `data`, or raise UploadError; warnings about huge images count as errors.

    Only the decoders of the accepted formats ever see the bytes, which keeps Pillow's attack surface small.
    """
    not_an_image = _("This file is not a picture we can read. Please send a JPEG, PNG or WebP photo.")
    too_big = _("The picture has too many pixels. Please send a smaller one.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise UploadError(too_big)
                kind = probe.format
                probe.verify()
            _refuse_polyglot(data, kind)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadError(too_big) from None
        except UploadError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise UploadError(not_an_image) from None
    return image


def _in_srgb(image: Image.Image) -> Image.Image:
    """Phones shoot in wide-gamut colour (Display P3); without its profile a photo would look washed out."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _encode(image: Image.Image, keep_alpha: bool) -> tuple[bytes, str]:
    """JPEG for photos, PNG when transparency is kept; never any EXIF, ICC or text chunks."""
    out = io.BytesIO()
    if keep_alpha and (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info):
        clean = image.convert("RGBA")
        clean.info = {}
        clean.save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    clean = image.convert("RGB")
    clean.info = {}
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), "jpg"


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def save_image(file_storage, kind: str, max_side: int = 1280, thumb_side: int | None = None,
               keep_alpha: bool = False) -> str:
    """Validate, re-encode and store an uploaded picture; returns its path relative to UPLOAD_DIR.

    The picture is turned upright from its EXIF orientation, shrunk to at most `max_side` pixels on
    its long side and saved as JPEG (PNG when `keep_alpha` and it has transparency, e.g. a logo)
    with no metadata at all. With `thumb_side`, a thumbnail is stored at `thumbnail_of(path)`.
    Raises `UploadError` with a translated message when the file cannot be accepted.
    """
    image = _open_image(_read_limited(file_storage))
    image = _in_srgb(ImageOps.exif_transpose(image))
    data, extension = _encode(_shrunk(image, max_side), keep_alpha)
    path = _new_path(kind, extension)
    _write(path, data)
    if thumb_side:
        thumb, _ext = _encode(_shrunk(image, thumb_side), keep_alpha)
        _write(thumbnail_of(path), thumb)
    return path


def save_pdf(file_storage, kind: str = "documents") -> str:
    """Store an uploaded PDF after checking its size and its first bytes (`%PDF-`); returns its path."""
    data = _read_limited(file_storage)
    if not data.startswith(b"%PDF-"):
        raise UploadError(_("This file is not a PDF document."))
    path = _new_path(kind, "pdf")
    _write(path, data)
    return path
