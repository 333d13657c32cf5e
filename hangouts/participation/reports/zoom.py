"""Zoom: meeting participants (every header generation, unique users, localised headers, with or
without the meeting-data preamble) and webinar attendee reports (host, panelist, attendee
sections). Sources: integrations.md §1a, §1b.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from hangouts.participation.reports import Report, ReportError
from hangouts.participation.reports.common import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    Sheet,
    cell,
    check_not_cut,
    column,
    columns,
    duration_in,
    email_of,
    header_keys,
    is_yes,
    key,
    preamble,
    start_of,
    time_in,
)
from hangouts.participation.reports.people import (
    HOST_IN_BRACKETS,
    Row,
    people,
    with_host,
)
from hangouts.participation.reports.times import (
    Clock,
)

# Header aliases after common.key (NFKC: Japanese full-width brackets become ASCII). French and
# Spanish Zoom headers are not verified against a real export (integrations.md §10).
ALIASES = {
    "name": frozenset(
        {
            "name (original name)",
            "user name (original name)",
            "name",
            "名前 (元の名前)",
            "nom (nom d'origine)",
            "nombre (nombre original)",
        }
    ),
    "email": frozenset(
        {"user email", "email", "e-mail", "ユーザーメール", "e-mail de l'utilisateur"}
    ),
    "join": frozenset({"join time", "参加時刻", "heure d'arrivée", "hora de entrada"}),
    "leave": frozenset({"leave time", "退出時刻", "heure de départ", "hora de salida"}),
    "duration": frozenset(
        {
            "duration (minutes)",
            "time in session (minutes)",
            "所要時間(分)",
            "durée (minutes)",
            "duración (minutos)",
        }
    ),
    "total": frozenset({"total duration (minutes)", "durée totale (minutes)"}),
    "waiting": frozenset({"in waiting room", "dans la salle d'attente", "en la sala de espera"}),
    "attended": frozenset({"attended"}),
    "role": frozenset({"role", "user role"}),
}
SECTIONS = {
    "host details": "host",
    "panelist details": "panelist",
    "attendee details": "attendee",
}
ROLES = {"host": "host", "co-host": "co-host", "cohost": "co-host", "panelist": "panelist"}


def matches(header: Sequence[str]) -> bool:
    """A name column and a duration in minutes: every Zoom participants header has both."""
    has = set(header)
    return bool(has & ALIASES["name"]) and bool(has & (ALIASES["duration"] | ALIASES["total"]))


def read(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    above = {key(row[0]) for row in sheet.rows[:at] if row}
    if column(header_keys(sheet.rows[at]), ALIASES["attended"]) is not None or (
        above & {"attendee report", *SECTIONS}
    ):
        return read_webinar(sheet, at, zone)
    return read_meeting(sheet, at, zone)


def read_meeting(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    cols = columns(header_keys(sheet.rows[at]), ALIASES)
    data = [
        (i, row)
        for i, row in enumerate(sheet.rows[at + 1 :], start=at + 1)
        if cell(row, cols["name"]) or cell(row, cols["email"])
    ]
    if len(data) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if data:
        needed = ("join", "leave", "duration" if cols["duration"] is not None else "total")
        check_not_cut(sheet, data[-1][0], {field: cols[field] for field in needed})
    clock = Clock((cell(r, cols[c]) for _, r in data for c in ("join", "leave")), zone)
    rows = [
        participant_row(sheet, i, row, cols, clock, header=sheet.rows[at])
        for i, row in data
        if not is_yes(cell(row, cols["waiting"]))
    ]
    info = preamble(sheet.rows[:at])
    host = HOST_IN_BRACKETS.match(info.get("host", ""))
    found = with_host(
        people(rows),
        email=host.group("email") if host else info.get("user email", ""),
        name=host.group("name") if host else "",
    )
    return Report(
        format="zoom_meeting",
        rows=len(rows),
        participants=found,
        meeting_started_at=start_of([info.get("start time", "")], zone),
    )


def participant_row(
    sheet: Sheet,
    index: int,
    row: list[str],
    cols: dict[str, int | None],
    clock: Clock,
    *,
    header: list[str],
    role: str = "attendee",
) -> Row:
    start, end = (time_in(sheet, index, row, cols[c], clock, header) for c in ("join", "leave"))
    duration_at = cols["duration"] if cols["duration"] is not None else cols["total"]
    seconds = None
    if not (start and end):
        seconds = duration_in(sheet, index, row, duration_at, header)
    written_role = ROLES.get(key(cell(row, cols["role"])), role)
    return Row(
        name=cell(row, cols["name"]) or cell(row, cols["email"]),
        email=email_of(cell(row, cols["email"])),
        start=start,
        end=end,
        seconds=seconds,
        role=written_role,
    )


def read_webinar(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    role = next(
        (SECTIONS[key(r[0])] for r in reversed(sheet.rows[:at]) if r and key(r[0]) in SECTIONS),
        "attendee",
    )
    entries: list[tuple[int, list[str], dict[str, int | None], list[str], str]] = []
    cols: dict[str, int | None] | None = None
    header: list[str] = []
    for index, row in enumerate(sheet.rows[at:], start=at):
        first = key(row[0]) if row else ""
        if not any(row[1:]) and first:  # a section title: "Host Details", "Attendee Details"…
            role, cols = SECTIONS.get(first, ""), None
            continue
        keys = header_keys(row)
        if matches(keys):
            cols, header = columns(keys, ALIASES), row
            continue
        if not role or cols is None or not row or not cell(row, cols["name"]):
            continue
        if cols["attended"] is not None and not is_yes(cell(row, cols["attended"])):
            continue  # registered, did not come
        entries.append((index, row, cols, header, role))
    if len(entries) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if entries:
        last, cols = entries[-1][0], entries[-1][2]
        check_not_cut(sheet, last, {"join": cols["join"], "leave": cols["leave"]})
    clock = Clock((cell(r, c[f]) for _, r, c, _, _ in entries for f in ("join", "leave")), zone)
    rows = [
        participant_row(sheet, i, row, c, clock, header=h, role=role)
        for i, row, c, h, role in entries
    ]
    info = preamble(sheet.rows[:at])
    return Report(
        format="zoom_webinar",
        rows=len(rows),
        participants=people(rows),
        meeting_started_at=start_of([info.get("actual start time", "")], zone),
    )
