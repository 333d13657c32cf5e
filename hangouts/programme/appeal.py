"""The topic board's order (appeal) and each topic's expected attendance, from the history.

A topic's appeal is the sum of its members' votes, each worth 0.5^(age in days / 90) so that a
vote loses half its weight every 90 days, times √(D / n), where n is the number of votes and D
the mean of the numbers of distinct organisations and provinces the voters come from (at least
1): ten votes from one office weigh like three fresh ones, ten votes from ten organisations in
ten provinces keep their full weight. Its expected attendance is the median attendance of the
five held hangouts (with attendance recorded) whose topics share the most themes with it, the
most recent first among equals, or of the five latest held hangouts when none shares a theme.

A topic is "niche" when its voters come from fewer than three organisations or a single province
(a topic without votes is not judged). Guest votes (phone numbers not on the roster) are counted
apart and never in the appeal. Everything is computed in Python from a fixed number of queries,
whatever the number of topics, votes and hangouts.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hangouts.network.models import Network
from hangouts.programme.models import Hangout, Topic, Vote

HALF_LIFE_DAYS = 90
HISTORY_SIZE = 5
NICHE_ORGANISATIONS = 3  # fewer organisations than this: niche
NICHE_PROVINCES = 1  # this many provinces or fewer: niche


@dataclass(frozen=True)
class RankedTopic:
    topic: Topic
    votes: int
    organisations: int
    provinces: int
    score: float
    niche: bool
    expected_attendance: int | None
    expected_explanation: str
    guest_votes: int = 0
    # Members who voted for it: the board shows Vote or Withdraw without another query.
    voter_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class HeldHangout:
    title: str
    starts_at: datetime
    attendance: int
    themes: frozenset[int]


@dataclass
class Tally:
    weights: list[float] = field(default_factory=list)
    organisations: set[int] = field(default_factory=set)
    provinces: set[int] = field(default_factory=set)
    voters: set[int] = field(default_factory=set)
    guests: int = 0


def vote_weight(created_at: datetime, now: datetime) -> float:
    """1 for a vote given now, ½ after 90 days, ¼ after 180."""
    age_days = max((now - created_at).total_seconds(), 0) / 86400
    return float(0.5 ** (age_days / HALF_LIFE_DAYS))


def appeal(weights: list[float], organisations: int, provinces: int) -> float:
    """Recency-weighted votes times √(breadth / votes); see the module docstring."""
    if not weights:
        return 0.0
    breadth = max((organisations + provinces) / 2, 1)
    return sum(weights) * math.sqrt(breadth / len(weights))


def is_niche(votes: int, organisations: int, provinces: int) -> bool:
    return votes > 0 and (organisations < NICHE_ORGANISATIONS or provinces <= NICHE_PROVINCES)


def median_rounded(values: list[int]) -> int:
    return math.floor(statistics.median(values) + 0.5)


def small_cell(count: int) -> str:
    """Public figures show "< 5" for small cells, so nobody is singled out."""
    return str(count) if count >= 5 else "< 5"


def listed(hangouts: list[HeldHangout]) -> str:
    return ", ".join(f"{h.title} ({small_cell(h.attendance)})" for h in hangouts)


def expected_attendance(
    themes: frozenset[int], history: list[HeldHangout]
) -> tuple[int | None, str]:
    """The median attendance of the held hangouts most like this topic, and how it was reached.

    `history` is newest first, so sorting by shared themes keeps the most recent among equals.
    """
    if not history:
        return None, _("No hangout has been held yet: there is no history to go by.")
    sharing = sorted(
        (h for h in history if h.themes & themes), key=lambda h: -len(h.themes & themes)
    )[:HISTORY_SIZE]
    if sharing:
        count = len(sharing)
        text = ngettext(
            "Median of %(count)d held hangout sharing its themes: %(hangouts)s.",
            "Median of %(count)d held hangouts sharing its themes: %(hangouts)s.",
            count,
        )
    else:
        sharing = history[:HISTORY_SIZE]
        count = len(sharing)
        text = ngettext(
            "No held hangout shares its themes; median of the latest %(count)d: %(hangouts)s.",
            "No held hangout shares its themes; median of the latest %(count)d: %(hangouts)s.",
            count,
        )
    median = median_rounded([h.attendance for h in sharing])
    return median, text % {"count": count, "hangouts": listed(sharing)}


def load_history(network: Network, theme_links: dict[int, set[int]]) -> list[HeldHangout]:
    """Held hangouts with recorded attendance, newest first: one query."""
    rows = (
        Hangout.objects.for_network(network)
        .past()
        .annotate(attendance_count=Count("attendances"))
        .filter(attendance_count__gt=0)  # attendance not entered yet is not "nobody came"
        .values("title", "starts_at", "topic_id", "attendance_count")
    )
    return [
        HeldHangout(
            title=row["title"],
            starts_at=row["starts_at"],
            attendance=row["attendance_count"],
            themes=frozenset(theme_links.get(row["topic_id"], ())),
        )
        for row in rows
    ]


def load_theme_links(network: Network) -> dict[int, set[int]]:
    """{topic id: theme ids} for every topic of the network: one query."""
    links: dict[int, set[int]] = defaultdict(set)
    rows = Topic.themes.through.objects.filter(topic__network=network).values_list(
        "topic_id", "theme_id"
    )
    for topic_id, theme_id in rows:
        links[topic_id].add(theme_id)
    return links


def load_tallies(topic_ids: list[int], now: datetime) -> dict[int, Tally]:
    """Every vote of these topics with its voter's organisation and province: one query."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    rows = (
        Vote.objects.filter(topic_id__in=topic_ids)
        .annotate(
            voter_province=Coalesce("member__province_id", "member__organisation__province_id")
        )
        .values("topic_id", "member_id", "created_at", "member__organisation_id", "voter_province")
    )
    for row in rows:
        tally = tallies[row["topic_id"]]
        if row["member_id"] is None:
            tally.guests += 1
            continue
        tally.weights.append(vote_weight(row["created_at"], now))
        tally.voters.add(row["member_id"])
        if row["member__organisation_id"] is not None:
            tally.organisations.add(row["member__organisation_id"])
        if row["voter_province"] is not None:
            tally.provinces.add(row["voter_province"])
    return tallies


def ranked(
    topic: Topic, tally: Tally, themes: frozenset[int], history: list[HeldHangout]
) -> RankedTopic:
    organisations, provinces = len(tally.organisations), len(tally.provinces)
    expected, explanation = expected_attendance(themes, history)
    return RankedTopic(
        topic=topic,
        votes=len(tally.weights),
        organisations=organisations,
        provinces=provinces,
        score=appeal(tally.weights, organisations, provinces),
        niche=is_niche(len(tally.weights), organisations, provinces),
        expected_attendance=expected,
        expected_explanation=explanation,
        guest_votes=tally.guests,
        voter_ids=frozenset(tally.voters),
    )


def board_topics(network: Network) -> list[Topic]:
    """The topics members can vote for, with their themes and proposer: two queries."""
    return list(
        Topic.objects.for_network(network)
        .on_board()
        .select_related("proposed_by")
        .prefetch_related("themes")
    )


def off_board_topics(network: Network, limit: int = 100) -> list[Topic]:
    """Topics organisers took off the board (scheduled, held, parked, merged), newest first."""
    board = Topic.objects.on_board().values("pk")
    return list(Topic.objects.for_network(network).exclude(pk__in=board)[:limit])


def rank_topics(
    network: Network, topics: Iterable[Topic] | None = None, *, now: datetime | None = None
) -> list[RankedTopic]:
    """The board's topics (or the given ones, of this network), highest appeal first.

    Three queries besides loading the topics: votes, theme links, held hangouts.
    """
    chosen = board_topics(network) if topics is None else list(topics)
    chosen = [t for t in chosen if t.network_id == network.pk]
    now = now or timezone.now()
    tallies = load_tallies([t.pk for t in chosen], now)
    links = load_theme_links(network)
    history = load_history(network, links)
    rows = [
        ranked(t, tallies.get(t.pk, Tally()), frozenset(links.get(t.pk, ())), history)
        for t in chosen
    ]
    rows.sort(key=lambda r: (-r.score, -r.votes, -r.topic.created_at.timestamp(), -r.topic.pk))
    return rows


# The home page's top topics are ranked at most once a minute per network and language:
# ranking the whole board was half the cost of the page everyone opens (BENCHMARKS.md). A vote
# shows on the board at once and on the home page within the minute.
TOP_TOPICS_SECONDS = 60


def top_topics(network: Network, limit: int = 5) -> list[RankedTopic]:
    """The board's most appealing topics, for the network's home page (cached for a minute)."""
    key = f"top-topics:{network.pk}:{limit}:{get_language()}"
    rows: list[RankedTopic] | None = cache.get(key)
    if rows is None:
        rows = rank_topics(network)[:limit]
        cache.set(key, rows, TOP_TOPICS_SECONDS)
    return rows
