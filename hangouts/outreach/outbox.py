"""The outbox: one row per recipient and message, sent by the task worker.

Rows are rendered when queued and never queued twice (a unique `key`). Sending claims a row
with a conditional update (queued → sending), so two workers never take the same row; a row
left in "sending" by a worker that died is marked "unknown" by the sweep, for an organiser to
resend or drop, because nobody can know whether the mail server accepted it.
"""

from __future__ import annotations

from collections.abc import Sequence

from hangouts.outreach.models import OutboxMessage


def queue_messages(rows: Sequence[OutboxMessage]) -> int:
    """Save new rows (a row whose key exists is skipped); return how many are new."""
    keys = [row.key for row in rows]
    existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [row for row in rows if row.key not in existing]
    OutboxMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)
