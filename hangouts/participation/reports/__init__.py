"""Meeting tools' participant reports, read into one shape.

`read_report(data, time_zone=...)` detects the format by itself (Zoom meeting participants of
every header generation, Zoom webinar attendee reports, Google Meet, Microsoft Teams, a plain
CSV of name, email and minutes) and returns one Participant per person: rejoins merged, the
overlapping time of two devices counted once, waiting-room rows left out, the host recognised.
Nothing here knows the roster; matching people to members is `participation/matching.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise


class ReportError(ValueError):
    """A file that cannot be read as a report; the message is translated, for the organiser."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Participant:
    name: str  # the display name as the tool reported it, stripped
    email: str = ""  # lowercased; "" when the tool gave none
    minutes: int = 0  # time present, overlaps counted once, rounded to the nearest minute
    first_join: datetime | None = None  # aware
    last_leave: datetime | None = None  # aware
    is_host: bool = False
    role: str = "attendee"  # "host", "co-host", "panelist", "attendee", "organiser", "presenter"
    rows: int = 1  # report rows merged into this person


@dataclass(frozen=True)
class Report:
    format: str  # "zoom_meeting", "zoom_webinar", "meet", "teams", "plain"
    rows: int  # participant rows read (waiting room left out)
    participants: list[Participant] = field(default_factory=list)
    meeting_started_at: datetime | None = None  # when the file says so

    @property
    def minutes(self) -> int:
        return sum(person.minutes for person in self.participants)


from hangouts.participation.reports.detect import read_report  # noqa: E402 (needs the above)

__all__ = ["Participant", "Report", "ReportError", "read_report"]
