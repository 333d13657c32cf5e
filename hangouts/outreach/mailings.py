"""Mailings: one kind of message about a hangout to many members, through the outbox.

Who gets what (the lead's decisions):
- invitation: every member reachable by email (active, consent, not opted out, with an email),
  in their language, with their personal RSVP link, an unsubscribe link and the .ics
  (METHOD:REQUEST, the hangout's UID and SEQUENCE, RSVP=FALSE); started by an organiser;
- reminders (a day and an hour before, per series): members whose RSVP is "going"; at the day
  reminder (12 hours or more before), members who never attended a hangout of the network get
  the first-time guide instead;
- change and cancellation: members who were sent the invitation or answered going/waitlisted,
  with a new .ics (same UID, higher SEQUENCE; METHOD:CANCEL and STATUS:CANCELLED when cancelled);
- promotion: a waitlisted member who got a place, at once.
Every one of them only while reachable by email: consent and opt-outs hold in every mailing.

Rendering costs a fixed number of queries whatever the number of members (personal links in
bulk, wordings per language, existing keys once), then one INSERT per 500 rows. Keys include the
hangout's sequence, so sending again after a change reaches everyone again, and sending again
without a change reaches only members not queued yet.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.actions import issue_personal_links
from hangouts.accounts.models import PersonalLink, User
from hangouts.network.models import Member, MemberQuerySet, Network
from hangouts.outreach import messages, outbox
from hangouts.outreach.email import (
    Layout,
    base_calendar,
    layout,
    list_unsubscribe,
    sender,
    with_attendee,
)
from hangouts.outreach.models import Mailing, MessageTemplate, OutboxMessage
from hangouts.outreach.values import absolute, change_values, hangout_values, member_values
from hangouts.participation.models import RSVP
from hangouts.participation.queries import first_timers_going
from hangouts.programme.models import Hangout, HangoutChange

logger = logging.getLogger(__name__)

# A personal RSVP link works until two weeks after its hangout.
RSVP_LINK_GRACE = timedelta(days=14)
BATCH = 500
# Before this many hours, the reminder is the "day before" one (and first-timers get the guide).
DAY_REMINDER_HOURS = 12


class MailingError(Exception):
    """The hangout cannot be mailed about now (e.g. invitations for a draft)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Recipient:
    member: Member
    kind: str
    key: str
    # Placeholders of this member only, e.g. their personal {feedback_link}.
    values: Mapping[str, str] = field(default_factory=dict)


def reachable(network: Network) -> MemberQuerySet:
    return Member.objects.for_network(network).reachable_by_email()


def audience(network: Network) -> dict[str, int]:
    """How many active members an invitation reaches, and why the others are left out."""
    no_email = Q(email="")
    no_consent = ~no_email & Q(consent_to_contact=False)
    opted_out = ~no_email & Q(consent_to_contact=True, email_opted_out_at__isnull=False)
    reached = ~no_email & Q(consent_to_contact=True, email_opted_out_at__isnull=True)
    return (
        Member.objects.for_network(network)
        .active()
        .aggregate(
            reached=Count("pk", filter=reached),
            no_email=Count("pk", filter=no_email),
            no_consent=Count("pk", filter=no_consent),
            opted_out=Count("pk", filter=opted_out),
        )
    )


def personal_url(name: str, network: Network, link: PersonalLink) -> str:
    return absolute(reverse(name, kwargs={"network": network.slug, "token": link.token}))


@dataclass(frozen=True)
class Wording:
    """What rows in one language share: the hangout's values, the network's wordings, the .ics."""

    base: dict[str, str]
    templates: dict[str, MessageTemplate]
    calendar: bytes
    # The email layout without and with the RSVP button.
    layouts: dict[bool, Layout]


def wordings(
    hangout: Hangout, languages: set[str], *, method: str, change: HangoutChange | None
) -> dict[str, Wording]:
    """Two queries per language (presenters, wordings), whatever the number of members."""
    result = {}
    for language in sorted(languages):
        with translation.override(language):
            base = hangout_values(hangout, language=language)
            if change is not None:
                base = change_values(
                    base,
                    hangout,
                    old_starts_at=change.old_starts_at,
                    note=change.note,
                    language=language,
                )
            result[language] = Wording(
                base=base,
                templates=messages.templates_for(hangout.network, language),
                calendar=base_calendar(hangout, method=method, language=language)
                if method
                else b"",
                layouts={
                    with_rsvp: layout(
                        network=hangout.network, with_rsvp=with_rsvp, with_calendar=bool(method)
                    )
                    for with_rsvp in (False, True)
                },
            )
    return result


def language_of(member: Member, network: Network) -> str:
    return member.language or network.language


def compose_row(
    hangout: Hangout,
    recipient: Recipient,
    *,
    mailing: Mailing | None,
    language: str,
    wording: Wording,
    rsvp_url: str,
    unsubscribe_url: str,
) -> OutboxMessage:
    """One member's row (no query): call it with `language` active."""
    network, member = hangout.network, recipient.member
    kind = messages.KINDS[recipient.kind]
    calendar = wording.calendar
    values = member_values(wording.base, member, rsvp_link=rsvp_url or wording.base["rsvp_link"])
    values.update(recipient.values)
    rendered = messages.render(
        kind.key, language=language, values=values, templates=wording.templates
    )
    with_rsvp = bool(rsvp_url) and "rsvp_link" in kind.placeholders
    bodies = wording.layouts[with_rsvp].fill(
        rendered.text, rsvp_link=rsvp_url if with_rsvp else "", unsubscribe_url=unsubscribe_url
    )
    headers = {
        "From": sender(network),
        **list_unsubscribe(unsubscribe_url, network),
        "X-Hangouts-Key": recipient.key,
    }
    if network.email:
        headers["Reply-To"] = network.email
    return OutboxMessage(
        network=network,
        mailing=mailing,
        hangout=hangout,
        member=member,
        kind=kind.key,
        channel=OutboxMessage.Channel.EMAIL,
        to=member.email,
        language=language,
        subject=rendered.subject,
        text=bodies.text,
        html=bodies.html,
        calendar=with_attendee(calendar, member.email, member.name) if calendar else "",
        headers=headers,
        key=recipient.key,
    )


def queue_recipients(
    hangout: Hangout,
    recipients: Sequence[Recipient],
    *,
    mailing: Mailing,
    method: str = "",
    change: HangoutChange | None = None,
) -> int:
    """Render and save the rows of recipients not queued yet; returns how many.

    A fixed number of queries (existing keys, personal links in bulk, wordings per language),
    then rows rendered and inserted by batches, so memory stays flat for any roster.
    """
    network = hangout.network
    kinds = {recipient.kind for recipient in recipients}
    existing = set(
        OutboxMessage.objects.filter(hangout=hangout, kind__in=kinds).values_list("key", flat=True)
    )
    todo = [recipient for recipient in recipients if recipient.key not in existing]
    members = [recipient.member for recipient in todo]
    with_rsvp = any("rsvp_link" in messages.KINDS[kind].placeholders for kind in kinds)
    rsvp_links = (
        issue_personal_links(
            members,
            purpose=PersonalLink.Purpose.RSVP,
            subject_id=hangout.pk,
            expires_at=hangout.ends_at + RSVP_LINK_GRACE,
        )
        if with_rsvp and todo
        else {}
    )
    unsubscribe_links = issue_personal_links(members, purpose=PersonalLink.Purpose.UNSUBSCRIBE)
    parts = wordings(
        hangout, {language_of(m, network) for m in members}, method=method, change=change
    )
    new = 0
    for start in range(0, len(todo), BATCH):
        rows = []
        for recipient in todo[start : start + BATCH]:
            member = recipient.member
            language = language_of(member, network)
            rsvp = rsvp_links.get(member.pk)
            with translation.override(language):
                rows.append(
                    compose_row(
                        hangout,
                        recipient,
                        mailing=mailing,
                        language=language,
                        wording=parts[language],
                        rsvp_url=personal_url("participation:rsvp_personal", network, rsvp)
                        if rsvp
                        else "",
                        unsubscribe_url=personal_url(
                            "outreach:unsubscribe", network, unsubscribe_links[member.pk]
                        ),
                    )
                )
        new += outbox.queue_messages(rows)
        # A sign of life for the sweep, which restarts mailings idle for a few minutes.
        Mailing.objects.filter(pk=mailing.pk).update(enqueued_at=timezone.now())
    Mailing.objects.filter(pk=mailing.pk).update(
        prepared_at=timezone.now(), total=mailing.messages.count(), finished_at=None
    )
    return new


def hangout_mailing(hangout: Hangout, *, kind: str, by: User | None = None) -> Mailing:
    """The mailing of this kind at the hangout's current sequence (made on first need)."""
    mailing, _created = Mailing.objects.get_or_create(
        network=hangout.network,
        hangout=hangout,
        kind=kind,
        sequence=hangout.sequence,
        defaults={"created_by": by},
    )
    return mailing


def send_soon(mailing: Mailing) -> None:
    transaction.on_commit(partial(outbox.enqueue_mailing, mailing.pk))


@transaction.atomic
def send_invitations(hangout: Hangout, *, by: User) -> Mailing:
    """Invite every reachable member of the network to a scheduled hangout, by email.

    Returns the mailing of the hangout's current sequence (the same one when called again
    without a change: only members not queued yet are added). Raises MailingError for a
    hangout that is not scheduled or is over.
    Side effects: a Mailing (made or reopened); after commit, a task that renders one outbox
    row per member (personal RSVP and unsubscribe links made) and sends them.
    """
    if hangout.status != Hangout.Status.SCHEDULED or hangout.ends_at <= timezone.now():
        raise MailingError(_("Invitations go out only for a scheduled hangout that is not over."))
    mailing = hangout_mailing(hangout, kind="invitation", by=by)
    Mailing.objects.filter(pk=mailing.pk).update(prepared_at=None, finished_at=None)
    mailing.refresh_from_db()
    send_soon(mailing)
    return mailing


def prepare_mailing(mailing: Mailing) -> int:
    """Render the rows of a mailing started by `send_invitations` (in the task worker)."""
    hangout = mailing.hangout
    if hangout is None or mailing.kind != "invitation":
        Mailing.objects.filter(pk=mailing.pk).update(prepared_at=timezone.now())
        return 0
    members = reachable(hangout.network).order_by("pk")
    recipients = [
        Recipient(member, "invitation", f"invitation:{hangout.pk}:{mailing.sequence}:{member.pk}")
        for member in members
    ]
    new = queue_recipients(hangout, recipients, mailing=mailing, method="REQUEST")
    logger.info("Mailing %s: %d rows queued", mailing.pk, new)
    return new


@transaction.atomic
def queue_reminders(hangout: Hangout, *, hours_before: int) -> int:
    """Queue the reminder `hours_before` the start to members going; returns rows queued.

    At 12 hours or more before, members who never attended get the first-time guide instead of
    the day reminder; under 12 hours, everyone gets the hour reminder. Nothing for a hangout that
    is not scheduled. Side effects: a Mailing, outbox rows, a sending task after commit.
    """
    if hangout.status != Hangout.Status.SCHEDULED:
        return 0
    going = RSVP.objects.filter(hangout=hangout, status=RSVP.Status.GOING).values("member_id")
    on_whatsapp, by_whatsapp = whatsapp_reminders(hangout, going=going, hours_before=hours_before)
    members = list(
        reachable(hangout.network).filter(pk__in=going).exclude(pk__in=on_whatsapp).order_by("pk")
    )
    new_ones = set(first_timers_going(hangout).values_list("pk", flat=True))

    def kind(member: Member) -> str:
        if hours_before < DAY_REMINDER_HOURS:
            return "reminder_hour"
        return "first_time_guide" if member.pk in new_ones else "reminder_day"

    prefix = f"reminder:{hangout.pk}:{hangout.sequence}:{hours_before}"
    recipients = [Recipient(m, kind(m), f"{prefix}:{m.pk}") for m in members]
    return by_whatsapp + queue_and_send(
        hangout, recipients, mailing_kind=f"reminder:{hours_before}"
    )


def whatsapp_reminders(hangout: Hangout, *, going: Any, hours_before: int) -> tuple[set[int], int]:
    """Queue the reminder on WhatsApp (an approved template) for members going who opted in,
    when the channel is configured. Returns their ids (they get no reminder email: one channel
    is enough) and how many rows were new.

    Side effects: outbox rows of channel "whatsapp" in the reminder's mailing, sent after commit.
    """
    from hangouts.integrations.whatsapp import client as whatsapp

    if not whatsapp.is_configured():
        return set(), 0
    members = list(
        whatsapp.reachable_by_whatsapp(Member.objects.for_network(hangout.network))
        .filter(pk__in=going)
        .order_by("pk")
    )
    if not members:
        return set(), 0
    mailing = hangout_mailing(hangout, kind=f"reminder:{hours_before}")
    prefix = f"reminder:{hangout.pk}:{hangout.sequence}:{hours_before}"
    bases = {
        language: hangout_values(hangout, language=language)
        for language in {member.language for member in members}
    }
    rows = []
    for member in members:
        row = whatsapp.whatsapp_row(
            member,
            hangout=hangout,
            kind="reminder_hour" if hours_before < DAY_REMINDER_HOURS else "reminder_day",
            key=f"{prefix}:{member.pk}:whatsapp",
            template=whatsapp.REMINDER_TEMPLATE,
            values=member_values(bases[member.language], member, rsvp_link=""),
        )
        row.mailing = mailing
        rows.append(row)
    new = outbox.queue_messages(rows)
    if new:
        send_soon(mailing)
    return {member.pk for member in members}, new


def informed_members(hangout: Hangout) -> MemberQuerySet:
    """Reachable members who were sent the invitation or answered going or waitlisted."""
    invited = (
        OutboxMessage.objects.filter(hangout=hangout, kind="invitation", member__isnull=False)
        .exclude(status__in=[OutboxMessage.Status.REFUSED, OutboxMessage.Status.DROPPED])
        .values("member_id")
    )
    answered = RSVP.objects.filter(
        hangout=hangout,
        status__in=[RSVP.Status.GOING, RSVP.Status.WAITLISTED],
        member__isnull=False,
    ).values("member_id")
    return reachable(hangout.network).filter(Q(pk__in=invited) | Q(pk__in=answered))


@transaction.atomic
def notify_change(hangout: Hangout, *, change: HangoutChange) -> int:
    """Tell the informed members that the hangout moved, with an updated .ics.

    The .ics has the same UID and the raised SEQUENCE (reschedule_hangout raised it). Returns
    rows queued. Side effects: a Mailing, outbox rows, a sending task after commit.
    """
    return notify(hangout, kind="change", method="REQUEST", change=change)


@transaction.atomic
def notify_cancellation(hangout: Hangout, *, change: HangoutChange) -> int:
    """Tell the informed members that the hangout is cancelled, with a METHOD:CANCEL .ics.

    Returns rows queued. Side effects: a Mailing, outbox rows, a sending task after commit.
    """
    return notify(hangout, kind="cancellation", method="CANCEL", change=change)


def notify(hangout: Hangout, *, kind: str, method: str, change: HangoutChange) -> int:
    members = informed_members(hangout).order_by("pk")
    prefix = f"{kind}:{hangout.pk}:{hangout.sequence}"
    recipients = [Recipient(m, kind, f"{prefix}:{m.pk}") for m in members]
    return queue_and_send(hangout, recipients, mailing_kind=kind, method=method, change=change)


@transaction.atomic
def notify_promoted(hangout: Hangout, *, rsvps: Sequence[RSVP]) -> int:
    """Tell members promoted from the waiting list that they have a place, at once.

    Guests (no member) and members not reachable by email are skipped. Returns rows queued.
    Side effects: a Mailing, outbox rows, a sending task after commit.
    """
    answered = {rsvp.member_id: rsvp for rsvp in rsvps if rsvp.member_id is not None}
    members = reachable(hangout.network).filter(pk__in=list(answered)).order_by("pk")
    recipients = [
        Recipient(
            m,
            "promotion",
            f"promotion:{hangout.pk}:{answered[m.pk].pk}:{answered[m.pk].answered_at:%Y%m%d%H%M%S%f}",
        )
        for m in members
    ]
    return queue_and_send(hangout, recipients, mailing_kind="promotion")


def queue_and_send(
    hangout: Hangout,
    recipients: Sequence[Recipient],
    *,
    mailing_kind: str,
    method: str = "",
    change: HangoutChange | None = None,
) -> int:
    if not recipients:
        return 0
    mailing = hangout_mailing(hangout, kind=mailing_kind)
    new = queue_recipients(hangout, recipients, mailing=mailing, method=method, change=change)
    if new:
        send_soon(mailing)
    return new


@dataclass(frozen=True)
class Progress:
    mailing: Mailing
    counts: dict[str, int]

    @property
    def label(self) -> str:
        kind = self.mailing.kind
        if kind.startswith("reminder:"):
            return _("Reminders %(hours)s hours before") % {"hours": kind.partition(":")[2]}
        return str(messages.KINDS[kind].label) if kind in messages.KINDS else kind

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def sent(self) -> int:
        return self.counts.get(OutboxMessage.Status.SENT, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(OutboxMessage.Status.QUEUED, 0) + self.counts.get(
            OutboxMessage.Status.SENDING, 0
        )

    @property
    def failed(self) -> int:
        return self.counts.get(OutboxMessage.Status.REFUSED, 0) + self.counts.get(
            OutboxMessage.Status.UNKNOWN, 0
        )

    @property
    def finished(self) -> bool:
        return self.mailing.finished_at is not None


def progress(hangout: Hangout) -> list[Progress]:
    """Each mailing of the hangout, newest first, with its rows counted by status (2 queries)."""
    found = list(Mailing.objects.filter(network=hangout.network, hangout=hangout))
    counts: dict[int, dict[str, int]] = {mailing.pk: {} for mailing in found}
    rows = (
        OutboxMessage.objects.filter(mailing__in=found)
        .values_list("mailing_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for mailing_id, status, n in rows:
        counts[mailing_id][status] = n
    return [Progress(mailing, counts[mailing.pk]) for mailing in found]


def can_invite(hangout: Hangout) -> bool:
    return hangout.status == Hangout.Status.SCHEDULED and hangout.ends_at > timezone.now()


def message_ids_of(hangout: Hangout, raw: Sequence[str]) -> list[int]:
    """The outbox rows of this hangout among ids posted by a form (others are ignored)."""
    ids = [int(value) for value in raw if value.isdigit()]
    return list(
        OutboxMessage.objects.filter(
            network=hangout.network, hangout=hangout, pk__in=ids
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def opt_out_of_email(member: Member) -> bool:
    """The member unsubscribes from emails; True the first time.

    Side effects: Member.email_opted_out_at set (kept from the first time); the member's
    queued emails dropped, so that nothing more goes out to them.
    """
    now = timezone.now()
    changed = Member.objects.filter(pk=member.pk, email_opted_out_at__isnull=True).update(
        email_opted_out_at=now
    )
    OutboxMessage.objects.filter(
        member=member, channel=OutboxMessage.Channel.EMAIL, status=OutboxMessage.Status.QUEUED
    ).update(status=OutboxMessage.Status.DROPPED, reason=str(_("The member unsubscribed.")))
    return changed == 1
