"""The network's reach, computed in the database: ten queries whatever the network's size.

Every figure is an aggregate (COUNT, COUNT DISTINCT, GROUP BY, EXISTS): no query in a loop, and
attendance rows never come into Python (only grouped rows: one per held hangout for the trend,
at most one per combination of organisation, province, staff level and gender that attended).

Definitions (docs/architecture.md, "Decisions taken in the code (reports)"):

- A period is from–to dates (both included) in the network's time zone; no dates is all time.
  A hangout belongs to the period by its start. Only held hangouts count.
- Total participants: attendance rows, members and guests (one person at two hangouts is two).
- Unique participants: distinct members, plus distinct guests; a guest is known by the phone they
  gave when they gave one, else by their name as written (trimmed, lower-cased), so a guest who
  gave a phone once and only a name another time counts twice. Guests are never matched to
  members (organisers review them at import).
- First-time participants: members whose first attendance ever in the network (any series,
  the hangout's start, as `Attendance.with_is_first`) falls in the period; returning: the other
  unique members. Guests are neither (we cannot tell), as in participation. For all time, every
  member is a first-timer.
- Reach by organisation, province, staff level, gender: a member counts under their *current*
  roster record; "not given" holds members without the attribute, "guests" the guests. In each
  table participants add up to the unique participants and attendances to the total.
- Presenter equity: among held hangouts in the period with at least one presenter (role
  presenter, not facilitator or note-taker), the share with at least one presenter from a small
  organisation / in a province that is not the capital / at a junior staff level / a woman;
  against the roster's mix: the share of today's active members with that trait.
- Themes: a hangout counts under each theme of its topic; average attendance = attendance rows
  of those hangouts / the hangouts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout, Presenter, Series, Theme

NOT_GIVEN = "not_given"
GUESTS = "guests"


@dataclass(frozen=True)
class Period:
    """From–to dates, both included, in the network's time zone; None: no limit."""

    start: date | None = None
    end: date | None = None

    def bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """[start, end) as aware datetimes: midnight at the start, midnight after the end."""
        start = datetime.combine(self.start, time.min, zone) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time.min, zone) if self.end else None
        return start, end


@dataclass(frozen=True)
class Filters:
    period: Period = field(default_factory=Period)
    series: Series | None = None


@dataclass(frozen=True)
class Month:
    month: date  # the first day of the month
    hangouts: int
    participants: int


@dataclass(frozen=True)
class ReachRow:
    """One row of a reach table; `key` is a row id, a choice value, NOT_GIVEN or GUESTS."""

    key: Any
    label: str
    participants: int
    attendances: int
    kind: str = ""  # organisations only


@dataclass(frozen=True)
class EquityRow:
    key: str  # small, provincial, junior, women
    label: str
    hangouts: int  # held hangouts with a presenter with the trait
    share: float | None  # of the hangouts with a presenter
    roster: int  # active members with the trait
    roster_share: float | None  # of the active members


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    hangouts: int
    attendances: int

    @property
    def average(self) -> float:
        return self.attendances / self.hangouts if self.hangouts else 0.0


@dataclass(frozen=True)
class Figures:
    network: Network
    filters: Filters
    hangouts_held: int
    total_participants: int
    member_participants: int  # distinct members
    guest_participants: int  # distinct guests
    guest_attendances: int
    first_time: int
    months: list[Month]
    organisations: list[ReachRow]  # organisations that attended, then not given, guests
    never_attended: list[Organisation]  # active organisations with no attendance
    organisation_kinds: list[ReachRow]
    provinces: list[ReachRow]  # every division of the country, then not given, guests
    staff_levels: list[ReachRow]
    genders: list[ReachRow]
    presented_hangouts: int
    equity: list[EquityRow]
    active_members: int
    themes: list[ThemeRow]

    @property
    def unique_participants(self) -> int:
        return self.member_participants + self.guest_participants

    @property
    def returning(self) -> int:
        return self.member_participants - self.first_time

    @property
    def average_attendance(self) -> float | None:
        if not self.hangouts_held:
            return None
        return self.total_participants / self.hangouts_held


def hangout_filter(network: Network, filters: Filters, prefix: str = "") -> Q:
    """Held hangouts of the network in the period (and series): on Hangout, or through `prefix`."""
    start, end = filters.period.bounds(ZoneInfo(network.time_zone))
    conditions: dict[str, Any] = {
        f"{prefix}network": network,
        f"{prefix}status": Hangout.Status.HELD,
    }
    if start is not None:
        conditions[f"{prefix}starts_at__gte"] = start
    if end is not None:
        conditions[f"{prefix}starts_at__lt"] = end
    if filters.series is not None:
        conditions[f"{prefix}series"] = filters.series
    return Q(**conditions)


def held_hangouts(network: Network, filters: Filters) -> Any:
    return Hangout.objects.filter(hangout_filter(network, filters))


def attendances(network: Network, filters: Filters) -> Any:
    return Attendance.objects.filter(hangout_filter(network, filters, "hangout__"))


def _months(network: Network, filters: Filters) -> list[Month]:
    """Hangouts and attendance rows by month (network's time zone), empty months included.

    One row per held hangout (its start and its attendance count) is read and put into months
    here: a few dozen rows a year. Truncating in SQL would run SQLite's time-zone function once
    per attendance row (233 ms of 480 on the benchmark's network), not once per hangout.
    """
    zone = ZoneInfo(network.time_zone)
    rows = (
        held_hangouts(network, filters)
        .values("pk", "starts_at")
        .annotate(participants=Count("attendances"))
        .order_by()
    )
    found: dict[date, tuple[int, int]] = {}
    for row in rows:
        month = timezone.localtime(row["starts_at"], zone).date().replace(day=1)
        hangouts, participants = found.get(month, (0, 0))
        found[month] = (hangouts + 1, participants + row["participants"])
    first = filters.period.start or min(found, default=None)
    last = filters.period.end or max(found, default=None)
    if first is None or last is None:
        return []
    months = []
    month = first.replace(day=1)
    while month <= last:
        hangouts, participants = found.get(month, (0, 0))
        months.append(Month(month=month, hangouts=hangouts, participants=participants))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _totals(network: Network, filters: Filters) -> dict[str, int]:
    guest_key = Case(
        When(
            member__isnull=True,
            then=Coalesce(NullIf("guest_phone", Value("")), Lower(Trim("guest_name"))),
        )
    )
    return attendances(network, filters).aggregate(
        total=Count("pk"),
        members=Count("member", distinct=True),
        guest_rows=Count("pk", filter=Q(member__isnull=True)),
        guests=Count(guest_key, distinct=True),
    )


def _first_timers(network: Network, filters: Filters) -> int:
    """Members of the period whose first attendance ever (in the network) is in the period."""
    start, _end = filters.period.bounds(ZoneInfo(network.time_zone))
    first = (
        Attendance.objects.filter(member=OuterRef("pk"))
        .order_by("hangout__starts_at")
        .values("hangout__starts_at")[:1]
    )
    came = attendances(network, filters).filter(member__isnull=False).values("member_id")
    members = Member.objects.filter(network=network, pk__in=came).annotate(first=Subquery(first))
    condition = Q(first__gte=start) if start is not None else Q()
    return int(members.aggregate(n=Count("pk", filter=condition))["n"])


def _combinations(network: Network, filters: Filters) -> list[dict[str, Any]]:
    """Attendance grouped by the member's organisation, province, staff level and gender.

    A member has one of each, so distinct members per combination add up exactly in any one
    dimension. Guests (no member) fall in the all-None combination, counted by `guest_rows`.
    """
    return list(
        attendances(network, filters)
        .values(
            "member__organisation_id",
            "member__province_id",
            "member__staff_level_id",
            "member__gender",
        )
        .annotate(
            attendances=Count("pk"),
            participants=Count("member", distinct=True),
            guest_rows=Count("pk", filter=Q(member__isnull=True)),
        )
        .order_by()
    )


def _group(
    combinations: list[dict[str, Any]], column: str
) -> tuple[dict[Any, list[int]], list[int]]:
    """{value: [participants, attendances]} for members, and [participants, attendances] of
    members whose value is empty ("not given"); guests left out."""
    groups: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    missing = [0, 0]
    for row in combinations:
        members_attendances = row["attendances"] - row["guest_rows"]
        if not row["participants"]:
            continue
        target = groups[row[column]] if row[column] not in (None, "") else missing
        target[0] += row["participants"]
        target[1] += members_attendances
    return groups, missing


def _row(key: Any, label: str, counts: list[int], kind: str = "") -> ReachRow:
    return ReachRow(key, label, participants=counts[0], attendances=counts[1], kind=kind)


def _tail(missing: list[int], guests: int, guest_rows: int) -> list[ReachRow]:
    return [
        ReachRow(NOT_GIVEN, _("Not given"), missing[0], missing[1]),
        ReachRow(GUESTS, _("Guests (not on the roster)"), guests, guest_rows),
    ]


def _equity(network: Network, filters: Filters) -> dict[str, int]:
    presenters = Presenter.objects.filter(hangout=OuterRef("pk"), role=Presenter.Role.PRESENTER)
    traits = _traits("member__")
    return held_hangouts(network, filters).aggregate(
        presented=Count("pk", filter=Q(Exists(presenters))),
        **{
            key: Count("pk", filter=Q(Exists(presenters.filter(condition))))
            for key, condition in traits.items()
        },
    )


def _traits(prefix: str = "") -> dict[str, Q]:
    return {
        "small": Q(**{f"{prefix}organisation__size": Organisation.Size.SMALL}),
        "provincial": Q(**{f"{prefix}province__is_capital": False}),
        "junior": Q(**{f"{prefix}staff_level__seniority": StaffLevel.Seniority.JUNIOR}),
        "women": Q(**{f"{prefix}gender": Member.Gender.FEMALE}),
    }


def _roster(network: Network) -> dict[str, int]:
    return Member.objects.filter(network=network, is_active=True).aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=condition) for key, condition in _traits().items()},
    )


def _themes(network: Network, filters: Filters) -> list[ThemeRow]:
    held = hangout_filter(network, filters, "topics__hangouts__")
    themes = (
        Theme.objects.filter(network=network)
        .annotate(
            hangouts=Count("topics__hangouts", filter=held, distinct=True),
            attendances=Count("topics__hangouts__attendances", filter=held),
        )
        .filter(hangouts__gt=0)
    )
    rows = [ThemeRow(theme=t, hangouts=t.hangouts, attendances=t.attendances) for t in themes]
    return sorted(rows, key=lambda row: (-row.average, -row.hangouts, row.theme.name))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def equity_labels() -> dict[str, str]:
    return {
        "small": _("Small organisations"),
        "provincial": _("Provincial staff"),
        "junior": _("Junior staff"),
        "women": _("Women"),
    }


def reach(network: Network, filters: Filters | None = None) -> Figures:
    """Every figure of the dashboard, in ten queries whatever the size of the network."""
    filters = filters or Filters()
    months = _months(network, filters)  # 1
    totals = _totals(network, filters)  # 2
    first_time = _first_timers(network, filters)  # 3
    combinations = _combinations(network, filters)  # 4
    organisations = list(Organisation.objects.filter(network=network))  # 5
    provinces = list(Province.objects.filter(country=network.country))  # 6
    staff_levels = list(StaffLevel.objects.filter(network=network))  # 7
    equity = _equity(network, filters)  # 8
    roster = _roster(network)  # 9
    themes = _themes(network, filters)  # 10
    guests, guest_rows = totals["guests"], totals["guest_rows"]

    by_organisation, no_organisation = _group(combinations, "member__organisation_id")
    organisation_rows = sorted(
        (
            _row(o.pk, o.display_name, by_organisation[o.pk], kind=o.kind)
            for o in organisations
            if o.pk in by_organisation
        ),
        key=lambda row: (-row.participants, -row.attendances, row.label),
    )
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in organisation_rows:
        kinds[row.kind][0] += row.participants
        kinds[row.kind][1] += row.attendances
    kind_rows = [
        _row(value, str(label), kinds[value])
        for value, label in Organisation.Kind.choices
        if value in kinds
    ]
    by_province, no_province = _group(combinations, "member__province_id")
    by_level, no_level = _group(combinations, "member__staff_level_id")
    by_gender, no_gender = _group(combinations, "member__gender")
    labels = equity_labels()
    return Figures(
        network=network,
        filters=filters,
        hangouts_held=sum(m.hangouts for m in months),
        total_participants=totals["total"],
        member_participants=totals["members"],
        guest_participants=guests,
        guest_attendances=guest_rows,
        first_time=first_time,
        months=months,
        organisations=organisation_rows + _tail(no_organisation, guests, guest_rows),
        never_attended=[o for o in organisations if o.is_active and o.pk not in by_organisation],
        organisation_kinds=kind_rows + _tail(no_organisation, guests, guest_rows),
        provinces=[_row(p.pk, p.display_name, by_province.get(p.pk, [0, 0])) for p in provinces]
        + _tail(no_province, guests, guest_rows),
        staff_levels=[_row(s.pk, s.display_name, by_level.get(s.pk, [0, 0])) for s in staff_levels]
        + _tail(no_level, guests, guest_rows),
        genders=[
            _row(value, str(label), by_gender.get(value, [0, 0]))
            for value, label in Member.Gender.choices
        ]
        + _tail(no_gender, guests, guest_rows),
        presented_hangouts=equity["presented"],
        equity=[
            EquityRow(
                key=key,
                label=label,
                hangouts=equity[key],
                share=_share(equity[key], equity["presented"]),
                roster=roster[key],
                roster_share=_share(roster[key], roster["total"]),
            )
            for key, label in labels.items()
        ],
        active_members=roster["total"],
        themes=themes,
    )
