"""Topic board actions: proposing, one vote per member, withdrawing, guests, packaging, merging."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import pytest
from django.db import connection

from hangouts.network.models import Member, Network, Organisation, Province
from hangouts.programme.actions.topics import (
    VotingClosed,
    merge_topics,
    propose_topic,
    update_topic,
    vote,
    vote_as_guest,
    vote_by_phone,
    withdraw_vote,
)
from hangouts.programme.appeal import rank_topics
from hangouts.programme.models import Theme, Topic, Vote


def make_theme(network: Network, name: str) -> Theme:
    return Theme.objects.create(network=network, name=name, name_en=name)


def make_topic(network: Network, title: str = "Breastfeeding at work", **fields: object) -> Topic:
    return Topic.objects.create(network=network, title=title, **fields)


def make_voters(
    make_member: Callable[..., Member], network: Network, count: int, *, prefix: str = "Voter"
) -> list[Member]:
    """`count` members, each from their own organisation."""
    province = Province.objects.get(code="LA-VT")
    voters = []
    for i in range(count):
        organisation = Organisation.objects.create(
            network=network, name=f"{prefix} organisation {i}", province=province
        )
        voters.append(
            make_member(name=f"{prefix} {i}", organisation=organisation, province=province)
        )
    return voters


@pytest.mark.django_db
def test_propose_topic_records_the_member_and_themes(network: Network, member: Member) -> None:
    nutrition = make_theme(network, "Nutrition")
    topic = propose_topic(
        network,
        member=member,
        title="  Feeding children under two ",
        description="What works in villages",
        themes=[nutrition],
    )
    assert (topic.title, topic.proposed_by, topic.status) == (
        "Feeding children under two",
        member,
        Topic.Status.PROPOSED,
    )
    assert list(topic.themes.all()) == [nutrition]


@pytest.mark.django_db
def test_propose_topic_by_an_organiser_leaves_the_proposer_empty(network: Network) -> None:
    topic = propose_topic(network, member=None, title="Advocacy with district officials")
    assert topic.proposed_by is None and topic.network == network


@pytest.mark.django_db
def test_propose_topic_refuses_another_networks_theme(
    network: Network, other_network: Network, member: Member
) -> None:
    foreign = make_theme(other_network, "Elsewhere")
    with pytest.raises(ValueError, match="own network"):
        propose_topic(network, member=member, title="X", themes=[foreign])
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_vote_counts_one_per_member(network: Network, member: Member) -> None:
    topic = make_topic(network)
    first = vote(topic, member=member)
    second = vote(topic, member=member)
    assert first == second
    assert Vote.objects.filter(topic=topic).count() == 1


@pytest.mark.django_db(transaction=True)
def test_vote_from_many_simultaneous_clicks_counts_once(network: Network, member: Member) -> None:
    """Eight threads vote for the same member at once: one row, every caller gets it.

    Real threads need a database they can share: PostgreSQL, or SQLite in a file
    (scripts/test.sh sets SQLITE_TEST_PATH); the in-memory SQLite test database cannot be.
    """
    sqlite = cast(Any, connection)  # is_in_memory_db() exists on the SQLite backend only
    if connection.vendor == "sqlite" and sqlite.is_in_memory_db():
        pytest.skip("SQLite in memory cannot be shared between threads: set SQLITE_TEST_PATH")
    topic = make_topic(network)
    start = threading.Barrier(8)

    def click() -> int:
        start.wait()
        try:
            return vote(topic, member=member).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: click(), range(8)))
    assert Vote.objects.filter(topic=topic).count() == 1
    assert set(results) == {Vote.objects.get(topic=topic).pk}


@pytest.mark.django_db
def test_withdraw_vote_removes_only_the_members_vote(
    network: Network, member: Member, make_member: Callable[..., Member]
) -> None:
    topic = make_topic(network)
    other = make_member(name="Other")
    vote(topic, member=member)
    vote(topic, member=other)
    assert withdraw_vote(topic, member=member) is True
    assert withdraw_vote(topic, member=member) is False
    assert list(Vote.objects.filter(topic=topic).values_list("member", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_vote_is_refused_once_the_topic_left_the_board(network: Network, member: Member) -> None:
    topic = make_topic(network, status=Topic.Status.HELD)
    with pytest.raises(VotingClosed):
        vote(topic, member=member)
    with pytest.raises(VotingClosed):
        vote_as_guest(topic, name="Guest", phone="+8562055500001")
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_vote_refuses_a_member_of_another_network(network: Network, other_network: Network) -> None:
    stranger = Member.objects.create(network=other_network, name="Stranger")
    with pytest.raises(ValueError, match="another network"):
        vote(make_topic(network), member=stranger)


@pytest.mark.django_db
def test_vote_as_guest_keeps_one_vote_per_phone_and_is_not_counted(
    network: Network, member: Member
) -> None:
    topic = make_topic(network)
    vote(topic, member=member)
    first = vote_as_guest(topic, name="Noy", phone="+8562055500001")
    again = vote_as_guest(topic, name="Noy K.", phone="+8562055500001")
    vote_as_guest(topic, name="Bounmy", phone="+8562055500002")
    [row] = rank_topics(network)
    assert first == again and first.guest_name == "Noy"
    assert (row.votes, row.guest_votes) == (1, 2)


@pytest.mark.django_db
def test_vote_by_phone_votes_for_the_identified_member_or_a_guest(
    network: Network, member: Member
) -> None:
    topic = make_topic(network)
    mine = vote_by_phone(topic, member=member, name="x", phone="+8562055512345")
    guest = vote_by_phone(topic, member=None, name="Guest", phone="+8562055500001")
    assert (mine.member, mine.guest_phone) == (member, "")
    assert (guest.member, guest.guest_phone) == (None, "+8562055500001")


@pytest.mark.django_db
def test_update_topic_packages_it(network: Network) -> None:
    nutrition, advocacy = make_theme(network, "Nutrition"), make_theme(network, "Advocacy")
    topic = make_topic(network, title="breastfeeding policy at work")
    topic.themes.set([nutrition])
    update_topic(
        topic,
        public_title=" Back to work, still breastfeeding ",
        status=Topic.Status.SHORTLISTED,
        themes=[advocacy],
    )
    topic.refresh_from_db()
    assert topic.display_title == "Back to work, still breastfeeding"
    assert topic.title == "breastfeeding policy at work"
    assert topic.status == Topic.Status.SHORTLISTED
    assert list(topic.themes.all()) == [advocacy]


@pytest.mark.django_db
def test_merge_topics_carries_votes_over_counting_nobody_twice(
    network: Network, make_member: Callable[..., Member]
) -> None:
    both, only_duplicate, only_kept = make_voters(make_member, network, 3)
    kept = make_topic(network, title="Nutrition for mothers")
    duplicate = make_topic(network, title="Mothers' nutrition")
    for person in (both, only_kept):
        vote(kept, member=person)
    for person in (both, only_duplicate):
        vote(duplicate, member=person)
    vote_as_guest(kept, name="Noy", phone="+8562055500001")
    vote_as_guest(duplicate, name="Noy", phone="+8562055500001")
    vote_as_guest(duplicate, name="Bounmy", phone="+8562055500002")

    result = merge_topics(duplicate, into=kept)

    duplicate.refresh_from_db()
    assert result == kept
    assert (duplicate.merged_into, duplicate.status) == (kept, Topic.Status.PARKED)
    assert not Vote.objects.filter(topic=duplicate).exists()
    voters = set(Vote.objects.filter(topic=kept).values_list("member", flat=True))
    assert voters == {both.pk, only_duplicate.pk, only_kept.pk, None}
    guests = sorted(Vote.objects.filter(topic=kept, member=None).values_list("guest_phone"))
    assert guests == [("+8562055500001",), ("+8562055500002",)]
    [row] = rank_topics(network)  # the duplicate left the board
    assert (row.topic, row.votes, row.guest_votes) == (kept, 3, 2)


@pytest.mark.django_db
def test_merge_topics_repoints_earlier_duplicates_and_old_links_still_vote(
    network: Network, member: Member
) -> None:
    first, second, final = (make_topic(network, title=t) for t in ("A", "B", "C"))
    merge_topics(first, into=second)
    merge_topics(second, into=final)
    first.refresh_from_db()
    assert first.merged_into == final
    vote(first, member=member)  # from an old link to the first duplicate
    assert Vote.objects.get(member=member).topic == final
    assert withdraw_vote(first, member=member) is True


@pytest.mark.django_db
def test_merge_topics_refuses_itself_another_network_or_a_merged_topic(
    network: Network, other_network: Network
) -> None:
    topic, target = make_topic(network), make_topic(network, title="Target")
    elsewhere = make_topic(other_network)
    with pytest.raises(ValueError, match="another topic of its network"):
        merge_topics(topic, into=topic)
    with pytest.raises(ValueError, match="another topic of its network"):
        merge_topics(topic, into=elsewhere)
    merge_topics(topic, into=target)
    with pytest.raises(ValueError, match="merges no further"):
        merge_topics(topic, into=target)
