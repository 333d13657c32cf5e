"""Microsoft Teams: attendance reports (2021 one table, 2022+ numbered sections, Excel re-saves
with ';', localised headers), the legacy 2020 Joined/Left list, and the Live Events engagement
report (times in UTC). Source: integrations.md §3b.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

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
    key,
    start_of,
    time_in,
    unreadable,
)
from hangouts.participation.reports.people import (
    Row,
    people,
)
from hangouts.participation.reports.times import (
    Clock,
)

# After common.key. Section titles and headers are localised, so the table is found by the shape
# of its header, never by the words "2. Participants".
ALIASES = {
    "name": frozenset({"name", "full name", "nom complet", "nom", "nama", "nombre completo"}),
    "join": frozenset(
        {"join time", "first join", "heure d'arrivée", "première arrivée", "hora de unión"}
    ),
    "leave": frozenset(
        {"leave time", "last leave", "heure de départ", "dernier départ", "hora de salida"}
    ),
    "duration": frozenset(
        {"duration", "in-meeting duration", "durée", "durée de la réunion", "duración"}
    ),
    "email": frozenset({"email", "e-mail", "adresse e-mail", "correo electrónico"}),
    "role": frozenset({"role", "rôle", "rol", "rolle"}),
}
# In the participants section First Join / Last Leave are bounds, not continuous presence: the
# time present is the In-Meeting Duration.
SUMMARY = frozenset({"first join", "in-meeting duration", "première arrivée"})
LIST = {
    "name": frozenset({"full name", "nom complet"}),
    "action": frozenset({"user action", "action de l'utilisateur"}),
    "time": frozenset({"timestamp", "horodatage"}),
}
LIVE = {
    "session": frozenset({"session id", "sessionid"}),
    "id": frozenset({"participant id", "participantid"}),
    "name": frozenset({"full name", "fullname"}),
    "time": frozenset({"utc event timestamp", "utceventtimestamp"}),
    "action": frozenset({"action"}),
    "role": frozenset({"role"}),
}
ROLES = {
    "organizer": "organiser",
    "organiser": "organiser",
    "organisateur": "organiser",
    "organizador": "organiser",
    "organisator": "organiser",
    "co-organizer": "co-host",
    "co-organisateur": "co-host",
    "presenter": "presenter",
    "présentateur": "presenter",
    "presentador": "presenter",
    "producer": "co-host",
}
JOINED = frozenset({"joined", "joined before", "a rejoint", "rejoint avant"})
LEFT = frozenset({"left", "a quitté"})
START_KEYS = ("start time", "meeting start time", "heure de début de la réunion")


def _has(header: Sequence[str], aliases: dict[str, frozenset[str]]) -> bool:
    present = set(header)
    return all(present & names for field, names in aliases.items() if field != "role")


def matches(header: Sequence[str]) -> bool:
    return _has(header, ALIASES) or _has(header, LIST) or _has(header, LIVE)


def read(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    header = header_keys(sheet.rows[at])
    if _has(header, LIVE):
        return read_events(sheet, at, zone, LIVE, source_zone=UTC)
    if not _has(header, ALIASES):
        return read_events(sheet, at, zone, LIST, source_zone=zone)
    cols = columns(header, ALIASES)
    summary = bool(set(header) & SUMMARY)
    end = next((i for i in range(at + 1, len(sheet.rows)) if not sheet.rows[i]), len(sheet.rows))
    data = [(i, sheet.rows[i]) for i in range(at + 1, end) if cell(sheet.rows[i], cols["name"])]
    if len(data) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if data:
        check_not_cut(sheet, data[-1][0], {"leave": cols["leave"]})
    clock = Clock((cell(r, cols[c]) for _, r in data for c in ("join", "leave")), zone)
    rows = []
    for index, row in data:
        start, end_at = (
            time_in(sheet, index, row, cols[c], clock, sheet.rows[at]) for c in ("join", "leave")
        )
        seconds = None
        if summary or not (start and end_at):
            seconds = duration_in(sheet, index, row, cols["duration"], sheet.rows[at])
        stretch = not summary and start and end_at
        rows.append(
            Row(
                name=cell(row, cols["name"]),
                email=email_of(cell(row, cols["email"])),
                start=start if stretch else None,
                end=end_at if stretch else None,
                seconds=seconds,
                first=start,
                last=end_at,
                role=ROLES.get(key(cell(row, cols["role"])), "attendee"),
            )
        )
    facts = {key(r[0]): r[1] for r in sheet.rows[:at] if len(r) >= 2}
    return Report(
        format="teams",
        rows=len(rows),
        participants=people(rows),
        meeting_started_at=start_of([facts.get(k, "") for k in START_KEYS], zone),
    )


def read_events(
    sheet: Sheet,
    at: int,
    zone: tzinfo,
    aliases: dict[str, frozenset[str]],
    *,
    source_zone: tzinfo,
) -> Report:
    """Joined / Left events paired per person; a stretch still open ends at the last event."""
    header = sheet.rows[at]
    cols = columns(header_keys(header), aliases)
    data = [(i, row) for i, row in enumerate(sheet.rows[at + 1 :], start=at + 1) if row]
    if len(data) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if data:
        check_not_cut(sheet, data[-1][0], {"time": cols["time"], "action": cols["action"]})
    clock = Clock((cell(r, cols["time"]) for _, r in data), zone, source_zone=source_zone)
    events: dict[str, list[tuple[datetime, bool]]] = {}
    names: dict[str, Row] = {}
    for index, row in data:
        moment = time_in(sheet, index, row, cols["time"], clock, header)
        action = key(cell(row, cols["action"]))
        if moment is None or action not in JOINED | LEFT:
            what = "time" if moment is None else "action"
            raise unreadable(sheet, index, cell(header, cols[what]), cell(row, cols[what]))
        name, ident = cell(row, cols["name"]), cell(row, cols.get("id"))
        person = "id:" + (ident or cell(row, cols.get("session")) or key(name))
        names.setdefault(
            person,
            Row(
                name=name,
                email=email_of(ident),
                role=ROLES.get(key(cell(row, cols.get("role"))), "attendee"),
                key=person,
            ),
        )
        events.setdefault(person, []).append((moment, action in JOINED))
    times = [moment for timeline in events.values() for moment, _ in timeline]
    rows = [
        stretch
        for person, timeline in events.items()
        for stretch in stretches(names[person], timeline, min(times), max(times))
    ]
    return Report(format="teams", rows=len(data), participants=people(rows))


def stretches(
    person: Row, timeline: list[tuple[datetime, bool]], opened: datetime, closed: datetime
) -> list[Row]:
    """One Row per stretch of presence; the first carries the count of the person's events."""
    found: list[tuple[datetime, datetime]] = []
    open_since: list[datetime] = []
    for moment, joined in sorted(timeline, key=lambda event: (event[0], not event[1])):
        if joined:
            open_since.append(moment)
        else:
            found.append((open_since.pop() if open_since else opened, moment))
    found += [(start, closed) for start in open_since]
    return [
        Row(
            name=person.name,
            email=person.email,
            start=start,
            end=end,
            role=person.role,
            key=person.key,
            rows=len(timeline) if number == 0 else 0,
        )
        for number, (start, end) in enumerate(found)
    ]
