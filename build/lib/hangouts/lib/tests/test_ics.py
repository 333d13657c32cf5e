from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from hangouts.lib.ics import Attendee, calendar_event

DATA = Path(__file__).parent / "data"
NAIROBI = ZoneInfo("Africa/Nairobi")
ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=XXXX"
PEOPLE = [
    Attendee("amina@example.org", "Amina K.", rsvp=True),
    Attendee("joe@example.net", "Joe M.", rsvp=True),
]


def invite(**changes: object) -> bytes:
    values: dict[str, object] = {
        "uid": "session-2026-11@peerlearning.example.org",
        "sequence": 0,
        "starts_at": datetime(2026, 11, 12, 15, tzinfo=NAIROBI),
        "ends_at": datetime(2026, 11, 12, 16, 30, tzinfo=NAIROBI),
        "summary": "Peer learning: data protection basics",
        "description": f"Join Zoom: {ZOOM}\nMeeting ID: 812 3456 7890",
        "url": "",
        "location": ZOOM,
        "organizer_email": "sessions@peerlearning.example.org",
        "organizer_name": "Network Secretariat",
        "attendees": PEOPLE,
        "time_zone": "Africa/Nairobi",
        "method": "REQUEST",
        "stamp": datetime(2026, 11, 28, 14, 7, 15, tzinfo=UTC),
        "prodid": "-//Peer Learning Platform//EN",
        **changes,
    }
    return calendar_event(**values)  # type: ignore[arg-type]


def without_calendar_uid(text: bytes) -> bytes:
    """Calendar.new gives the VCALENDAR itself a random UID (RFC 7986); the event's UID stays."""
    head, _, rest = text.partition(b"BEGIN:VTIMEZONE")
    return re.sub(rb"UID:[^\r]*\r\n", b"", head) + b"BEGIN:VTIMEZONE" + rest


def test_calendar_event_writes_the_invitation_calendars_accept() -> None:
    expected = (DATA / "invite_request.ics").read_bytes()

    assert without_calendar_uid(invite()) == without_calendar_uid(expected)


def test_calendar_event_writes_a_cancellation() -> None:
    expected = (DATA / "invite_cancel.ics").read_bytes()

    text = invite(method="CANCEL", status="CANCELLED", sequence=2)

    assert without_calendar_uid(text) == without_calendar_uid(expected)


def test_calendar_event_download_round_trips_in_lao_with_the_network_time_zone() -> None:
    vientiane = ZoneInfo("Asia/Vientiane")
    starts_at = datetime(2026, 11, 27, 7, tzinfo=UTC)  # 14:00 in Vientiane

    text = calendar_event(
        uid="hangout-7@hangouts.example.org",
        sequence=3,
        starts_at=starts_at,
        ends_at=datetime(2026, 11, 27, 8, tzinfo=UTC),
        summary="ໂພຊະນາການຂອງເດັກນ້ອຍ",
        description="ລາຍລະອຽດ",
        url="https://hangouts.example.org/sun-csa-lao/hangouts/7/",
        time_zone="Asia/Vientiane",
    )

    assert b"METHOD" not in text
    assert b"ORGANIZER" not in text
    assert b"ATTENDEE" not in text
    assert b"DTSTART;TZID=Asia/Vientiane:20261127T140000" in text
    assert b"TZID:Asia/Vientiane" in text  # the VTIMEZONE calendars need
    parsed = Calendar.from_ical(text)
    [event] = parsed.events
    assert event.uid == "hangout-7@hangouts.example.org"
    assert event.sequence == 3
    assert event.start == starts_at
    assert isinstance(event.start, datetime)
    assert str(event.start.tzinfo) == "Asia/Vientiane"
    assert event.end == datetime(2026, 11, 27, 15, tzinfo=vientiane)
    assert event["SUMMARY"] == "ໂພຊະນາການຂອງເດັກນ້ອຍ"
    assert event["URL"] == "https://hangouts.example.org/sun-csa-lao/hangouts/7/"
    assert event["STATUS"] == "CONFIRMED"
    assert "LOCATION" not in event


def test_calendar_event_attendee_without_replies() -> None:
    text = invite(attendees=[Attendee("noy@example.org", "Noy")], method="REQUEST")

    [event] = Calendar.from_ical(text).events
    [attendee] = event.attendees
    assert str(attendee) == "mailto:noy@example.org"
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["CN"] == "Noy"
