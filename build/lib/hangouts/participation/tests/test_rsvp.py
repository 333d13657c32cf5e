"""The RSVP action: seats, the waiting list, promotion, and when answers are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import override

from hangouts.network.models import Member, Network
from hangouts.participation.actions import (
    RsvpClosed,
    answer_rsvp,
    promote_waitlisted,
    record_rsvp,
    waitlist_place,
)
from hangouts.participation.models import RSVP
from hangouts.programme.models import Hangout

GOING, WAITLISTED, CANCELLED = RSVP.Status.GOING, RSVP.Status.WAITLISTED, RSVP.Status.CANCELLED


def make_hangout(network: Network, **fields: object) -> Hangout:
    starts = timezone.now() + timedelta(days=7)
    values: dict[str, object] = {
        "network": network,
        "title": "ໂພຊະນາການ",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "status": Hangout.Status.SCHEDULED,
        "capacity": 2,
        **fields,
    }
    return Hangout.objects.create(**values)


@pytest.fixture
def hangout(network: Network) -> Hangout:
    return make_hangout(network)


@pytest.fixture
def people(make_member: Callable[..., Member]) -> list[Member]:
    return [make_member(name=f"Member {i}", phone=f"+85620555000{i}") for i in range(5)]


def say(hangout: Hangout, member: Member, going: bool = True) -> RSVP:
    return answer_rsvp(hangout, going=going, via=RSVP.Via.SIGNED_IN, member=member)


def statuses(hangout: Hangout) -> dict[str, str]:
    return {
        r.member.name if r.member else "": r.status for r in hangout.rsvps.select_related("member")
    }


def seats(hangout: Hangout) -> int:
    hangout.refresh_from_db()
    return hangout.going_count


@pytest.mark.django_db
def test_answer_rsvp_fills_the_capacity_then_the_waiting_list_in_order(hangout, people):
    answers = [say(hangout, person) for person in people[:4]]

    assert [a.status for a in answers] == [GOING, GOING, WAITLISTED, WAITLISTED]
    assert [waitlist_place(a) for a in answers] == [None, None, 1, 2]
    assert seats(hangout) == 2


@pytest.mark.django_db
def test_answer_rsvp_without_capacity_takes_everyone(network, people):
    open_hangout = make_hangout(network, capacity=None)

    answers = [say(open_hangout, person) for person in people]

    assert {a.status for a in answers} == {GOING}
    assert seats(open_hangout) == 5


@pytest.mark.django_db
def test_answer_rsvp_going_twice_changes_nothing(hangout, people):
    first = say(hangout, people[0])
    again = say(hangout, people[0])
    say(hangout, people[1])
    say(hangout, people[2])
    waiting_again = say(hangout, people[2])

    assert again.pk == first.pk and again.answered_at == first.answered_at
    assert waiting_again.status == WAITLISTED and waitlist_place(waiting_again) == 1
    assert seats(hangout) == 2
    assert RSVP.objects.filter(hangout=hangout).count() == 3


@pytest.mark.django_db
def test_answer_rsvp_not_going_frees_the_seat_for_the_first_waiting(hangout, people):
    for person in people[:4]:
        say(hangout, person)

    outcome = record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=people[0])

    assert outcome.rsvp.status == CANCELLED
    assert [p.member for p in outcome.promoted] == [people[2]]
    assert statuses(hangout) == {
        "Member 0": CANCELLED,
        "Member 1": GOING,
        "Member 2": GOING,
        "Member 3": WAITLISTED,
    }
    assert seats(hangout) == 2
    assert waitlist_place(RSVP.objects.get(member=people[3])) == 1


@pytest.mark.django_db
def test_answer_rsvp_promotes_by_answer_time_then_by_id(hangout, people):
    say(hangout, people[0])
    say(hangout, people[1])
    late = say(hangout, people[2])
    early = say(hangout, people[3])
    tie = say(hangout, people[4])
    # Answer times decide, and a tie goes to the lower id.
    now = timezone.now()
    RSVP.objects.filter(pk=late.pk).update(answered_at=now)
    RSVP.objects.filter(pk__in=[early.pk, tie.pk]).update(answered_at=now - timedelta(minutes=5))

    first = record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=people[0])
    second = record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=people[1])

    assert [p.member for p in first.promoted + second.promoted] == [people[3], people[4]]
    assert statuses(hangout)["Member 2"] == WAITLISTED


@pytest.mark.django_db
def test_answer_rsvp_waiting_member_who_cancels_leaves_the_seats_alone(hangout, people):
    for person in people[:4]:
        say(hangout, person)

    outcome = record_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=people[2])

    assert outcome.promoted == []
    assert seats(hangout) == 2
    assert waitlist_place(RSVP.objects.get(member=people[3])) == 1


@pytest.mark.django_db
def test_answer_rsvp_not_going_first_then_going(hangout, people):
    no = say(hangout, people[0], going=False)
    no_again = say(hangout, people[0], going=False)
    yes = say(hangout, people[0])

    assert (no.status, no_again.status, yes.status) == (CANCELLED, CANCELLED, GOING)
    assert no.pk == yes.pk
    assert seats(hangout) == 1


@pytest.mark.django_db
def test_answer_rsvp_cancelled_member_coming_back_goes_to_the_end_of_the_list(hangout, people):
    for person in people[:3]:
        say(hangout, person)
    say(hangout, people[2], going=False)
    say(hangout, people[3])

    back = say(hangout, people[2])

    assert back.status == WAITLISTED and waitlist_place(back) == 2


@pytest.mark.django_db
def test_answer_rsvp_records_a_guest_by_phone_once(hangout):
    first = answer_rsvp(
        hangout, going=True, via=RSVP.Via.PHONE, guest_name="Guest", guest_phone="+8562055519999"
    )
    renamed = answer_rsvp(
        hangout,
        going=False,
        via=RSVP.Via.PHONE,
        guest_name="Mr Guest",
        guest_phone="+8562055519999",
    )

    assert first.pk == renamed.pk and first.member is None
    assert (renamed.status, renamed.guest_name) == (CANCELLED, "Mr Guest")
    assert seats(hangout) == 0


@pytest.mark.django_db
def test_answer_rsvp_refuses_bad_callers(hangout, network, other_network):
    stranger = Member.objects.create(network=other_network, name="Stranger")

    with pytest.raises(ValueError, match="another network"):
        say(hangout, stranger)
    with pytest.raises(ValueError, match="phone"):
        answer_rsvp(hangout, going=True, via=RSVP.Via.PHONE, guest_name="No phone")
    assert not RSVP.objects.exists()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": Hangout.Status.DRAFT}, "does not take answers yet"),
        ({"status": Hangout.Status.CANCELLED}, "cancelled"),
        ({"status": Hangout.Status.HELD}, "over"),
        (
            {
                "starts_at": timezone.now() - timedelta(hours=2),
                "ends_at": timezone.now() - timedelta(hours=1),
            },
            "over",
        ),
    ],
)
@pytest.mark.django_db
def test_answer_rsvp_closed_hangout_raises_a_translated_reason(network, member, fields, reason):
    closed = make_hangout(network, **fields)

    with override("en"), pytest.raises(RsvpClosed) as raised:
        say(closed, member)

    with override("en"):
        assert reason in str(raised.value.message)
    assert not RSVP.objects.exists() and seats(closed) == 0


@pytest.mark.django_db
def test_promote_waitlisted_fills_seats_added_later(hangout, people):
    for person in people:
        say(hangout, person)
    Hangout.objects.filter(pk=hangout.pk).update(capacity=4)

    promoted = promote_waitlisted(hangout)

    assert [p.member for p in promoted] == people[2:4]
    assert seats(hangout) == 4
    counts = dict(hangout.rsvps.values_list("status").annotate(n=Count("pk")))
    assert counts == {GOING: 4, WAITLISTED: 1}
