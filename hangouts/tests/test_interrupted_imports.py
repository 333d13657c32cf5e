"""Imports killed mid-way (SIGKILL) write all or nothing.

The roster and attendance importers run as real `manage.py` subprocesses on the test
database (a SQLite file, or PostgreSQL) and are killed at random moments of their work; after
each kill the database holds either none of the file or all of it, and the next run completes.
"""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from hangouts.network.models import Member, Network
from hangouts.outreach.tests.test_outbox_kill import database_url, file_database  # noqa: F401
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)
ROUNDS = 4


def run(command: list[str], *, kill_after: float | None) -> int | None:
    """Run a manage.py command; kill it after `kill_after` seconds. Its exit code, or None
    when it was killed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url(),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if kill_after is not None:
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return None
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()[-2000:]
    return process.returncode


def timed(command: list[str]) -> float:
    started = time.monotonic()
    run(command, kill_after=None)
    return time.monotonic() - started


def kill_rounds(
    command: list[str], count: Callable[[], int], undo: Callable[[], object], *, before: int
) -> tuple[int, int]:
    """Kill the command at random points of its writing; returns (kills, rows of a whole run).

    A dry run (reads and plans the whole file, writes nothing) and a whole run (then undone)
    are timed first: the kills land between the end of the first and the end of the second,
    where the import writes.
    """
    rng = random.Random()
    planned = timed([*command, "--dry-run"])
    assert count() == before  # a dry run writes nothing
    whole = timed(command)
    after = count()
    undo()
    assert after > before and count() == before
    kills = 0
    for _ in range(ROUNDS):
        result = run(command, kill_after=rng.uniform(0.9 * planned, 0.95 * whole))
        assert count() in (before, after)  # all or nothing
        if result is None:
            kills += 1
        elif kills:
            break
        else:  # it ran faster than timed: undo it and aim again
            undo()
    if count() == before:
        run(command, kill_after=None)
    assert count() == after
    return kills, after - before


def roster_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "name_latin", "phone", "email", "consent"])
    for n in range(rows):
        writer.writerow([f"ສະມາຊິກ {n}", f"Member {n}", "", f"m{n}@example.org", "yes"])
    return out.getvalue().encode()


def test_import_members_killed_mid_way_imports_all_or_nothing(
    file_database: None,  # noqa: F811
    network: Network,
    tmp_path: Path,
) -> None:
    rows = 3000
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv(rows))
    before = Member.objects.count()

    kills, imported = kill_rounds(
        ["import_members", network.slug, str(path)],
        lambda: Member.objects.count(),
        lambda: Member.objects.filter(email__startswith="m").delete(),
        before=before,
    )

    assert imported == rows
    assert kills >= 1  # the kills landed while it worked


def attendance_csv(emails: list[str]) -> bytes:
    """A plain attendance file (name, email, minutes): every row matches a member by email."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "minutes"])
    for n, email in enumerate(emails):
        writer.writerow([f"Member {n}", email, 50])
    return out.getvalue().encode()


def test_import_attendance_killed_mid_way_imports_all_or_nothing(
    file_database: None,  # noqa: F811
    network: Network,
    tmp_path: Path,
) -> None:
    rows = 1500
    starts = datetime(2026, 5, 29, 7, tzinfo=UTC)  # 14:00 in Vientiane
    hangout = Hangout.objects.create(
        network=network,
        title="ກອງປະຊຸມ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=Hangout.Status.HELD,
    )
    members = Member.objects.bulk_create(
        Member(network=network, name=f"ສະມາຊິກ {n}", email=f"m{n}@example.org") for n in range(rows)
    )
    path = tmp_path / "attendance.csv"
    path.write_bytes(attendance_csv([m.email for m in members]))

    attended = Attendance.objects.filter(hangout=hangout)
    kills, imported = kill_rounds(
        ["import_attendance", str(hangout.pk), str(path)],
        attended.count,
        lambda: attended.delete(),
        before=0,
    )

    assert imported == rows
    assert kills >= 1  # the kills landed while it worked
