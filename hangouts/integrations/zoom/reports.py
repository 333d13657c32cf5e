"""Zoom's participant report through its API, into the attendance import's matching path.

`fetch_participants(client, meeting_uuid)` reads every page of
GET /report/meetings/{uuid}/participants (next_page_token, 300 rows a page; Zoom lets a token
live 15 minutes, far longer than we take) and returns the same Report an uploaded CSV gives,
format "zoom_api" (participation/reports/zoom_api.py: seconds, waiting room left out, people
merged like the CSV path). Needs a Pro plan and the scope report:read:admin.

A series may share one recurring meeting, whose numeric id gives only its LATEST occurrence; so
a hangout's report is fetched by the UUID of the occurrence that started nearest the hangout's
start (GET /past_meetings/{id}/instances). UUIDs are always double-encoded in paths, as Zoom
requires for those starting with "/" or holding "//" (harmless for the others).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from hangouts.integrations.zoom.client import UNREADABLE, ZoomClient, ZoomError
from hangouts.participation.reports import Report, zoom_api
from hangouts.programme.models import Hangout, Series

PAGE_SIZE = 300
MAX_PAGES = 100  # 30,000 rows: above the import's limit of 20,000
# An occurrence that started this far from the hangout's start is another day's.
INSTANCE_WINDOW = timedelta(hours=12)

NO_OCCURRENCE = _(
    "Zoom has no report of this meeting at the hangout's time yet. Reports appear a few minutes "
    "after the meeting ends; try again later, or upload the report file."
)


def quote_uuid(meeting_uuid: str) -> str:
    """A meeting UUID encoded twice, as Zoom wants it in a path ("/ab//c==" → "%252Fab…")."""
    return urllib.parse.quote(urllib.parse.quote(meeting_uuid, safe=""), safe="")


def fetch_participant_rows(client: ZoomClient, meeting_uuid: str) -> list[dict[str, Any]]:
    """Every participant row of a past meeting occurrence, all pages. Raises ZoomError."""
    path = f"/report/meetings/{quote_uuid(meeting_uuid)}/participants"
    rows: list[dict[str, Any]] = []
    token = ""
    for _page in range(MAX_PAGES):
        query = {"page_size": str(PAGE_SIZE)}
        if token:
            query["next_page_token"] = token
        data = client.get(path, query)
        page = data.get("participants")
        if not isinstance(page, list) or not all(isinstance(row, dict) for row in page):
            raise ZoomError(UNREADABLE)
        rows.extend(page)
        token = str(data.get("next_page_token") or "")
        if not token:
            return rows
    raise ZoomError(UNREADABLE)  # a report that never ends is not one we can trust


def fetch_participants(client: ZoomClient, meeting_uuid: str) -> Report:
    """The participant report of a past meeting occurrence, read like an uploaded file."""
    return zoom_api.read_rows(fetch_participant_rows(client, meeting_uuid))


@dataclass(frozen=True)
class Occurrence:
    uuid: str
    start: datetime


def occurrence_for(client: ZoomClient, meeting_id: str, starts_at: datetime) -> Occurrence:
    """The ended occurrence of a meeting that started nearest `starts_at` (within 12 hours)."""
    quoted = urllib.parse.quote(meeting_id, safe="")
    data = client.get(f"/past_meetings/{quoted}/instances")
    found: list[Occurrence] = []
    for item in data.get("meetings") or []:
        if not isinstance(item, dict) or not item.get("uuid") or not item.get("start_time"):
            continue
        try:
            start = datetime.fromisoformat(str(item["start_time"]))
        except ValueError:
            continue
        found.append(Occurrence(uuid=str(item["uuid"]), start=start))
    near = [o for o in found if abs(o.start - starts_at) <= INSTANCE_WINDOW]
    if not near:
        raise ZoomError(NO_OCCURRENCE)
    return min(near, key=lambda o: abs(o.start - starts_at))


def can_fetch(hangout: Hangout) -> bool:
    """The hangout has a Zoom meeting made through the API (Zoom itself may still be off)."""
    return hangout.meeting_provider == Series.Provider.ZOOM and bool(hangout.meeting_id)


def fetch_for_hangout(client: ZoomClient, hangout: Hangout) -> bytes:
    """The hangout's participant rows as the payload an AttendanceImport stores. ZoomError."""
    occurrence = occurrence_for(client, hangout.meeting_id, hangout.starts_at)
    rows = fetch_participant_rows(client, occurrence.uuid)
    return zoom_api.payload(occurrence.uuid, rows)
