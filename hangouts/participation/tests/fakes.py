"""A stand-in for the report parser, for these tests only (never used by app code).

Until the parsers' branch is merged, `reports.read_report` does not exist; the fake reads a
tiny made-up format: a first line "FAKE", then "name;email;minutes[;host][;HH:MM-HH:MM]".
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hangouts.participation import reports
from hangouts.participation.reports import Participant, Report, ReportError


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return datetime(2026, 3, 27, int(hours), int(minutes), tzinfo=UTC)


def fake_read_report(data: bytes, *, time_zone: str) -> Report:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReportError("This file is not text.") from None
    lines = text.splitlines()
    if not lines or lines[0] != "FAKE":
        raise ReportError("This is not a participant report.")
    people = []
    for line in lines[1:]:
        name, email, minutes, *rest = line.split(";")
        span = next((r for r in rest if "-" in r), "")
        joined, left = span.split("-") if span else ("", "")
        people.append(
            Participant(
                name=name,
                email=email,
                minutes=int(minutes),
                is_host="host" in rest,
                first_join=at(joined) if joined else None,
                last_leave=at(left) if left else None,
            )
        )
    return Report(format="plain", rows=len(people), participants=people)


def report(*lines: str) -> bytes:
    return "\n".join(["FAKE", *lines]).encode()


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "read_report", fake_read_report, raising=False)
