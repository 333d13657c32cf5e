"""send_test_email goes through a real SMTP server now, and says plainly when it cannot."""

import smtplib
import socket
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.core.management import CommandError, call_command

from hangouts.ops.management.commands.send_test_email import explain


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def relay(settings):
    """An SMTP server on loopback, set as the mailer."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = smtp_mailer(controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


def test_send_test_email_reaches_the_relay_now(relay, settings, capsys):
    settings.DEFAULT_FROM_EMAIL = "Hangouts <hangouts@example.org>"

    call_command("send_test_email", "organiser@example.org", "--language", "en")

    (message,) = relay.messages
    assert message["To"] == "organiser@example.org"
    assert message["From"] == "Hangouts <hangouts@example.org>"
    assert message["Subject"] == "Hangouts: test message"
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert "reaches this address" in body
    assert "Sent: the relay accepted it" in capsys.readouterr().out


def test_send_test_email_reports_a_refused_connection(settings):
    settings.MAILERS = smtp_mailer(free_port())  # nothing listens there

    with pytest.raises(CommandError, match="connection refused: check the host and port"):
        call_command("send_test_email", "organiser@example.org")


def test_send_test_email_says_when_no_relay_is_configured(capsys):
    call_command("send_test_email", "organiser@example.org")

    assert len(mail.outbox) == 1
    assert "SMTP_URL is not set" in capsys.readouterr().out


def test_send_test_email_refuses_a_bad_address():
    with pytest.raises(CommandError, match="Not an email address"):
        call_command("send_test_email", "not-an-address")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        (smtplib.SMTPAuthenticationError(535, b"bad"), "user name or password"),
        (smtplib.SMTPSenderRefused(553, b"no", "x@example.org"), "DEFAULT_FROM_EMAIL"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no")}), "recipient"),
        (smtplib.SMTPNotSupportedError("STARTTLS"), "smtps://"),
        (ssl.SSLError(1, "WRONG_VERSION_NUMBER"), "smtps:// for port 465"),
        (socket.gaierror(-2, "Name or service not known"), "host name was not found"),
        (TimeoutError(), "port 25"),
        (OSError("odd"), "OSError: odd"),
    ],
)
def test_explain_names_the_likely_cause(error, hint):
    assert hint in explain(error)
