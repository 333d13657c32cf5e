"""Attendance import: read a participant report, plan what it would record, apply it atomically.

Like the roster import (network/roster.py), the plan is computed by the same code for the
preview, the review and the import, and the import re-plans from the stored file inside one
transaction, so what the organiser confirmed is what happens. Rules:
- a person matched to a member (matching.py) is recorded for that member; one matched by an
  alias as a guest is recorded as a guest; the others wait for the review and are left out;
- the host's account, when it matches no member, is not a participant: it is left out;
- an import replaces the hangout's earlier imported rows (re-importing the same or a corrected
  file never doubles anything); rows entered by hand are kept as they are, and the report does
  not add the same member again (the organiser's word wins); a member who checked in keeps
  their check-in row, which takes the report's minutes;
- two report people matched to the same member become one row: minutes are summed, but never
  more than the span from the first join to the last leave (two devices at once count once);
- anything that fails leaves the previous attendance as it was (one transaction).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hangouts.accounts.models import User
from hangouts.network.models import Member, Organisation
from hangouts.participation import reports
from hangouts.participation.actions import ensure_attendance_open
from hangouts.participation.feedback_requests import queue_feedback_requests
from hangouts.participation.matching import Candidate, Match, fold, match_participants
from hangouts.participation.models import Attendance, AttendanceImport, MemberAlias
from hangouts.participation.reports import Participant, Report, ReportError, zoom_api
from hangouts.programme.models import Hangout


class AttendanceImportError(Exception):
    """The import cannot be applied; the message is translated, for the organiser."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class Status(StrEnum):
    MATCHED = "matched"
    GUEST = "guest"
    REVIEW = "review"
    HOST = "host"  # the host's account, on no member: left out


@dataclass
class PersonPlan:
    index: int
    match: Match
    status: Status
    # "manual" / "check_in" / "webhook" when the member (or guest) is already recorded so.
    already: str = ""

    @property
    def participant(self) -> Participant:
        return self.match.participant

    @property
    def member(self) -> Member | None:
        return self.match.member

    @property
    def candidates(self) -> list[Candidate]:
        return self.match.candidates

    @property
    def confidence_percent(self) -> int:
        return round(self.match.confidence * 100)


@dataclass
class ImportPlan:
    format: str = ""
    rows: int = 0
    people: list[PersonPlan] = field(default_factory=list)
    file_error: str = ""

    def with_status(self, status: Status) -> list[PersonPlan]:
        return [person for person in self.people if person.status == status]

    @property
    def matched(self) -> list[PersonPlan]:
        return self.with_status(Status.MATCHED)

    @property
    def guests(self) -> list[PersonPlan]:
        return self.with_status(Status.GUEST)

    @property
    def needs_review(self) -> list[PersonPlan]:
        return self.with_status(Status.REVIEW)

    @property
    def hosts(self) -> list[PersonPlan]:
        return self.with_status(Status.HOST)

    @property
    def minutes(self) -> int:
        return sum(person.participant.minutes for person in self.people)

    def person(self, index: int) -> PersonPlan | None:
        return self.people[index] if 0 <= index < len(self.people) else None

    def summary(self) -> dict[str, Any]:
        """The counts of `import_attendance --json` (issue 5, item 5).

        people = distinct participants after merging; matched + guests + needs_review is
        people minus the host accounts on no member (left out).
        """
        return {
            "format": self.format,
            "rows": self.rows,
            "people": len(self.people),
            "matched": len(self.matched),
            "needs_review": len(self.needs_review),
            "guests": len(self.guests),
            "minutes": self.minutes,
        }


def read_report(content: bytes, *, time_zone: str) -> Report:
    """The parsers' entry point (participation/reports), which refuses empty and large files.

    Participants fetched from Zoom's API are stored as a small JSON payload (reports/zoom_api.py)
    and read here by the same entry point, so they take the same plan, review and import path.
    """
    if zoom_api.is_payload(content):
        return zoom_api.read_payload(content)
    return reports.read_report(content, time_zone=time_zone)


def plan_import(hangout: Hangout, content: bytes) -> ImportPlan:
    """What importing `content` for this hangout would record. Reads only (a fixed number of
    queries: the roster, the aliases, the rows already recorded).
    """
    network = hangout.network
    try:
        report = read_report(content, time_zone=network.time_zone)
    except ReportError as error:
        return ImportPlan(file_error=str(error.message))
    plan = ImportPlan(format=report.format, rows=report.rows)
    matches = match_participants(network, report.participants)
    kept = Attendance.objects.filter(hangout=hangout).exclude(source=Attendance.Source.IMPORT)
    by_member: dict[int, str] = {}
    by_guest: dict[str, str] = {}
    for row in kept.only("member_id", "guest_name", "source"):
        if row.member_id is not None:
            by_member[row.member_id] = row.source
        else:
            by_guest.setdefault(fold(row.guest_name), row.source)
    for index, match in enumerate(matches):
        if match.member is not None:
            status, already = Status.MATCHED, by_member.get(match.member.pk, "")
        elif match.guest:
            status, already = Status.GUEST, by_guest.get(fold(match.participant.name), "")
        elif match.participant.is_host:
            status, already = Status.HOST, ""
        else:
            status, already = Status.REVIEW, ""
        plan.people.append(PersonPlan(index=index, match=match, status=status, already=already))
    return plan


def merged_minutes(people: list[Participant]) -> int:
    """One member's minutes from several report people: summed, never above their span."""
    total = sum(person.minutes for person in people)
    if len(people) == 1:
        return total
    joins = [p.first_join for p in people if p.first_join is not None]
    leaves = [p.last_leave for p in people if p.last_leave is not None]
    if len(joins) != len(people) or len(leaves) != len(people):
        return max(person.minutes for person in people)  # overlap unknown: count once
    span = round((max(leaves) - min(joins)).total_seconds() / 60)
    return min(total, span)


def earliest(people: list[Participant]) -> datetime | None:
    joins = [p.first_join for p in people if p.first_join is not None]
    return min(joins) if joins else None


def write_plan(
    hangout: Hangout, plan: ImportPlan, record: AttendanceImport, by: User | None
) -> None:
    now = timezone.now()
    Attendance.objects.filter(hangout=hangout, source=Attendance.Source.IMPORT).delete()
    # Check-in rows that took an earlier import's minutes give them back.
    Attendance.objects.filter(hangout=hangout, attendance_import__isnull=False).update(
        minutes=0, attendance_import=None
    )
    kept = {
        row.member_id: row
        for row in Attendance.objects.filter(hangout=hangout, member__isnull=False)
    }
    grouped: dict[int, list[Participant]] = defaultdict(list)
    members: dict[int, Member] = {}
    for person in plan.matched:
        assert person.member is not None  # matched means a member
        grouped[person.member.pk].append(person.participant)
        members[person.member.pk] = person.member
    new: list[Attendance] = []
    taking_minutes: list[Attendance] = []
    for member_id, people in grouped.items():
        existing = kept.get(member_id)
        if existing is None:
            new.append(
                Attendance(
                    hangout=hangout,
                    member=members[member_id],
                    minutes=merged_minutes(people),
                    first_join=earliest(people),
                    source=Attendance.Source.IMPORT,
                    recorded_by=by,
                    recorded_at=now,
                    attendance_import=record,
                )
            )
        elif existing.source != Attendance.Source.MANUAL:
            existing.minutes = merged_minutes(people)
            existing.attendance_import = record
            taking_minutes.append(existing)
    for person in plan.guests:
        if not person.already:
            participant = person.participant
            new.append(
                Attendance(
                    hangout=hangout,
                    guest_name=participant.name[:200],
                    minutes=participant.minutes,
                    first_join=participant.first_join,
                    source=Attendance.Source.IMPORT,
                    recorded_by=by,
                    recorded_at=now,
                    attendance_import=record,
                )
            )
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(taking_minutes, ["minutes", "attendance_import"])


def store_report(
    hangout: Hangout, *, content: bytes, file_name: str, by: User | None
) -> AttendanceImport:
    """Keep an uploaded report for its preview (no attendance is written)."""
    return AttendanceImport.objects.create(
        hangout=hangout, content=content, file_name=file_name[:200], created_by=by
    )


@transaction.atomic
def apply_attendance_import(record: AttendanceImport, *, by: User | None) -> ImportPlan:
    """Record the attendance of a stored report: all of it, or nothing.

    Re-plans from the stored file (aliases decided in the review count). People who still
    need review are left out; applying the same import again after more decisions, or a newer
    import of the same hangout, replaces the imported rows.
    Raises AttendanceImportError for a file that cannot be read, AttendanceNotOpen for a
    hangout that has not taken place.
    Side effects: the hangout's imported Attendance rows replaced; check-in rows take the
    report's minutes; the import marked applied with its summary and format; the feedback
    request queued for attendees not asked yet (participation/feedback_requests.py).
    """
    hangout = (
        Hangout.objects.select_for_update().select_related("network").get(pk=record.hangout_id)
    )
    ensure_attendance_open(hangout)
    plan = plan_import(hangout, bytes(record.content))
    if plan.file_error:
        raise AttendanceImportError(plan.file_error)
    write_plan(hangout, plan, record, by)
    record.format, record.summary, record.applied_at = plan.format, plan.summary(), timezone.now()
    record.save(update_fields=["format", "summary", "applied_at"])
    # Attendees not asked yet get the feedback request while its window is open.
    queue_feedback_requests(hangout)
    return plan


class Decision(StrEnum):
    MEMBER = "member"  # this is that member
    NEW = "new"  # a new member, added to the roster
    GUEST = "guest"  # someone not on the roster


@transaction.atomic
def decide_person(
    record: AttendanceImport,
    *,
    index: int,
    decision: Decision,
    by: User | None,
    member: Member | None = None,
    name: str = "",
    organisation: Organisation | None = None,
) -> MemberAlias:
    """Remember an organiser's decision about one person of a report, for this and later imports.

    MEMBER needs `member` (of the hangout's network); NEW needs `name` and adds a member with
    the report's email (and phone, when the display name was one); GUEST needs nothing.
    Raises AttendanceImportError when the file no longer reads or has no such person.
    Side effects: a MemberAlias created or replaced (same name and email); for NEW, a Member.
    """
    hangout = record.hangout
    network = hangout.network
    plan = plan_import(hangout, bytes(record.content))
    person = plan.person(index)
    if plan.file_error or person is None:
        raise AttendanceImportError(_("This person is not in the report."))
    participant = person.participant
    if decision == Decision.MEMBER:
        if member is None or member.network_id != network.pk:
            raise ValueError("Choose a member of the hangout's network.")
    elif decision == Decision.NEW:
        if not name.strip():
            raise ValueError("A new member needs a name.")
        if organisation is not None and organisation.network_id != network.pk:
            raise ValueError("The organisation belongs to another network.")
        phone = person.match.key if person.match.key.startswith("+") else ""
        member = Member.objects.create(
            network=network,
            name=name.strip(),
            organisation=organisation,
            email=participant.email.lower(),
            phone=phone,
        )
    else:
        member = None
    alias, _created = MemberAlias.objects.update_or_create(
        network=network,
        key=person.match.key,
        email=participant.email.lower(),
        defaults={
            "member": member,
            "is_guest": member is None,
            "created_by": by,
            "created_at": timezone.now(),
        },
    )
    return alias
