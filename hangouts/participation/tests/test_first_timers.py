"""First-timers: a member's first attended hangout, computed when read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hangouts.network.models import Member
from hangouts.participation.actions import answer_rsvp, record_attendance
from hangouts.participation.models import RSVP, Attendance
from hangouts.participation.queries import first_timers, first_timers_going
from hangouts.participation.tests.test_attendance import make_hangout
from hangouts.programme.models import Hangout


@pytest.fixture
def two(make_member: Callable[..., Member]) -> tuple[Member, Member]:
    return make_member(name="ນ້ອຍ", name_latin=""), make_member(name="ຄຳ", name_latin="")


@pytest.mark.django_db
def test_first_timers_are_members_with_no_earlier_attendance(network, organiser, two):
    noy, kham = two
    march, april = make_hangout(network, days_ago=40), make_hangout(network, days_ago=10)
    record_attendance(march, by=organiser, member=noy, minutes=60)
    record_attendance(april, by=organiser, member=noy, minutes=60)
    record_attendance(april, by=organiser, member=kham, minutes=60)
    record_attendance(april, by=organiser, guest_name="Visitor", minutes=60)

    assert list(first_timers(march)) == [noy]
    assert list(first_timers(april)) == [kham]
    flags = {
        (row.member_id, row.guest_name): row.is_first
        for row in Attendance.objects.filter(hangout=april).with_is_first()
    }
    assert flags == {(noy.pk, ""): False, (kham.pk, ""): True, (None, "Visitor"): False}


@pytest.mark.django_db
def test_first_timers_follow_an_older_hangout_imported_later(network, organiser, two):
    noy, _kham = two
    april = make_hangout(network, days_ago=10)
    record_attendance(april, by=organiser, member=noy, minutes=60)
    assert list(first_timers(april)) == [noy]

    march = make_hangout(network, days_ago=40)  # its report arrives late
    entry = record_attendance(march, by=organiser, member=noy, minutes=60)

    assert list(first_timers(april)) == []
    assert list(first_timers(march)) == [noy]
    entry.delete()  # removed again: April is her first once more
    assert list(first_timers(april)) == [noy]


@pytest.mark.django_db
def test_first_timers_going_are_for_the_first_time_guide(network, organiser, two):
    noy, kham = two
    march = make_hangout(network, days_ago=40)
    record_attendance(march, by=organiser, member=noy, minutes=60)
    upcoming = make_hangout(network, days_ago=-5, status=Hangout.Status.SCHEDULED)
    answer_rsvp(upcoming, going=True, via=RSVP.Via.ORGANISER, member=noy)
    answer_rsvp(upcoming, going=True, via=RSVP.Via.ORGANISER, member=kham)

    assert list(first_timers_going(upcoming)) == [kham]


@pytest.mark.django_db
def test_first_timers_cost_one_query(network, organiser, make_member):
    hangout = make_hangout(network)
    for i in range(20):
        record_attendance(hangout, by=organiser, member=make_member(name=f"M{i}"), minutes=5)

    with CaptureQueriesContext(connection) as queries:
        assert len(list(first_timers(hangout))) == 20

    assert len(queries) == 1
