"""Members' WhatsApp opt-in and opt-out, and what the webhook's events change.

Consent is explicit and recorded as a time (`Member.whatsapp_opted_in_at`): either the member
sent START from their own number, or an organiser records on the member's page that the member
agreed (e.g. on a registration form or by telling them). STOP from the number, or an organiser,
clears it. The business number belongs to this instance, not to one network, so a reply counts
for that phone on every roster: a member who says STOP to our number hears nothing more from
it, whichever network they are on. A phone shared by several members (a small office) opts them
all in or out: the consent belongs to whoever reads that phone.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from hangouts.integrations.whatsapp.webhook import Command, Events, StatusEvent
from hangouts.network.models import Member
from hangouts.outreach.models import OutboxMessage

logger = logging.getLogger(__name__)

# A status only moves forward: a late "delivered" never replaces "read".
STATUS_ORDER = {"sent": 1, "delivered": 2, "read": 3}


@transaction.atomic
def record_whatsapp_opt_in(member: Member, *, at: datetime | None = None) -> bool:
    """Record that the member agreed to WhatsApp messages (kept if already recorded).

    Returns whether it changed. Side effect: updates the one member row.
    """
    changed = Member.objects.filter(pk=member.pk, whatsapp_opted_in_at__isnull=True).update(
        whatsapp_opted_in_at=at or timezone.now()
    )
    member.refresh_from_db(fields=["whatsapp_opted_in_at"])
    return bool(changed)


@transaction.atomic
def record_whatsapp_opt_out(member: Member) -> bool:
    """Clear the member's WhatsApp opt-in. Returns whether it changed; updates one row."""
    changed = Member.objects.filter(pk=member.pk, whatsapp_opted_in_at__isnull=False).update(
        whatsapp_opted_in_at=None
    )
    member.whatsapp_opted_in_at = None
    return bool(changed)


@transaction.atomic
def apply_webhook_events(events: Events, *, now: datetime | None = None) -> None:
    """Apply one webhook post: STOP and START replies, then delivery statuses.

    Side effects: members with a replying phone (every network) opted out or in; outbox rows
    whose message failed are marked refused with WhatsApp's reason; the latest delivery status
    of the others is kept in their headers ("whatsapp_status"). Safe to apply twice (Meta may
    post the same event again). Logs counts only, never a phone or a text.
    """
    stop = [phone for phone, command in events.commands.items() if command == Command.STOP]
    start = [phone for phone, command in events.commands.items() if command == Command.START]
    stopped = opt_out_phones(stop)
    started = opt_in_phones(start, at=now or timezone.now())
    if stopped or started:
        logger.info("WhatsApp replies: %d member(s) opted out, %d opted in", stopped, started)
    if events.statuses:
        record_statuses(events.statuses)


def opt_out_phones(phones: Collection[str]) -> int:
    if not phones:
        return 0
    return Member.objects.filter(phone__in=phones, whatsapp_opted_in_at__isnull=False).update(
        whatsapp_opted_in_at=None
    )


def opt_in_phones(phones: Collection[str], *, at: datetime) -> int:
    if not phones:
        return 0
    return Member.objects.filter(
        phone__in=phones, is_active=True, whatsapp_opted_in_at__isnull=True
    ).update(whatsapp_opted_in_at=at)


def record_statuses(statuses: list[StatusEvent]) -> int:
    """Update the outbox rows the statuses are about (found by the message id that
    `send_outbox_message` stored in their headers); returns how many rows changed."""
    latest: dict[str, StatusEvent] = {}
    for event in statuses:
        latest[event.message_id] = event
    rows = list(
        OutboxMessage.objects.filter(
            channel=OutboxMessage.Channel.WHATSAPP, headers__wamid__in=list(latest)
        )
    )
    changed = [row for row in rows if apply_status(row, latest[row.headers["wamid"]])]
    OutboxMessage.objects.bulk_update(changed, ["status", "reason", "headers"])
    return len(changed)


def apply_status(row: OutboxMessage, event: StatusEvent) -> bool:
    """Change the row in memory for one status; returns whether it changed."""
    if event.status == "failed":
        if row.status != OutboxMessage.Status.SENT:
            return False
        row.status = OutboxMessage.Status.REFUSED
        with translation.override(row.language or None):
            row.reason = gettext("WhatsApp could not deliver it: %(title)s (error %(code)s)") % {
                "title": event.error_title or "?",
                "code": event.error_code if event.error_code is not None else "?",
            }
        row.headers = {**row.headers, "whatsapp_status": "failed"}
        return True
    rank = STATUS_ORDER.get(event.status)
    current = STATUS_ORDER.get(row.headers.get("whatsapp_status", ""), 0)
    if rank is None or rank <= current or row.headers.get("whatsapp_status") == "failed":
        return False
    row.headers = {**row.headers, "whatsapp_status": event.status}
    return True
