"""The real worker sends a hangout's invitations, its change and its cancellation over real SMTP
(aiosmtpd on loopback); what arrives is parsed as a mail client would: headers, parts, .ics."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.management import call_command

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.outreach import mailings
from hangouts.outreach.models import OutboxMessage
from hangouts.outreach.tests.outbox_helpers import (
    JOIN,
    STARTS,
    TITLE,
    Inbox,
    calendar_of,
    make_hangout,
    part,
    running_smtp,
    smtp_settings,
)
from hangouts.programme.actions.hangouts import cancel_hangout, reschedule_hangout
from hangouts.programme.models import Hangout, HangoutChange

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with running_smtp(inbox) as controller:
        smtp_settings(settings, controller.port)
        yield inbox


def run_worker() -> None:
    call_command("worker", "--batch", "--queue-name", "*", "--no-startup-delay")


def by_recipient(inbox: Inbox) -> dict[str, EmailMessage]:
    return {str(message["To"]): message for message in inbox.parsed()}


def test_worker_sends_invitations_then_update_then_cancellation_over_smtp(
    inbox: Inbox,
    network: Network,
    member: Member,
    make_member: Callable[..., Member],
    organiser: User,
) -> None:
    english = make_member(name="Keo", name_latin="Keo", email="keo@example.org", language="en")
    hangout = make_hangout(network)

    mailings.send_invitations(hangout, by=organiser)
    assert inbox.messages == []  # queued for the worker, not sent by the request
    run_worker()
    run_worker()  # nothing left: sends nothing more

    received = by_recipient(inbox)
    assert sorted(received) == [english.email, member.email]
    lao = received[member.email]
    assert TITLE in lao["Subject"]
    assert "ພັນທະມິດ SUN ລາວ" in str(lao["From"])
    assert "ພັນທະມິດ SUN ລາວ" in part(lao, "text/plain").get_content()
    assert "/rsvp/" in part(lao, "text/html").get_content()
    assert lao["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert lao["List-Unsubscribe"].startswith(f"<http://testserver/{network.slug}/unsubscribe/")
    assert lao["Message-ID"].endswith("@testserver>")
    calendar = calendar_of(lao)
    event = calendar.events[0]
    assert part(lao, "text/calendar").get_param("method") == "REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"hangout-{hangout.pk}@testserver"
    assert event.sequence == 0 and event.start == STARTS
    assert str(event["ORGANIZER"]) == "mailto:hangouts@example.org"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["ATTENDEE"]) == f"mailto:{member.email}"
    assert JOIN in str(event["LOCATION"])
    assert part(lao, "application/ics", attachment=True).get_filename() == "invite.ics"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}

    # Moved: the same event, a higher sequence.
    inbox.messages.clear()
    reschedule_hangout(hangout, by=organiser, starts_at=STARTS + timedelta(days=7))
    change = HangoutChange.objects.get(hangout=hangout, kind="rescheduled")
    assert mailings.notify_change(hangout, change=change) == 2
    run_worker()
    moved = calendar_of(by_recipient(inbox)[english.email]).events[0]
    assert str(moved["UID"]) == str(event["UID"])
    assert moved.sequence == 1 and moved.start == STARTS + timedelta(days=7)
    assert by_recipient(inbox)[english.email]["Subject"].startswith("New date: ")

    # Cancelled: METHOD:CANCEL, the next sequence.
    inbox.messages.clear()
    hangout = Hangout.objects.get(pk=hangout.pk)
    cancel_hangout(hangout, by=organiser, note="")
    change = HangoutChange.objects.get(hangout=hangout, kind="cancelled")
    assert mailings.notify_cancellation(hangout, change=change) == 2
    run_worker()
    cancelled = by_recipient(inbox)[member.email]
    calendar = calendar_of(cancelled)
    assert part(cancelled, "text/calendar").get_param("method") == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.events[0]["STATUS"]) == "CANCELLED"
    assert calendar.events[0].sequence == 2
    assert str(calendar.events[0]["UID"]) == str(event["UID"])
