"""Outreach's background work: preparing and sending mailings, sending loose outbox rows.

Tasks take ids and are idempotent: a mailing's rows are keyed (never queued twice) and each row
is claimed before it is sent (never sent twice), so running a task again only finishes its work.
"""

from __future__ import annotations

from django.tasks import task

from hangouts.outreach import mailings, outbox
from hangouts.outreach.models import Mailing


@task(queue_name="email")
def send_mailing_task(mailing_id: int) -> int:
    """Render the mailing's rows if not done yet, then send its queued rows one by one."""
    mailing = Mailing.objects.select_related("hangout__network", "network").filter(pk=mailing_id)
    found = mailing.first()
    if found is None:
        return 0
    if found.prepared_at is None:
        mailings.prepare_mailing(found)
    return outbox.send_mailing(found)[outbox.Outcome.SENT]


@task(queue_name="email")
def send_messages_task(message_ids: list[int]) -> int:
    """Send queued rows that belong to no mailing (e.g. emails to organisers)."""
    return outbox.send_rows(message_ids)[outbox.Outcome.SENT]
