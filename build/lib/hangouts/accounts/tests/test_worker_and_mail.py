"""The real task worker sends a sign-in link through a real SMTP server on loopback, once."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.management import call_command
from django.urls import reverse

from hangouts.accounts.models import SignInLink


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a real port number, not 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def real_worker_and_smtp(settings, smtp_server):
    controller, inbox = smtp_server
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    return inbox


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_sign_in_email_over_smtp_once(
    client, member, network, real_worker_and_smtp
):
    inbox = real_worker_and_smtp
    client.post(
        reverse("network:sign_in", kwargs={"network": network.slug}),
        {"email": "souksavanh@example.org"},
    )
    assert inbox.messages == []  # queued, not sent by the web request

    run_worker()
    run_worker()  # nothing left to do: a second run sends nothing

    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "souksavanh@example.org"
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert SignInLink.objects.get().token in body
    assert SignInLink.objects.get().emailed_at is not None
