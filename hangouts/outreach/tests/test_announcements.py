"""Announcements follow the hangout: planned when scheduled, moved when it moves, dropped when
cancelled; the worker's job emails the organisers each due group text, exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.models import User
from hangouts.outreach import announcements
from hangouts.outreach.announcements import dispatch_due_announcements
from hangouts.outreach.models import Announcement, OutboxMessage
from hangouts.programme.actions.hangouts import (
    cancel_hangout,
    reschedule_hangout,
    schedule_hangout,
)
from hangouts.programme.actions.series import create_series
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Series, Topic

Kind = Announcement.Kind


@pytest.fixture
def topic(network, member):
    return Topic.objects.create(
        network=network, title="ອາຫານໃນໂຮງຮຽນ", status=Topic.Status.SHORTLISTED, proposed_by=member
    )


def schedule(topic, organiser, *, starts_in: timedelta, series=None) -> Hangout:
    return schedule_hangout(
        topic,
        by=organiser,
        starts_at=timezone.now() + starts_in,
        minutes=60,
        title="ອາຫານໃນໂຮງຮຽນ",
        description="",
        series=series,
        language="lo",
        interpretation="",
        capacity=None,
        agenda=DEFAULT_AGENDA,
        presenters=[],
        meeting_url="https://zoom.us/j/81234567890?pwd=abc",
    )


def planned(hangout: Hangout) -> list[tuple[str, int, int]]:
    rows = Announcement.objects.filter(hangout=hangout).order_by("due_at", "kind")
    return [(a.kind, a.hours_before, a.sequence) for a in rows]


@pytest.mark.django_db
def test_schedule_plans_invitation_reminders_and_end(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))

    rows = {a.kind + str(a.hours_before): a for a in Announcement.objects.filter(hangout=hangout)}
    assert set(rows) == {"invitation0", "reminder24", "reminder1", "ended0"}
    assert rows["invitation0"].due_at <= timezone.now()
    assert rows["reminder24"].due_at == hangout.starts_at - timedelta(hours=24)
    assert rows["reminder1"].due_at == hangout.starts_at - timedelta(hours=1)
    assert rows["ended0"].due_at == hangout.ends_at


@pytest.mark.django_db
def test_schedule_uses_the_series_reminder_hours(topic, organiser, network):
    series = create_series(network, name="ວັນສຸກ", reminder_hours=[72, 2])

    hangout = schedule(topic, organiser, starts_in=timedelta(days=10), series=series)

    assert sorted(h for k, h, _s in planned(hangout) if k == Kind.REMINDER) == [2, 72]


@pytest.mark.django_db
def test_schedule_30_minutes_ahead_plans_no_reminder_already_past(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(minutes=30))

    assert [k for k, _h, _s in planned(hangout)] == [Kind.INVITATION, Kind.ENDED]


@pytest.mark.django_db
def test_reschedule_moves_pending_reminders_keeps_dispatched_and_adds_a_change(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    Announcement.objects.filter(hangout=hangout, kind=Kind.INVITATION).update(
        dispatched_at=timezone.now()
    )
    day_before = Announcement.objects.get(hangout=hangout, hours_before=24)
    day_before.dispatched_at = timezone.now()
    day_before.save()
    new_start = hangout.starts_at + timedelta(days=7)

    reschedule_hangout(hangout, by=organiser, starts_at=new_start, note="ຍ້າຍ")

    hour = Announcement.objects.get(hangout=hangout, hours_before=1, dispatched_at__isnull=True)
    again = Announcement.objects.get(hangout=hangout, hours_before=24, sequence=1)
    changed = Announcement.objects.get(hangout=hangout, kind=Kind.CHANGED)
    assert hour.due_at == new_start - timedelta(hours=1)
    assert again.due_at == new_start - timedelta(hours=24) and again.dispatched_at is None
    assert Announcement.objects.get(pk=day_before.pk).due_at == day_before.due_at  # as it was
    assert changed.sequence == 1 and changed.due_at <= timezone.now()
    assert Announcement.objects.get(hangout=hangout, kind=Kind.ENDED).due_at == hangout.ends_at


@pytest.mark.django_db
def test_reschedule_to_start_soon_drops_the_reminders_now_past(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))

    reschedule_hangout(hangout, by=organiser, starts_at=timezone.now() + timedelta(minutes=30))

    kinds = [k for k, _h, _s in planned(hangout)]
    assert Kind.REMINDER not in kinds and Kind.CHANGED in kinds and Kind.ENDED in kinds


@pytest.mark.django_db
def test_cancel_drops_everything_pending_and_adds_a_cancellation(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    Announcement.objects.filter(hangout=hangout, kind=Kind.INVITATION).update(
        dispatched_at=timezone.now()
    )

    cancel_hangout(hangout, by=organiser, note="ຜູ້ນຳສະເໜີບໍ່ສະບາຍ")

    assert planned(hangout) == [(Kind.INVITATION, 0, 0), (Kind.CANCELLED, 0, 1)]


@pytest.mark.django_db
def test_a_failed_schedule_leaves_no_announcement(topic, organiser, monkeypatch):
    from hangouts.programme import meetings

    def fail(*args, **kwargs):
        raise meetings.MeetingError("Zoom is down")

    monkeypatch.setattr(meetings, "attach_meeting", fail)
    with pytest.raises(meetings.MeetingError):
        schedule(topic, organiser, starts_in=timedelta(days=10))

    assert not Announcement.objects.exists()


# Dispatching ---------------------------------------------------------------------------------


@pytest.fixture
def second_organiser(network):
    user = User.objects.create_user("keo@example.org", name="Keo", language="en")
    network.organisers.add(user)
    return user


@pytest.mark.django_db
def test_dispatch_emails_each_organiser_the_group_text_with_its_share_link(
    topic, organiser, second_organiser, outsider
):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    invitation = Announcement.objects.get(hangout=hangout, kind=Kind.INVITATION)

    assert dispatch_due_announcements() == 1

    rows = {row.to: row for row in OutboxMessage.objects.all()}
    assert set(rows) == {"organiser@example.org", "keo@example.org"}  # not the outsider
    lao, english = rows["organiser@example.org"], rows["keo@example.org"]
    assert lao.key == f"organiser:{invitation.pk}:{organiser.pk}"
    assert (lao.language, english.language) == ("lo", "en")
    assert "https://zoom.us/j/81234567890?pwd=abc" in lao.text  # the group text itself
    assert "https://wa.me/?text=" in lao.text and "https://wa.me/?text=" in english.text
    assert f"/hangouts/{hangout.pk}/outreach/" in english.text
    assert "ອາຫານໃນໂຮງຮຽນ" in english.subject
    assert Announcement.objects.get(pk=invitation.pk).dispatched_at is not None
    assert dispatch_due_announcements() == 0  # nothing twice
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db
def test_dispatch_sends_nothing_before_its_time(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    dispatch_due_announcements()  # the invitation
    OutboxMessage.objects.all().delete()

    with time_machine.travel(hangout.starts_at - timedelta(hours=25), tick=False):
        assert dispatch_due_announcements() == 0
    with time_machine.travel(hangout.starts_at - timedelta(hours=23), tick=False):
        assert dispatch_due_announcements() == 1

    assert OutboxMessage.objects.get().key.startswith(
        f"organiser:{Announcement.objects.get(hangout=hangout, hours_before=24).pk}:"
    )


@pytest.mark.django_db
def test_dispatch_skips_the_email_of_an_item_already_ticked_as_posted(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    Announcement.objects.filter(hangout=hangout).update(posted_at=timezone.now())

    assert dispatch_due_announcements() == 1
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_dispatch_of_a_change_tells_the_old_date_and_the_note(topic, organiser):
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    dispatch_due_announcements()
    reschedule_hangout(
        hangout, by=organiser, starts_at=hangout.starts_at + timedelta(days=7), note="ຫ້ອງບໍ່ຫວ່າງ"
    )

    assert dispatch_due_announcements() == 1

    changed = Announcement.objects.get(hangout=hangout, kind=Kind.CHANGED)
    text = OutboxMessage.objects.get(key=f"organiser:{changed.pk}:{organiser.pk}").text
    assert "ຫ້ອງບໍ່ຫວ່າງ" in text


@pytest.mark.django_db
def test_dispatch_emails_the_members_reminders_and_the_cancellation(topic, organiser, make_member):
    from hangouts.participation.models import RSVP

    going = make_member(name="ນ້ອຍ", email="noy@example.org", consent_to_contact=True)
    hangout = schedule(topic, organiser, starts_in=timedelta(days=10))
    RSVP.objects.create(hangout=hangout, member=going, status=RSVP.Status.GOING)
    dispatch_due_announcements()

    with time_machine.travel(hangout.starts_at - timedelta(minutes=59), tick=False):
        dispatch_due_announcements()
    cancel_hangout(hangout, by=organiser, note="ຍົກເລີກ")
    dispatch_due_announcements()

    to_member = OutboxMessage.objects.filter(member=going).order_by("pk")
    assert [row.kind for row in to_member] == ["first_time_guide", "reminder_hour", "cancellation"]
    assert "ຍົກເລີກ" in to_member.last().text
    assert all(row.to == "noy@example.org" for row in to_member)


@pytest.mark.django_db
def test_dispatch_rolls_back_an_announcement_that_fails_and_retries_it(
    topic, organiser, monkeypatch
):
    schedule(topic, organiser, starts_in=timedelta(days=10))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(announcements, "queue_and_send_soon", broken)
    assert dispatch_due_announcements() == 0
    assert Announcement.objects.get(kind=Kind.INVITATION).dispatched_at is None
    monkeypatch.undo()
    assert dispatch_due_announcements() == 1


@pytest.mark.django_db
def test_dispatch_runs_a_fixed_number_of_queries_per_announcement(
    topic, organiser, second_organiser, network
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            dispatch_due_announcements()
        return len(queries)

    schedule(topic, organiser, starts_in=timedelta(days=10))
    one = count()
    for i in range(5):
        network.organisers.add(User.objects.create_user(f"o{i}@example.org"))
    schedule(topic, organiser, starts_in=timedelta(days=20))
    assert count() == one == 10


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_dispatch_the_same_announcement(network, member, organiser):
    """Both threads run the job at once: each due announcement is claimed by one of them."""
    if connection.vendor == "sqlite":
        pytest.skip("The tests' in-memory SQLite is not shared between threads: PostgreSQL only.")
    topic = Topic.objects.create(network=network, title="x", proposed_by=member)
    schedule(topic, organiser, starts_in=timedelta(days=10))
    results: list[int] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        try:
            results.append(dispatch_due_announcements())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    assert OutboxMessage.objects.count() == 1


# The series form: organisers choose the reminders -------------------------------------------


def series_data(**fields: str) -> dict[str, str]:
    return {
        "name": "ວັນສຸກ",
        "week": "-1",
        "weekday": "4",
        "start_time": "14:00",
        "duration_minutes": "60",
        "language": "lo",
        "provider": "url",
        "jitsi_base_url": "https://meet.jit.si",
        **fields,
    }


@pytest.mark.django_db
def test_series_form_saves_reminder_hours(organiser_client, network):
    url = reverse("programme:series_create", kwargs={"network": network.slug})
    response = organiser_client.post(url, series_data(reminder_hours="1, 48 ,24"))

    assert response.status_code == 302
    series = Series.objects.get(network=network)
    assert series.reminder_hours == [48, 24, 1]
    edit = reverse("programme:series_edit", kwargs={"network": network.slug, "pk": series.pk})
    assert 'value="48, 24, 1"' in organiser_client.get(edit).text


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["0", "337", "a day", "72, 24, 2, 1"])
def test_series_form_refuses_bad_reminder_hours(organiser_client, network, hours):
    url = reverse("programme:series_create", kwargs={"network": network.slug})
    response = organiser_client.post(url, series_data(reminder_hours=hours))

    assert response.status_code == 200 and 'class="errorlist' in response.text
    assert not Series.objects.exists()


@pytest.mark.django_db
def test_series_form_left_empty_keeps_the_default_reminders(organiser_client, network):
    url = reverse("programme:series_create", kwargs={"network": network.slug})
    organiser_client.post(url, series_data(reminder_hours=""))

    assert Series.objects.get(network=network).reminder_hours == [24, 1]
