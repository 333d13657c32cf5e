"""The topic board: proposing topics, voting "I would attend", and organisers' care of the board.

Votes are one per member and topic (and one per phone for guests), enforced by the unique
constraints of `Vote`: two simultaneous clicks cannot count twice, the loser of the race simply
finds the winner's vote.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from hangouts.network.models import Member, Network
from hangouts.programme.models import Theme, Topic, Vote

OPEN_STATUSES = (Topic.Status.PROPOSED, Topic.Status.SHORTLISTED)


class VotingClosed(Exception):
    """The topic is no longer on the board (scheduled, held or parked)."""


def accepts_votes(topic: Topic) -> bool:
    return topic.merged_into_id is None and topic.status in OPEN_STATUSES


def check_themes(network: Network, themes: Iterable[Theme]) -> list[Theme]:
    chosen = list(themes)
    if any(theme.network_id != network.pk for theme in chosen):
        raise ValueError("A topic takes only its own network's themes.")
    return chosen


def open_topic(topic: Topic) -> Topic:
    """The topic that takes votes for this one: its merge target when it was merged.

    Old shared links keep working after a merge; merges re-point earlier duplicates, so one
    step is enough.
    """
    target = topic.merged_into if topic.merged_into_id else topic
    assert target is not None
    if not accepts_votes(target):
        raise VotingClosed
    return target


@transaction.atomic
def propose_topic(
    network: Network,
    *,
    member: Member | None,
    title: str,
    description: str = "",
    themes: Iterable[Theme] = (),
) -> Topic:
    """A new topic on the board; `member` is None when an organiser proposes it.

    Side effects: one Topic row and its theme links.
    """
    if member is not None and member.network_id != network.pk:
        raise ValueError("The member belongs to another network.")
    chosen = check_themes(network, themes)
    topic = Topic.objects.create(
        network=network, title=title.strip(), description=description.strip(), proposed_by=member
    )
    topic.themes.set(chosen)
    return topic


def vote(topic: Topic, *, member: Member) -> Vote:
    """The member's "I would attend"; a second vote changes nothing and returns the first.

    Side effects: at most one Vote row. Raises VotingClosed when the topic left the board.
    """
    target = open_topic(topic)
    if member.network_id != target.network_id:
        raise ValueError("The member belongs to another network.")
    existing = Vote.objects.filter(topic=target, member=member).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: the losing side of a race keeps its outer transaction usable.
        with transaction.atomic():
            return Vote.objects.create(topic=target, member=member)
    except IntegrityError:
        return Vote.objects.get(topic=target, member=member)


def withdraw_vote(topic: Topic, *, member: Member) -> bool:
    """Take the member's vote back; True when there was one.

    Side effects: deletes at most one Vote row.
    """
    target = topic.merged_into if topic.merged_into_id else topic
    deleted, _ = Vote.objects.filter(topic=target, member=member).delete()
    return deleted > 0


def vote_as_guest(topic: Topic, *, name: str, phone: str) -> Vote:
    """A vote from a number not on the roster (phone in E.164), for organisers to review.

    Guest votes are shown to organisers but never counted in the appeal. One per phone and topic:
    voting again keeps the first vote. Side effects: at most one Vote row.
    """
    target = open_topic(topic)
    existing = Vote.objects.filter(topic=target, member=None, guest_phone=phone).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Vote.objects.create(
                topic=target, member=None, guest_name=name.strip(), guest_phone=phone
            )
    except IntegrityError:
        return Vote.objects.get(topic=target, member=None, guest_phone=phone)


def vote_by_phone(topic: Topic, *, member: Member | None, name: str, phone: str) -> Vote:
    """Phone identification's answer: the identified member's vote, else a guest vote.

    Side effects: at most one Vote row. Raises VotingClosed when the topic left the board.
    """
    if member is not None:
        return vote(topic, member=member)
    return vote_as_guest(topic, name=name, phone=phone)


@transaction.atomic
def update_topic(topic: Topic, *, public_title: str, status: str, themes: Iterable[Theme]) -> Topic:
    """An organiser packages a topic: its public title, its status and its themes.

    Side effects: saves the Topic row and replaces its theme links.
    """
    topic.public_title = public_title.strip()
    topic.status = Topic.Status(status)
    topic.save(update_fields=["public_title", "status"])
    topic.themes.set(check_themes(topic.network, themes))
    return topic


@transaction.atomic
def merge_topics(duplicate: Topic, *, into: Topic) -> Topic:
    """Fold a duplicate into another topic of the same network; returns `into`.

    Side effects: the duplicate's votes move to `into`, except those of members (or guest
    phones) who already voted for `into`, which are deleted so nobody counts twice; topics
    earlier merged into the duplicate now point at `into`; the duplicate is parked with
    `merged_into` set.
    """
    if duplicate.network_id != into.network_id or duplicate.pk == into.pk:
        raise ValueError("A topic merges only into another topic of its network.")
    if into.merged_into_id is not None or duplicate.merged_into_id is not None:
        raise ValueError("A merged topic merges no further.")
    # Lock both rows (PostgreSQL) so that no vote lands between the two steps below.
    list(Topic.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]))
    kept = Vote.objects.filter(topic=into)
    moving = Vote.objects.filter(topic=duplicate)
    moving.filter(member__in=kept.filter(member__isnull=False).values("member")).delete()
    moving.filter(
        member__isnull=True, guest_phone__in=kept.filter(member__isnull=True).values("guest_phone")
    ).delete()
    moving.update(topic=into)
    Topic.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.status = Topic.Status.PARKED
    duplicate.save(update_fields=["merged_into", "status"])
    return into
