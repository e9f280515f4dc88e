"""Crash recovery with the real worker process: killed (SIGKILL) in the middle of a
benefits batch and of sending an e-mail, a new worker finishes everything exactly once.
`serve` starts a worker again when it dies, and demo links point where it runs."""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import signal
import threading
import urllib.parse
import urllib.request
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tests.processes import free_port, wait_for


class SlowFirstInbox:
    """A real SMTP server that stalls on the first recipient it is given (the worker gets
    killed meanwhile, before the message is accepted) and accepts everything after."""

    def __init__(self) -> None:
        self.messages: list = []
        self.first_rcpt = threading.Event()
        self.stalled = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.stalled:
            self.stalled = True
            self.first_rcpt.set()
            await asyncio.sleep(60)
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    def start(handler):
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return port

    controllers: list[Controller] = []
    yield start
    for controller in controllers:
        controller.stop()


def _kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


QUEUE_MAIL = """
import json
from django.db import transaction
from kmb.core.mail import mail_send_after_commit
with transaction.atomic():
    mail = mail_send_after_commit(subject="Doporučení", body="Dobrý den", to=["partner@example.cz"],
                                  reference="referral:test")
print(json.dumps(str(mail.uuid)))
"""


def test_worker_killed_while_sending_mail(scratch, smtp):
    inbox = SlowFirstInbox()
    port = smtp(inbox)
    mail_env = {"KMB_EMAIL_HOST": "127.0.0.1", "KMB_EMAIL_PORT": str(port)}
    mail_id = scratch.shell(QUEUE_MAIL)
    first = scratch.worker(**mail_env)
    assert inbox.first_rcpt.wait(60), scratch.logs()
    _kill(first)  # in the middle of the SMTP conversation
    assert scratch.query("SELECT status FROM core_outgoingmail") == [("queued",)]

    scratch.worker(**mail_env)
    wait_for(lambda: scratch.query("SELECT status FROM core_outgoingmail")[0][0] == "sent",
             timeout=60, what="the mail to be sent by the second worker")
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "partner@example.cz" and message["Subject"] == "Doporučení"
    assert message["Message-ID"] == f"<{mail_id}@kmb>"
    # the delivery task itself (other tasks, e.g. statistics or daily jobs, may also run)
    tasks = scratch.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path LIKE %s", ("%deliver_mail",))
    assert [status for status, _ids in tasks] == ["SUCCESSFUL"]
    assert tasks[0][1].count(",") == 1 or len(tasks[0][1]) == 2  # two workers ran it


SETUP_BATCH = """
import json
from decimal import Decimal
from django.db import transaction
from kmb.benefits import batch as batch_service
from kmb.benefits.services import estimate_record
from kmb.core.permissions import Role
from tests import factories
from tests.benefits.test_engine import couple_with_children, single

cp = factories.ContactPointFactory(name="KMB Praha 7", municipality=factories.municipality())
adviser = factories.staff("poradce.a", Role.ADVISER, cp)
analyst = factories.staff("analytik.a", Role.ANALYST, cp)
for i in range(HOUSEHOLDS):
    client = factories.ClientFactory(contact_point=cp, key_worker=adviser)
    household = couple_with_children("2026-10", district="praha") if i % 2 else single()
    estimate_record(client=client, actor=adviser, contact_point=cp, household=household)
with transaction.atomic():
    batch = batch_service.batch_create(
        contact_point=cp, actor=analyst, period="2026-11", recent_days=30,
        rent_change_percent=Decimal(10), energy_change_percent=Decimal(0),
        income_change_percent=Decimal(0))
print(json.dumps(str(batch.uuid)))
"""


def test_worker_killed_during_a_batch(scratch):
    households = 12
    scratch.shell(SETUP_BATCH.replace("HOUSEHOLDS", str(households)))
    env = {"KMB_BENEFIT_BATCH_CHUNK": "2"}
    first = scratch.worker(**env)

    def progress():
        return scratch.query("SELECT status, processed FROM benefits_benefitbatch")[0]

    wait_for(lambda: progress()[0] == "running" and 0 < progress()[1] < households,
             timeout=120, interval=0.02, what="the batch to be half-way")
    _kill(first)
    written = scratch.query("SELECT COUNT(*) FROM benefits_benefitbatchrow")[0][0]
    assert 0 < written < households

    scratch.worker(**env)
    wait_for(lambda: progress()[0] == "done", timeout=180, what="the batch to finish",
             interval=0.5)
    rows = scratch.query("SELECT number FROM benefits_benefitbatchrow ORDER BY number")
    assert [n for (n,) in rows] == list(range(1, households + 1))  # one row per household
    total, processed = scratch.query("SELECT total, processed FROM benefits_benefitbatch")[0]
    assert total == processed == households
    statuses = scratch.query("SELECT status FROM django_tasks_database_dbtaskresult "
                             "WHERE task_path LIKE %s", ("%run_batch",))
    assert statuses == [("SUCCESSFUL",)]


SETUP_USER = """
import json
from kmb.core.permissions import Role
from tests import factories
cp = factories.ContactPointFactory(name="KMB Praha 7", municipality=factories.municipality())
user = factories.staff("poradce.a", Role.ADVISER, cp)
print(json.dumps(user.email))
"""


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _reset_password(base: str, email: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/password/reset/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": email}).encode()
    request = urllib.request.Request(f"{base}/accounts/password/reset/", data=data,
                                     headers={"Referer": f"{base}/accounts/password/reset/"})
    return opener.open(request, timeout=30).status


def test_serve_restarts_a_dead_worker_and_demo_links_point_to_it(scratch, smtp):
    inbox = Inbox()
    smtp_port, port = smtp(inbox), free_port()
    email = scratch.shell(SETUP_USER)
    env = {k: v for k, v in scratch.env.items() if k != "KMB_SECRET_KEY"}
    env.update(KMB_DEMO="1", KMB_EMAIL_HOST="127.0.0.1", KMB_EMAIL_PORT=str(smtp_port))
    scratch.env = env
    scratch.start("serve", "--port", str(port))

    def workers():
        return scratch.query("SELECT pid FROM core_workerheartbeat")

    (first_pid,) = wait_for(workers, timeout=60, what="the worker of serve")[0]
    os.kill(first_pid, signal.SIGKILL)
    wait_for(lambda: any(pid != first_pid for (pid,) in workers()), timeout=60,
             what="serve to start a new worker")

    base = f"http://127.0.0.1:{port}"
    assert _reset_password(base, email) == 200
    wait_for(lambda: inbox.messages, timeout=60, what="the reset e-mail")
    body = inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert f"{base}/accounts/password/reset/" in body


SHARED_LIMIT = """
import json
from django.test import RequestFactory
from kmb.portal import throttle
request = RequestFactory().post("/request/", REMOTE_ADDR="192.0.2.9")
COUNT
print(json.dumps(throttle.request_allowed(request)))
"""


def test_rate_limits_are_shared_between_processes(scratch):
    count = "for _ in range(3): throttle.request_counted(request)"
    env = {"KMB_PORTAL_REQUESTS_PER_HOUR": "5"}
    assert scratch.shell(SHARED_LIMIT.replace("COUNT", count), **env) is True
    assert scratch.shell(SHARED_LIMIT.replace("COUNT", count), **env) is False  # 6 of 5
