"""Google Meet attendance: the 2020-23 layout (First name, Last name, Email, Duration, Time
joined, Time exited: times of day, the date only in the file's name) and the newer one (a
"* Meeting code" preamble, then Full Name, First Seen, Time in Call). Source: integrations.md §3a.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import tzinfo

from hangouts.participation.reports import Report, ReportError
from hangouts.participation.reports.common import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    Sheet,
    cell,
    check_not_cut,
    columns,
    duration_in,
    email_of,
    header_keys,
    start_of,
    time_in,
)
from hangouts.participation.reports.people import (
    Row,
    people,
)
from hangouts.participation.reports.times import (
    Clock,
)

ALIASES = {
    "name": frozenset({"full name", "participant name"}),
    "first": frozenset({"first name"}),
    "last": frozenset({"last name"}),
    "email": frozenset({"email", "e-mail"}),
    "duration": frozenset({"time in call", "duration"}),
    "seen": frozenset({"first seen", "time joined"}),
}
CREATED = re.compile(r"created on\s+(.+)$", re.IGNORECASE)


def matches(header: Sequence[str]) -> bool:
    present = set(header)
    newer = {"full name", "first seen", "time in call"} <= present
    legacy = {"first name", "last name", "duration", "time joined"} <= present
    return newer or legacy


def read(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    header = sheet.rows[at]
    cols = columns(header_keys(header), ALIASES)
    data = [(i, row) for i, row in enumerate(sheet.rows[at + 1 :], start=at + 1) if any(row)]
    if len(data) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if data:
        check_not_cut(sheet, data[-1][0], {"duration": cols["duration"]})
    # Legacy "Time joined" is a time of day without a date: it is not read (no first join).
    dated = cols["seen"] is not None and header_keys(header)[cols["seen"]] == "first seen"
    clock = Clock((cell(r, cols["seen"]) for _, r in data) if dated else [], zone)
    rows = []
    for index, row in data:
        name = cell(row, cols["name"]) or " ".join(
            part for part in (cell(row, cols["first"]), cell(row, cols["last"])) if part
        )
        seconds = duration_in(sheet, index, row, cols["duration"], header)
        first = time_in(sheet, index, row, cols["seen"], clock, header) if dated else None
        email = email_of(cell(row, cols["email"]))
        rows.append(Row(name=name or email, email=email, seconds=seconds, first=first))
    created = [m.group(1) for r in sheet.rows[:at] if r and (m := CREATED.search(r[0]))]
    return Report(
        format="meet",
        rows=len(rows),
        participants=people(rows),
        meeting_started_at=start_of(created, zone),
    )
