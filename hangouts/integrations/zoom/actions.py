"""Writing what Zoom's webhook tells us: live joins become attendance.

A join is recorded only for a person the attendance import's matching accepts as a member
without review (email, a remembered alias, a phone number as display name, or a name that is
the single candidate at 0.85 or above). Guests and uncertain names are NOT recorded live: the
participant report imported after the meeting brings them to the review, and a guest row
written from a display name ("iPhone", "Noy") would be counted twice once the organiser matches
that person to a member. A recorded join is an Attendance with source "webhook", 0 minutes and
its first join; the report's import later gives it its minutes (like a check-in row).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction

from hangouts.integrations.zoom.webhook import LiveJoin
from hangouts.participation.matching import match_participants
from hangouts.participation.models import Attendance
from hangouts.participation.reports import Participant
from hangouts.programme.models import Hangout, Series

logger = logging.getLogger(__name__)

# People join a little before the start and stay a little after the end.
JOIN_MARGIN = timedelta(hours=1)


def hangout_for_join(join: LiveJoin) -> Hangout | None:
    """The hangout on this Zoom meeting at the time of the join (a series may share a meeting):
    the one whose start is nearest among those running, give or take an hour."""
    candidates = Hangout.objects.filter(
        meeting_provider=Series.Provider.ZOOM,
        meeting_id=join.meeting_id,
        status__in=[Hangout.Status.SCHEDULED, Hangout.Status.HELD],
        starts_at__lte=join.joined_at + JOIN_MARGIN,
        ends_at__gte=join.joined_at - JOIN_MARGIN,
    ).select_related("network")
    return min(candidates, key=lambda h: abs(h.starts_at - join.joined_at), default=None)


@transaction.atomic
def record_live_join(join: LiveJoin) -> Attendance | None:
    """Record that a member joined the hangout's Zoom meeting; idempotent (Zoom retries).

    Returns the member's attendance row, or None when no hangout runs on that meeting then or
    the person is not a member the matching accepts without review (see the module's notes).
    Side effects: an Attendance (source webhook, 0 minutes) created for the member, or the
    earlier first join kept on the row they already have; nothing else is changed.
    """
    hangout = hangout_for_join(join)
    if hangout is None:
        logger.info("Zoom webhook: a join on a meeting with no hangout running was ignored")
        return None
    person = Participant(name=join.name, email=join.email, first_join=join.joined_at)
    [match] = match_participants(hangout.network, [person])
    if match.member is None:
        logger.info("Zoom webhook: hangout %s, a join not matched to a member", hangout.pk)
        return None
    existing = Attendance.objects.filter(hangout=hangout, member=match.member).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Attendance.objects.create(
                    hangout=hangout,
                    member=match.member,
                    first_join=join.joined_at,
                    source=Attendance.Source.WEBHOOK,
                )
        except IntegrityError:
            # The same join delivered twice at once: the other delivery recorded it.
            existing = Attendance.objects.get(hangout=hangout, member=match.member)
    if existing.first_join is None or join.joined_at < existing.first_join:
        existing.first_join = join.joined_at
        existing.save(update_fields=["first_join"])
    return existing
