"""The appeal and the expected attendance, on a small history worked out by hand.

Voters (organisation, province): a1–a4 (O1, Vientiane Capital); b (O2, Luang Prabang);
c (O3, Xayabouly); d (O4, Champasak); e (O5, Savannakhet). "Now" is 1 March 2026.

  Z "Village gardens"   b, d, e today                 3 × 1 × √(3/3)            = 3.00
  X "Mothers' groups"   a1, d today; b 90, c 180 days  (1+1+½+¼) × √(4/4)        = 2.75
  Y "Office canteen"    a1–a4 today (+1 guest)         4 × √(((1+1)/2)/4) = 4 × ½ = 2.00
  W "Rainwater"         no vote                                                   = 0

Held hangouts (themes of their topic, attendance):
  H1 Breastfeeding week   Jan 2025 {nutrition}            20
  H2 School meals         Mar 2025 {nutrition, advocacy}  30
  H3 Budget advocacy      May 2025 {advocacy}             12
  H4 Handwashing          Jul 2025 {health}               41
  H5 Nutrition & advocacy Sep 2025 {nutrition, advocacy}  26
  H6 Food prices          Nov 2025 {nutrition}            18
  H7 Cooking demo         Jan 2026 {nutrition}             3
  H8 Unrecorded           Feb 2026 {nutrition, advocacy}   no attendance entered: left out

X {nutrition, advocacy}: H5, H2 share 2; then newest sharing 1: H7, H6, H3 (H1 is sixth)
  → 3, 12, 18, 26, 30 → median 18.
Y {health}: H4 only → 41.
Z {advocacy, health}: H5, H4, H3, H2 share 1 each → 12, 26, 30, 41 → (26 + 30) / 2 = 28.
W (no theme): none shares → the latest five: H7, H6, H5, H4, H3 → 3, 12, 18, 26, 41 → 18.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hangouts.network.models import Member, Network, Organisation, Province
from hangouts.participation.models import Attendance
from hangouts.programme.appeal import (
    appeal,
    expected_attendance,
    is_niche,
    median_rounded,
    rank_topics,
    top_topics,
    vote_weight,
)
from hangouts.programme.models import Hangout, Theme, Topic, Vote

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def voter(
    make_member: Callable[..., Member], network: Network, name: str, org: str, province: str
) -> Member:
    place = Province.objects.get(code=province)
    organisation, _ = Organisation.objects.get_or_create(
        network=network, name=org, defaults={"province": place}
    )
    return make_member(name=name, organisation=organisation, province=place)


def held(network: Network, title: str, when: datetime, themes: list[Theme], people: int) -> None:
    topic = Topic.objects.create(network=network, title=title, status=Topic.Status.HELD)
    topic.themes.set(themes)
    hangout = Hangout.objects.create(
        network=network,
        topic=topic,
        title=title,
        starts_at=when,
        ends_at=when + timedelta(hours=1),
        status=Hangout.Status.HELD,
    )
    Attendance.objects.bulk_create(
        Attendance(hangout=hangout, guest_name=f"Person {i}") for i in range(people)
    )


def board_topic(network: Network, title: str, themes: list[Theme]) -> Topic:
    topic = Topic.objects.create(network=network, title=title)
    topic.themes.set(themes)
    return topic


def cast(topic: Topic, member: Member, days_ago: int = 0) -> None:
    Vote.objects.create(topic=topic, member=member, created_at=NOW - timedelta(days=days_ago))


@pytest.fixture
def history(network: Network, make_member: Callable[..., Member]) -> dict[str, Topic]:
    themes = {
        name: Theme.objects.create(network=network, name=name)
        for name in ("nutrition", "advocacy", "health")
    }
    nutrition, advocacy, health = themes.values()
    for title, month, topic_themes, people in (
        ("Breastfeeding week", (2025, 1), [nutrition], 20),
        ("School meals", (2025, 3), [nutrition, advocacy], 30),
        ("Budget advocacy", (2025, 5), [advocacy], 12),
        ("Handwashing", (2025, 7), [health], 41),
        ("Nutrition & advocacy", (2025, 9), [nutrition, advocacy], 26),
        ("Food prices", (2025, 11), [nutrition], 18),
        ("Cooking demo", (2026, 1), [nutrition], 3),
        ("Unrecorded", (2026, 2), [nutrition, advocacy], 0),
    ):
        held(network, title, datetime(*month, 27, 7, tzinfo=UTC), topic_themes, people)
    a = [voter(make_member, network, f"a{i}", "O1", "LA-VT") for i in range(1, 5)]
    b = voter(make_member, network, "b", "O2", "LA-LP")
    c = voter(make_member, network, "c", "O3", "LA-XA")
    d = voter(make_member, network, "d", "O4", "LA-CH")
    e = voter(make_member, network, "e", "O5", "LA-SV")
    topics = {
        "X": board_topic(network, "Mothers' groups", [nutrition, advocacy]),
        "Y": board_topic(network, "Office canteen", [health]),
        "Z": board_topic(network, "Village gardens", [advocacy, health]),
        "W": board_topic(network, "Rainwater", []),
    }
    for person, days in ((a[0], 0), (d, 0), (b, 90), (c, 180)):
        cast(topics["X"], person, days)
    for person in a:
        cast(topics["Y"], person)
    Vote.objects.create(topic=topics["Y"], guest_name="Guest", guest_phone="+8562055500001")
    for person in (b, d, e):
        cast(topics["Z"], person)
    return topics


@pytest.mark.django_db
def test_rank_topics_orders_the_hand_worked_history(
    network: Network, history: dict[str, Topic]
) -> None:
    rows = rank_topics(network, now=NOW)
    assert [r.topic.title for r in rows] == [
        "Village gardens",
        "Mothers' groups",
        "Office canteen",
        "Rainwater",
    ]
    assert [round(r.score, 6) for r in rows] == [3.0, 2.75, 2.0, 0.0]
    assert [(r.votes, r.organisations, r.provinces) for r in rows] == [
        (3, 3, 3),
        (4, 4, 4),
        (4, 1, 1),
        (0, 0, 0),
    ]
    assert [r.guest_votes for r in rows] == [0, 0, 1, 0]
    assert [r.niche for r in rows] == [False, False, True, False]
    assert [r.expected_attendance for r in rows] == [28, 18, 41, 18]


@pytest.mark.django_db
def test_rank_topics_explains_the_expected_attendance_by_name(
    network: Network, history: dict[str, Topic]
) -> None:
    with translation.override("en"):
        z, x, y, w = rank_topics(network, now=NOW)
    assert x.expected_explanation == (
        "Median of 5 held hangouts sharing its themes: Nutrition & advocacy (26), "
        "School meals (30), Cooking demo (< 5), Food prices (18), Budget advocacy (12)."
    )
    assert y.expected_explanation == (
        "Median of 1 held hangout sharing its themes: Handwashing (41)."
    )
    assert z.expected_explanation.startswith("Median of 4 held hangouts")
    assert w.expected_explanation == (
        "No held hangout shares its themes; median of the latest 5: Cooking demo (< 5), "
        "Food prices (18), Nutrition & advocacy (26), Handwashing (41), Budget advocacy (12)."
    )


@pytest.mark.django_db
def test_rank_topics_says_when_there_is_no_history(network: Network, member: Member) -> None:
    topic = board_topic(network, "First ever", [])
    cast(topic, member)
    with translation.override("en"):
        [row] = rank_topics(network, now=NOW)
    assert row.expected_attendance is None
    assert row.expected_explanation == (
        "No hangout has been held yet: there is no history to go by."
    )


@pytest.mark.django_db
def test_rank_topics_runs_a_fixed_number_of_queries(
    network: Network, history: dict[str, Topic], make_member: Callable[..., Member]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rank_topics(network, now=NOW)
        return len(queries)

    small = count()
    people = [voter(make_member, network, f"p{i}", f"Org {i % 7}", "LA-OU") for i in range(30)]
    for i in range(20):
        topic = board_topic(network, f"More {i}", list(Theme.objects.all()[: i % 3]))
        for person in people[i : i + 10]:
            cast(topic, person, days_ago=i)
    assert count() == small == 5


@pytest.mark.django_db
def test_rank_topics_ignores_topics_of_another_network(
    network: Network, other_network: Network, history: dict[str, Topic]
) -> None:
    elsewhere = Topic.objects.create(network=other_network, title="Elsewhere")
    rows = rank_topics(network, [history["X"], elsewhere], now=NOW)
    assert [r.topic for r in rows] == [history["X"]]


@pytest.mark.django_db
def test_top_topics_gives_the_best_few(network: Network, history: dict[str, Topic]) -> None:
    assert [r.topic for r in top_topics(network, limit=2)] == [history["Z"], history["X"]]


@pytest.mark.django_db
def test_top_topics_are_ranked_once_a_minute_per_network_and_language(
    network: Network, history: dict[str, Topic]
) -> None:
    def queries_for_top_topics() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert [r.topic for r in top_topics(network, limit=2)] == [history["Z"], history["X"]]
        return len(queries)

    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        ranked = queries_for_top_topics()
        assert ranked > 0
        assert queries_for_top_topics() == 0  # the home page reads the minute's ranking
        with translation.override("en"):
            assert queries_for_top_topics() == ranked  # its explanations are in English
        clock.shift(timedelta(seconds=61))
        assert queries_for_top_topics() == ranked


def test_vote_weight_halves_every_90_days() -> None:
    assert vote_weight(NOW, NOW) == 1.0
    assert vote_weight(NOW - timedelta(days=90), NOW) == pytest.approx(0.5)
    assert vote_weight(NOW - timedelta(days=180), NOW) == pytest.approx(0.25)
    assert vote_weight(NOW + timedelta(days=1), NOW) == 1.0  # clock skew never adds weight


def test_appeal_weighs_breadth() -> None:
    assert appeal([], 0, 0) == 0.0
    assert appeal([1.0] * 9, 1, 1) == pytest.approx(3.0)  # nine votes from one office
    assert appeal([1.0] * 9, 9, 9) == pytest.approx(9.0)
    assert appeal([1.0, 1.0], 0, 0) == pytest.approx(2 * (1 / 2) ** 0.5)  # unknown places


def test_is_niche_needs_three_organisations_and_two_provinces() -> None:
    assert is_niche(5, 2, 3) is True
    assert is_niche(5, 3, 1) is True
    assert is_niche(5, 3, 2) is False
    assert is_niche(0, 0, 0) is False  # nothing to judge yet


def test_median_rounded_rounds_halves_up() -> None:
    assert median_rounded([1, 2]) == 2
    assert median_rounded([12, 26, 30, 41]) == 28
    assert median_rounded([7]) == 7


def test_expected_attendance_without_history_is_unknown() -> None:
    assert expected_attendance(frozenset({1}), [])[0] is None
