"""E-mail is tried again with growing pauses; whoever caused it sees when it failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kmb.core.mail import mail_attempt, retry_delay
from kmb.core.models import MailStatus, OutgoingMail
from tests.conftest import run_background_tasks
from tests.network.factories import debt_service, referral_for
from tests.processes import free_port


def test_pauses_double(settings):
    settings.KMB_MAIL_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.KMB_MAIL_RETRY_SECONDS = 60
    settings.KMB_MAIL_MAX_ATTEMPTS = 2


@pytest.mark.django_db
def test_undelivered_mail_is_retried_then_shown_to_the_adviser(cp_a, adviser_a, client_a,
                                                               mail_server_down,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_for(client_a, adviser_a, debt_service())
    mail = OutgoingMail.objects.get(reference=f"referral:{referral.uuid}")
    assert mail.triggered_by == adviser_a

    assert mail_attempt(mail_id=str(mail.uuid)) == MailStatus.RETRYING
    mail.refresh_from_db()
    assert mail.attempts == 1 and mail.last_error  # the kind of error, no address
    assert "@" not in mail.last_error
    retry = DBTaskResult.objects.filter(status="READY").order_by("-enqueued_at").first()
    assert retry.run_after >= timezone.now() + timedelta(seconds=50)  # a pause first

    web = HttpClient()
    web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("network:referral_detail", args=[referral.uuid])
    assert 'id="mail-problem-1"' in web.get(url).content.decode()

    assert mail_attempt(mail_id=str(mail.uuid)) == MailStatus.FAILED
    page = web.get(url).content.decode()
    assert 'id="mail-problem-1"' in page and "kmb-alert--danger" in page
    assert mail_attempt(mail_id=str(mail.uuid)) == MailStatus.FAILED  # no further tries


@pytest.mark.django_db(transaction=True)
def test_delivered_mail_is_sent_once(cp_a, adviser_a, client_a, smtp_server):
    referral = referral_for(client_a, adviser_a, debt_service())
    run_background_tasks()
    mail = OutgoingMail.objects.get(reference=f"referral:{referral.uuid}")
    assert mail.status == MailStatus.SENT and len(smtp_server.messages) == 1
    assert mail_attempt(mail_id=str(mail.uuid)) == MailStatus.SENT  # a second run: nothing
    assert len(smtp_server.messages) == 1
    web = HttpClient()
    web.force_login(adviser_a, backend="django.contrib.auth.backends.ModelBackend")
    page = web.get(reverse("network:referral_detail", args=[referral.uuid])).content.decode()
    assert "mail-problem" not in page


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(adviser_a):
    from django.db import transaction

    from kmb.core.mail import mail_send_after_commit

    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send_after_commit(subject="x", body="y", to=["a@example.cz"])
        raise RuntimeError
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_old_messages_are_forgotten(settings, adviser_a):
    from kmb.core.mail import mail_prune

    settings.KMB_MAIL_KEEP_DAYS = 30
    old, recent, waiting = (OutgoingMail.objects.create(subject="s", body="b", to=["a@b.cz"],
                                                        status=status)
                            for status in (MailStatus.SENT, MailStatus.SENT, MailStatus.RETRYING))
    OutgoingMail.objects.filter(pk__in=[old.pk, waiting.pk]).update(
        created_at=timezone.now() - timedelta(days=31))
    assert mail_prune() == 1
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


@pytest.mark.django_db
def test_administrators_see_whether_mail_left_but_not_its_text():
    from tests import factories

    OutgoingMail.objects.create(subject="Tajné", body="Osobní text", to=["a@b.cz"],
                                reference="referral:x", status=MailStatus.FAILED)
    admin = factories.UserFactory(username="spravce", is_staff=True, is_superuser=True)
    web = HttpClient()
    web.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    page = web.get(reverse("admin:core_outgoingmail_changelist")).content.decode()
    assert "referral:x" in page and "Osobní text" not in page and "Tajné" not in page
    assert web.get(reverse("admin:core_workerheartbeat_changelist")).status_code == 200
