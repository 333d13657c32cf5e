"""Zoom's participant report as its API gives it (GET /report/meetings/{uuid}/participants).

One row per join segment, like the CSV: `join_time` / `leave_time` in ISO-8601 UTC and `duration`
in SECONDS (the CSV has minutes). Rows go through the same merge as every file (people.py), so a
person's minutes are counted exactly as the CSV path counts them; waiting-room rows
(status "in_waiting_room") are left out. The API does not say who the host is.

The rows fetched are kept as a small JSON payload in AttendanceImport.content, so the preview,
the review and the import re-plan from what was fetched, like from an uploaded file:
{"format": "zoom_api", "meeting_uuid": "…", "participants": [{…}, …]}.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hangouts.participation.reports import Report, ReportError
from hangouts.participation.reports.common import MAX_ROWS, TOO_MANY_ROWS, email_of
from hangouts.participation.reports.people import Row, people

FORMAT = "zoom_api"
PAYLOAD_START = b'{"format": "zoom_api"'
WAITING_ROOM = "in_waiting_room"
# What we keep of a row: enough to re-plan, nothing else (no ids, no customer keys).
KEPT_FIELDS = ("name", "user_email", "join_time", "leave_time", "duration", "status")

UNREADABLE_PAYLOAD = _("The participants fetched from Zoom could not be read; fetch them again.")


def moment(value: Any) -> datetime | None:
    """An ISO-8601 time ('2026-12-10T12:02:11Z') as an aware datetime; None when absent."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ReportError(UNREADABLE_PAYLOAD) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def row_of(item: dict[str, Any]) -> Row:
    start, end = moment(item.get("join_time")), moment(item.get("leave_time"))
    seconds = item.get("duration")
    email = email_of(str(item.get("user_email") or ""))
    name = " ".join(str(item.get("name") or "").split()) or email
    return Row(
        name=name,
        email=email,
        start=start if start and end else None,
        end=end if start and end else None,
        seconds=seconds if isinstance(seconds, int) else None,
        first=start,
        last=end,
    )


def read_rows(items: list[dict[str, Any]]) -> Report:
    """The API's participant rows as a Report: waiting room left out, people merged."""
    if len(items) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    kept = [
        row_of(item)
        for item in items
        if item.get("status") != WAITING_ROOM and (item.get("name") or item.get("user_email"))
    ]
    return Report(format=FORMAT, rows=len(kept), participants=people(kept))


def payload(meeting_uuid: str, items: list[dict[str, Any]]) -> bytes:
    """The fetched rows as stored in AttendanceImport.content (starts with PAYLOAD_START)."""
    rows = [{name: item.get(name) for name in KEPT_FIELDS} for item in items]
    document = {"format": FORMAT, "meeting_uuid": meeting_uuid, "participants": rows}
    return json.dumps(document, ensure_ascii=False).encode()


def is_payload(content: bytes) -> bool:
    return content.startswith(PAYLOAD_START)


def read_payload(content: bytes) -> Report:
    try:
        document = json.loads(content)
    except ValueError:
        raise ReportError(UNREADABLE_PAYLOAD) from None
    items = document.get("participants") if isinstance(document, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ReportError(UNREADABLE_PAYLOAD)
    return read_rows(items)
