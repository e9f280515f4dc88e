"""E-mail leaves only after the transaction that caused it has committed."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "",
               from_email: str | None = None) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def mail_send_after_commit(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    """Queue the message for the background worker once the current transaction commits."""
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=to, html=html)
    )
