"""Reads about who came, for the outreach guide and the reports.

First-timers are computed when read, not stored: "a member's first attended hangout" is the one
with no attendance of theirs at an earlier-starting hangout. A stored flag would go stale when a
report is re-imported, an entry removed, or an older hangout imported later; one EXISTS
subquery (on the attendance's member index) costs a single query whatever the list.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from hangouts.network.models import Member, MemberQuerySet
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.models import Hangout


def attended_before(hangout: Hangout) -> Exists:
    """True for a member (the outer row) with an attendance at an earlier-starting hangout."""
    return Exists(
        Attendance.objects.filter(member=OuterRef("pk"), hangout__starts_at__lt=hangout.starts_at)
    )


def first_timers(hangout: Hangout) -> MemberQuerySet:
    """Members who attended this hangout and none before it (reports, thank-you messages)."""
    return (
        Member.objects.filter(network_id=hangout.network_id, attendances__hangout=hangout)
        .exclude(attended_before(hangout))
        .distinct()
    )


def first_timers_going(hangout: Hangout) -> MemberQuerySet:
    """Members going to this hangout who never attended an earlier one (the first-time guide)."""
    return Member.objects.filter(
        network_id=hangout.network_id,
        rsvps__hangout=hangout,
        rsvps__status=RSVP.Status.GOING,
    ).exclude(attended_before(hangout))
