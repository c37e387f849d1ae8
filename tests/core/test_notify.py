"""Messages reach people through a real SMTP server or SMS gateway, and are logged when none is set."""
from __future__ import annotations

import json
import logging
import socket
import threading
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import csrf_from
from tests.modules.aspirasi.test_public_views import place, report_count  # noqa: F401  (Aspirasi on)
from tests.modules.aspirasi.test_submit import send
from webapp.core import queue
from webapp.core.notify import deliver, send_mail, send_message


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


@pytest.fixture
def smtp_server(app, monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "Serambi <noreply@serambi.test>")
    yield inbox
    controller.stop()


@pytest.fixture
def gateway(app, monkeypatch):
    """A tiny HTTP server standing in for an SMS/WhatsApp provider."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), json.loads(body)))
            status = 500 if received[-1][1]["to"] == "+620000" else 200
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", f"http://127.0.0.1:{server.server_port}/send")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_KEY", "kunci-rahasia")
    yield received
    server.shutdown()
    server.server_close()


def test_mail_arrives_at_the_smtp_server(app, smtp_server):
    send_mail("siti@example.id", "Laporan Anda diterima", "Terima kasih, laporan #12 sudah kami terima.")
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["siti@example.id"]
    assert message["Subject"] == "Laporan Anda diterima"
    assert message["From"] == "Serambi <noreply@serambi.test>"
    assert message["Message-ID"].endswith("@serambi.test>")
    assert "laporan #12 sudah kami terima" in message.get_content()


def test_without_a_mail_server_the_message_is_logged_with_its_link(app, caplog):
    with caplog.at_level(logging.INFO):
        send_mail("siti@example.id", "Sandi baru", "Buka https://kota.test/lupa-sandi/abc untuk sandi baru.")
    assert "siti@example.id" in caplog.text
    assert "https://kota.test/lupa-sandi/abc" in caplog.text


def test_password_reset_link_arrives_by_mail_and_works(client, region, make_user, smtp_server):
    make_user(region, email="siti@example.id")
    client.post("/lupa-sandi", data={"login": "siti@example.id", "csrf_token": csrf_from(client.get("/lupa-sandi"))})
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["siti@example.id"]
    link = next(word for word in message.get_content().split() if "/lupa-sandi/" in word)
    assert client.get(link.split("localhost", 1)[1]).status_code == 200


def test_a_failing_mail_server_does_not_break_the_caller(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens here
    assert deliver("mail", "siti@example.id", "Halo", subject="Halo") is False  # tried four times, then logged
    assert caplog.text.count("failed (attempt") == 4 and "giving up" in caplog.text


def test_header_injection_in_the_subject_is_refused(app, smtp_server):
    assert deliver("mail", "siti@example.id", "Halo", subject="Halo\nBcc: korban@example.id") is False
    assert smtp_server.messages == []


def test_sms_goes_to_the_gateway_as_json_with_the_key(app, gateway):
    assert deliver("sms", "+6281234567890", "Kode Anda 1234") is True
    [(headers, payload)] = gateway
    assert payload == {"channel": "sms", "to": "+6281234567890", "text": "Kode Anda 1234"}
    assert headers["Authorization"] == "Bearer kunci-rahasia"


def test_whatsapp_uses_the_same_gateway(app, gateway):
    send_message("whatsapp", "+6281234567890", "Halo")
    assert gateway[0][1]["channel"] == "whatsapp"


def test_a_gateway_error_is_retried_then_logged_not_raised(app, gateway, caplog):
    assert deliver("sms", "+620000", "Halo") is False
    assert len(gateway) == 4 and "giving up" in caplog.text


def test_without_a_gateway_sms_is_logged(app, caplog, monkeypatch):
    monkeypatch.delenv("SMS_GATEWAY_URL", raising=False)
    with caplog.at_level(logging.INFO):
        assert deliver("sms", "+6281234567890", "Kode Anda 1234") is True
    assert "+6281234567890" in caplog.text and "Kode Anda 1234" in caplog.text


def test_an_unknown_channel_is_refused(app, caplog):
    assert deliver("pigeon", "+6281234567890", "Halo") is False


class RefusingInbox(Inbox):
    """Refuses the first `refuse` messages with a temporary error, like a busy or restarting mail server."""

    def __init__(self, refuse: int):
        super().__init__()
        self.refuse, self.attempts = refuse, 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.attempts <= self.refuse:
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_smtp(app, monkeypatch):
    """start(refuse): a mail server that refuses that many messages first."""
    controllers = []

    def start(refuse: int) -> RefusingInbox:
        inbox = RefusingInbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def test_a_refused_message_is_sent_again_and_arrives_once(app, refusing_smtp, caplog):
    inbox = refusing_smtp(refuse=2)
    assert deliver("mail", "siti@example.id", "Kode Anda 1234", subject="Kode") is True
    assert inbox.attempts == 3 and len(inbox.messages) == 1
    assert "will retry" in caplog.text


def test_a_password_reset_mail_refused_at_first_still_arrives(client, region, make_user, refusing_smtp):
    make_user(region, email="siti@example.id")
    inbox = refusing_smtp(refuse=1)
    response = client.post("/lupa-sandi", data={"login": "siti@example.id",
                                                "csrf_token": csrf_from(client.get("/lupa-sandi"))})
    assert response.status_code < 400
    [(recipients, message)] = inbox.messages
    assert recipients == ["siti@example.id"] and "/lupa-sandi/" in message.get_content()


def test_without_redis_mail_goes_out_after_the_page_is_sent(app, smtp_server, monkeypatch):
    """Nobody waits for the mail server: the message leaves once the response has been sent."""
    monkeypatch.setitem(app.config, "QUEUE_MODE", "thread")
    with app.test_request_context("/lupa-sandi", method="POST"):
        assert deliver("mail", "siti@example.id", "Halo", subject="Halo") is True
        response = app.process_response(app.make_response("ok"))
        assert smtp_server.messages == []
    response.close()
    queue.wait_for_jobs(app)
    assert len(smtp_server.messages) == 1


def test_filing_a_report_while_the_mail_server_refuses_still_succeeds_and_mail_is_retried(
        client, place, refusing_smtp, caplog):  # noqa: F811
    inbox = refusing_smtp(refuse=99)  # down for longer than the retries last
    response = send(client, place, email="budi@example.id")
    assert response.status_code == 303 and response.headers["Location"].endswith("/terkirim")
    assert report_count() == 1
    assert inbox.attempts == 4 and inbox.messages == []  # the first try and three retries
    assert "giving up" in caplog.text
