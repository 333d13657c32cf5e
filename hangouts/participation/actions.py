"""RSVPs and attendance: the workflows that write them.

Seats are counted in `Hangout.going_count` and taken only by a conditional UPDATE
("… WHERE capacity IS NULL OR going_count < capacity"), which is correct on SQLite and on
PostgreSQL alike (docs: stack.md §3.2). The RSVP rows are guarded by their unique constraints;
a duplicate from a concurrent request rolls back its seat with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.models import User
from hangouts.network.models import Member
from hangouts.outreach.mailings import notify_promoted
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.models import Hangout

# The shared check-in link works from 15 minutes before the start to 30 minutes after it.
CHECK_IN_OPENS_BEFORE = timedelta(minutes=15)
CHECK_IN_CLOSES_AFTER = timedelta(minutes=30)

# A waiting-list row locked by a concurrent answer can hide from "first waiting … FOR UPDATE"
# on PostgreSQL; looking again a few times finds the next one.
PROMOTION_TRIES = 5


class RsvpClosed(Exception):
    """The hangout takes no answers: a draft, cancelled, held, or already over."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class CheckInClosed(Exception):
    """The shared check-in link is used outside its window, or for a cancelled hangout."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class AttendanceNotOpen(Exception):
    """Attendance is recorded only for a hangout that has started and was not cancelled."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RsvpOutcome:
    """The answer as stored, and the waiting members who got a seat because of it."""

    rsvp: RSVP
    promoted: list[RSVP] = field(default_factory=list)


def ensure_open(hangout: Hangout, now: datetime | None = None) -> None:
    """Raise RsvpClosed unless the hangout is scheduled and not over."""
    now = now or timezone.now()
    if hangout.status == Hangout.Status.CANCELLED:
        raise RsvpClosed(_("This hangout was cancelled."))
    if hangout.status == Hangout.Status.HELD or hangout.ends_at <= now:
        raise RsvpClosed(_("This hangout is over."))
    if hangout.status != Hangout.Status.SCHEDULED:
        raise RsvpClosed(_("This hangout does not take answers yet."))


def take_seat(hangout_id: int) -> bool:
    """One seat, if one is free; the condition is checked by the database, not in Python."""
    has_room = Q(capacity__isnull=True) | Q(going_count__lt=F("capacity"))
    taken = Hangout.objects.filter(has_room, pk=hangout_id).update(going_count=F("going_count") + 1)
    return taken == 1


def free_seat(hangout_id: int) -> None:
    Hangout.objects.filter(pk=hangout_id, going_count__gt=0).update(
        going_count=F("going_count") - 1
    )


def waiting(hangout_id: int) -> QuerySet[RSVP]:
    """The waiting list in the order it is served: first answered, first promoted."""
    return RSVP.objects.filter(hangout_id=hangout_id, status=RSVP.Status.WAITLISTED).order_by(
        "answered_at", "pk"
    )


def promote_waitlisted(hangout: Hangout) -> list[RSVP]:
    """Give free seats to the waiting list, in its order; returns who was promoted.

    Called after a cancellation; organisers' actions may call it after raising the capacity.
    Side effects: RSVPs move from waitlisted to going, `going_count` grows by as many.
    The caller tells the promoted members (`record_rsvp` does, after commit).
    """
    promoted: list[RSVP] = []
    tries = 0
    while tries < PROMOTION_TRIES:
        with transaction.atomic():
            candidate = waiting(hangout.pk).select_for_update().first()
            if candidate is None:
                if not waiting(hangout.pk).exists():
                    break
                tries += 1  # locked by a concurrent answer: look again
                continue
            if not take_seat(hangout.pk):
                break
            candidate.status = RSVP.Status.GOING
            candidate.answered_at = timezone.now()
            candidate.save(update_fields=["status", "answered_at"])
            promoted.append(candidate)
    return promoted


def existing_rsvp(hangout: Hangout, member: Member | None, guest_phone: str) -> RSVP | None:
    rsvps = RSVP.objects.select_for_update().filter(hangout=hangout)
    if member is not None:
        return rsvps.filter(member=member).first()
    return rsvps.filter(member__isnull=True, guest_phone=guest_phone).first()


def apply_answer(
    hangout: Hangout,
    *,
    going: bool,
    via: RSVP.Via,
    member: Member | None,
    guest_name: str,
    guest_phone: str,
) -> RsvpOutcome:
    """One attempt, inside a savepoint: an IntegrityError rolls back the seat it took."""
    rsvp = existing_rsvp(hangout, member, guest_phone)
    if rsvp is None:
        rsvp = RSVP(hangout=hangout, member=member, guest_phone=guest_phone)
    old = rsvp.status if rsvp.pk else None
    if going and old in (RSVP.Status.GOING, RSVP.Status.WAITLISTED):
        # Going twice changes nothing; a waiting member keeps their place in the list.
        return RsvpOutcome(rsvp)
    if not going and old == RSVP.Status.CANCELLED:
        return RsvpOutcome(rsvp)
    if going:
        new = RSVP.Status.GOING if take_seat(hangout.pk) else RSVP.Status.WAITLISTED
    else:
        new = RSVP.Status.CANCELLED
    rsvp.status, rsvp.via, rsvp.answered_at = new, via, timezone.now()
    if member is None:
        rsvp.guest_name = guest_name
    rsvp.save()
    if old == RSVP.Status.GOING:
        free_seat(hangout.pk)
        return RsvpOutcome(rsvp, promote_waitlisted(hangout))
    return RsvpOutcome(rsvp)


@transaction.atomic
def record_rsvp(
    hangout: Hangout,
    *,
    going: bool,
    via: RSVP.Via,
    member: Member | None = None,
    guest_name: str = "",
    guest_phone: str = "",
) -> RsvpOutcome:
    """Record a member's (or a guest's, keyed by phone) answer: going or not going.

    Going takes a free seat, else a place at the end of the waiting list; going again changes
    nothing. Not going frees the seat of someone who was going, and the first on the waiting
    list takes it (returned in `promoted`). Raises RsvpClosed unless the hangout is scheduled
    and not over, ValueError for a member of another network or a guest without a phone.
    Side effects: one RSVP row created or updated; `hangout.going_count` changed in the
    database (the instance passed in is not refreshed); promoted RSVPs changed to going, and
    after commit the promoted members emailed (outreach.mailings.notify_promoted).
    """
    ensure_open(hangout)
    if member is not None and member.network_id != hangout.network_id:
        raise ValueError("The member belongs to another network.")
    if member is None and not guest_phone:
        raise ValueError("A guest's answer needs their phone number.")
    attempt = partial(
        apply_answer,
        hangout,
        going=going,
        via=via,
        member=member,
        guest_name=guest_name,
        guest_phone=guest_phone,
    )
    try:
        with transaction.atomic():
            outcome = attempt()
    except IntegrityError:
        # The same person answered at the same moment in another request, whose row is now
        # committed: apply this answer to it (the last click wins).
        outcome = attempt()
    if outcome.promoted:
        # Robust: a failure to queue the email must not turn a recorded answer into an error.
        transaction.on_commit(
            partial(notify_promoted, hangout, rsvps=outcome.promoted), robust=True
        )
    return outcome


def answer_rsvp(
    hangout: Hangout,
    *,
    going: bool,
    via: RSVP.Via,
    member: Member | None = None,
    guest_name: str = "",
    guest_phone: str = "",
) -> RSVP:
    """`record_rsvp` for callers that need only the stored answer (same side effects)."""
    return record_rsvp(
        hangout,
        going=going,
        via=via,
        member=member,
        guest_name=guest_name,
        guest_phone=guest_phone,
    ).rsvp


def waitlist_place(rsvp: RSVP) -> int | None:
    """1 for the first on the waiting list; None when the answer is not waitlisted."""
    if rsvp.status != RSVP.Status.WAITLISTED:
        return None
    ahead = waiting(rsvp.hangout_id).filter(
        Q(answered_at__lt=rsvp.answered_at) | Q(answered_at=rsvp.answered_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def ensure_attendance_open(hangout: Hangout) -> None:
    """Raise AttendanceNotOpen for a draft, a cancelled hangout or one not started yet."""
    if hangout.status in (Hangout.Status.DRAFT, Hangout.Status.CANCELLED):
        raise AttendanceNotOpen(_("Attendance is recorded only for hangouts that took place."))
    if hangout.starts_at > timezone.now():
        raise AttendanceNotOpen(_("This hangout has not started yet."))


@transaction.atomic
def record_attendance(
    hangout: Hangout,
    *,
    by: User | None,
    member: Member | None = None,
    guest_name: str = "",
    minutes: int = 0,
) -> Attendance:
    """An organiser records by hand that a member or a guest attended, for how many minutes.

    A member (or a guest of the same name) already recorded is updated, not duplicated.
    Raises AttendanceNotOpen for a hangout not started yet, a draft or a cancelled one, and
    ValueError for a member of another network or an entry naming nobody.
    Side effects: one Attendance row (source "manual") created or updated.
    """
    ensure_attendance_open(hangout)
    if member is not None and member.network_id != hangout.network_id:
        raise ValueError("The member belongs to another network.")
    guest_name = guest_name.strip()
    if member is None and not guest_name:
        raise ValueError("An attendance names a member or a guest.")
    values = {
        "minutes": minutes,
        "source": Attendance.Source.MANUAL,
        "recorded_by": by,
        "recorded_at": timezone.now(),
    }
    if member is not None:
        # The unique constraint on (hangout, member) makes this safe against a double submit.
        attendance, _created = Attendance.objects.update_or_create(
            hangout=hangout, member=member, defaults=values
        )
        return attendance
    same_guest = Attendance.objects.filter(hangout=hangout, member__isnull=True)
    guest = same_guest.filter(guest_name=guest_name).order_by("pk").first()
    if guest is None:
        return Attendance.objects.create(hangout=hangout, guest_name=guest_name, **values)
    for name, value in values.items():
        setattr(guest, name, value)
    guest.save(update_fields=list(values))
    return guest


def check_in_window(hangout: Hangout) -> tuple[datetime, datetime]:
    return hangout.starts_at - CHECK_IN_OPENS_BEFORE, hangout.starts_at + CHECK_IN_CLOSES_AFTER


def ensure_check_in_open(hangout: Hangout, now: datetime | None = None) -> None:
    """Raise CheckInClosed unless the hangout takes place and the check-in window is open."""
    now = now or timezone.now()
    if hangout.status == Hangout.Status.CANCELLED:
        raise CheckInClosed(_("This hangout was cancelled."))
    if hangout.status == Hangout.Status.DRAFT:
        raise CheckInClosed(_("This hangout is not scheduled yet."))
    opens, closes = check_in_window(hangout)
    if now < opens:
        raise CheckInClosed(
            _("Check-in opens 15 minutes before the hangout starts. Come back then.")
        )
    if now > closes:
        raise CheckInClosed(
            _(
                "Check-in closed 30 minutes after the start. If you attended, tell the "
                "organisers and they will add you."
            )
        )


def check_in_once(
    hangout: Hangout, *, member: Member | None, guest_name: str, guest_phone: str, now: datetime
) -> Attendance:
    rows = Attendance.objects.select_for_update().filter(hangout=hangout)
    if member is not None:
        existing = rows.filter(member=member).first()
    else:
        existing = rows.filter(member__isnull=True, guest_phone=guest_phone).first()
    if existing is not None:
        if existing.source == Attendance.Source.IMPORT:
            # Checked in: a re-import of the report must not remove this person.
            existing.source = Attendance.Source.CHECK_IN
            existing.save(update_fields=["source"])
        return existing
    return Attendance.objects.create(
        hangout=hangout,
        member=member,
        guest_name="" if member is not None else guest_name.strip()[:200],
        guest_phone="" if member is not None else guest_phone,
        source=Attendance.Source.CHECK_IN,
        first_join=now,
        recorded_at=now,
    )


@transaction.atomic
def record_check_in(
    hangout: Hangout,
    *,
    member: Member | None,
    guest_name: str = "",
    guest_phone: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Record that a person identified by phone (the shared check-in link) is at the hangout.

    A member already recorded keeps their row (an imported row becomes a check-in row, so that
    a re-import keeps it and gives it the report's minutes); an unknown phone is a guest,
    recorded once per phone. Raises CheckInClosed outside the window (15 minutes before the
    start to 30 minutes after), ValueError for a member of another network or a guest
    without a phone or a name.
    Side effects: at most one Attendance row created or changed (source "check_in").
    """
    now = now or timezone.now()
    ensure_check_in_open(hangout, now)
    if member is not None and member.network_id != hangout.network_id:
        raise ValueError("The member belongs to another network.")
    if member is None and not (guest_phone and guest_name.strip()):
        raise ValueError("A guest's check-in needs their name and phone number.")
    attempt = partial(
        check_in_once,
        hangout,
        member=member,
        guest_name=guest_name,
        guest_phone=guest_phone,
        now=now,
    )
    try:
        with transaction.atomic():
            return attempt()
    except IntegrityError:
        # The same person checked in at the same moment in another request: use that row.
        return attempt()
