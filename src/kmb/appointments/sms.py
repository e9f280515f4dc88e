"""Sending SMS through a pluggable gateway.

``KMB_SMS_BACKEND`` names the backend: ``console`` (the default: the text goes to the
log, nothing is sent), ``file`` (each message is written to ``KMB_SMS_FILE_DIR``, for
testing and for a gateway that picks files up), or the dotted path of a class of your
own. A backend for a Czech SMS gateway subclasses :class:`SmsBackend` and implements
``send``; it raises :class:`SmsError` when the gateway refuses or cannot be reached, and
the reminder is tried again later. See README.md, "SMS reminders".
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("kmb.sms")


class SmsError(Exception):
    """The gateway did not take the message; it is tried again later."""


class SmsBackend:
    def send(self, *, to: str, text: str) -> str:
        """Hand one message to the gateway; return the gateway's id of it."""
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    """Development: no message leaves; the log says that one would have (no number, no
    text: both are personal data)."""

    def send(self, *, to: str, text: str) -> str:
        message_id = uuid.uuid4().hex
        logger.info("SMS %s (%d characters) would be sent now.", message_id, len(text))
        return message_id


class FileBackend(SmsBackend):
    """Each message as a JSON file in ``KMB_SMS_FILE_DIR``."""

    def send(self, *, to: str, text: str) -> str:
        folder = Path(settings.KMB_SMS_FILE_DIR)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            message_id = uuid.uuid4().hex
            (folder / f"{message_id}.json").write_text(json.dumps(
                {"to": to, "text": text, "at": timezone.now().isoformat()},
                ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise SmsError(type(exc).__name__) from exc
        return message_id


_NAMES = {"console": ConsoleBackend, "file": FileBackend}


def sms_backend() -> SmsBackend:
    name = settings.KMB_SMS_BACKEND
    cls = _NAMES.get(name) or import_string(name)
    return cls()


def sms_send(*, to: str, text: str) -> str:
    return sms_backend().send(to=to, text=text)
