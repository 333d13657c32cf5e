"""Reads for the awards pages: a month's candidates, the volunteers by month, a year's list.

Months are calendar months in the network's time zone: a hangout at 00:30 on 1 March in
Vientiane belongs to March even though it is still February in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from hangouts.awards.models import Award, Kind, Nomination
from hangouts.network.models import Member, Network
from hangouts.programme.models import Hangout, Presenter

# Roles that count as volunteering for the month (every Presenter role today).
VOLUNTEER_ROLES = (
    Presenter.Role.PRESENTER,
    Presenter.Role.FACILITATOR,
    Presenter.Role.NOTE_TAKER,
)
COUNTED_STATUSES = (Hangout.Status.SCHEDULED, Hangout.Status.HELD)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(network: Network, month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's first instant, in the network's zone."""
    zone = ZoneInfo(network.time_zone)
    start = datetime.combine(month.replace(day=1), time(), tzinfo=zone)
    end = datetime.combine(next_month(month), time(), tzinfo=zone)
    return start, end


def year_bounds(network: Network, year: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(network.time_zone)
    return (
        datetime(year, 1, 1, tzinfo=zone),
        datetime(year + 1, 1, 1, tzinfo=zone),
    )


def current_month(network: Network) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(network.time_zone)).date().replace(day=1)


@dataclass
class Candidate:
    member: Member
    roles: list[Presenter] = field(default_factory=list)  # what they did that month
    nominations: list[Nomination] = field(default_factory=list)


def candidates(
    network: Network, month: date, kind: str = Kind.VOLUNTEER_OF_THE_MONTH
) -> list[Candidate]:
    """Members who presented, facilitated or took notes at a scheduled or held hangout of the
    month, with what they did, then members the organisers nominated. Two queries."""
    start, end = month_bounds(network, month)
    roles = (
        Presenter.objects.filter(
            hangout__network=network,
            hangout__status__in=COUNTED_STATUSES,
            hangout__starts_at__gte=start,
            hangout__starts_at__lt=end,
            role__in=VOLUNTEER_ROLES,
        )
        .select_related("hangout", "member__organisation")
        .order_by("hangout__starts_at", "pk")
    )
    nominations = (
        Nomination.objects.filter(network=network, kind=kind, month=month.replace(day=1))
        .select_related("member__organisation", "nominated_by")
        .order_by("nominated_at", "pk")
    )
    by_member: dict[int, Candidate] = {}
    for role in roles:
        by_member.setdefault(role.member_id, Candidate(role.member)).roles.append(role)
    for nomination in nominations:
        candidate = by_member.setdefault(nomination.member_id, Candidate(nomination.member))
        candidate.nominations.append(nomination)
    return list(by_member.values())


def awards_by_year(network: Network) -> list[tuple[int, list[Award]]]:
    """The network's awards, newest year and month first. One query."""
    years: dict[int, list[Award]] = defaultdict(list)
    for award in Award.objects.for_network(network).with_member().order_by("-month", "kind"):
        years[award.month.year].append(award)
    return sorted(years.items(), reverse=True)


def presentations_in_year(network: Network, year: int) -> QuerySet[Presenter]:
    """Who presented (or facilitated, or took notes) at the year's hangouts that took place:
    held, or scheduled and already started (not yet marked held)."""
    start, end = year_bounds(network, year)
    took_place = Q(hangout__status=Hangout.Status.HELD) | Q(
        hangout__status=Hangout.Status.SCHEDULED, hangout__starts_at__lte=timezone.now()
    )
    return (
        Presenter.objects.filter(
            took_place,
            hangout__network=network,
            hangout__starts_at__gte=start,
            hangout__starts_at__lt=end,
        )
        .select_related("hangout", "member__organisation")
        .order_by("hangout__starts_at", "role", "member__name")
    )


def awards_in_year(network: Network, year: int) -> QuerySet[Award]:
    return Award.objects.for_network(network).in_year(year).with_member().order_by("month", "kind")


def member_awards(member: Member) -> QuerySet[Award]:
    return Award.objects.filter(network_id=member.network_id, member=member).order_by("-month")
