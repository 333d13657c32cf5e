"""Every figure against the hand count of conftest.py's table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hangouts.network.models import Province
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout
from hangouts.reports.queries import GUESTS, NOT_GIVEN, Filters, Month, Period, reach
from hangouts.reports.tests.conftest import Story, local

YEAR_2026 = Filters(Period(date(2026, 1, 1), date(2026, 12, 31)))


def by_key(rows: list) -> dict:
    return {row.key: (row.participants, row.attendances) for row in rows}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_reach_headline_figures_in_2026(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)

    # Held in 2026 (local dates): H5, H1, H2, H3 = 4 (H0 is 2025, H4 cancelled).
    assert figures.hangouts_held == 4
    # Rows: H5 2 + H1 4 + H2 6 + H3 0 = 12.
    assert figures.total_participants == 12
    # Members m1..m5; guests Noy (by phone) and "bee " / "Bee" (by name) = 2.
    assert figures.member_participants == 5
    assert figures.guest_participants == 2
    assert figures.unique_participants == 7
    assert figures.guest_attendances == 4
    assert figures.average_attendance == 3.0
    # m1 came first in December 2025 (H0): returning; m2, m3, m4, m5 first came in 2026.
    assert figures.first_time == 4
    assert figures.returning == 1


def test_reach_months_include_empty_months_of_the_period(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)

    assert len(figures.months) == 12
    assert figures.months[:4] == [
        Month(date(2026, 1, 1), hangouts=2, participants=6),  # H5 (1 January local) and H1
        Month(date(2026, 2, 1), hangouts=1, participants=6),
        Month(date(2026, 3, 1), hangouts=1, participants=0),
        Month(date(2026, 4, 1), hangouts=0, participants=0),  # H4 was cancelled
    ]


def test_reach_all_time(story: Story) -> None:
    figures = reach(story.network)

    # H0, H5, H1, H2, H3; rows 2 + 12; members m1..m6; everyone's first hangout is in "all time".
    assert (figures.hangouts_held, figures.total_participants) == (5, 14)
    assert (figures.member_participants, figures.guest_participants) == (6, 2)
    assert (figures.first_time, figures.returning) == (6, 0)
    assert figures.average_attendance == 2.8
    assert [m.month for m in figures.months] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        *[date(2026, month, 1) for month in (2, 3)],
    ]


def test_reach_by_series(story: Story) -> None:
    figures = reach(story.network, Filters(YEAR_2026.period, story.series["S1"]))

    # S1 in 2026: H1 and H3 (H4 cancelled): m1, m2, m3 and Noy; m1 came before (H0).
    assert (figures.hangouts_held, figures.total_participants) == (2, 4)
    assert (figures.member_participants, figures.guest_participants) == (3, 1)
    assert (figures.first_time, figures.returning) == (2, 1)


def test_reach_by_organisation_and_kind(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)
    a, b = story.organisations["A"], story.organisations["B"]

    # A: m1 (H1, H2), m2 (H1) = 2 people, 3 rows; B: m3 (H1, H2), m4 (H2) = 2, 3;
    # no organisation: m5 (H5, H2) = 1, 2; guests 2, 4.
    assert by_key(figures.organisations) == {
        a.pk: (2, 3),
        b.pk: (2, 3),
        NOT_GIVEN: (1, 2),
        GUESTS: (2, 4),
    }
    # C never came; D is no longer active.
    assert figures.never_attended == [story.organisations["C"]]
    assert by_key(figures.organisation_kinds) == {
        "cso": (2, 3),
        "ingo": (2, 3),
        NOT_GIVEN: (1, 2),
        GUESTS: (2, 4),
    }


def test_reach_by_province_lists_every_division(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)
    rows = by_key(figures.provinces)
    lp, vt, sv = (Province.objects.get(code=f"LA-{code}").pk for code in ("LP", "VT", "SV"))

    assert len(figures.provinces) == Province.objects.filter(country="LA").count() + 2
    assert rows[lp] == (2, 3)  # m1, m2
    assert rows[vt] == (2, 3)  # m3, m4
    assert rows[sv] == (0, 0)  # nobody, but listed
    assert (rows[NOT_GIVEN], rows[GUESTS]) == ((1, 2), (2, 4))
    assert sum(p for p, _a in rows.values()) == figures.unique_participants
    assert sum(a for _p, a in rows.values()) == figures.total_participants


def test_reach_by_staff_level_and_gender(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)

    levels = {row.label: (row.participants, row.attendances) for row in figures.staff_levels}
    assert levels == {
        "Director or manager": (1, 1),  # m2
        "Senior technical staff": (0, 0),
        "Officer": (1, 1),  # m4
        "Junior staff or volunteer": (2, 4),  # m1, m3
        "Not given": (1, 2),  # m5
        "Guests (not on the roster)": (2, 4),
    }
    assert by_key(figures.genders) == {
        "female": (3, 6),  # m1 2, m3 2, m5 2
        "male": (1, 1),  # m2
        "other": (0, 0),
        NOT_GIVEN: (1, 1),  # m4
        GUESTS: (2, 4),
    }


def test_reach_presenter_equity_against_the_roster(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)

    # Presented in 2026: H1 (m1) and H2 (m2; m4 only facilitated). Roster: m1..m5 active.
    assert figures.presented_hangouts == 2
    assert figures.active_members == 5
    rows = {r.key: (r.hangouts, r.share, r.roster, r.roster_share) for r in figures.equity}
    assert rows == {
        "small": (2, 1.0, 2, 0.4),  # m1, m2 in A (small); roster m1, m2
        "provincial": (2, 1.0, 2, 0.4),  # LP is not the capital; m5 has no province
        "junior": (1, 0.5, 2, 0.4),  # m1; roster m1, m3
        "women": (1, 0.5, 3, 0.6),  # m1; roster m1, m3, m5
    }


def test_reach_themes_by_average_attendance(story: Story) -> None:
    figures = reach(story.network, YEAR_2026)

    # Nutrition: H1 (4) + H2 (6) over 2 = 5.0; Health: H1 = 4.0; Advocacy: never held.
    assert [(t.theme.name, t.hangouts, t.attendances, t.average) for t in figures.themes] == [
        ("Nutrition", 2, 10, 5.0),
        ("Health", 1, 4, 4.0),
    ]


def test_reach_of_a_network_without_hangouts(network: object) -> None:
    figures = reach(network)  # type: ignore[arg-type]

    assert (figures.hangouts_held, figures.total_participants, figures.months) == (0, 0, [])
    assert figures.average_attendance is None
    assert all(row.share is None for row in figures.equity)


def queries_for(story: Story) -> int:
    with CaptureQueriesContext(connection) as captured:
        reach(story.network, YEAR_2026)
    return len(captured.captured_queries)


def test_reach_query_count_is_fixed(story: Story) -> None:
    small = queries_for(story)
    # Ten times more: more hangouts in 2026 and every member at each.
    members = list(story.members.values())
    for day in range(1, 29):
        hangout = Hangout.objects.create(
            network=story.network,
            title=f"more {day}",
            starts_at=local(f"2026-06-{day:02d}T14:00"),
            ends_at=local(f"2026-06-{day:02d}T15:00"),
            status=Hangout.Status.HELD,
        )
        Attendance.objects.bulk_create(Attendance(hangout=hangout, member=m) for m in members)

    assert small == queries_for(story) == 10
