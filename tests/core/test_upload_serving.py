"""Serving uploaded files: a whitelisted content type from the stored name, never sniffed, never a page that
can run anything, documents downloaded rather than shown, and nothing with another extension served at all."""
from __future__ import annotations

import io

import pytest
from flask import g
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from tests.core.test_roles import sign_in
from tests.modules.aspirasi.test_staff_views import file_report, world  # noqa: F401  (world is a fixture)
from webapp.core.uploads import save_image, save_pdf, send_upload
from webapp.extensions import db
from webapp.modules.aspirasi.models import ReportPhoto, Status

HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture
def uploads(app, region, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    return tmp_path


def put(root, path: str, data: bytes) -> str:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_bytes(data)
    return path


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#c03020").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "script.js", "noextension", "archive.jpg.html"])
def test_a_stored_file_with_any_other_extension_is_never_served(app, uploads, name):
    path = put(uploads, f"tangerang/aspirasi/{name}", HTML)
    with app.test_request_context(), pytest.raises(NotFound):
        send_upload(path)


def test_a_picture_is_served_by_its_stored_type_with_nothing_that_can_run(app, uploads):
    path = put(uploads, "tangerang/aspirasi/" + "a" * 32 + ".jpg", jpeg())
    with app.test_request_context():
        response = send_upload(path, "public, max-age=60")
    assert response.mimetype == "image/jpeg" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Content-Disposition"].startswith("inline")  # shown in the page, under its random name
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_document_is_always_a_download(app, uploads):
    path = put(uploads, "tangerang/pencaker/" + "b" * 32 + ".pdf", b"%PDF-1.4 cv")
    with app.test_request_context():
        named = send_upload(path, download_name="CV.pdf")
        unnamed = send_upload(path)
    assert named.mimetype == "application/pdf" and named.headers["Content-Disposition"] == "attachment; filename=CV.pdf"
    assert unnamed.headers["Content-Disposition"].startswith("attachment")


def test_uploads_are_stored_under_random_names_whatever_they_were_called(app, uploads, region):
    with app.test_request_context():
        g.region = region
        first = save_image(FileStorage(io.BytesIO(jpeg()), "index.html"), "aspirasi")
        second = save_image(FileStorage(io.BytesIO(jpeg()), "index.html"), "aspirasi")
        document = save_pdf(FileStorage(io.BytesIO(b"%PDF-1.4 <html><script>x</script>"), "page.html"))
    assert first != second and "index" not in first + second and "page" not in document
    assert first.endswith(".jpg") and document.endswith(".pdf")


def test_html_hidden_in_a_stored_photo_is_served_as_a_picture_that_cannot_run(client, world, uploads):
    report = file_report(world, Status.RECEIVED)
    path = put(uploads, "tangerang/aspirasi/" + "c" * 32 + ".jpg", HTML)  # e.g. a file put there by hand
    photo = ReportPhoto(region_id=world.region.id, report_id=report.id, path=path)
    db.session.add(photo)
    db.session.commit()
    response = client.get(f"/aspirasi/foto/{photo.id}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    sign_in(client, world.admin)
    staff = client.get(f"/staf/aspirasi/foto/{photo.id}")
    assert staff.mimetype == "image/jpeg" and "sandbox" in staff.headers["Content-Security-Policy"]


def test_a_missing_or_escaping_stored_file_is_a_plain_404(client, world, uploads):
    report = file_report(world, Status.RECEIVED)
    gone = ReportPhoto(region_id=world.region.id, report_id=report.id, path="tangerang/aspirasi/gone.jpg")
    escaping = ReportPhoto(region_id=world.region.id, report_id=report.id, path="../../etc/passwd.jpg")
    db.session.add_all([gone, escaping])
    db.session.commit()
    assert client.get(f"/aspirasi/foto/{gone.id}").status_code == 404
    assert client.get(f"/aspirasi/foto/{escaping.id}").status_code == 404
