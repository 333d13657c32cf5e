"""Report rows merged into people: rejoins and two devices counted once, the host marked."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from hangouts.participation.reports import Participant
from hangouts.participation.reports.common import key
from hangouts.participation.reports.times import rounded_minutes

ROLE_RANK = {"host": 5, "organiser": 5, "co-host": 4, "presenter": 3, "panelist": 3}


@dataclass
class Row:
    """One participant row of a report, as a reader understood it."""

    name: str
    email: str = ""
    start: datetime | None = None  # with `end`: a stretch of continuous presence
    end: datetime | None = None
    seconds: int | None = None  # the file's duration, used when the row has no stretch
    first: datetime | None = None  # outer bounds when the file gives them without a stretch
    last: datetime | None = None
    role: str = "attendee"
    key: str = ""  # who this row belongs to, when neither email nor name can say
    rows: int = 1  # report rows this stands for (Teams events: one person's joins and leaves)


def person_key(row: Row) -> str:
    if row.key:
        return row.key
    if row.email:
        return "email:" + row.email
    return "name:" + unicodedata.normalize("NFC", " ".join(row.name.split())).casefold()


def merged_seconds(stretches: list[tuple[datetime, datetime]]) -> int:
    """Seconds covered by the stretches, overlaps counted once."""
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(stretches):
        if current_end is None or current_start is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None and current_start is not None:
        total += (current_end - current_start).total_seconds()
    return round(total)


def people(rows: list[Row]) -> list[Participant]:
    """Rows merged per person (email, else the name case-folded), in the order first seen."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(person_key(row), []).append(row)
    return [participant(group) for group in groups.values()]


def participant(group: list[Row]) -> Participant:
    stretches = [(r.start, max(r.start, r.end)) for r in group if r.start and r.end]
    loose = sum(r.seconds or 0 for r in group if not (r.start and r.end))
    starts = [t for r in group for t in (r.start, r.first) if t is not None]
    ends = [t for r in group for t in (r.end, r.last) if t is not None]
    role = max((r.role for r in group), key=lambda role: ROLE_RANK.get(role, 1))
    return Participant(
        name=group[0].name,
        email=next((r.email for r in group if r.email), ""),
        minutes=rounded_minutes(merged_seconds(stretches) + loose),
        first_join=min(starts, default=None),
        last_leave=max(ends, default=None),
        is_host=role in ("host", "organiser"),
        role=role,
        rows=sum(r.rows for r in group),
    )


HOST_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<email>[^()\s]+@[^()\s]+)\)\s*$")


def with_host(found: list[Participant], *, email: str, name: str) -> list[Participant]:
    """Marks the participant the file names as its host (by email, else by the exact name)."""
    email, wanted = email.casefold(), key(name)
    index = next((i for i, p in enumerate(found) if email and p.email == email), None)
    if index is None and wanted:
        index = next((i for i, p in enumerate(found) if key(p.name) == wanted), None)
    if index is None:
        return found
    found = list(found)
    found[index] = replace(found[index], is_host=True, role="host")
    return found
