"""Hangout workflows: schedule, reschedule, cancel, mark held. Each keeps the history."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.models import User
from hangouts.network.models import Member
from hangouts.outreach.announcements import (
    drop_announcements,
    move_announcements,
    plan_announcements,
)
from hangouts.programme import meetings
from hangouts.programme.models import (
    Hangout,
    HangoutChange,
    Presenter,
    Series,
    Topic,
    hangout_end,
)


class HangoutStateError(ValueError):
    """The hangout's status does not allow this step (e.g. cancelling a held hangout)."""


OPEN_STATUSES = (Hangout.Status.DRAFT, Hangout.Status.SCHEDULED)


@transaction.atomic
def schedule_hangout(
    topic: Topic,
    *,
    by: User,
    starts_at: datetime,
    minutes: int,
    title: str,
    description: str,
    series: Series | None = None,
    language: str,
    interpretation: str,
    capacity: int | None,
    agenda: list[list[str | int]],
    presenters: list[tuple[Member, str]],
    meeting_url: str = "",
    provider: str | None = None,
) -> Hangout:
    """Schedule a hangout on a topic.

    Side effects: a Hangout (scheduled), its Presenter rows, a HangoutChange (scheduled), the
    topic's status set to scheduled, the meeting link (`meetings.attach_meeting`; a Zoom meeting
    is created through its API), the hangout's announcements (invitation, reminders, end:
    `outreach.announcements.plan_announcements`). Raises meetings.MeetingError, and writes
    nothing, when Zoom fails. Provider: the one given, else the series', else a pasted URL.
    """
    network = topic.network
    if series is not None and series.network_id != network.pk:
        raise ValueError("The series belongs to another network.")
    if any(member.network_id != network.pk for member, _role in presenters):
        raise ValueError("Presenters must be members of the topic's network.")
    hangout = Hangout.objects.create(
        network=network,
        series=series,
        topic=topic,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=hangout_end(starts_at, minutes),
        language=language,
        interpretation=interpretation,
        capacity=capacity,
        status=Hangout.Status.SCHEDULED,
        agenda=agenda,
        meeting_provider=provider or (series.provider if series else Series.Provider.URL),
    )
    Presenter.objects.bulk_create(
        Presenter(hangout=hangout, member=member, role=role) for member, role in presenters
    )
    HangoutChange.objects.create(
        hangout=hangout, kind=HangoutChange.Kind.SCHEDULED, new_starts_at=starts_at, by=by
    )
    Topic.objects.filter(pk=topic.pk).update(status=Topic.Status.SCHEDULED)
    topic.status = Topic.Status.SCHEDULED
    meetings.attach_meeting(hangout, meeting_url=meeting_url)
    plan_announcements(hangout)
    return hangout


@transaction.atomic
def reschedule_hangout(hangout: Hangout, *, by: User, starts_at: datetime, note: str = "") -> None:
    """Move a draft or scheduled hangout, keeping its length and its meeting link.

    Side effects: the hangout's start and end, its `sequence` raised (calendars update), a
    HangoutChange (rescheduled, old and new start), a Zoom meeting moved through its API, the
    announcements moved and a change notice planned (`outreach.announcements.move_announcements`).
    """
    _require(hangout, OPEN_STATUSES, _("Only a draft or scheduled hangout can be moved."))
    old = hangout.starts_at
    length = hangout.duration
    hangout.starts_at = starts_at
    hangout.ends_at = starts_at + length
    hangout.sequence = F("sequence") + 1
    hangout.save(update_fields=["starts_at", "ends_at", "sequence"])
    hangout.refresh_from_db(fields=["sequence"])
    HangoutChange.objects.create(
        hangout=hangout,
        kind=HangoutChange.Kind.RESCHEDULED,
        old_starts_at=old,
        new_starts_at=starts_at,
        note=note,
        by=by,
    )
    meetings.move_meeting(hangout)
    move_announcements(hangout)


@transaction.atomic
def cancel_hangout(hangout: Hangout, *, by: User, note: str) -> None:
    """Cancel a draft or scheduled hangout.

    Side effects: status cancelled, `sequence` raised, a HangoutChange (cancelled, with the note),
    the topic back to shortlisted when no other hangout is planned on it, a Zoom meeting deleted,
    reminders dropped and a cancellation notice planned (`outreach.announcements`).
    """
    _require(hangout, OPEN_STATUSES, _("Only a draft or scheduled hangout can be cancelled."))
    hangout.status = Hangout.Status.CANCELLED
    hangout.sequence = F("sequence") + 1
    hangout.save(update_fields=["status", "sequence"])
    hangout.refresh_from_db(fields=["sequence"])
    HangoutChange.objects.create(
        hangout=hangout,
        kind=HangoutChange.Kind.CANCELLED,
        old_starts_at=hangout.starts_at,
        note=note,
        by=by,
    )
    if hangout.topic_id is not None:
        others = Hangout.objects.filter(topic_id=hangout.topic_id, status__in=OPEN_STATUSES)
        if not others.exists():
            Topic.objects.filter(pk=hangout.topic_id, status=Topic.Status.SCHEDULED).update(
                status=Topic.Status.SHORTLISTED
            )
    meetings.release_meeting(hangout)
    drop_announcements(hangout)


@transaction.atomic
def mark_held(hangout: Hangout, *, by: User) -> None:
    """Record that a scheduled hangout took place.

    Side effects: status held, a HangoutChange (held), the topic's status set to held.
    """
    _require(hangout, (Hangout.Status.SCHEDULED,), _("Only a scheduled hangout can be held."))
    hangout.status = Hangout.Status.HELD
    hangout.save(update_fields=["status"])
    HangoutChange.objects.create(hangout=hangout, kind=HangoutChange.Kind.HELD, by=by)
    if hangout.topic_id is not None:
        Topic.objects.filter(pk=hangout.topic_id).update(status=Topic.Status.HELD)


def _require(hangout: Hangout, statuses: tuple[str, ...], message: str | Promise) -> None:
    if hangout.status not in statuses:
        raise HangoutStateError(message)
