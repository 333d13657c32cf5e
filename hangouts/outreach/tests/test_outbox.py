"""The outbox: claimed once, sent once; refusals with reasons; rows left by a dead worker swept."""

from __future__ import annotations

import smtplib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from hangouts.network.models import Network
from hangouts.outreach import outbox
from hangouts.outreach.models import Mailing, OutboxMessage
from hangouts.outreach.tests.outbox_helpers import Inbox, free_port, smtp_settings


@pytest.fixture(autouse=True)
def in_english() -> Any:
    """The reasons are checked in English (they are stored in the worker's language)."""
    with translation.override("en"):
        yield


Status = OutboxMessage.Status


def make_rows(network: Network, count: int, **fields: Any) -> list[OutboxMessage]:
    rows = [
        OutboxMessage(
            network=network,
            kind="invitation",
            to=f"member{i}@example.org",
            language="en",
            subject=f"Hello {i}",
            text="Hello",
            key=f"test:{i}",
            headers={"X-Hangouts-Key": f"test:{i}"},
            **fields,
        )
        for i in range(count)
    ]
    outbox.queue_messages(rows)
    return list(OutboxMessage.objects.order_by("pk"))


def ids(rows: list[OutboxMessage]) -> list[int]:
    return [row.pk for row in rows]


def statuses() -> dict[str, int]:
    return dict(Counter(OutboxMessage.objects.values_list("status", flat=True)))


@pytest.fixture
def shared_database() -> None:
    sqlite = cast(Any, connection)  # is_in_memory_db() exists on the SQLite backend only
    if connection.vendor == "sqlite" and sqlite.is_in_memory_db():
        pytest.skip("SQLite in memory cannot be shared between threads: set SQLITE_TEST_PATH")


@pytest.mark.django_db(transaction=True)
def test_send_rows_two_workers_on_the_same_rows_send_each_once(
    network: Network, shared_database: None
) -> None:
    rows = make_rows(network, 60)
    start = threading.Event()

    def worker() -> Counter[str]:
        start.wait()
        try:
            return outbox.send_rows(ids(rows))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(worker) for _ in range(2)]
        start.set()
        results = [future.result(timeout=60) for future in futures]

    keys = Counter(message.extra_headers["X-Hangouts-Key"] for message in mail.outbox)
    assert len(keys) == 60 and set(keys.values()) == {1}
    assert sum(result["sent"] for result in results) == 60
    assert statuses() == {"sent": 60}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
def test_claim_takes_a_queued_row_once(network: Network) -> None:
    (row,) = make_rows(network, 1)

    assert outbox.claim(row.pk) is True
    assert outbox.claim(row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sending", 1) and row.claimed_at is not None


@pytest.mark.django_db
def test_sweep_marks_rows_left_sending_by_a_dead_worker_unknown(network: Network) -> None:
    old, recent, queued = make_rows(network, 3)
    for row in (old, recent):
        outbox.claim(row.pk)
    OutboxMessage.objects.filter(pk=old.pk).update(
        claimed_at=timezone.now() - outbox.SENDING_TIMEOUT - timedelta(seconds=1)
    )

    result = outbox.sweep_outbox()

    assert result["unknown"] == 1
    assert OutboxMessage.objects.get(pk=old.pk).status == "unknown"
    assert OutboxMessage.objects.get(pk=recent.pk).status == "sending"
    assert OutboxMessage.objects.get(pk=queued.pk).status == "queued"
    assert "may or may not have arrived" in OutboxMessage.objects.get(pk=old.pk).reason


@pytest.mark.django_db
def test_sweep_restarts_a_stalled_mailing_and_sends_loose_rows(
    network: Network, django_capture_on_commit_callbacks: Any
) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    stalled = Mailing.objects.create(
        network=network, kind="invitation", prepared_at=long_ago, enqueued_at=long_ago
    )
    busy = Mailing.objects.create(network=network, kind="invitation", prepared_at=long_ago)
    rows = make_rows(network, 3, mailing=stalled)
    OutboxMessage.objects.filter(pk=rows[2].pk).update(mailing=busy, claimed_at=timezone.now())
    loose = OutboxMessage.objects.create(
        network=network, kind="organiser", to="o@example.org", text="x", key="loose"
    )
    OutboxMessage.objects.filter(pk=loose.pk).update(created_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        result = outbox.sweep_outbox()

    assert result == {"unknown": 0, "restarted": 1, "loose": 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([rows[0].to, rows[1].to, loose.to])
    assert Mailing.objects.get(pk=stalled.pk).finished_at is not None
    assert Mailing.objects.get(pk=busy.pk).finished_at is None  # recent activity: left alone


@pytest.mark.django_db
def test_retry_and_drop_are_for_refused_and_unknown_rows_of_the_network(
    network: Network, other_network: Network, django_capture_on_commit_callbacks: Any
) -> None:
    mailing = Mailing.objects.create(network=network, kind="invitation", prepared_at=timezone.now())
    refused, unknown, sent, dropped_later = make_rows(network, 4, mailing=mailing)
    OutboxMessage.objects.filter(pk=refused.pk).update(status="refused", reason="550", attempts=5)
    OutboxMessage.objects.filter(pk__in=[unknown.pk, dropped_later.pk]).update(status="unknown")
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent")

    assert outbox.retry_messages(other_network, [refused.pk]) == 0
    assert outbox.drop_messages(network, [refused.pk, dropped_later.pk]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        count = outbox.retry_messages(network, [refused.pk, unknown.pk, sent.pk])

    assert count == 2
    assert [m.to[0] for m in mail.outbox] == [refused.to, unknown.to]
    assert OutboxMessage.objects.get(pk=refused.pk).attempts == 1
    assert statuses() == {"sent": 3, "dropped": 1}


@pytest.mark.django_db
def test_whatsapp_rows_are_refused_while_the_channel_is_not_installed(network: Network) -> None:
    rows = make_rows(network, 1, channel="whatsapp")

    outbox.send_rows(ids(rows))

    row = OutboxMessage.objects.get()
    assert row.status == "refused" and "WhatsApp" in row.reason
    assert mail.outbox == []


def reply(code: int, text: str) -> smtplib.SMTPResponseException:
    return smtplib.SMTPResponseException(code, text.encode())


@pytest.mark.parametrize(
    ("error", "data_sent", "outcome", "reason"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"5.1.1 No such user")}),
            False,
            "refused",
            "550 5.1.1 No such user",
        ),
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (452, b"4.2.2 Mailbox full")}),
            False,
            "retry",
            "452 4.2.2 Mailbox full",
        ),
        (smtplib.SMTPDataError(554, b"5.7.1 Spam"), True, "refused", "554 5.7.1 Spam"),
        (smtplib.SMTPDataError(451, b"Try later"), True, "retry", "451 Try later"),
        (ConnectionRefusedError(), False, "retry", "could not be reached"),
        (smtplib.SMTPServerDisconnected(), False, "retry", "could not be reached"),
        (smtplib.SMTPServerDisconnected(), True, "unknown", "may have arrived"),
        (TimeoutError(), True, "unknown", "TimeoutError"),
    ],
)
def test_smtp_result_refuses_5xx_retries_what_was_not_accepted_else_unknown(
    error: Exception, data_sent: bool, outcome: str, reason: str
) -> None:
    result = outbox.smtp_result(error, data_sent=data_sent)

    assert result.outcome == outcome
    assert reason in result.reason or (reason == "may have arrived" and "broke" in result.reason)


class Picky(Inbox):
    """Refuses one address for good, greylists another, accepts the rest."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("member0@"):
            return "550 5.1.1 No such user here"
        if address.startswith("member1@"):
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.django_db
def test_send_rows_over_smtp_records_refusals_and_gives_up_after_max_attempts(
    network: Network, settings: Any
) -> None:
    inbox = Picky()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp_settings(settings, controller.port)
    Network.objects.filter(pk=network.pk).update(language="en")  # reasons: network's language
    try:
        rows = make_rows(network, 3)
        outbox.send_rows(ids(rows))
        refused, greylisted, accepted = (OutboxMessage.objects.get(pk=pk) for pk in ids(rows))
        for _ in range(outbox.MAX_ATTEMPTS - 1):
            outbox.send_rows([greylisted.pk])
    finally:
        controller.stop()

    assert (refused.status, refused.reason) == ("refused", "550 5.1.1 No such user here")
    assert (greylisted.status, greylisted.attempts) == ("queued", 1)
    assert "451 4.7.1 Greylisted" in greylisted.reason
    assert accepted.status == "sent" and len(inbox.messages) == 1
    greylisted.refresh_from_db()
    assert (greylisted.status, greylisted.attempts) == ("refused", outbox.MAX_ATTEMPTS)
    assert greylisted.reason.startswith("Gave up after 5 tries")


@pytest.mark.django_db
def test_send_rows_stops_and_requeues_when_the_mail_server_is_down(
    network: Network, settings: Any
) -> None:
    smtp_settings(settings, free_port())  # nobody listens there
    Network.objects.filter(pk=network.pk).update(language="en")  # reasons: network's language
    rows = make_rows(network, 3)

    counts = outbox.send_rows(ids(rows))

    assert counts == {"retry": 1}
    assert statuses() == {"queued": 3}
    first = OutboxMessage.objects.get(pk=rows[0].pk)
    assert first.attempts == 1 and "could not be reached" in first.reason
