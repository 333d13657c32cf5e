"""Kill the worker (SIGKILL) at random points of a send: no duplicate, no silent loss.

The worker runs as a real subprocess (`manage.py worker`) on the test database (a file on
SQLite; the test database on PostgreSQL) and sends to an SMTP server on loopback that is slowed
down, so that the kills land while messages are on the wire. After each kill the sweep runs as
the next worker's start would (with no grace period: we know the worker is dead). At the end:
every recipient got each message at most once, every row marked sent arrived, and every row is
either sent or unknown (an unknown row may or may not have arrived: the organiser decides).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.outreach import mailings, outbox
from hangouts.outreach.models import OutboxMessage
from hangouts.outreach.tests.outbox_helpers import (
    Inbox,
    add_members,
    make_hangout,
    running_smtp,
    smtp_settings,
)

MEMBERS = 60
ROUNDS = 3
ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    """The test database as the subprocess's DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgresql://{user}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url(),
        "SMTP_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "http://testserver",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "worker", "--batch", "--queue-name", "*"]
    with log.open("ab") as output:
        return subprocess.Popen(
            [*command, "--no-startup-delay"], cwd=ROOT, env=env, stdout=output, stderr=output
        )


def wait_for(inbox: Inbox, count: int, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while len(inbox.messages) < count and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


@pytest.fixture
def file_database() -> None:
    sqlite = cast(Any, connection)  # is_in_memory_db() exists on the SQLite backend only
    if connection.vendor == "sqlite" and sqlite.is_in_memory_db():
        pytest.skip("A subprocess cannot share SQLite in memory: set SQLITE_TEST_PATH")


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_send_loses_nothing_silently_and_sends_nothing_twice(
    file_database: None,
    settings: Any,
    network: Network,
    make_member: Callable[..., Member],
    organiser: User,
    tmp_path: Path,
) -> None:
    rng = random.Random()
    inbox = Inbox(delay=0.04)
    log = tmp_path / "worker.log"
    add_members(make_member, MEMBERS)
    hangout = make_hangout(network)
    kills = 0
    with running_smtp(inbox) as controller:
        smtp_settings(settings, controller.port)
        mailings.send_invitations(hangout, by=organiser)
        for _round in range(ROUNDS):
            worker = start_worker(controller.port, log)
            # A random point: after a few more messages, somewhere inside the next one.
            wait_for(inbox, len(inbox.messages) + rng.randint(2, 12), worker)
            time.sleep(rng.uniform(0, inbox.delay * 1.5))
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                kills += 1
            worker.wait(timeout=30)
            # What the next worker's start does, without the grace period: it is dead.
            outbox.sweep_outbox(stale_after=timedelta(0))
        worker = start_worker(controller.port, log)
        assert worker.wait(timeout=60) == 0, log.read_text()[-3000:]
        time.sleep(0.2)  # the server hands the last message over

    arrived = Counter(message["X-Hangouts-Key"] for message in inbox.parsed())
    rows = dict(OutboxMessage.objects.values_list("key", "status"))
    by_status = Counter(rows.values())
    print(f"kills={kills} rows={dict(by_status)} arrived={len(arrived)}")

    assert len(rows) == MEMBERS
    assert [key for key, n in arrived.items() if n > 1] == []  # nothing twice
    assert set(arrived) <= set(rows)
    assert set(by_status) <= {"sent", "unknown"}  # nothing left queued, sending or refused
    sent = {key for key, status in rows.items() if status == "sent"}
    assert sent <= set(arrived)  # "sent" means it arrived
    assert kills >= 1
