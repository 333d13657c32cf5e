"""Reads for the hangout pages: the right hangouts, in order, scoped, with what the page needs."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hangouts.network.models import Member, Network
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Presenter
from hangouts.programme.queries import (
    hangout_for_page,
    member_rsvp,
    next_hangout,
    past_hangouts,
    upcoming_hangouts,
)


def make_hangout(network: Network, days: float, **fields: object) -> Hangout:
    """A one-hour hangout starting `days` from now (negative: in the past)."""
    starts_at = timezone.now() + timedelta(days=days)
    values: dict[str, object] = {
        "network": network,
        "title": f"Hangout in {days} days",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
        "status": Hangout.Status.SCHEDULED,
        "meeting_url": "https://meet.jit.si/Secret-room-abc",
        "agenda": DEFAULT_AGENDA,
        **fields,
    }
    return Hangout.objects.create(**values)


@pytest.mark.django_db
def test_next_hangout_is_the_soonest_scheduled_one_not_yet_ended(
    network: Network, other_network: Network, member: Member
) -> None:
    make_hangout(network, 30)
    soonest = make_hangout(network, 10)
    Presenter.objects.create(hangout=soonest, member=member)
    make_hangout(network, 2, status=Hangout.Status.DRAFT)
    make_hangout(network, 3, status=Hangout.Status.CANCELLED)
    make_hangout(network, -2)  # scheduled but over: not "next"
    make_hangout(other_network, 1)

    found = next_hangout(network)

    assert found == soonest
    with CaptureQueriesContext(connection) as queries:
        [presenter] = found.presenters.all() if found else []
        assert presenter.member.organisation is not None
        assert presenter.member.organisation.acronym == "CDA"
    assert len(queries) == 0


@pytest.mark.django_db
def test_next_hangout_includes_one_in_progress(network: Network) -> None:
    running = make_hangout(network, 0)

    with time_machine.travel(running.starts_at + timedelta(minutes=30)):
        assert next_hangout(network) == running


@pytest.mark.django_db
def test_next_hangout_is_none_when_nothing_is_scheduled(network: Network) -> None:
    make_hangout(network, 5, status=Hangout.Status.DRAFT)

    assert next_hangout(network) is None


@pytest.mark.django_db
def test_upcoming_hangouts_lists_scheduled_and_cancelled_ones_soonest_first(
    network: Network, other_network: Network
) -> None:
    later = make_hangout(network, 30)
    cancelled = make_hangout(network, 3, status=Hangout.Status.CANCELLED)
    make_hangout(network, 2, status=Hangout.Status.DRAFT)
    make_hangout(network, -30, status=Hangout.Status.HELD)
    make_hangout(other_network, 1)

    assert list(upcoming_hangouts(network)) == [cancelled, later]


@pytest.mark.django_db
def test_past_hangouts_are_held_ones_newest_first_with_attendance_counts(
    network: Network, other_network: Network, make_member: object, member: Member
) -> None:
    older = make_hangout(network, -60, status=Hangout.Status.HELD)
    newer = make_hangout(network, -30, status=Hangout.Status.HELD)
    make_hangout(network, -10, status=Hangout.Status.CANCELLED)
    make_hangout(network, 10)
    make_hangout(other_network, -5, status=Hangout.Status.HELD)
    Attendance.objects.create(hangout=newer, member=member)
    Attendance.objects.create(hangout=newer, guest_name="Guest from the chat")
    Presenter.objects.create(hangout=newer, member=member)

    found = list(past_hangouts(network))

    assert found == [newer, older]
    assert [h.attendance_count for h in found] == [2, 0]  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        assert [p.member.name for p in found[0].presenters.all()] == [member.name]
    assert len(queries) == 0


@pytest.mark.django_db
def test_hangout_for_page_hides_drafts_unless_asked(network: Network) -> None:
    draft = make_hangout(network, 5, status=Hangout.Status.DRAFT)
    scheduled = make_hangout(network, 6)

    assert hangout_for_page(network, draft.pk) is None
    assert hangout_for_page(network, draft.pk, include_drafts=True) == draft
    assert hangout_for_page(network, scheduled.pk) == scheduled


@pytest.mark.django_db
def test_hangout_for_page_is_scoped_to_the_network(
    network: Network, other_network: Network
) -> None:
    elsewhere = make_hangout(other_network, 5)

    assert hangout_for_page(network, elsewhere.pk, include_drafts=True) is None
    assert hangout_for_page(network, 999999) is None


@pytest.mark.django_db
def test_hangout_for_page_orders_presenters_before_facilitators_and_note_takers(
    network: Network, make_member: object
) -> None:
    hangout = make_hangout(network, 5)
    people = [
        Member.objects.create(network=network, name=name)
        for name in ("Note-taker", "Facilitator", "Presenter")
    ]
    Presenter.objects.create(hangout=hangout, member=people[0], role=Presenter.Role.NOTE_TAKER)
    Presenter.objects.create(hangout=hangout, member=people[1], role=Presenter.Role.FACILITATOR)
    Presenter.objects.create(hangout=hangout, member=people[2], role=Presenter.Role.PRESENTER)

    found = hangout_for_page(network, hangout.pk)

    assert found is not None
    assert [p.member.name for p in found.presenters.all()] == [
        "Presenter",
        "Facilitator",
        "Note-taker",
    ]


@pytest.mark.django_db
def test_member_rsvp_is_the_members_own_answer(network: Network, member: Member) -> None:
    hangout = make_hangout(network, 5)
    other = Member.objects.create(network=network, name="Other")
    RSVP.objects.create(hangout=hangout, member=other, status=RSVP.Status.GOING)

    assert member_rsvp(hangout, member) is None
    mine = RSVP.objects.create(hangout=hangout, member=member, status=RSVP.Status.WAITLISTED)
    assert member_rsvp(hangout, member) == mine
