"""`serve --mail-sink` on a fresh clone: a valid Maildir, and demo links where it runs."""

from __future__ import annotations

import mailbox
import smtplib
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from kmb.core.management.commands.serve import demo_site_url, maildir_prepare
from tests.processes import free_port


def _deliver(maildir) -> None:
    port = free_port()
    controller = Controller(Mailbox(str(maildir)), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "kmb@localhost", "a@b.cz", "Ahoj"
        message.set_content("první zpráva")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(message)
    finally:
        controller.stop()


def test_a_fresh_clone_keeps_its_first_mail(tmp_path):
    maildir = maildir_prepare(tmp_path / "var" / "mail")  # var/ does not exist yet
    assert all((maildir / sub).is_dir() for sub in ("cur", "new", "tmp"))
    _deliver(maildir)
    assert len(list((maildir / "new").iterdir())) == 1
    assert [m["Subject"] for m in mailbox.Maildir(str(maildir))] == ["Ahoj"]


def test_an_existing_empty_mail_folder_is_completed_and_mail_kept(tmp_path):
    (tmp_path / "mail").mkdir()
    maildir = maildir_prepare(tmp_path / "mail")
    _deliver(maildir)
    maildir_prepare(maildir)  # the next start keeps what arrived
    assert len(list((maildir / "new").iterdir())) == 1


def test_demo_links_use_the_served_address():
    assert demo_site_url("127.0.0.1", 8106) == "http://127.0.0.1:8106"
    assert demo_site_url("0.0.0.0", 8010) == "http://127.0.0.1:8010"
    assert demo_site_url("::1", 8010) == "http://[::1]:8010"
