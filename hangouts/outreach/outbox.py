"""The outbox: one row per recipient and message, sent by the task worker.

Rows are rendered when queued and never queued twice (a unique `key`). Sending claims a row
with a conditional update (queued → sending), so two workers never take the same row; a row
left in "sending" by a worker that died is marked "unknown" by the sweep, for an organiser to
resend or drop, because nobody can know whether the mail server accepted it.

What a failure means (decided here, shown to organisers as the row's reason):
- the mail server answered with a 5xx (recipient, sender or message refused): refused, final;
- it answered with a 4xx, or could not be reached, or the connection broke before the DATA
  command (nothing can have been accepted): back to queued, tried again by the next run of the
  mailing (the sweep restarts stalled mailings), refused after MAX_ATTEMPTS tries;
- the connection broke after DATA, before the server's reply: unknown (it may have arrived);
- the worker died between the claim and the status update: unknown (by the sweep).
So a message is sent at most once by the outbox; an organiser's "retry" of an unknown row is the
only way it can reach someone twice, and its Message-ID stays the same so clients show it once.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import partial
from typing import Any

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangouts.network.models import Network
from hangouts.outreach.email import build_email
from hangouts.outreach.models import Mailing, OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status
MAX_ATTEMPTS = 5
# Longer than any single send can take (the SMTP timeout is 20 s): a row still "sending" after
# this was claimed by a worker that died. Also how long a mailing may sit idle before the sweep
# starts it again.
SENDING_TIMEOUT = timedelta(minutes=5)
CHUNK = 200


def queue_messages(rows: Sequence[OutboxMessage]) -> int:
    """Save new rows (a row whose key exists is skipped); return how many are new."""
    keys = [row.key for row in rows]
    existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [row for row in rows if row.key not in existing]
    OutboxMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


def queue_and_send_soon(rows: Sequence[OutboxMessage]) -> int:
    """Queue rows that belong to no mailing (e.g. to organisers) and send them after commit."""
    count = queue_messages(rows)
    ids = list(
        OutboxMessage.objects.filter(
            key__in=[row.key for row in rows], status=Status.QUEUED
        ).values_list("pk", flat=True)
    )
    if ids:
        send_soon(ids)
    return count


class Outcome(StrEnum):
    SENT = "sent"
    REFUSED = "refused"
    RETRY = "retry"  # nothing was accepted: try again later
    UNKNOWN = "unknown"  # it may have been accepted


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str = ""
    # The mail server cannot be reached: stop this run, the others would fail the same way.
    stop: bool = False


def claim(pk: int) -> bool:
    """Take one queued row for sending; False when another worker took it (or it is not queued)."""
    return (
        OutboxMessage.objects.filter(pk=pk, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
        == 1
    )


def record(row: OutboxMessage, result: Result) -> None:
    """Store the outcome of a claimed row (one UPDATE)."""
    changes: dict[str, Any] = {"reason": result.reason[:500]}
    if result.outcome == Outcome.SENT:
        changes.update(status=Status.SENT, sent_at=timezone.now())
    elif result.outcome == Outcome.RETRY and row.attempts < MAX_ATTEMPTS:
        changes.update(status=Status.QUEUED)
    elif result.outcome == Outcome.UNKNOWN:
        changes.update(status=Status.UNKNOWN)
    else:
        changes.update(status=Status.REFUSED)
        if result.outcome == Outcome.RETRY:
            changes["reason"] = _("Gave up after %(n)d tries: %(reason)s") % {
                "n": row.attempts,
                "reason": result.reason,
            }
    OutboxMessage.objects.filter(pk=row.pk, status=Status.SENDING).update(**changes)


def server_reply(code: int, message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return f"{code} {' '.join(text.split())}"


def smtp_result(error: Exception, *, data_sent: bool) -> Result:
    """What an SMTP error means for the row (see the module's docstring)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        permanent = all(code >= 500 for code, _message in replies)
        reason = "; ".join(server_reply(code, message) for code, message in replies)
        return Result(Outcome.REFUSED if permanent else Outcome.RETRY, reason)
    if isinstance(error, smtplib.SMTPResponseException):
        reason = server_reply(error.smtp_code, error.smtp_error)
        if error.smtp_code >= 500:
            return Result(Outcome.REFUSED, reason)
        # 421: the server is closing the connection; others: this message, later.
        return Result(Outcome.RETRY, reason, stop=error.smtp_code == 421)
    if data_sent:
        return Result(
            Outcome.UNKNOWN,
            _("The connection broke while the mail server received the message: %(error)s")
            % {"error": type(error).__name__},
        )
    return Result(
        Outcome.RETRY,
        _("The mail server could not be reached: %(error)s") % {"error": type(error).__name__},
        stop=True,
    )


class SmtpWatch:
    """Knows whether the DATA command of the message being sent went out.

    Before DATA nothing can have been accepted, so a broken connection is safe to retry; after
    it, the message may have arrived. Watches the smtplib connection of Django's SMTP backend.
    """

    def __init__(self) -> None:
        self.data_sent = False
        self.watched: object = None

    def watch(self, mailer: Any) -> None:
        self.data_sent = False
        connection = getattr(mailer, "connection", None)
        if not isinstance(connection, smtplib.SMTP) or connection is self.watched:
            return
        original = connection.data

        def data(msg: Any) -> Any:
            self.data_sent = True
            return original(msg)

        connection.data = data  # type: ignore[method-assign]
        self.watched = connection


def send_email(row: OutboxMessage, mailer: Any, watch: SmtpWatch) -> Result:
    email = build_email(
        pk=row.pk,
        to=row.to,
        subject=row.subject,
        text=row.text,
        html=row.html,
        calendar=row.calendar,
        headers=row.headers,
    )
    try:
        mailer.open()
        watch.watch(mailer)
        mailer.send_messages([email])
    except (smtplib.SMTPException, OSError) as error:
        result = smtp_result(error, data_sent=watch.data_sent)
        close_quietly(mailer)  # a fresh connection for the next row
        return result
    except ValueError as error:  # an address Django cannot encode
        return Result(Outcome.REFUSED, _("Invalid address: %(error)s") % {"error": error})
    return Result(Outcome.SENT)


def close_quietly(mailer: Any) -> None:
    try:
        mailer.close()
    except (smtplib.SMTPException, OSError):
        mailer.connection = None


def send_whatsapp(row: OutboxMessage) -> Result:
    """Through the WhatsApp channel's client, when that channel is installed and configured."""
    try:
        from hangouts.integrations.whatsapp.client import (
            WhatsAppError,
            send_outbox_message,
        )
    except ImportError:
        return Result(Outcome.REFUSED, _("The WhatsApp channel is not configured."))
    try:
        send_outbox_message(row)
    except WhatsAppError as error:
        outcome = Outcome.REFUSED if getattr(error, "permanent", True) else Outcome.RETRY
        return Result(outcome, str(error))
    return Result(Outcome.SENT)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def send_rows(ids: Sequence[int], *, after_each: Callable[[], None] | None = None) -> Counter[str]:
    """Send the queued rows among `ids`, each claimed first; returns how many had each outcome.

    Fetches rows by chunks, then per row one claim UPDATE and one status UPDATE. Must run
    outside a transaction, so that each claim and each outcome is committed at once.
    """
    counts: Counter[str] = Counter()
    mailer = mailers.default
    watch = SmtpWatch()
    try:
        for chunk in chunks(ids):
            rows = OutboxMessage.objects.filter(pk__in=chunk, status=Status.QUEUED)
            for row in rows.select_related("network").order_by("pk"):
                if not claim(row.pk):
                    continue  # another worker has it
                row.attempts += 1
                with translation.override(row.network.language):
                    if row.channel == OutboxMessage.Channel.WHATSAPP:
                        result = send_whatsapp(row)
                    else:
                        result = send_email(row, mailer, watch)
                    record(row, result)
                counts[result.outcome] += 1
                if after_each is not None:
                    after_each()
                if result.stop:
                    return counts
    finally:
        close_quietly(mailer)
    return counts


def send_mailing(mailing: Mailing) -> Counter[str]:
    """Send every queued row of a prepared mailing; mark it finished when none is left."""
    ids = list(
        mailing.messages.filter(status=Status.QUEUED).order_by("pk").values_list("pk", flat=True)
    )
    counts = send_rows(ids)
    logger.info("Mailing %s: %s", mailing.pk, {str(k): n for k, n in counts.items()})
    pending = mailing.messages.filter(status__in=[Status.QUEUED, Status.SENDING])
    if not pending.exists():
        Mailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    return counts


def enqueue_mailing(mailing_id: int) -> None:
    """Start (or restart) the task that prepares and sends a mailing; remember its id."""
    from hangouts.outreach.tasks import send_mailing_task

    result = send_mailing_task.enqueue(mailing_id=mailing_id)
    Mailing.objects.filter(pk=mailing_id).update(task_id=str(result.id), enqueued_at=timezone.now())


def task_waiting(task_id: str) -> bool:
    """Whether the mailing's task is still in the queue (so restarting it would double it)."""
    from hangouts.outreach.tasks import send_mailing_task

    if not task_id or not send_mailing_task.get_backend().supports_get_result:
        return False
    try:
        return send_mailing_task.get_result(task_id).status == "READY"
    except Exception:  # an unknown or pruned result: not waiting
        return False


def sweep_outbox(*, stale_after: timedelta = SENDING_TIMEOUT) -> dict[str, int]:
    """The worker's housekeeping job: settle what a dead worker left, restart what stalled.

    Rows in "sending" claimed more than `stale_after` ago become "unknown" (nobody can tell
    whether the server accepted them). Mailings that are not finished, with queued rows (or not
    prepared yet) and no activity for `stale_after`, whose task is not waiting in the queue,
    get a new task: the one that ran them died with its worker, or a try failed for a while.
    Rows queued outside any mailing (e.g. to organisers) are sent the same way.
    Side effects: rows updated; tasks enqueued.
    """
    now = timezone.now()
    cutoff = now - stale_after
    unknown = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff).update(
        status=Status.UNKNOWN,
        reason=_("The sender stopped while sending: it may or may not have arrived."),
    )
    queued = OutboxMessage.objects.filter(mailing=OuterRef("pk"), status=Status.QUEUED)
    stalled = (
        Mailing.objects.filter(finished_at__isnull=True)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff))
        .filter(Q(prepared_at__isnull=True) | Exists(queued))
        .annotate(last_claim=Max("messages__claimed_at"))
        .filter(Q(last_claim__isnull=True) | Q(last_claim__lt=cutoff))
    )
    restarted = 0
    for mailing in stalled.only("pk", "task_id"):
        if not task_waiting(mailing.task_id):
            enqueue_mailing(mailing.pk)
            restarted += 1
    loose = list(
        OutboxMessage.objects.filter(
            mailing__isnull=True, status=Status.QUEUED, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    if loose:
        send_soon(loose)
    if unknown or restarted or loose:
        logger.info(
            "Outbox sweep: %d unknown, %d mailings restarted, %d loose rows",
            unknown,
            restarted,
            len(loose),
        )
    return {"unknown": unknown, "restarted": restarted, "loose": len(loose)}


def sweep() -> None:
    """settings.WORKER_HOUSEKEEPING entry."""
    sweep_outbox()


def send_soon(ids: Sequence[int]) -> None:
    """Send rows that belong to no mailing, in the worker, after the current transaction."""
    from hangouts.outreach.tasks import send_messages_task

    transaction.on_commit(partial(send_messages_task.enqueue, message_ids=list(ids)))


def failures(network: Network, mailing_ids: Sequence[int]) -> list[OutboxMessage]:
    """The refused and unknown rows of these mailings, for the organisers' page."""
    return list(
        OutboxMessage.objects.filter(
            network=network,
            mailing_id__in=mailing_ids,
            status__in=[Status.REFUSED, Status.UNKNOWN],
        )
        .select_related("member")
        .order_by("status", "pk")
    )


@transaction.atomic
def retry_messages(network: Network, ids: Sequence[int]) -> int:
    """An organiser sends refused or unknown rows again; returns how many were requeued.

    Side effects: rows back to queued (attempts from zero), their mailings unfinished and their
    tasks enqueued after commit (rows without a mailing: sent by a task of their own).
    """
    rows = OutboxMessage.objects.filter(
        network=network, pk__in=ids, status__in=[Status.REFUSED, Status.UNKNOWN]
    )
    mailing_ids = set(rows.exclude(mailing=None).values_list("mailing_id", flat=True))
    loose = list(rows.filter(mailing=None).values_list("pk", flat=True))
    count = rows.update(status=Status.QUEUED, attempts=0, reason="", claimed_at=None)
    Mailing.objects.filter(pk__in=mailing_ids).update(finished_at=None)
    for mailing_id in sorted(mailing_ids):
        transaction.on_commit(partial(enqueue_mailing, mailing_id))
    if loose:
        send_soon(loose)
    return count


def drop_messages(network: Network, ids: Sequence[int]) -> int:
    """An organiser gives up on unknown rows (e.g. the member confirmed it arrived)."""
    return OutboxMessage.objects.filter(network=network, pk__in=ids, status=Status.UNKNOWN).update(
        status=Status.DROPPED
    )
