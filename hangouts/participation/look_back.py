"""Look back on a hangout that took place: who came, whom it reached, what they said, and why
attendance was low when it was.

Decisions (issue 6, item 4):
- Attendance counts members and guests (Attendance rows); it is set against the RSVPs still
  "going" and against the expected attendance, which is `appeal.expected_attendance` computed
  from the hangouts held *before* this one (the topic's themes, else the latest five).
- "Low": below 70 % of the expected attendance; with no history to expect from, below half of
  those going. A hangout without any attendance recorded is not judged (the report is probably
  not imported yet: "nobody came" and "not entered yet" are different things).
- Likely causes, each from data we have, named only when attendance was low:
  narrow interest (the topic was niche by `appeal.is_niche`, or had fewer than 3 member
  votes); short notice (fewer than 7 days between the announcement and the start: the first
  invitation announcement, else the "scheduled" change, else the hangout's creation, and a
  later reschedule counts from when it was made); a public holiday of the country that day
  (the `holidays` data planning uses); a clash (another scheduled or held hangout of the
  network the same local day).
- A fixed number of queries (10; 9 for a hangout without a topic), whatever the number of
  people, answers or hangouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hangouts.network.models import Member
from hangouts.outreach.models import Announcement
from hangouts.participation.feedback import FeedbackSummary, feedback_summary
from hangouts.participation.models import RSVP, Attendance
from hangouts.participation.queries import first_timers
from hangouts.programme.appeal import (
    expected_attendance,
    is_niche,
    load_history,
    load_tallies,
    load_theme_links,
)
from hangouts.programme.models import Hangout, HangoutChange

LOW_SHARE_OF_EXPECTED = 0.7
LOW_SHARE_OF_GOING = 0.5
SHORT_NOTICE_DAYS = 7
FEW_VOTES = 3


@dataclass(frozen=True)
class Interest:
    """The member votes the hangout's topic had, and from how many organisations and provinces."""

    votes: int
    organisations: int
    provinces: int

    @property
    def narrow(self) -> bool:
        return self.votes < FEW_VOTES or is_niche(self.votes, self.organisations, self.provinces)


@dataclass(frozen=True)
class LookBack:
    hangout: Hangout
    attended: int
    members_attended: int
    guests_attended: int
    going: int
    # Of those going, how many came.
    going_attended: int
    expected: int | None
    expected_explanation: str
    first_timers: list[Member]
    organisations: list[str]
    provinces: list[str]
    feedback: FeedbackSummary
    notice_days: int | None
    holiday: str
    clashes: list[Hangout]
    interest: Interest | None
    low: bool
    causes: list[str] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        return self.attended > 0


def attendance_rows(hangout: Hangout) -> list[Attendance]:
    """Who came, with organisation and province: one query."""
    return list(
        Attendance.objects.filter(hangout=hangout).select_related(
            "member__organisation__province", "member__province"
        )
    )


def reach(rows: list[Attendance]) -> tuple[list[str], list[str]]:
    """The names of the organisations and provinces the attending members come from."""
    organisations: set[str] = set()
    provinces: set[str] = set()
    for row in rows:
        member = row.member
        if member is None:
            continue
        organisation = member.organisation
        if organisation is not None:
            organisations.add(organisation.display_name)
        province = member.province or (organisation.province if organisation else None)
        if province is not None:
            provinces.add(province.display_name)
    return sorted(organisations), sorted(provinces)


def going_member_ids(hangout: Hangout) -> list[int | None]:
    """One entry per RSVP still "going" (None for a guest): one query."""
    return list(
        RSVP.objects.filter(hangout=hangout, status=RSVP.Status.GOING).values_list(
            "member_id", flat=True
        )
    )


def expected_for(hangout: Hangout) -> tuple[int | None, str]:
    """The expected attendance from the hangouts held before this one: two queries."""
    links = load_theme_links(hangout.network)
    history = [h for h in load_history(hangout.network, links) if h.starts_at < hangout.starts_at]
    themes = frozenset(links.get(hangout.topic_id, ())) if hangout.topic_id else frozenset()
    return expected_attendance(themes, history)


def topic_interest(hangout: Hangout) -> Interest | None:
    """The votes of the hangout's topic (member votes only, as the appeal counts): one query."""
    if hangout.topic_id is None:
        return None
    tally = load_tallies([hangout.topic_id], timezone.now()).get(hangout.topic_id)
    if tally is None:
        return Interest(0, 0, 0)
    return Interest(len(tally.weights), len(tally.organisations), len(tally.provinces))


def announced_at(hangout: Hangout) -> datetime:
    """When members learnt the date: the invitation, else scheduling, else creation; a later
    reschedule counts from when it was made. Two queries."""
    invitation = (
        Announcement.objects.filter(hangout=hangout, kind=Announcement.Kind.INVITATION)
        .order_by("due_at")
        .first()
    )
    changes = list(
        HangoutChange.objects.filter(
            hangout=hangout,
            kind__in=[HangoutChange.Kind.SCHEDULED, HangoutChange.Kind.RESCHEDULED],
        ).order_by("at", "pk")
    )
    scheduled = next((c.at for c in changes if c.kind == HangoutChange.Kind.SCHEDULED), None)
    if invitation is not None:
        start = invitation.dispatched_at or invitation.due_at
    else:
        start = scheduled or hangout.created_at
    moved = [c.at for c in changes if c.kind == HangoutChange.Kind.RESCHEDULED]
    return max([start, *moved])


def notice_days(hangout: Hangout) -> int:
    return max((hangout.starts_at - announced_at(hangout)) // timedelta(days=1), 0)


def local_day(hangout: Hangout) -> tuple[datetime, datetime]:
    zone = ZoneInfo(hangout.network.time_zone)
    day = hangout.starts_at.astimezone(zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def holiday_on(hangout: Hangout) -> str:
    """The country's public holiday on the hangout's local day, or "" (no query)."""
    start, _end = local_day(hangout)
    return str(hangout.network.public_holidays(start.year).get(start.date(), ""))


def clashes_with(hangout: Hangout) -> list[Hangout]:
    """Other scheduled or held hangouts of the network on the same local day: one query."""
    start, end = local_day(hangout)
    return list(
        Hangout.objects.for_network(hangout.network)
        .filter(
            status__in=[Hangout.Status.SCHEDULED, Hangout.Status.HELD],
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(pk=hangout.pk)
        .order_by("starts_at")
    )


def is_low(attended: int, *, expected: int | None, going: int) -> bool:
    """Below 70 % of the expected attendance; without history, below half of those going."""
    if attended == 0:
        return False  # not recorded yet: not judged
    if expected:
        return attended < LOW_SHARE_OF_EXPECTED * expected
    return going > 0 and attended < LOW_SHARE_OF_GOING * going


def likely_causes(
    *, interest: Interest | None, days: int | None, holiday: str, clashes: list[Hangout]
) -> list[str]:
    """The causes, in plain words, that the data supports."""
    causes = []
    if interest is not None and interest.narrow:
        causes.append(
            _(
                "Narrow interest: few votes for the topic, or from few places (votes: %(votes)d, "
                "organisations: %(organisations)d, provinces: %(provinces)d)."
            )
            % {
                "votes": interest.votes,
                "organisations": interest.organisations,
                "provinces": interest.provinces,
            }
        )
    if days is not None and days < SHORT_NOTICE_DAYS:
        causes.append(
            ngettext(
                "Short notice: it was announced %(days)d day before it started "
                "(a week or more is better).",
                "Short notice: it was announced %(days)d days before it started "
                "(a week or more is better).",
                days,
            )
            % {"days": days}
        )
    if holiday:
        causes.append(_("A public holiday: %(name)s.") % {"name": holiday})
    for other in clashes:
        causes.append(_("A clash: “%(title)s” took place the same day.") % {"title": other.title})
    return causes


def look_back(hangout: Hangout) -> LookBack:
    """Everything the look-back page shows, in a fixed number of queries (see the docstring)."""
    rows = attendance_rows(hangout)
    members = {row.member_id for row in rows if row.member_id is not None}
    going = going_member_ids(hangout)
    expected, explanation = expected_for(hangout)
    organisations, provinces = reach(rows)
    interest = topic_interest(hangout)
    days = notice_days(hangout)
    holiday = holiday_on(hangout)
    clashes = clashes_with(hangout)
    attended = len(rows)
    low = is_low(attended, expected=expected, going=len(going))
    return LookBack(
        hangout=hangout,
        attended=attended,
        members_attended=len(members),
        guests_attended=attended - len(members),
        going=len(going),
        going_attended=sum(1 for pk in going if pk is not None and pk in members),
        expected=expected,
        expected_explanation=explanation,
        first_timers=list(first_timers(hangout).select_related("organisation").order_by("name")),
        organisations=organisations,
        provinces=provinces,
        feedback=feedback_summary(hangout),
        notice_days=days,
        holiday=holiday,
        clashes=clashes,
        interest=interest,
        low=low,
        causes=likely_causes(interest=interest, days=days, holiday=holiday, clashes=clashes)
        if low
        else [],
    )


def has_taken_place(hangout: Hangout) -> bool:
    """Held, or scheduled and over (organisers often mark it held later)."""
    if hangout.status == Hangout.Status.HELD:
        return True
    return hangout.status == Hangout.Status.SCHEDULED and hangout.ends_at <= timezone.now()
