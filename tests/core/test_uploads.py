"""The upload pipeline: pictures are checked by content, turned upright, shrunk and stripped of metadata."""
import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms
from werkzeug.datastructures import FileStorage

from webapp.core.uploads import (
    UnsafePath, UploadError, open_upload, save_image, save_pdf, thumbnail_of, upload_path,
)


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
