"""iCalendar (RFC 5545) events and invitations, through `icalendar` 7. No domain knowledge.

An add-to-calendar download has no METHOD (or PUBLISH) and no people; an emailed invitation
(RFC 5546, iTIP) adds `method="REQUEST"` or `"CANCEL"`, an organizer and attendees. The same
UID and a raised SEQUENCE make calendars update the event they already have instead of adding
a second one, so callers must keep the UID stable for the life of what it describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vDuration, vText
from icalendar.enums import STATUS

PRODID = "-//Hangouts//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Attendee:
    """A person invited by email. `rsvp=False` asks their calendar not to send replies."""

    email: str
    name: str = ""
    rsvp: bool = False


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    return address


def _attendee(person: Attendee) -> vCalAddress:
    address = _address(person.email, person.name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["RSVP"] = "TRUE" if person.rsvp else "FALSE"
    return address


def event(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    url: str = "",
    location: str = "",
    organizer_email: str = "",
    organizer_name: str = "",
    attendees: Sequence[Attendee] = (),
    time_zone: str,
    status: str = "CONFIRMED",
    stamp: datetime | None = None,
) -> Event:
    """One VEVENT, its times written with the TZID of `time_zone` (e.g. Asia/Vientiane).

    Separate from `calendar_event` so that a feed can put many events in one calendar.
    """
    zone = ZoneInfo(time_zone)
    return Event.new(
        uid=uid,
        sequence=sequence,
        stamp=stamp,
        start=starts_at.astimezone(zone),
        end=ends_at.astimezone(zone),
        summary=summary,
        description=description or None,
        location=location or None,
        url=url or None,
        organizer=_address(organizer_email, organizer_name) if organizer_email else None,
        attendees=[_attendee(person) for person in attendees] or None,
        status=STATUS(status),
    )


def calendar(
    events: Sequence[Event],
    *,
    method: str | None = None,
    prodid: str = PRODID,
    name: str = "",
    refresh: timedelta | None = None,
) -> bytes:
    """A VCALENDAR with the events and the VTIMEZONE definitions their TZIDs need.

    A subscribed feed gives a `name` (NAME and X-WR-CALNAME) and how often to `refresh`
    (RFC 7986 REFRESH-INTERVAL;VALUE=DURATION, and X-PUBLISHED-TTL, which Outlook reads).
    """
    cal = Calendar.new(prodid=prodid, method=method, name=name or None)
    if refresh is not None:
        cal.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(refresh))
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_event(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    url: str,
    location: str = "",
    organizer_email: str = "",
    organizer_name: str = "",
    attendees: Sequence[Attendee] = (),
    time_zone: str,
    method: str | None = None,
    status: str = "CONFIRMED",
    stamp: datetime | None = None,
    prodid: str = PRODID,
) -> bytes:
    """A calendar file holding one event: a download (no method) or an invitation.

    For `method="REQUEST"` or `"CANCEL"`, RFC 5546 wants an organizer and at least one attendee;
    a cancellation also wants `status="CANCELLED"` and a raised sequence.
    """
    item = event(
        uid=uid,
        sequence=sequence,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=summary,
        description=description,
        url=url,
        location=location,
        organizer_email=organizer_email,
        organizer_name=organizer_name,
        attendees=attendees,
        time_zone=time_zone,
        status=status,
        stamp=stamp,
    )
    return calendar([item], method=method, prodid=prodid)
