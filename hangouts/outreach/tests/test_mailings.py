"""Mailings: who gets which email about a hangout, in which language, with which links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.outreach import mailings
from hangouts.outreach.models import Mailing, MessageTemplate, OutboxMessage
from hangouts.outreach.tests.outbox_helpers import (
    JOIN,
    STARTS,
    TITLE,
    add_members,
    calendar_of,
    make_hangout,
    part,
)
from hangouts.participation.actions import record_rsvp
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.actions.hangouts import cancel_hangout, reschedule_hangout
from hangouts.programme.models import Hangout, HangoutChange


@pytest.fixture
def hangout(network: Network) -> Hangout:
    return make_hangout(network)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sent() -> dict[str, EmailMessage]:
    """What the locmem mailer received, parsed as a mail client would, by recipient."""
    return {m.to[0]: m.message() for m in mail.outbox}


def text_of(message: EmailMessage) -> str:
    return part(message, "text/plain").get_content()


@pytest.mark.django_db
def test_send_invitations_reaches_members_with_email_and_consent_in_their_language(
    hangout: Hangout,
    member: Member,
    make_member: Callable[..., Member],
    organiser: User,
    run_on_commit: Callable[[], Any],
) -> None:
    english = make_member(name="Keo", email="keo@example.org", language="en")
    make_member(name="No consent", email="a@example.org", consent_to_contact=False)
    make_member(name="Opted out", email="b@example.org", email_opted_out_at=timezone.now())
    make_member(name="No email", email="")
    make_member(name="Left", email="c@example.org", is_active=False)

    with run_on_commit():
        mailing = mailings.send_invitations(hangout, by=organiser)

    received = sent()
    assert sorted(received) == ["keo@example.org", "souksavanh@example.org"]
    lao, eng = received["souksavanh@example.org"], received[english.email]
    assert TITLE in lao["Subject"]
    assert eng["Subject"].startswith("Invitation: ")
    assert "Dear Keo" in text_of(eng) and "SUN CSA Lao" in text_of(eng)
    assert "ພັນທະມິດ SUN ລາວ" in text_of(lao)  # the network's name, date and wording in Lao
    assert "Only your answer through the button counts" in text_of(eng)
    assert JOIN in text_of(eng)
    mailing.refresh_from_db()
    assert (mailing.total, mailing.sequence) == (2, 0)
    assert mailing.finished_at is not None
    assert OutboxMessage.objects.filter(status="sent").count() == 2


@pytest.mark.django_db
def test_send_invitations_carries_a_working_rsvp_link_and_unsubscribe_headers(
    hangout: Hangout,
    member: Member,
    organiser: User,
    client: Client,
    run_on_commit: Callable[[], Any],
) -> None:
    with run_on_commit():
        mailings.send_invitations(hangout, by=organiser)

    message = sent()[member.email]
    text = text_of(message)
    rsvp = next(w for w in text.split() if "/rsvp/" in w)
    page = client.get(rsvp.removeprefix("http://testserver"))
    html = part(message, "text/html").get_content()

    assert page.status_code == 200 and TITLE in page.content.decode()
    assert f'href="{rsvp}"' in html  # the big button
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    assert "<mailto:hangouts@example.org?subject=unsubscribe>" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["X-Hangouts-Key"] == f"invitation:{hangout.pk}:0:{member.pk}"


@pytest.mark.django_db
def test_send_invitations_has_the_ics_as_alternative_and_attachment(
    hangout: Hangout, member: Member, organiser: User, run_on_commit: Callable[[], Any]
) -> None:
    with run_on_commit():
        mailings.send_invitations(hangout, by=organiser)

    message = sent()[member.email]
    alternative = part(message, "text/calendar")
    attachment = part(message, "application/ics", attachment=True)
    event = calendar_of(message).events[0]

    assert alternative.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invite.ics"
    assert str(event["UID"]) == f"hangout-{hangout.pk}@testserver"
    assert str(event["ATTENDEE"]) == f"mailto:{member.email}"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["ORGANIZER"]) == "mailto:hangouts@example.org"
    assert event.start == STARTS


@pytest.mark.django_db
def test_send_invitations_again_adds_only_new_members_then_everyone_after_a_change(
    hangout: Hangout,
    member: Member,
    make_member: Callable[..., Member],
    organiser: User,
    run_on_commit: Callable[[], Any],
) -> None:
    with run_on_commit():
        first = mailings.send_invitations(hangout, by=organiser)
    make_member(name="New", email="new@example.org")
    with run_on_commit():
        again = mailings.send_invitations(hangout, by=organiser)
    assert again.pk == first.pk
    assert [m.to[0] for m in mail.outbox] == [member.email, "new@example.org"]

    reschedule_hangout(hangout, by=organiser, starts_at=STARTS + timedelta(days=7))
    with run_on_commit():
        after_change = mailings.send_invitations(hangout, by=organiser)

    assert after_change.pk != first.pk and after_change.sequence == 1
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_send_invitations_refuses_a_draft_or_a_hangout_that_is_over(
    network: Network, organiser: User
) -> None:
    draft = make_hangout(network, status=Hangout.Status.DRAFT)
    over = make_hangout(network, starts_at=timezone.now() - timedelta(hours=3))

    for hangout in (draft, over):
        with pytest.raises(mailings.MailingError):
            mailings.send_invitations(hangout, by=organiser)
    assert not Mailing.objects.exists()


@pytest.mark.django_db
def test_send_invitations_uses_the_networks_own_wording(
    hangout: Hangout, member: Member, organiser: User, run_on_commit: Callable[[], Any]
) -> None:
    MessageTemplate.objects.create(
        network=hangout.network,
        kind="invitation",
        language="lo",
        subject="ເຊີນ {title}",
        body="ສະບາຍດີ {name} {rsvp_link}",
    )
    with run_on_commit():
        mailings.send_invitations(hangout, by=organiser)

    message = sent()[member.email]
    assert message["Subject"] == f"ເຊີນ {TITLE}"
    assert text_of(message).startswith(f"ສະບາຍດີ {member.name} http://testserver/")


@pytest.mark.django_db
def test_prepare_mailing_runs_the_same_queries_for_5_and_25_members(
    hangout: Hangout, make_member: Callable[..., Member], organiser: User
) -> None:
    def queries_to_prepare() -> int:
        mailing = Mailing.objects.create(
            network=hangout.network, hangout=hangout, kind="invitation", sequence=0
        )
        with CaptureQueriesContext(connection) as queries:
            mailings.prepare_mailing(mailing)
        Mailing.objects.all().delete()  # its outbox rows go with it
        return len(queries)

    add_members(make_member, 5, language="lo")
    add_members(make_member, 1, language="en")
    small = queries_to_prepare()
    for i in range(20):
        make_member(name=f"Extra {i}", email=f"extra{i}@example.org", language="lo" if i else "en")

    assert queries_to_prepare() == small


@pytest.mark.django_db
def test_queue_reminders_go_to_members_going_first_timers_get_the_guide(
    hangout: Hangout,
    network: Network,
    make_member: Callable[..., Member],
    organiser: User,
    run_on_commit: Callable[[], Any],
) -> None:
    regular, newcomer, waiting, not_going = add_members(make_member, 4)
    held = make_hangout(network, starts_at=STARTS - timedelta(days=60), status="held")
    Attendance.objects.create(hangout=held, member=regular, minutes=50)
    for who, status in ((regular, "going"), (newcomer, "going"), (waiting, "waitlisted")):
        RSVP.objects.create(hangout=hangout, member=who, status=status)
    RSVP.objects.create(hangout=hangout, member=not_going, status="cancelled")

    with run_on_commit():
        day = mailings.queue_reminders(hangout, hours_before=24)
    with run_on_commit():
        again = mailings.queue_reminders(hangout, hours_before=24)
    with run_on_commit():
        hour = mailings.queue_reminders(hangout, hours_before=1)

    kinds = dict(OutboxMessage.objects.values_list("key", "kind"))
    assert (day, again, hour) == (2, 0, 2)
    assert kinds[f"reminder:{hangout.pk}:0:24:{regular.pk}"] == "reminder_day"
    assert kinds[f"reminder:{hangout.pk}:0:24:{newcomer.pk}"] == "first_time_guide"
    assert kinds[f"reminder:{hangout.pk}:0:1:{newcomer.pk}"] == "reminder_hour"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regular.email, newcomer.email] * 2)


@pytest.mark.django_db
def test_notify_change_reaches_the_invited_and_those_who_answered_with_a_newer_ics(
    hangout: Hangout,
    make_member: Callable[..., Member],
    organiser: User,
    run_on_commit: Callable[[], Any],
) -> None:
    invited = make_member(name="Invited", email="invited@example.org")
    with run_on_commit():
        mailings.send_invitations(hangout, by=organiser)
    answered = make_member(name="Answered", email="answered@example.org")
    make_member(name="Joined later", email="later@example.org")
    RSVP.objects.create(hangout=hangout, member=answered, status="waitlisted")
    mail.outbox.clear()

    reschedule_hangout(hangout, by=organiser, starts_at=STARTS + timedelta(days=7), note="Rain")
    change = HangoutChange.objects.filter(hangout=hangout, kind="rescheduled").get()
    with run_on_commit():
        count = mailings.notify_change(hangout, change=change)

    received = sent()
    event = calendar_of(received[invited.email]).events[0]
    assert count == 2 and sorted(received) == sorted([invited.email, answered.email])
    assert event.sequence == 1 and str(event["UID"]) == f"hangout-{hangout.pk}@testserver"
    assert event.start == STARTS + timedelta(days=7)
    assert "Rain" in text_of(received[invited.email])


@pytest.mark.django_db
def test_notify_cancellation_sends_a_cancel_ics_with_a_higher_sequence(
    hangout: Hangout, member: Member, organiser: User, run_on_commit: Callable[[], Any]
) -> None:
    RSVP.objects.create(hangout=hangout, member=member, status="going")

    cancel_hangout(hangout, by=organiser, note="The presenter is ill")
    change = HangoutChange.objects.get(hangout=hangout, kind="cancelled")
    with run_on_commit():
        mailings.notify_cancellation(hangout, change=change)

    message = sent()[member.email]
    cal = calendar_of(message)
    assert part(message, "text/calendar").get_param("method") == "CANCEL"
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(cal.events[0]["STATUS"]) == "CANCELLED" and cal.events[0].sequence == 1
    assert JOIN not in text_of(message)
    assert "/rsvp/" not in part(message, "text/html").get_content()


@pytest.mark.django_db
def test_record_rsvp_emails_the_member_promoted_from_the_waiting_list(
    network: Network,
    make_member: Callable[..., Member],
    run_on_commit: Callable[[], Any],
) -> None:
    hangout = make_hangout(network, starts_at=timezone.now() + timedelta(days=3), capacity=1)
    first, second = add_members(make_member, 2)
    record_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=first)
    record_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=second)

    with run_on_commit():
        record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=first)

    assert [m.to[0] for m in mail.outbox] == [second.email]
    assert OutboxMessage.objects.get().kind == "promotion"


@pytest.mark.django_db
def test_opt_out_of_email_drops_queued_emails_and_keeps_the_first_date(
    hangout: Hangout, member: Member, organiser: User
) -> None:
    mailings.send_invitations(hangout, by=organiser)  # no commit: the task never runs
    mailing = Mailing.objects.get()
    mailings.prepare_mailing(mailing)

    assert mailings.opt_out_of_email(member) is True
    first = Member.objects.get(pk=member.pk).email_opted_out_at
    assert mailings.opt_out_of_email(member) is False

    assert Member.objects.get(pk=member.pk).email_opted_out_at == first
    assert OutboxMessage.objects.get().status == "dropped"
    assert mailings.audience(hangout.network)["opted_out"] == 1


@pytest.mark.django_db
def test_queue_reminders_use_whatsapp_for_members_who_opted_in(
    hangout: Hangout,
    make_member: Callable[..., Member],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = "token", "123"
    by_email, on_whatsapp = add_members(make_member, 2)
    Member.objects.filter(pk=on_whatsapp.pk).update(
        whatsapp_opted_in_at=timezone.now(), phone="+8562055551234"
    )
    for who in (by_email, on_whatsapp):
        RSVP.objects.create(hangout=hangout, member=who, status="going")

    with django_capture_on_commit_callbacks(execute=False):
        queued = mailings.queue_reminders(hangout, hours_before=24)

    rows = {row.member_id: row for row in OutboxMessage.objects.all()}
    assert queued == 2
    assert rows[by_email.pk].channel == "email"
    whatsapp = rows[on_whatsapp.pk]
    assert (whatsapp.channel, whatsapp.to) == ("whatsapp", "+8562055551234")
    assert whatsapp.headers["template"] == "hangout_reminder"
    assert TITLE in whatsapp.headers["params"]
