"""200 members answer at the same moment for 100 places: never overbooked, lost or doubled.

Real threads, each with its own database connection, on SQLite (a file: the in-memory test
database cannot be shared between threads) and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, cast

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from hangouts.network.models import Member, Network
from hangouts.participation.actions import answer_rsvp, record_rsvp
from hangouts.participation.models import RSVP
from hangouts.programme.models import Hangout

CAPACITY = 100
MEMBERS = 200
CANCELLATIONS = 20
WORKERS = 32


def run_together[T](jobs: list[Callable[[], T]]) -> list[T]:
    """Run every job in a pool of threads, all released at once; re-raises any exception."""
    start = threading.Event()

    def run(job: Callable[[], T]) -> T:
        start.wait()
        try:
            return job()
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        start.set()
        return [future.result(timeout=120) for future in futures]


@pytest.fixture
def shared_database() -> None:
    sqlite = cast(Any, connection)  # is_in_memory_db() exists on the SQLite backend only
    if connection.vendor == "sqlite" and sqlite.is_in_memory_db():
        pytest.skip("SQLite in memory cannot be shared between threads: set SQLITE_TEST_PATH")


def counts(hangout: Hangout) -> dict[str, int]:
    return dict(RSVP.objects.filter(hangout=hangout).values_list("status").annotate(n=Count("pk")))


@pytest.mark.django_db(transaction=True)
def test_answer_rsvp_two_hundred_at_once_never_overbook_lose_or_duplicate(
    shared_database: None, network: Network
) -> None:
    starts = timezone.now() + timedelta(days=3)
    hangout = Hangout.objects.create(
        network=network,
        title="ການລະດົມທຶນ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=Hangout.Status.SCHEDULED,
        capacity=CAPACITY,
    )
    members = Member.objects.bulk_create(
        Member(network=network, name=f"Member {i:03}") for i in range(MEMBERS)
    )

    def going(member: Member) -> Callable[[], RSVP]:
        return lambda: answer_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=member)

    answers = run_together([going(member) for member in members])

    hangout.refresh_from_db()
    assert counts(hangout) == {RSVP.Status.GOING: 100, RSVP.Status.WAITLISTED: 100}
    assert RSVP.objects.filter(hangout=hangout).count() == MEMBERS
    assert {answer.member_id for answer in answers} == {member.pk for member in members}
    assert hangout.going_count == CAPACITY

    # 20 going members cancel at once: the first 20 of the waiting list take their seats.
    first_waiting = set(
        RSVP.objects.filter(hangout=hangout, status=RSVP.Status.WAITLISTED)
        .order_by("answered_at", "pk")
        .values_list("member_id", flat=True)[:CANCELLATIONS]
    )
    leaving = [a.member for a in answers if a.status == RSVP.Status.GOING][:CANCELLATIONS]

    def not_going(member: Member | None) -> Callable[[], list[RSVP]]:
        return lambda: (
            record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=member).promoted
        )

    promoted = [rsvp for batch in run_together([not_going(m) for m in leaving]) for rsvp in batch]

    hangout.refresh_from_db()
    assert len(promoted) == CANCELLATIONS
    assert {rsvp.member_id for rsvp in promoted} == first_waiting
    assert hangout.going_count == CAPACITY
    assert counts(hangout) == {
        RSVP.Status.GOING: 100,
        RSVP.Status.WAITLISTED: 80,
        RSVP.Status.CANCELLED: 20,
    }
