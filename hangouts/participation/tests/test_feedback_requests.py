"""The feedback request email: who gets it, once, in their language, with their personal link."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from hangouts.accounts.actions import resolve_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.outreach import messages
from hangouts.outreach.announcements import dispatch_due_announcements
from hangouts.outreach.models import Announcement, OutboxMessage
from hangouts.outreach.values import hangout_values
from hangouts.participation.attendance_import import apply_attendance_import, store_report
from hangouts.participation.feedback_requests import queue_feedback_requests
from hangouts.participation.models import RSVP, Attendance, Feedback
from hangouts.participation.tests.fakes import fake_reader, report
from hangouts.programme.actions.hangouts import schedule_hangout
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Topic

__all__ = ["fake_reader"]
pytestmark = pytest.mark.usefixtures("fake_reader")


def requests() -> list[tuple[str, str, str]]:
    rows = OutboxMessage.objects.filter(kind="feedback_request").order_by("member__name")
    return [
        (row.member.name if row.member else "", row.language, row.key.split(":")[0]) for row in rows
    ]


@pytest.fixture
def hangout(network, member, organiser) -> Hangout:
    """Scheduled through the real action, so its ENDED announcement is planned."""
    topic = Topic.objects.create(network=network, title="ນ້ຳສະອາດ", status=Topic.Status.SHORTLISTED)
    return schedule_hangout(
        topic,
        by=organiser,
        starts_at=timezone.now() + timedelta(days=10),
        minutes=60,
        title="ນ້ຳສະອາດ",
        description="",
        series=None,
        language="lo",
        interpretation="",
        capacity=None,
        agenda=DEFAULT_AGENDA,
        presenters=[],
        meeting_url="https://zoom.us/j/81234567890",
    )


@pytest.fixture
def people(make_member, member, hangout):
    """Going (Lao), attended (English), and three who must not get it."""
    came = make_member(name="B came", email="b@example.org", language="en")
    no_consent = make_member(name="C no consent", email="c@example.org", consent_to_contact=False)
    answered = make_member(name="D answered", email="d@example.org")
    opted_out = make_member(
        name="E opted out", email="e@example.org", email_opted_out_at=timezone.now()
    )
    for person in (member, no_consent, answered, opted_out):
        RSVP.objects.create(hangout=hangout, member=person, status=RSVP.Status.GOING)
    Attendance.objects.create(hangout=hangout, member=came)
    Feedback.objects.create(hangout=hangout, member=answered, rating=5, useful="yes", via="phone")
    return {"going": member, "came": came}


@pytest.mark.django_db
def test_the_kind_is_registered_with_a_personal_feedback_link():
    kind = messages.KINDS["feedback_request"]
    assert kind.channel == messages.Channel.EMAIL
    assert "feedback_link" in kind.placeholders


@pytest.mark.django_db
def test_ended_announcement_queues_one_request_per_member_even_when_dispatched_twice(
    hangout, people
):
    dispatch_due_announcements()  # the invitation
    with time_machine.travel(hangout.ends_at + timedelta(minutes=1), tick=False):
        assert dispatch_due_announcements() == 3  # two reminders, then the end
        # A retried dispatch (the claim rolled back) must not ask anyone twice.
        Announcement.objects.filter(kind=Announcement.Kind.ENDED).update(dispatched_at=None)
        assert dispatch_due_announcements() == 1

    assert requests() == [("B came", "en", "feedback"), (people["going"].name, "lo", "feedback")]
    english = OutboxMessage.objects.get(member=people["came"], kind="feedback_request")
    assert english.subject.startswith("How was the hangout?")
    token = english.text.split("/feedback/")[1].split("/")[0]
    link = resolve_personal_link(token, purpose=PersonalLink.Purpose.FEEDBACK)
    assert link is not None and (link.member, link.subject_id) == (people["came"], hangout.pk)


@pytest.mark.django_db
def test_nothing_is_queued_before_the_end_or_after_the_window(hangout, people):
    assert queue_feedback_requests(hangout) == 0
    assert queue_feedback_requests(hangout, now=hangout.ends_at + timedelta(days=7)) == 0
    assert not OutboxMessage.objects.filter(kind="feedback_request").exists()


@pytest.mark.django_db
def test_an_attendance_import_asks_attendees_not_asked_yet(hangout, people, make_member):
    late = make_member(name="Kham", email="kham@hpa.la")
    with time_machine.travel(hangout.ends_at + timedelta(minutes=1), tick=False):
        queue_feedback_requests(hangout)
    with time_machine.travel(hangout.ends_at + timedelta(days=1), tick=False):
        record = store_report(
            hangout, content=report("Kham;kham@hpa.la;40"), file_name="r.csv", by=None
        )
        apply_attendance_import(record, by=None)
        apply_attendance_import(record, by=None)  # again: nobody is asked twice

    names = [name for name, _language, _key in requests()]
    assert sorted(names) == sorted(["B came", people["going"].name, late.name])


@pytest.mark.django_db
def test_group_post_after_the_hangout_links_the_shared_feedback_form(hangout):
    values = hangout_values(hangout, language="lo")
    assert values["feedback_link"].endswith(f"/sun-csa-lao/hangouts/{hangout.pk}/feedback/")


@pytest.mark.django_db
def test_a_cancelled_hangout_asks_nobody(hangout, people):
    Hangout.objects.filter(pk=hangout.pk).update(status=Hangout.Status.CANCELLED)
    hangout.refresh_from_db()
    assert queue_feedback_requests(hangout, now=hangout.ends_at + timedelta(hours=1)) == 0
