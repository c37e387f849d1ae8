"""Cover pictures: a phone photo becomes small 16:9 WebP variants and a JPEG for link previews, without
metadata; pictures that are too small, not pictures, or decompression bombs are refused."""
from __future__ import annotations

import io
import os

import pytest
from flask import g
from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage

from tests.core.test_uploads import gps_exif, png_claiming
from webapp.core.uploads import UploadError, open_upload, upload_path
from webapp.modules.berita import covers


@pytest.fixture
def uploads(app, make_region, tmp_path, monkeypatch):
    """A request of a region with news on, with an empty upload directory; English messages."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["berita", "kontak"])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        g.region = region
        yield tmp_path


def upload(data: bytes, filename: str = "foto.jpg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def phone_photo(size=(4000, 3000), exif=None, noise_side: int | None = None) -> bytes:
    """A JPEG as a phone sends it. With `noise_side`, random noise at that width, blown up to `size`: the
    detail survives scaling down to phone width, the worst case for the 40 KB budget."""
    if noise_side:
        height = noise_side * size[1] // size[0]
        noise = Image.frombytes("RGB", (noise_side, height), os.urandom(noise_side * height * 3))
        image = noise.resize(size, Image.Resampling.BICUBIC)
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def opened(path: str) -> Image.Image:
    with open_upload(path) as file:
        image = Image.open(file)
        image.load()
    return image


def test_a_phone_photo_becomes_16_9_webp_variants_and_a_jpeg_without_metadata(uploads):
    original = phone_photo(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS

    variants = covers.save_cover(upload(original))

    assert [(v["type"], v["width"], v["height"]) for v in variants] == [
        ("image/webp", 480, 270), ("image/webp", 960, 540), ("image/jpeg", 1200, 675)]
    for variant in variants:
        image = opened(variant["path"])
        assert image.format == ("WEBP" if variant["type"] == "image/webp" else "JPEG")
        assert image.size == (variant["width"], variant["height"])
        assert not image.getexif() and "exif" not in image.info
        assert variant["bytes"] == upload_path(variant["path"]).stat().st_size
    assert variants[0]["bytes"] <= covers.PHONE_MAX_BYTES
    assert covers.webp_variants(variants) == variants[:2] and covers.share_variant(variants) == variants[2]


def test_the_phone_variant_stays_within_40_kb_even_for_a_noisy_photo(uploads):
    variants = covers.save_cover(upload(phone_photo(noise_side=480)))
    phone = variants[0]
    assert (phone["type"], phone["width"]) == ("image/webp", 480)
    assert upload_path(phone["path"]).stat().st_size <= 40 * 1024


def test_deleting_a_cover_removes_every_file(uploads):
    variants = covers.save_cover(upload(phone_photo(size=(1600, 1200))))
    covers.delete_cover(variants)
    assert [p for p in uploads.rglob("*") if p.is_file()] == []


def test_a_picture_too_small_for_a_cover_is_refused(uploads):
    with pytest.raises(UploadError, match="too small for a cover"):
        covers.save_cover(upload(phone_photo(size=(200, 150))))
    assert [p for p in uploads.rglob("*") if p.is_file()] == []


def test_a_file_that_is_not_a_picture_is_refused(uploads):
    with pytest.raises(UploadError, match="not a picture we can read"):
        covers.save_cover(upload(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                                 "foto.svg"))


def test_a_decompression_bomb_is_refused(uploads):
    bomb = png_claiming(30_000, 30_000)
    assert len(bomb) < 1000
    with pytest.raises(UploadError, match="too many pixels"):
        covers.save_cover(upload(bomb, "bom.png"))
    assert [p for p in uploads.rglob("*") if p.is_file()] == []
