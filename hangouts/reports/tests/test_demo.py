"""The demo network's dashboard tells its three years truthfully.

The dashboard's figures (from the page's context, as shown) are compared with counts made
independently: plain ORM reads and Python counting over the rows, no aggregate shared with
reports/queries.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hangouts.accounts.models import User
from hangouts.network.demo import LAO_ORGANISERS, LAO_SLUG, seed_demo
from hangouts.network.models import Member, Network, Organisation, Province
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout, Presenter
from hangouts.reports.queries import GUESTS, NOT_GIVEN, Figures


@pytest.fixture
def demo(db: None) -> Iterator[tuple[Network, Client]]:
    with translation.override("en"):
        seed_demo()
        network = Network.objects.get(slug=LAO_SLUG)
        client = Client()
        client.force_login(User.objects.get(email=LAO_ORGANISERS[0][0]))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        yield network, client


def shown(client: Client, network: Network, **params: str) -> Figures:
    response = client.get(reverse("reports:dashboard", args=[network.slug]), params)
    assert response.status_code == 200
    figures: Figures = response.context["figures"]
    return figures


def test_demo_dashboard_all_time_matches_a_count_from_the_database(
    demo: tuple[Network, Client],
) -> None:
    network, client = demo
    zone = ZoneInfo(network.time_zone)
    held = list(Hangout.objects.filter(network=network, status=Hangout.Status.HELD))
    rows = list(
        Attendance.objects.filter(hangout__in=held).select_related(
            "hangout", "member__organisation", "member__province"
        )
    )
    members = {r.member for r in rows if r.member}
    guests = {r.guest_phone or r.guest_name.strip().lower() for r in rows if not r.member}

    figures = shown(client, network)

    # The seed brief's "thirty-seven online hangout sessions … in the past three years".
    assert figures.hangouts_held == len(held) == 37
    assert figures.total_participants == len(rows)
    assert figures.member_participants == len(members)
    assert figures.guest_participants == len(guests)
    assert figures.first_time == len(members)  # all time: everyone came a first time
    by_month = Counter(timezone.localtime(h.starts_at, zone).date().replace(day=1) for h in held)
    first, last = min(by_month), max(by_month)
    assert (figures.months[0].month, figures.months[-1].month) == (first, last)
    assert last.year - first.year >= 3
    assert {m.month: m.hangouts for m in figures.months if m.hangouts} == dict(by_month)
    people_by_month = Counter(
        timezone.localtime(r.hangout.starts_at, zone).date().replace(day=1) for r in rows
    )
    assert {m.month: m.participants for m in figures.months if m.participants} == dict(
        people_by_month
    )
    # Every province of Laos is listed; their people add up.
    provinces: dict[int | str, set[int]] = defaultdict(set)
    for r in rows:
        if r.member:
            provinces[r.member.province_id or NOT_GIVEN].add(r.member_id or 0)
    shown_provinces = {row.key: row.participants for row in figures.provinces}
    assert len(figures.provinces) == Province.objects.filter(country="LA").count() + 2
    for key, people in provinces.items():
        assert shown_provinces[key] == len(people)
    assert shown_provinces[GUESTS] == len(guests)
    # Organisations: participants per organisation, and the active ones that never came.
    organisations: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        if r.member and r.member.organisation_id:
            organisations[r.member.organisation_id].add(r.member.pk)
    assert {
        row.key: row.participants
        for row in figures.organisations
        if row.key not in (NOT_GIVEN, GUESTS)
    } == {key: len(people) for key, people in organisations.items()}
    never = Organisation.objects.filter(network=network, is_active=True).exclude(
        pk__in=organisations
    )
    assert set(figures.never_attended) == set(never)


def test_demo_dashboard_of_a_year_matches_a_count_from_the_database(
    demo: tuple[Network, Client],
) -> None:
    network, client = demo
    zone = ZoneInfo(network.time_zone)

    def year_of(hangout: Hangout) -> int:
        return timezone.localtime(hangout.starts_at, zone).year

    held = [
        h
        for h in Hangout.objects.filter(network=network, status=Hangout.Status.HELD)
        if year_of(h) == 2025
    ]
    rows = list(Attendance.objects.filter(hangout__in=held).select_related("hangout"))
    members = {r.member_id for r in rows if r.member_id}
    earlier = set(
        Attendance.objects.filter(
            member__in=members, hangout__starts_at__lt=min(h.starts_at for h in held)
        ).values_list("member_id", flat=True)
    )
    presented = {
        p.hangout_id: p
        for p in Presenter.objects.filter(
            hangout__in=held, role=Presenter.Role.PRESENTER
        ).select_related("member__organisation")
    }
    women = {
        p.hangout_id
        for p in Presenter.objects.filter(
            hangout__in=held, role=Presenter.Role.PRESENTER, member__gender="female"
        )
    }
    active = Member.objects.filter(network=network, is_active=True)

    figures = shown(client, network, period="2025")

    assert figures.filters.period.start == date(2025, 1, 1)
    assert figures.hangouts_held == len(held) > 0
    assert figures.total_participants == len(rows)
    assert figures.member_participants == len(members)
    assert figures.first_time == len(members - earlier)
    assert figures.returning == len(members & earlier)
    assert figures.presented_hangouts == len(presented)
    equity = {row.key: row for row in figures.equity}
    assert equity["women"].hangouts == len(women)
    assert equity["women"].roster == active.filter(gender="female").count()
    assert figures.active_members == active.count()
