"""The feedback request: an email with the member's personal feedback link, in outreach's registry.

Who gets it (decided here, as members expect it): members reachable by email (active, an
address, consent, not opted out: `MemberQuerySet.reachable_by_email`, as for every email) who
answered "going" or have an attendance row, and have not answered yet. It is queued when the
hangout's ENDED announcement is dispatched (outreach/announcements.py) and again after an
attendance import is applied, for attendees not asked yet, while the feedback window is open.
The outbox key `feedback:<hangout>:<member>` makes sure nobody is asked twice. Each email is in
the member's language, with their personal link (PersonalLink purpose FEEDBACK, valid until
two weeks after the window closes, so a late click reads "closed", not "invalid").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.actions import issue_personal_links
from hangouts.accounts.models import PersonalLink
from hangouts.network.models import Member, MemberQuerySet
from hangouts.outreach import mailings, messages
from hangouts.outreach.messages import HANGOUT, Channel, MessageKind
from hangouts.outreach.models import OutboxMessage
from hangouts.outreach.values import absolute
from hangouts.participation.feedback import feedback_window, is_feedback_open
from hangouts.participation.models import RSVP, Attendance, Feedback
from hangouts.programme.models import Hangout

LINK_GRACE = timedelta(days=14)

KIND = messages.register(
    MessageKind(
        "feedback_request",
        _("Feedback request (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, "feedback_link"),
        subject=_("How was the hangout? {title}"),
        body=_(
            "Dear {name},\n\n"
            "Thank you for your interest in the hangout {title} on {date}.\n"
            "If you took part, please tell us what you thought (2 minutes): {feedback_link}\n\n"
            "You may answer anonymously."
        ),
    )
)


def feedback_link(member: Member, link: PersonalLink) -> str:
    kwargs = {"network": member.network.slug, "token": link.token}
    return absolute(reverse("participation:feedback_personal", kwargs=kwargs))


def to_ask(hangout: Hangout) -> MemberQuerySet:
    """Reachable members going or attending, who have not answered or been asked yet."""
    going = RSVP.objects.filter(hangout=hangout, status=RSVP.Status.GOING).values("member_id")
    came = Attendance.objects.filter(hangout=hangout).values("member_id")
    answered = Feedback.objects.filter(hangout=hangout, member__isnull=False).values("member_id")
    asked = OutboxMessage.objects.filter(
        hangout=hangout, kind=KIND.key, member__isnull=False
    ).values("member_id")
    return (
        Member.objects.for_network(hangout.network)
        .reachable_by_email()
        .filter(Q(pk__in=going) | Q(pk__in=came))
        .exclude(pk__in=answered)
        .exclude(pk__in=asked)
    )


@transaction.atomic
def queue_feedback_requests(hangout: Hangout, *, now: datetime | None = None) -> int:
    """Queue the feedback request for members going or attending not asked yet; returns how many.

    Nothing outside the feedback window or for a draft or cancelled hangout.
    Side effects: personal FEEDBACK links; a Mailing "feedback_request" and its outbox rows
    (key `feedback:<hangout>:<member>`), sent after commit.
    """
    if not is_feedback_open(hangout, now):
        return 0
    members = list(to_ask(hangout).select_related("network").order_by("pk"))
    if not members:
        return 0
    links = issue_personal_links(
        members,
        purpose=PersonalLink.Purpose.FEEDBACK,
        subject_id=hangout.pk,
        expires_at=feedback_window(hangout)[1] + LINK_GRACE,
    )
    recipients = [
        mailings.Recipient(
            member,
            KIND.key,
            f"feedback:{hangout.pk}:{member.pk}",
            values={"feedback_link": feedback_link(member, links[member.pk])},
        )
        for member in members
    ]
    return mailings.queue_and_send(hangout, recipients, mailing_kind=KIND.key)
