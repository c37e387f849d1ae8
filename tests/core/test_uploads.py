"""The upload pipeline: pictures are checked by content, turned upright, shrunk and stripped of metadata."""
import io
import random
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.modules.aspirasi.test_public_views import html_of, place, report_count  # noqa: F401 (a fixture)
from tests.modules.aspirasi.test_submit import open_form, typed, upload_files

from webapp.core.uploads import (
    UnsafePath, UploadError, open_upload, save_image, save_pdf, thumbnail_of, upload_path,
)
from webapp.extensions import db


@pytest.fixture
def uploads(app, region, tmp_path, monkeypatch):
    """A request of `region` with an empty upload directory."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    with app.test_request_context(headers={"Accept-Language": "en"}):  # messages below are the English ones
        from flask import g

        g.region = region
        yield tmp_path


def upload(data: bytes, filename: str = "foto.jpg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def picture(size=(400, 300), fmt="JPEG", mode="RGB", **save_args) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#c03020" if mode == "RGB" else None).save(out, fmt, **save_args)
    return out.getvalue()


def stored(path: str) -> Image.Image:
    with open_upload(path) as file:
        image = Image.open(file)
        image.load()
    return image


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 10.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 38.0, 0.0)
    return exif


def test_photo_location_and_camera_data_are_removed(uploads):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = picture(exif=gps_exif(), icc_profile=srgb)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS

    path = save_image(upload(original), "reports")

    raw = upload_path(path).read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw
    assert not stored(path).getexif()
    assert "icc_profile" not in stored(path).info


def test_sideways_phone_photo_is_stored_upright(uploads):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was held rotated 90°
    path = save_image(upload(picture(size=(400, 200), exif=exif)), "reports")
    assert stored(path).size == (200, 400)


def test_large_photo_is_shrunk_to_1280_on_its_long_side(uploads):
    path = save_image(upload(picture(size=(5000, 3000))), "reports")
    assert stored(path).size == (1280, 768)
    assert stored(path).format == "JPEG"


def test_thumbnail_is_stored_beside_the_picture(uploads):
    path = save_image(upload(picture(size=(2000, 1000))), "reports", thumb_side=320)
    assert stored(thumbnail_of(path)).size == (320, 160)


def test_files_are_stored_per_region_under_random_names(uploads):
    first = save_image(upload(picture(), filename="rumah saya.jpg"), "reports")
    second = save_image(upload(picture(), filename="rumah saya.jpg"), "reports")
    assert first.startswith("tangerang/reports/") and second.startswith("tangerang/reports/")
    assert first != second and "rumah" not in first
    assert (uploads / first).is_file()


def test_png_and_webp_are_accepted(uploads):
    for fmt in ("PNG", "WEBP"):
        assert stored(save_image(upload(picture(fmt=fmt), "gambar"), "reports")).format == "JPEG"


def test_logo_keeps_its_transparent_background_when_asked(uploads):
    logo = picture(size=(600, 600), fmt="PNG", mode="RGBA")
    path = save_image(upload(logo, "logo.png"), "logo", max_side=512, keep_alpha=True)
    image = stored(path)
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (512, 512)
    assert image.getpixel((0, 0))[3] == 0


def test_text_file_named_jpg_is_refused(uploads):
    with pytest.raises(UploadError, match="not a picture"):
        save_image(upload(b"hello, this is not a photo\n" * 20, "foto.jpg"), "reports")
    assert not any(uploads.rglob("*.*"))


def test_truncated_photo_is_refused(uploads):
    data = picture(size=(800, 600))
    with pytest.raises(UploadError):
        save_image(upload(data[: len(data) // 2]), "reports")


def test_gif_is_refused_as_unsupported(uploads):
    with pytest.raises(UploadError, match="JPEG, PNG or WebP"):
        save_image(upload(picture(fmt="GIF", mode="P"), "anim.gif"), "reports")


def test_empty_upload_is_refused(uploads):
    with pytest.raises(UploadError, match="No file"):
        save_image(upload(b""), "reports")


def test_file_over_10_mb_is_refused(uploads):
    with pytest.raises(UploadError, match="10 MB"):
        save_image(upload(b"\xff\xd8\xff" + bytes(10 * 1024 * 1024)), "reports")


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes that announce a huge picture: a decompression bomb's header."""
    data = picture(size=(8, 8), fmt="PNG")
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


@pytest.mark.parametrize("side", [7_000, 30_000])
def test_decompression_bomb_is_refused(uploads, side):
    bomb = png_claiming(side, side)
    assert len(bomb) < 1000
    with pytest.raises(UploadError, match="too many pixels"):
        save_image(upload(bomb, "bom.png"), "reports")


def test_pdf_is_stored_when_it_starts_like_a_pdf(uploads):
    path = save_pdf(upload(b"%PDF-1.7\n%binary\n1 0 obj<<>>endobj\n%%EOF", "surat.pdf"))
    assert path.startswith("tangerang/documents/") and path.endswith(".pdf")
    assert upload_path(path).read_bytes().startswith(b"%PDF-")


def test_file_named_pdf_that_is_not_a_pdf_is_refused(uploads):
    with pytest.raises(UploadError, match="not a PDF"):
        save_pdf(upload(b"<html>surat</html>", "surat.pdf"))


@pytest.mark.parametrize("path", ["../secret_key", "/etc/passwd", "tangerang/../../x", "a\\..\\b", "", "a//b"])
def test_paths_outside_the_upload_directory_are_refused(uploads, path):
    with pytest.raises(UnsafePath):
        upload_path(path)


def test_symlink_out_of_the_upload_directory_is_refused(uploads, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("secret")
    (uploads / "link").symlink_to(outside)
    with pytest.raises(UnsafePath):
        open_upload("link/secret.txt")


def test_multi_picture_jpeg_from_a_phone_camera_is_accepted(uploads):
    mpo = picture(size=(640, 480), fmt="MPO", save_all=True, append_images=[Image.new("RGB", (160, 120))])
    assert Image.open(io.BytesIO(mpo)).format == "MPO"
    assert stored(save_image(upload(mpo), "reports")).size == (640, 480)


# Attacks on the upload pipeline: each is refused before anything is decoded or stored, or (a polyglot that
# is a real picture) stored only as a fresh picture, with none of the other file left in it.

def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header announces `width` × `height` pixels."""
    data = bytearray(picture(size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


SVG_WITH_SCRIPT = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def with_comment(jpeg: bytes, text: bytes) -> bytes:
    """`jpeg` with a COM segment holding `text` right after its start marker: still a valid JPEG."""
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + jpeg[2:]


def zip_of(name: str, content: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any picture's pixels are decoded."""
    from PIL import ImageFile

    def load(self):
        raise AssertionError(f"{self.format} {self.size} was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.mark.parametrize("bomb", [png_claiming(30_000, 30_000), png_claiming(7_000, 7_000),
                                  jpeg_claiming(65_000, 65_000), jpeg_claiming(8_000, 6_000)],
                         ids=["png-900-megapixels", "png-49-megapixels", "jpeg-4-gigapixels", "jpeg-48-megapixels"])
def test_a_decompression_bomb_is_refused_from_its_header_without_decoding_it(uploads, no_decoding, bomb):
    with pytest.raises(UploadError, match="too many pixels"):
        save_image(upload(bomb, "bom.jpg"), "reports")
    assert not any(uploads.rglob("*.*"))


@pytest.mark.parametrize("name", ["gambar.svg", "foto.jpg", "foto.png"])
def test_an_svg_with_a_script_is_refused_whatever_its_name(uploads, no_decoding, name):
    with pytest.raises(UploadError, match="not a picture"):
        save_image(upload(SVG_WITH_SCRIPT, name), "reports")
    assert not any(uploads.rglob("*.*"))


@pytest.mark.parametrize("disguised", [HTML + picture(), zip_of("index.html", HTML) + picture(),
                                       b"\xff\xd8\xff\xe0" + HTML])
def test_html_or_a_zip_dressed_as_a_jpeg_is_refused(uploads, disguised):
    with pytest.raises(UploadError, match="not a picture"):
        save_image(upload(disguised, "foto.jpg"), "reports")
    assert not any(uploads.rglob("*.*"))


def png_with_text(text: bytes) -> bytes:
    """A valid PNG with a tEXt chunk holding `text` before its pixels."""
    data = picture(fmt="PNG")
    chunk = b"tEXt" + b"Comment\x00" + text
    return data[:33] + struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def noisy_photo(size=(640, 480)) -> bytes:
    """A JPEG of random noise: entropy-coded data as dense as a real photo's."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3)).save(out, "JPEG", quality=95)
    return out.getvalue()


MOTION_PHOTO_TRAILER = b"\x00\x00\x00\x1cftypisom\x00\x00\x02\x00isomiso2mp41" + random.Random(3).randbytes(300_000)
POLYGLOTS = {
    "jpeg-comment-html": with_comment(picture(), HTML),
    "jpeg-comment-php": with_comment(picture(), b"<?php system($_GET['c']); ?>"),
    "jpeg-then-zip": picture() + zip_of("index.html", HTML),
    "jpeg-then-html": picture() + HTML,
    "jpeg-html-zip": with_comment(picture(), HTML) + zip_of("x.js", b"alert(1)"),
    "png-text-script": png_with_text(b"<script>alert(1)</script>"),
    "png-then-html": picture(fmt="PNG") + HTML,
    "webp-then-svg": picture(fmt="WEBP") + SVG_WITH_SCRIPT,
}


@pytest.mark.parametrize("polyglot", POLYGLOTS.values(), ids=POLYGLOTS.keys())
def test_a_picture_that_is_also_a_page_a_script_or_an_archive_is_refused(uploads, polyglot):
    assert Image.open(io.BytesIO(polyglot)).format in ("JPEG", "PNG", "WEBP")  # a real picture, too
    with pytest.raises(UploadError, match="also carries another kind of file"):
        save_image(upload(polyglot), "reports", thumb_side=100)
    assert not any(uploads.rglob("*.*"))


@pytest.mark.parametrize("photo", [noisy_photo() + MOTION_PHOTO_TRAILER, noisy_photo(), picture(fmt="PNG"),
                                   picture(fmt="WEBP"), with_comment(picture(), b"Taken with a phone <3")],
                         ids=["motion-photo", "dense-photo", "png", "webp", "harmless-comment"])
def test_real_photos_with_a_phones_trailer_or_dense_pixels_are_accepted_and_stored_clean(uploads, photo):
    """Phones append a video after a JPEG's end (motion photos); that is no reason to refuse the photo, and
    what is stored is the re-encoded picture alone."""
    path = save_image(upload(photo), "reports", thumb_side=100)
    raw = upload_path(path).read_bytes()
    assert raw.startswith(b"\xff\xd8") and raw.rstrip(b"\x00").endswith(b"\xff\xd9") and b"ftyp" not in raw


@pytest.mark.parametrize("cut", [0.9, 0.5, 0.1])
def test_a_truncated_jpeg_is_refused(uploads, cut):
    data = picture(size=(800, 600))
    with pytest.raises(UploadError, match="not a picture"):
        save_image(upload(data[: int(len(data) * cut)]), "reports")
    assert not any(uploads.rglob("*.*"))


class CountingStream(io.RawIOBase):
    """`size` bytes of zeros after a JPEG start marker, counting what is read."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = (b"\xff\xd8\xff" + bytes(n))[:n] if self.read_bytes == 0 else bytes(n)
        self.read_bytes += n
        return n


def test_a_50_mb_file_is_refused_after_reading_no_more_than_the_limit(uploads):
    stream = CountingStream(50 * 1024 * 1024)
    with pytest.raises(UploadError, match="10 MB"):
        save_image(FileStorage(stream=io.BufferedReader(stream), filename="besar.jpg"), "reports")
    assert stream.read_bytes <= 10 * 1024 * 1024 + 64 * 1024
    assert not any(uploads.rglob("*.*"))


# The same attacks through the report form: a 4xx with the message beside the photo field, in Indonesian,
# with what was typed kept and nothing filed or stored.

NOT_A_PICTURE = "File ini bukan gambar yang bisa kami baca."
TOO_MANY_PIXELS = "Gambar terlalu besar (terlalu banyak piksel)."
POLYGLOT = "Gambar ini juga membawa jenis file lain"


@pytest.mark.parametrize("data, name, message", [
    (png_claiming(30_000, 30_000), "bom.png", TOO_MANY_PIXELS),
    (jpeg_claiming(65_000, 65_000), "bom.jpg", TOO_MANY_PIXELS),
    (SVG_WITH_SCRIPT, "gambar.svg", NOT_A_PICTURE),
    (HTML + picture(), "foto.jpg", NOT_A_PICTURE),
    (with_comment(picture(), HTML), "foto.jpg", POLYGLOT),
    (picture(size=(800, 600))[:3000], "terpotong.jpg", NOT_A_PICTURE),
    (b"\xff\xd8\xff" + bytes(12 * 1024 * 1024), "besar.jpg", "File terlalu besar. Batasnya 10 MB."),
], ids=["png-bomb", "jpeg-bomb", "svg-script", "html-disguised", "html-polyglot", "truncated", "12-mb"])
def test_the_report_form_refuses_a_bad_photo_with_a_message_and_keeps_the_text(client, place, tmp_path, data, name,
                                                                               message):
    form = {**open_form(client), **typed(place), "photos": [(io.BytesIO(data), name)]}
    response = client.post("/aspirasi/baru", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    html = html_of(response)
    assert f'id="photos-error">{message}' in html
    assert "Jalan berlubang di depan SD" in html and 'value="Budi Santoso"' in html
    assert report_count() == 0 and upload_files(tmp_path / "uploads") == []


def test_a_50_mb_post_to_the_report_form_gets_the_translated_too_large_page(client, place, tmp_path):
    form = {**open_form(client), **typed(place), "photos": [(io.BytesIO(bytes(50 * 1024 * 1024)), "besar.jpg")]}
    response = client.post("/aspirasi/baru", data=form, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Kiriman Anda terlalu besar" in html_of(response)
    assert report_count() == 0 and upload_files(tmp_path / "uploads") == []


def test_a_photo_with_a_phones_trailer_is_served_only_as_the_jpeg(client, place):
    from webapp.modules.aspirasi.models import ReportPhoto

    form = {**open_form(client), **typed(place), "photos": [(io.BytesIO(picture() + MOTION_PHOTO_TRAILER), "foto.jpg")]}
    assert client.post("/aspirasi/baru", data=form, content_type="multipart/form-data").status_code == 303
    photo = db.session.execute(select(ReportPhoto)).scalar_one()
    response = client.get(f"/aspirasi/foto/{photo.id}")  # the browser that filed the report may see it
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.data.startswith(b"\xff\xd8") and b"ftyp" not in response.data
