"""Planning a series: the next dates its rule gives, with public holidays and clashes named."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hangouts.programme.models import Hangout, Series

PLAN_COUNT = 6


@dataclass
class PlannedDate:
    """A date the series' rule gives, and what speaks against it."""

    starts_at: datetime
    ends_at: datetime
    holiday: str = ""
    # Other hangouts of the network overlapping this date.
    clashes: list[Hangout] = field(default_factory=list)
    # This series' own hangout already at this very time, if any: the date is taken, not clashing.
    planned: Hangout | None = None

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.holiday:
            found.append(_("Public holiday: %(name)s") % {"name": self.holiday})
        for hangout in self.clashes:
            found.append(_("Clashes with “%(title)s”") % {"title": hangout.title})
        return found


def day_of_month(year: int, month: int, *, week: int, weekday: int) -> date:
    """The n-th (1–4) or last (-1) given weekday (Monday = 0) of a month."""
    if week == Series.Week.LAST:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def rule_dates(series: Series, *, after: datetime, count: int) -> list[datetime]:
    """The next `count` start times of the rule strictly after `after`, in the network's zone."""
    zone = ZoneInfo(series.network.time_zone)
    local = after.astimezone(zone)
    year, month = local.year, local.month
    found: list[datetime] = []
    while len(found) < count:
        day = day_of_month(year, month, week=series.week, weekday=series.weekday)
        starts_at = datetime.combine(day, series.start_time, tzinfo=zone)
        if starts_at > after:
            found.append(starts_at)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def next_dates(series: Series, *, after: datetime, count: int = PLAN_COUNT) -> list[PlannedDate]:
    """The next dates of the series, each with the country's public holiday and clashes.

    One query, whatever the count: the network's draft and scheduled hangouts in the window.
    """
    starts = rule_dates(series, after=after, count=count)
    length = timedelta(minutes=series.duration_minutes)
    others = list(
        Hangout.objects.for_network(series.network)
        .filter(
            status__in=[Hangout.Status.DRAFT, Hangout.Status.SCHEDULED],
            starts_at__lt=starts[-1] + length,
            ends_at__gt=starts[0],
        )
        .order_by("starts_at")
    )
    holidays: dict[int, dict] = {}
    planned = []
    for starts_at in starts:
        ends_at = starts_at + length
        day = starts_at.date()
        if day.year not in holidays:
            holidays[day.year] = series.network.public_holidays(day.year)
        overlapping = [h for h in others if h.starts_at < ends_at and h.ends_at > starts_at]
        own = next(
            (h for h in overlapping if h.series_id == series.pk and h.starts_at == starts_at), None
        )
        planned.append(
            PlannedDate(
                starts_at=starts_at,
                ends_at=ends_at,
                holiday=str(holidays[day.year].get(day, "")),
                clashes=[h for h in overlapping if h is not own],
                planned=own,
            )
        )
    return planned
