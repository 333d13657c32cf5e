"""When the network is told about a hangout: Announcement rows, planned with the hangout.

- Scheduling plans the INVITATION (due now), one REMINDER per hour count of the series
  (`Series.reminder_hours`, [24, 1] without a series) and ENDED (due when the hangout ends).
- Rescheduling moves the reminders and ENDED not yet dispatched; reminders already dispatched
  stay as they happened, and the same reminder is planned again for the new time (the members
  going should be reminded of the new date). A CHANGED announcement is due now.
- Cancelling deletes everything not yet dispatched and adds CANCELLED, due now.
- A reminder whose time has already passed when it is planned (a hangout scheduled 30 minutes
  ahead, or moved to start soon) is not created: the invitation or change notice due at that
  same moment carries the same date, time and join link, and two posts at once would be noise.
  The one exception is ENDED, always planned: the feedback request matters even for a hangout
  planned at short notice.

These are rows written inside the hangout's own transaction (a rollback leaves none); nothing
is sent here. The worker's housekeeping job `dispatch_due_announcements` takes what is due:
it emails the network's organisers the ready group text with its share link (the same text is
on the hangout's "to post" list until an organiser ticks it), and for reminders, changes and
cancellations it has the members emailed (outreach.mailings).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangouts.accounts.models import User
from hangouts.network.models import Network
from hangouts.outreach import mailings, messages
from hangouts.outreach.models import Announcement, MessageTemplate, OutboxMessage
from hangouts.outreach.outbox import queue_and_send_soon
from hangouts.outreach.posts import Post, build_group_post, group_values
from hangouts.outreach.values import absolute
from hangouts.participation.feedback_requests import queue_feedback_requests
from hangouts.programme.models import Hangout, HangoutChange, default_reminder_hours

logger = logging.getLogger(__name__)

Kind = Announcement.Kind

# The group text of each kind of announcement.
GROUP_KINDS = {
    Kind.INVITATION: "group_invitation",
    Kind.REMINDER: "group_reminder",
    Kind.ENDED: "group_ended",
    Kind.CHANGED: "group_change",
    Kind.CANCELLED: "group_cancellation",
}
# The change (HangoutChange kind) a CHANGED or CANCELLED announcement tells about.
CHANGE_KINDS = {
    Kind.CHANGED: HangoutChange.Kind.RESCHEDULED,
    Kind.CANCELLED: HangoutChange.Kind.CANCELLED,
}
# Announcements dispatched per run of the job; the rest wait a minute for the next run.
DISPATCH_BATCH = 50


def reminder_hours(hangout: Hangout) -> list[int]:
    series = hangout.series
    hours = series.reminder_hours if series is not None else default_reminder_hours()
    return sorted({int(h) for h in hours if int(h) > 0}, reverse=True)


def _reminder(hangout: Hangout, hours: int, *, sequence: int = 0) -> Announcement:
    return Announcement(
        hangout=hangout,
        kind=Kind.REMINDER,
        hours_before=hours,
        sequence=sequence,
        due_at=hangout.starts_at - timedelta(hours=hours),
    )


def plan_announcements(hangout: Hangout) -> list[Announcement]:
    """Plan a newly scheduled hangout's announcements (call inside its transaction).

    Side effects: Announcement rows (invitation now, future reminders, end).
    """
    now = timezone.now()
    rows = [Announcement(hangout=hangout, kind=Kind.INVITATION, due_at=now)]
    rows += [
        reminder
        for reminder in (_reminder(hangout, hours) for hours in reminder_hours(hangout))
        if reminder.due_at > now
    ]
    rows.append(Announcement(hangout=hangout, kind=Kind.ENDED, due_at=hangout.ends_at))
    return Announcement.objects.bulk_create(rows, ignore_conflicts=True)


def move_announcements(hangout: Hangout) -> None:
    """After a reschedule (hangout.starts_at, ends_at and sequence already new).

    Side effects: undispatched reminders moved (deleted when their new time has passed),
    reminders planned again for the new time where the old one was dispatched, ENDED moved or
    planned again, a CHANGED announcement (sequence = hangout.sequence) due now.
    """
    now = timezone.now()
    rows = list(Announcement.objects.filter(hangout=hangout, kind__in=[Kind.REMINDER, Kind.ENDED]))
    pending = {(row.kind, row.hours_before): row for row in rows if row.dispatched_at is None}
    dispatched = {(row.kind, row.hours_before) for row in rows if row.dispatched_at is not None}
    wanted = [
        _reminder(hangout, hours, sequence=hangout.sequence) for hours in reminder_hours(hangout)
    ]
    wanted.append(
        Announcement(
            hangout=hangout, kind=Kind.ENDED, sequence=hangout.sequence, due_at=hangout.ends_at
        )
    )
    moved, new, gone = [], [], []
    for row in wanted:
        key = (row.kind, row.hours_before)
        old = pending.pop(key, None)
        if row.kind == Kind.REMINDER and row.due_at <= now:
            if old is not None:
                gone.append(old.pk)
        elif old is not None:
            old.due_at = row.due_at
            moved.append(old)
        elif key in dispatched:
            new.append(row)
    gone += [row.pk for row in pending.values()]  # reminders the series no longer has
    Announcement.objects.filter(pk__in=gone).delete()
    Announcement.objects.bulk_update(moved, ["due_at"])
    new.append(
        Announcement(hangout=hangout, kind=Kind.CHANGED, sequence=hangout.sequence, due_at=now)
    )
    Announcement.objects.bulk_create(new, ignore_conflicts=True)


def drop_announcements(hangout: Hangout) -> None:
    """After a cancellation (hangout.sequence already raised).

    Side effects: every announcement not yet dispatched deleted (nobody is reminded of a
    cancelled hangout); a CANCELLED announcement (sequence = hangout.sequence) due now.
    """
    Announcement.objects.filter(hangout=hangout, dispatched_at__isnull=True).delete()
    Announcement.objects.bulk_create(
        [
            Announcement(
                hangout=hangout,
                kind=Kind.CANCELLED,
                sequence=hangout.sequence,
                due_at=timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )


def to_post(hangout: Hangout) -> Any:
    """The hangout's due group texts not ticked as posted. Once a hangout is cancelled, only
    its cancellation is left to post (an old invitation must not go out after it)."""
    rows = Announcement.objects.filter(hangout=hangout).to_post()
    if hangout.status == Hangout.Status.CANCELLED:
        rows = rows.filter(kind=Kind.CANCELLED)
    return rows


def upcoming(hangout: Hangout) -> Any:
    """The hangout's announcements still to come, soonest first."""
    return Announcement.objects.filter(
        hangout=hangout, due_at__gt=timezone.now(), posted_at__isnull=True
    ).order_by("due_at")


def change_for(
    announcement: Announcement, changes: Sequence[HangoutChange]
) -> HangoutChange | None:
    """The change a CHANGED/CANCELLED announcement tells about: the last of its kind recorded
    by the time it was planned (both are written in the same transaction, change first)."""
    kind = CHANGE_KINDS.get(Kind(announcement.kind))
    if kind is None:
        return None
    found = None
    for change in changes:  # ordered by time
        if change.kind == kind and change.at <= announcement.due_at:
            found = change
    return found


def announcement_posts(
    hangout: Hangout,
    announcements: Iterable[Announcement],
    *,
    language: str,
    changes: Sequence[HangoutChange] | None = None,
    base: Mapping[str, str] | None = None,
    templates: Mapping[str, MessageTemplate] | None = None,
) -> dict[int, Post]:
    """The group text of each announcement, by id: a fixed number of queries for any number
    (the hangout's values, the network's wording and its changes once each, unless given)."""
    announcements = list(announcements)
    if templates is None:
        templates = messages.templates_for(hangout.network, language)
    if base is None:
        base = group_values(hangout, language=language)
    if changes is None and any(a.kind in CHANGE_KINDS for a in announcements):
        changes = list(HangoutChange.objects.filter(hangout=hangout).order_by("at", "pk"))
    posts = {}
    for announcement in announcements:
        values = base
        change = change_for(announcement, changes or ())
        if change is not None:
            values = group_values(hangout, language=language, change=change)
        posts[announcement.pk] = build_group_post(
            GROUP_KINDS[Kind(announcement.kind)],
            language=language,
            values=values,
            templates=templates,
        )
    return posts


# The dispatching job -----------------------------------------------------------------------


def claim(announcement: Announcement, now: datetime) -> bool:
    """Take a due announcement for this worker: a conditional update, so that two workers
    never dispatch the same one (the loser sees 0 rows updated)."""
    return bool(
        Announcement.objects.filter(pk=announcement.pk, dispatched_at__isnull=True).update(
            dispatched_at=now
        )
    )


def organiser_message(
    announcement: Announcement, post: Post, organiser: User, *, language: str
) -> OutboxMessage:
    """The email to one organiser: the group text, its share link, and the page to tick it."""
    hangout = announcement.hangout
    page = absolute(
        reverse(
            "outreach:hangout_outreach", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
        )
    )
    with translation.override(language):
        subject = _("To post in the WhatsApp group: %(title)s") % {"title": hangout.title}
        text = "\n\n".join(
            [
                _("Please post this in the network's WhatsApp group:"),
                post.text,
                _("Share on WhatsApp (opens WhatsApp with the text ready): %(url)s")
                % {"url": post.share_url},
                _("When it is posted, tick it on the hangout's page: %(url)s") % {"url": page},
            ]
        )
    return OutboxMessage(
        network=hangout.network,
        hangout=hangout,
        kind=f"organiser_{GROUP_KINDS[Kind(announcement.kind)]}",
        to=organiser.email or "",
        language=language,
        subject=subject,
        text=text,
        key=f"organiser:{announcement.pk}:{organiser.pk}",
    )


def _tell_members(announcement: Announcement, changes: Sequence[HangoutChange]) -> None:
    hangout = announcement.hangout
    if announcement.kind == Kind.REMINDER:
        mailings.queue_reminders(hangout, hours_before=announcement.hours_before)
        return
    if announcement.kind == Kind.ENDED:
        # The feedback request (participation/feedback_requests.py): members going or there.
        queue_feedback_requests(hangout)
        return
    change = change_for(announcement, changes)
    if change is None:
        return
    if announcement.kind == Kind.CHANGED:
        mailings.notify_change(hangout, change=change)
    elif announcement.kind == Kind.CANCELLED:
        mailings.notify_cancellation(hangout, change=change)


def dispatch_due_announcements() -> int:
    """Housekeeping job (settings.WORKER_HOUSEKEEPING): dispatch every due announcement.

    For each due announcement not yet dispatched, claimed by a conditional update inside its
    own transaction (two workers never dispatch it twice; an error rolls the claim back and the
    next run tries again): an email to each active organiser of the network who has an address
    (OutboxMessage rows, key "organiser:<announcement>:<user>", in the organiser's language,
    else the network's; the outbox's sender sends them) with the group text in the network's
    language and its share link; for a reminder, the reminder emails to the members going; for
    a change or a cancellation, the notices to the members concerned. Returns how many.

    Queries: three for the batch (announcements, organisers, changes), then per announcement
    its claim, its text (presenters, the network's wording) and one insert.
    """
    now = timezone.now()
    due = list(
        Announcement.objects.due(now)
        .select_related("hangout__network", "hangout__series")
        .order_by("due_at", "pk")[:DISPATCH_BATCH]
    )
    if not due:
        return 0
    organisers: dict[int, list[User]] = defaultdict(list)
    links = Network.organisers.through.objects.filter(
        network_id__in={a.hangout.network_id for a in due},
        user__is_active=True,
        user__email__isnull=False,
    ).select_related("user")
    for link in links.order_by("user_id"):
        if link.user.email:
            organisers[link.network_id].append(link.user)
    changes: dict[int, list[HangoutChange]] = defaultdict(list)
    changed = {a.hangout_id for a in due if a.kind in CHANGE_KINDS}
    if changed:
        for change in HangoutChange.objects.filter(hangout__in=changed).order_by("at", "pk"):
            changes[change.hangout_id].append(change)
    dispatched = 0
    for announcement in due:
        try:
            with transaction.atomic():
                if not claim(announcement, now):
                    continue
                _dispatch(announcement, organisers, changes[announcement.hangout_id])
        except Exception:
            logger.exception("Announcement %s could not be dispatched", announcement.pk)
            continue
        dispatched += 1
    return dispatched


def _dispatch(
    announcement: Announcement,
    organisers: dict[int, list[User]],
    changes: Sequence[HangoutChange],
) -> None:
    hangout = announcement.hangout
    network = hangout.network
    post = announcement_posts(hangout, [announcement], language=network.language, changes=changes)
    # Already ticked as posted (an organiser saw it on the page first): no email about it.
    rows = (
        []
        if announcement.posted_at is not None
        else [
            organiser_message(
                announcement,
                post[announcement.pk],
                user,
                language=user.language or network.language,
            )
            for user in organisers[network.pk]
        ]
    )
    queue_and_send_soon(rows)
    _tell_members(announcement, changes)
    logger.info("Announcement %s (%s) dispatched", announcement.pk, announcement.kind)
