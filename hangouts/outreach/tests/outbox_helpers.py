"""Shared by the outbox and mailing tests: a scheduled hangout, members, a real SMTP server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from icalendar import Calendar

from hangouts.network.models import Member, Network
from hangouts.programme.models import DEFAULT_AGENDA, Hangout

STARTS = datetime(2030, 11, 29, 7, tzinfo=UTC)  # a Friday, 14:00 in Vientiane
TITLE = "ໂພຊະນາການແມ່ ແລະ ເດັກ"
JOIN = "https://meet.jit.si/secret-room-abc"


def make_hangout(network: Network, **fields: Any) -> Hangout:
    values: dict[str, Any] = {
        "network": network,
        "title": TITLE,
        "starts_at": STARTS,
        "status": Hangout.Status.SCHEDULED,
        "meeting_url": JOIN,
        "agenda": DEFAULT_AGENDA,
        **fields,
    }
    values.setdefault("ends_at", values["starts_at"] + timedelta(hours=1))
    return Hangout.objects.create(**values)


def add_members(make_member: Callable[..., Member], count: int, **fields: Any) -> list[Member]:
    return [
        make_member(
            name=f"ສະມາຊິກ {i}",
            name_latin=f"Member {i}",
            email=f"member{i}@example.org",
            **fields,
        )
        for i in range(count)
    ]


def parse(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def part(message: EmailMessage, content_type: str, *, attachment: bool = False) -> EmailMessage:
    for item in message.walk():
        if item.get_content_type() == content_type and item.is_attachment() == attachment:
            assert isinstance(item, EmailMessage)
            return item
    raise AssertionError(f"no {content_type} part")


def calendar_of(message: EmailMessage) -> Calendar:
    item = part(message, "text/calendar")
    return Calendar.from_ical(item.get_content())


class Inbox:
    """An aiosmtpd handler that keeps the raw messages, optionally slowly (a wider kill window)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.messages: list[bytes] = []
        self.delay = delay
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            time.sleep(self.delay)  # blocks the server's loop: one message at a time, as a queue
        with self.lock:
            self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def parsed(self) -> list[EmailMessage]:
        with self.lock:
            return [parse(raw) for raw in self.messages]


def free_port() -> int:
    with socket.socket() as probe:  # aiosmtpd needs a real port number, not 0
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_smtp(inbox: Inbox) -> Iterator[Controller]:
    """An SMTP server on loopback delivering to `inbox`."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def smtp_settings(settings: Any, port: int) -> None:
    """Real task queue (the database) and real SMTP on loopback."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
