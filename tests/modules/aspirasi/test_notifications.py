"""Reporters hear of every public step (by e-mail to a real SMTP server, by SMS through the gateway),
officers of new work; internal notes stay quiet; a failing send is retried and never breaks the request.
Also the queue itself: after the response without Redis, on RQ with it."""
from __future__ import annotations

import logging
import uuid

import pytest
from aiosmtpd.controller import Controller

from tests.core.test_notify import Inbox, free_port, gateway  # noqa: F401  (a stand-in SMS provider)
from webapp.core import queue
from webapp.modules.aspirasi import flow

from .test_flow import disposed_report, new_report, report_data, world  # noqa: F401  (the shared small region)

CALLS: list = []


def record_call(*args, **kwargs):
    """A job for the queue tests."""
    CALLS.append((args, kwargs))


def always_fail(*args):
    CALLS.append(args)
    raise RuntimeError("provider down")


class FlakyInbox(Inbox):
    """Refuses the first message with a temporary error, like a busy mail server."""

    refused = 0

    async def handle_DATA(self, server, session, envelope):
        if not self.refused:
            self.refused += 1
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


def start_smtp(app, monkeypatch, handler):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    return controller


@pytest.fixture
def inbox(app, monkeypatch):
    handler = Inbox()
    controller = start_smtp(app, monkeypatch, handler)
    yield handler
    controller.stop()


def mails_to(inbox, address):
    return [message for recipients, message in inbox.messages if address in recipients]


def test_the_reporter_receives_the_tracking_code_by_mail(world, inbox):  # noqa: F811
    report = new_report(world, email="budi@example.id")
    [message] = mails_to(inbox, "budi@example.id")
    assert report.code in message["Subject"]
    body = message.get_content()
    assert report.code in body and "http://localhost/aspirasi/lacak" in body


def test_each_public_step_reaches_the_reporter_and_internal_notes_do_not(world, inbox):  # noqa: F811
    report = new_report(world, email="budi@example.id")
    flow.verify(report, world.admin)  # verified and sent to DPUPR at once: one message
    flow.reply(report, world.officer, "Catatan: tunggu material.", public=False)
    flow.reply(report, world.officer, "Petugas datang besok pagi.")
    flow.finish(report, world.officer, "Lubang sudah ditambal.")
    flow.rate(report, 5)
    bodies = [m.get_content() for m in mails_to(inbox, "budi@example.id")]
    assert len(bodies) == 4  # received, sent to the OPD, reply, done
    assert world.dpupr.name in bodies[1]
    assert "Petugas datang besok pagi." in bodies[2] and "Lubang sudah ditambal." in bodies[3]
    assert not any("tunggu material" in body for body in bodies)


def test_a_rejection_tells_the_reporter_the_reason(world, inbox):  # noqa: F811
    report = new_report(world, email="budi@example.id")
    flow.reject(report, world.admin, "Lokasi tidak ditemukan.")
    assert "Lokasi tidak ditemukan." in mails_to(inbox, "budi@example.id")[-1].get_content()


def test_the_officers_of_the_opd_hear_of_a_new_disposition(world, inbox):  # noqa: F811
    report = disposed_report(world)
    [message] = mails_to(inbox, world.officer.email)
    assert report.title in message["Subject"] and "http://localhost/staf/aspirasi/" in message.get_content()
    assert mails_to(inbox, world.other_officer.email) == []


def test_an_assignment_reaches_the_assigned_officer(world, make_user, inbox):  # noqa: F811
    colleague = make_user(world.region, role="opd", department=world.dpupr)
    report = disposed_report(world)
    flow.assign(report, world.admin, colleague)
    assert len(mails_to(inbox, colleague.email)) == 2 and len(mails_to(inbox, world.officer.email)) == 1


def test_an_opd_without_officers_is_mailed_at_its_own_address(world, inbox):  # noqa: F811
    world.officer.roles.clear()
    report = disposed_report(world)
    assert len(mails_to(inbox, "dpupr@kota.test")) == 1 and report.department_id == world.dpupr.id


def test_a_phone_number_gets_the_news_by_sms(world, gateway):  # noqa: F811
    report = new_report(world, email="", phone="0812-3456-7890")
    [(headers, payload)] = gateway
    assert payload["channel"] == "sms" and payload["to"] == "+6281234567890"
    assert report.code in payload["text"] and "/aspirasi/lacak" in payload["text"]


def test_a_region_can_choose_whatsapp(world, gateway):  # noqa: F811
    world.region.settings = {"aspirasi_phone_channel": "whatsapp"}
    new_report(world, email="", phone="0812-3456-7890")
    assert gateway[0][1]["channel"] == "whatsapp"


def test_a_failing_send_is_retried_and_arrives_once(app, world, monkeypatch, caplog):  # noqa: F811
    flaky = FlakyInbox()
    controller = start_smtp(app, monkeypatch, flaky)
    try:
        report, created = flow.submit(report_data(world, email="budi@example.id"), None, [], None)
    finally:
        controller.stop()
    assert created and flaky.refused == 1
    [(recipients, message)] = flaky.messages
    assert report.code in message["Subject"]
    assert "will retry" in caplog.text


def test_a_send_that_keeps_failing_never_breaks_the_submission(app, world, monkeypatch, caplog):  # noqa: F811
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens here
    with caplog.at_level(logging.ERROR):
        report, created = flow.submit(report_data(world, email="budi@example.id"), None, [], None)
    assert created and report.id
    assert caplog.text.count("failed (attempt") == 4 and "giving up" in caplog.text


# The queue

@pytest.fixture
def calls():
    CALLS.clear()
    yield CALLS
    CALLS.clear()


def test_without_redis_a_job_runs_only_after_the_response_is_sent(app, monkeypatch, calls):
    monkeypatch.setitem(app.config, "QUEUE_MODE", "thread")
    with app.test_request_context("/"):
        queue.enqueue(f"{__name__}.record_call", 7, kind="report")
        response = app.process_response(app.make_response("ok"))
        assert calls == []  # not while the page is still being made
    response.close()  # the server has sent the page
    queue.wait_for_jobs(app)
    assert calls == [((7,), {"kind": "report"})]


def test_in_process_retries_give_up_quietly(app, monkeypatch, calls, caplog):
    monkeypatch.setitem(app.config, "QUEUE_MODE", "thread")
    monkeypatch.setitem(app.config, "QUEUE_RETRY_INTERVALS", (0, 0))
    queue.enqueue(f"{__name__}.always_fail", 1)  # outside a request: straight to the pool
    queue.wait_for_jobs(app)
    assert len(calls) == 3 and "giving up" in caplog.text


def redis_or_skip(url):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(url).ping()
    except RedisDown:
        pytest.skip("no Redis server on 127.0.0.1:6379")


@pytest.fixture
def rq_queue(app, monkeypatch):
    """A queue of its own on the local Redis (database 15), removed afterwards."""
    url = "redis://127.0.0.1:6379/15"
    redis_or_skip(url)
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    monkeypatch.setitem(app.config, "QUEUE_NAME", f"test-{uuid.uuid4().hex}")
    rq = queue.rq_queue(app)
    yield rq
    rq.delete(delete_jobs=True)


def test_with_redis_jobs_wait_on_the_rq_queue_for_the_worker(rq_queue, calls):
    from rq import SimpleWorker

    queue.enqueue(f"{__name__}.record_call", 42)
    assert calls == [] and rq_queue.count == 1
    [job] = rq_queue.jobs
    assert job.retries_left == 3 and job.retry_intervals == [10, 60, 300]
    SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=True)
    assert calls == [((42,), {})]


def test_when_redis_is_down_the_job_still_runs_in_process(app, monkeypatch, calls, caplog):
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    queue.enqueue(f"{__name__}.record_call", 5)
    queue.wait_for_jobs(app)
    assert calls == [((5,), {})] and "could not queue" in caplog.text


def test_the_worker_command_runs_the_queued_jobs(app, rq_queue, calls):
    queue.enqueue(f"{__name__}.record_call", "dari antrean")
    result = app.test_cli_runner().invoke(queue.worker_command, ["--burst"])
    assert result.exit_code == 0, result.output
    assert calls == [(("dari antrean",), {})]


def test_the_worker_command_needs_redis(app):
    result = app.test_cli_runner().invoke(queue.worker_command, ["--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
