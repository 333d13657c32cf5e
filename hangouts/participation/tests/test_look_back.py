"""The look back on a held hangout, on a small data set whose figures are worked out by hand.

History: H1 (31 Oct 2025) had 10 people (member A and 9 guests), H2 (28 Nov) had 6 guests, so
the expected attendance of T (no themes: the latest held) is the median of 10 and 6 = 8.
T (Tuesday 2 Dec 2025, Lao National Day, 14:00 in Vientiane), put on the calendar 3 days
before, its topic with one vote, and another hangout of the network that morning:
- attended 4: members A (CDA, Luang Prabang), B (HPA, Vientiane Capital), C (HPA, her own
  province Savannakhet) and one guest;
- going 3 (A, B, D): 2 of them came;
- first-timers B and C (A came to H1);
- organisations CDA, HPA; provinces Luang Prabang, Savannakhet, Vientiane Capital;
- 4 < 70 % of 8 = 5.6: low, because of narrow interest (1 vote), short notice (3 days),
  the holiday and the clash.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from hangouts.network.models import Network, Organisation, Province
from hangouts.outreach.models import Announcement
from hangouts.participation.feedback import record_feedback
from hangouts.participation.look_back import is_low, look_back, notice_days
from hangouts.participation.models import RSVP, Attendance, Feedback
from hangouts.participation.tests.test_attendance import in_english
from hangouts.programme.models import Hangout, HangoutChange, Topic, Vote

T_STARTS = datetime(2025, 12, 2, 7, tzinfo=UTC)


def held(network: Network, title: str, starts: datetime, **fields: object) -> Hangout:
    values: dict[str, object] = {"status": Hangout.Status.HELD, **fields}
    return Hangout.objects.create(
        network=network,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        **values,
    )


def guests(hangout: Hangout, count: int, prefix: str = "g") -> None:
    Attendance.objects.bulk_create(
        Attendance(hangout=hangout, guest_name=f"{prefix}{i}") for i in range(count)
    )


@pytest.fixture
def data(network, organisation, make_member):
    hpa = Organisation.objects.create(
        network=network, name="HPA", acronym="HPA", province=Province.objects.get(code="LA-VT")
    )
    a = make_member(name="A")
    b = make_member(name="B", organisation=hpa, province=None)
    c = make_member(name="C", organisation=hpa, province=Province.objects.get(code="LA-SV"))
    d = make_member(name="D")
    h1 = held(network, "H1", datetime(2025, 10, 31, 7, tzinfo=UTC))
    Attendance.objects.create(hangout=h1, member=a)
    guests(h1, 9)
    guests(held(network, "H2", datetime(2025, 11, 28, 7, tzinfo=UTC)), 6)
    held(network, "Morning", T_STARTS - timedelta(hours=5))  # the same day, no attendance
    topic = Topic.objects.create(network=network, title="Niche", status=Topic.Status.HELD)
    Vote.objects.create(topic=topic, member=a)
    t = held(network, "T", T_STARTS, topic=topic, created_at=T_STARTS - timedelta(days=3))
    Attendance.objects.bulk_create(
        [Attendance(hangout=t, member=m) for m in (a, b, c)]
        + [Attendance(hangout=t, guest_name="Visitor")]
    )
    RSVP.objects.bulk_create(RSVP(hangout=t, member=m, status=RSVP.Status.GOING) for m in (a, b, d))
    return {"t": t, "a": a, "b": b, "c": c, "d": d}


@pytest.mark.django_db
def test_look_back_figures_on_a_small_data_set(data):
    with translation.override("en"):
        look = look_back(data["t"])

    assert (look.attended, look.members_attended, look.guests_attended) == (4, 3, 1)
    assert (look.going, look.going_attended) == (3, 2)
    assert look.expected == 8
    assert [m.name for m in look.first_timers] == ["B", "C"]
    assert look.organisations == ["Community Development Association", "HPA"]
    assert look.provinces == ["Luang Prabang", "Savannakhet", "Vientiane Capital"]
    assert look.notice_days == 3
    assert look.low


@pytest.mark.django_db
def test_look_back_names_the_causes_of_a_low_hangout(data):
    with translation.override("en"):
        causes = look_back(data["t"]).causes

    assert causes == [
        "Narrow interest: few votes for the topic, or from few places "
        "(votes: 1, organisations: 1, provinces: 1).",
        "Short notice: it was announced 3 days before it started (a week or more is better).",
        "A public holiday: Lao National Day.",
        "A clash: “Morning” took place the same day.",
    ]


@pytest.mark.django_db
def test_look_back_names_no_cause_when_attendance_was_not_low(data, make_member):
    t = data["t"]
    guests(t, 2, prefix="more")  # 6 of 8 expected: not below 5.6
    look = look_back(t)
    assert (look.attended, look.low, look.causes) == (6, False, [])


@pytest.mark.parametrize(
    ("attended", "expected", "going", "low"),
    [
        (5, 8, 0, True),  # 5 < 5.6
        (6, 8, 0, False),
        (4, None, 10, True),  # no history: below half of the 10 going
        (5, None, 10, False),
        (3, None, 0, False),  # nothing to compare with
        (0, 8, 10, False),  # not recorded yet: not judged
    ],
)
def test_is_low(attended, expected, going, low):
    assert is_low(attended, expected=expected, going=going) is low


@pytest.mark.django_db
def test_notice_counts_from_the_invitation_and_from_a_later_reschedule(data):
    t = data["t"]
    Announcement.objects.create(
        hangout=t,
        kind=Announcement.Kind.INVITATION,
        due_at=T_STARTS - timedelta(days=20),
        dispatched_at=T_STARTS - timedelta(days=20),
    )
    assert notice_days(t) == 20
    HangoutChange.objects.create(
        hangout=t, kind=HangoutChange.Kind.RESCHEDULED, at=T_STARTS - timedelta(days=2)
    )
    assert notice_days(t) == 2


@pytest.mark.django_db
def test_look_back_page_for_organisers_only(
    client, organiser_client, outsider_client, member_client, data, network
):
    url = reverse("participation:look_back", kwargs={"network": network.slug, "pk": data["t"].pk})
    page = in_english(organiser_client).get(url).content.decode()
    assert "Attendance was low." in page and "Lao National Day" in page
    assert member_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403
    assert client.get(url).status_code == 403
    elsewhere = reverse("participation:look_back", kwargs={"network": "sun-csa-kh", "pk": 1})
    assert outsider_client.get(elsewhere).status_code == 404


@pytest.mark.django_db
def test_look_back_of_a_hangout_not_over_is_not_found(organiser_client, network):
    soon = datetime.now(UTC) + timedelta(days=3)
    upcoming = held(network, "Soon", soon, status=Hangout.Status.SCHEDULED)
    url = reverse("participation:look_back", kwargs={"network": network.slug, "pk": upcoming.pk})
    assert organiser_client.get(url).status_code == 404


@pytest.mark.django_db
def test_look_back_page_runs_the_same_queries_at_two_sizes(
    organiser_client, data, network, make_member, django_assert_num_queries, time_machine
):
    url = reverse("participation:look_back", kwargs={"network": network.slug, "pk": data["t"].pk})
    time_machine.move_to(T_STARTS + timedelta(days=1))
    record_feedback(data["t"], via=Feedback.Via.SIGNED_IN, rating=3, useful="yes", member=data["a"])
    with django_assert_num_queries(16):
        organiser_client.get(url)
    for i in range(15):
        person = make_member(name=f"x{i}")
        Attendance.objects.create(hangout=data["t"], member=person)
        record_feedback(data["t"], via=Feedback.Via.SIGNED_IN, rating=4, useful="no", member=person)
    with django_assert_num_queries(16):
        organiser_client.get(url)
