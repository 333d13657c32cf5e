"""A compact report format for the matching and import tests (never used by app code).

A first line "FAKE", then "name;email;minutes[;host][;HH:MM-HH:MM]": the tests state who was
there in one line each. Anything else goes to the real parser (bad files, real exports); the
real formats are tested end to end in test_import_end_to_end.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hangouts.participation import reports
from hangouts.participation.reports import Participant, Report


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return datetime(2026, 3, 27, int(hours), int(minutes), tzinfo=UTC)


REAL_READ_REPORT = reports.read_report


def fake_read_report(data: bytes, *, time_zone: str) -> Report:
    if not data.startswith(b"FAKE"):
        return REAL_READ_REPORT(data, time_zone=time_zone)
    lines = data.decode("utf-8").splitlines()
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
