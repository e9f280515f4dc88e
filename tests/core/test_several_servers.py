"""Several web servers and workers on one database (PostgreSQL when the suite runs on it).

Two workers share 100 e-mails and a batch of benefit estimates and one of them is killed
in the middle: everything is done exactly once. The daily jobs run once a day however
many workers run. Two ``serve`` processes share sessions and login lockouts.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.core import test_crash_recovery as crash
from tests.core.test_crash_recovery import SETUP_BATCH, SETUP_USER, Inbox
from tests.processes import free_port, wait_for

smtp = crash.smtp  # the local SMTP server fixture

ALL_DUE = json.dumps({
    "privacy_retention": {"call": "kmb.privacy.services.retention_run", "at": "00:00"},
    "referrals_expire": {"call": "kmb.network.services.referrals_expire", "at": "00:00"},
    "register_reminders": {"call": "kmb.register.reminders.reminders_send", "at": "00:00"},
})

QUEUE_100 = """
import json
from django.db import transaction
from kmb.core.mail import mail_send_after_commit
with transaction.atomic():
    ids = [str(mail_send_after_commit(subject=f"Zpráva {n}", body="Dobrý den",
                                      to=[f"partner{n}@example.cz"]).uuid) for n in range(100)]
print(json.dumps(ids))
"""


def _kill_worker_running(scratch, task_function: str) -> None:
    """SIGKILL the worker process that is running a task of ``task_function``."""
    def running_pid():
        rows = scratch.query(
            "SELECT h.pid FROM django_tasks_database_dbtaskresult t JOIN core_workerheartbeat h "
            "ON CAST(t.worker_ids AS TEXT) LIKE '%%' || h.worker_id || '%%' "
            "WHERE t.status = 'RUNNING' "
            "AND t.task_path LIKE %s", (f"%{task_function}",))
        return rows[0][0] if rows else None

    pid = wait_for(running_pid, timeout=60, interval=0.02, what=f"a running {task_function}")
    os.killpg(pid, signal.SIGKILL)


def test_daily_jobs_run_once_however_many_workers(scratch):
    env = {"KMB_DAILY_JOBS": ALL_DUE}
    scratch.worker(**env)
    scratch.worker(**env)
    scratch.worker(**env)

    def finished():
        return scratch.query("SELECT job, worker_id FROM core_dailyjobrun "
                             "WHERE finished_at IS NOT NULL")

    wait_for(lambda: len(finished()) == 3, timeout=90, what="the three daily jobs")
    wait_for(lambda: len(scratch.query("SELECT worker_id FROM core_workerheartbeat")) == 3,
             timeout=30, what="all three workers beating")
    time.sleep(3)  # several more heartbeats of every worker
    runs = scratch.query("SELECT job, day FROM core_dailyjobrun ORDER BY job")
    assert [job for job, _day in runs] == ["privacy_retention", "referrals_expire",
                                           "register_reminders"]
    tasks = scratch.query("SELECT status FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path LIKE %s", ("%daily_job_run",))
    assert tasks == [("SUCCESSFUL",)] * 3


def test_two_workers_send_100_mails_once_when_one_is_killed(scratch, smtp):
    inbox = Inbox()
    port = smtp(inbox)
    env = {"KMB_EMAIL_HOST": "127.0.0.1", "KMB_EMAIL_PORT": str(port), "KMB_DAILY_JOBS": "off"}
    ids = scratch.shell(QUEUE_100)
    first = scratch.worker(**env)
    scratch.worker(**env)
    wait_for(lambda: len(inbox.messages) >= 20, timeout=120, what="20 messages")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    wait_for(lambda: scratch.query("SELECT COUNT(*) FROM core_outgoingmail "
                                   "WHERE status = 'sent'")[0][0] == 100,
             timeout=180, interval=0.5, what="all 100 messages sent")
    received = [m["Message-ID"] for m in inbox.messages]
    assert set(received) == {f"<{i}@kmb>" for i in ids}  # none lost
    # SMTP has no exactly-once: the one message the killed worker had handed to the server
    # but not yet recorded as sent goes again, with the same Message-ID; no other does
    assert len(received) - len(set(received)) <= 1
    # the last mail is marked sent inside its task; the task is marked done just after

    def statuses():
        return scratch.query("SELECT status FROM django_tasks_database_dbtaskresult")

    wait_for(lambda: statuses() == [("SUCCESSFUL",)] * 100, timeout=60, interval=0.5,
             what="every task finished")
    assert statuses() == [("SUCCESSFUL",)] * 100


def test_two_workers_finish_a_batch_once_when_its_worker_is_killed(scratch):
    households = 12
    scratch.shell(SETUP_BATCH.replace("HOUSEHOLDS", str(households)))
    env = {"KMB_BENEFIT_BATCH_CHUNK": "2", "KMB_DAILY_JOBS": "off"}
    scratch.worker(**env)
    scratch.worker(**env)

    def progress():
        return scratch.query("SELECT status, processed FROM benefits_benefitbatch")[0]

    wait_for(lambda: progress()[0] == "running" and 0 < progress()[1] < households,
             timeout=120, interval=0.02, what="the batch to be half-way")
    _kill_worker_running(scratch, "run_batch")
    wait_for(lambda: progress()[0] == "done", timeout=180, interval=0.5,
             what="the other worker to finish the batch")
    rows = scratch.query("SELECT number FROM benefits_benefitbatchrow ORDER BY number")
    assert [n for (n,) in rows] == list(range(1, households + 1))
    assert scratch.query("SELECT status FROM django_tasks_database_dbtaskresult "
                         "WHERE task_path LIKE %s", ("%run_batch",)) == [("SUCCESSFUL",)]


class Browser:
    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            response = self.opener.open(url, timeout=30)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()
        except urllib.error.URLError:  # not listening yet
            return 0, ""

    def login(self, base: str, username: str, password: str) -> tuple[int, str]:
        _status, page = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": password}).encode()
        request = urllib.request.Request(f"{base}/accounts/login/", data=data,
                                         headers={"Referer": f"{base}/accounts/login/"})
        try:
            response = self.opener.open(request, timeout=30)
            return response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def test_two_servers_share_sessions_and_lockouts(scratch):
    scratch.shell(SETUP_USER)
    ports = [free_port(), free_port()]
    for port in ports:
        scratch.start("serve", "--port", str(port), KMB_DEMO="1", KMB_DAILY_JOBS="off")
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    for base in bases:
        wait_for(lambda base=base: Browser().get(f"{base}/healthz")[0] == 200, timeout=90,
                 what=f"{base} to answer")
    wait_for(lambda: len(scratch.query("SELECT pid FROM core_workerheartbeat")) == 2,
             timeout=60, what="the two workers of the two servers")

    adviser = Browser()
    status, landed = adviser.login(bases[0], "poradce.a", "kmb-demo")
    assert status == 200 and "/accounts/login/" not in landed
    assert adviser.get(f"{bases[1]}/staff/")[0] == 200  # the session of A works on B

    intruder = Browser()
    for _ in range(5):
        intruder.login(bases[0], "poradce.a", "wrong password")
    status, _page = intruder.login(bases[1], "poradce.a", "kmb-demo")  # locked on B too
    assert status == 429 or "/accounts/login/" in _page
