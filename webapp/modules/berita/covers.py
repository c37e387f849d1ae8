"""Cover images: one upload becomes a few small, metadata-free variants served with `srcset`.

The upload goes through the core pipeline's checks (content sniffing, pixel budget against decompression
bombs, EXIF orientation, sRGB), is cropped to 16:9 around its centre, and saved as WebP at each width in
`WIDTHS` plus one JPEG at `SHARE_WIDTH` for link previews (Open Graph crawlers do not all read WebP).
The phone variant (the first) is kept within `PHONE_MAX_BYTES` by lowering its quality when needed.
"""
from __future__ import annotations

import io

from flask_babel import gettext as _
from PIL import Image, ImageFilter, ImageOps

from ...core.uploads import UploadError, _in_srgb, _new_path, _open_image, _read_limited, _write, delete_upload

KIND = "berita"
WIDTHS = (480, 960)
SHARE_WIDTH = 1200
RATIO = (16, 9)
PHONE_MAX_BYTES = 40 * 1024
QUALITY = 72
MIN_WIDTH = 320


def _crop_16_9(image: Image.Image) -> Image.Image:
    width, height = image.size
    target = width * RATIO[1] / RATIO[0]
    if height > target:  # too tall: keep the middle band
        top = int((height - target) / 2)
        return image.crop((0, top, width, top + int(target)))
    target_width = int(height * RATIO[0] / RATIO[1])
    left = int((width - target_width) / 2)
    return image.crop((left, 0, left + target_width, height))


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image.copy()
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    clean = image.convert("RGB")
    clean.info = {}
    if fmt == "WEBP":
        clean.save(out, "WEBP", quality=quality, method=6)
    else:
        clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def variants_from_image(image: Image.Image) -> list[dict]:
    """Store the variants of an already opened picture; returns [{"path","width","height","type","bytes"}]."""
    image = _crop_16_9(_in_srgb(ImageOps.exif_transpose(image)))
    if image.width < MIN_WIDTH:
        raise UploadError(_("The picture is too small for a cover: it must be at least %(px)d pixels wide.",
                            px=MIN_WIDTH))
    stored, seen_widths = [], set()
    for index, width in enumerate(WIDTHS):
        variant = _resized(image, width)
        if variant.width in seen_widths:
            continue
        seen_widths.add(variant.width)
        quality = QUALITY
        data = _encode(variant, "WEBP", quality)
        while index == 0 and len(data) > PHONE_MAX_BYTES and quality > 10:
            quality -= 10
            data = _encode(variant, "WEBP", quality)
        if index == 0 and len(data) > PHONE_MAX_BYTES:  # pure noise: soften it a little, as a phone screen would
            data = _encode(variant.filter(ImageFilter.GaussianBlur(0.8)), "WEBP", 40)
        path = _new_path(KIND, "webp")
        _write(path, data)
        stored.append({"path": path, "width": variant.width, "height": variant.height, "type": "image/webp",
                       "bytes": len(data)})
    share = _resized(image, SHARE_WIDTH)
    data = _encode(share, "JPEG", 78)
    path = _new_path(KIND, "jpg")
    _write(path, data)
    stored.append({"path": path, "width": share.width, "height": share.height, "type": "image/jpeg",
                   "bytes": len(data)})
    return stored


def save_cover(file_storage) -> list[dict]:
    """Validate and store an uploaded cover; raises `UploadError` (translated) when it cannot be used."""
    return variants_from_image(_open_image(_read_limited(file_storage)))


def delete_cover(variants: list[dict] | None) -> None:
    for variant in variants or []:
        delete_upload(variant.get("path"))


def webp_variants(variants: list[dict] | None) -> list[dict]:
    return [v for v in variants or [] if v.get("type") == "image/webp"]


def share_variant(variants: list[dict] | None) -> dict | None:
    return next((v for v in variants or [] if v.get("type") == "image/jpeg"), None)
