"""Two web processes and two task workers on one database: no RSVP or vote lost, nothing
sent twice.

What a host with several machines behind a load balancer runs (docs/install.md, "Several
machines"), here as real processes on loopback: two gunicorn servers and two `manage.py worker`
processes sharing the test database (PostgreSQL, or a SQLite file: concurrent writers on
SQLite must not surface as errors either). Members answer and vote at once, spread over both
servers, for a hangout with fewer places than members; some then cancel, which promotes the
waiting list; the organiser sends the invitations through one server; both workers then send the
invitations and the promotion emails to an SMTP server on loopback.

DEBUG is on in the servers only so that static files need no collecting; everything else is
the production path (gunicorn, the database task backend, the real worker).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from hangouts.accounts.actions import ensure_member_user
from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.outreach.models import OutboxMessage
from hangouts.outreach.tests.outbox_helpers import Inbox, add_members, make_hangout, running_smtp
from hangouts.outreach.tests.test_outbox_kill import database_url, file_database  # noqa: F401
from hangouts.participation.models import RSVP
from hangouts.programme.models import Topic, Vote

pytestmark = pytest.mark.django_db(transaction=True)
MEMBERS = 40
PLACES = 25
CANCELLING = 10
ROOT = Path(settings.BASE_DIR)
GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "hangouts.ops.wsgi:application",
    "--no-control-socket",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions made here must verify there
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def processes(commands: list[list[str]], env: dict[str, str], log: Path) -> Iterator[list[Any]]:
    with log.open("ab") as output:
        started = [
            subprocess.Popen(c, cwd=ROOT, env=env, stdout=output, stderr=output) for c in commands
        ]
    try:
        yield started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz")
            return
        except urllib.error.HTTPError:
            return  # 503 without a worker heartbeat: the server answers
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, "the web server did not start"
            time.sleep(0.2)


class Browser:
    """A signed-in person's cookies, good on either server."""

    def __init__(self, user: User) -> None:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        self.session = store.session_key
        self.csrf = secrets.token_hex(16)

    def post(self, port: int, path: str, data: dict[str, str]) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=urlencode(data).encode(),
            headers={
                "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
                "X-CSRFToken": self.csrf,
                "Origin": f"http://127.0.0.1:{port}",
            },
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        try:
            with urllib.request.build_opener(NoRedirect).open(request) as response:
                return int(response.status)
        except urllib.error.HTTPError as answer:
            return int(answer.code)


def test_two_servers_and_two_workers_lose_no_rsvp_and_send_nothing_twice(
    file_database: None,  # noqa: F811
    network: Network,
    make_member: Callable[..., Member],
    organiser: User,
    tmp_path: Path,
) -> None:
    members = add_members(make_member, MEMBERS)
    hangout = make_hangout(network, capacity=PLACES)
    browsers = [Browser(ensure_member_user(m)) for m in members]
    organiser_browser = Browser(organiser)
    rsvp = f"/{network.slug}/hangouts/{hangout.pk}/rsvp/"
    topic = Topic.objects.create(network=network, title="ອາຫານໃນໂຮງຮຽນ")
    vote = f"/{network.slug}/topics/{topic.pk}/vote/"
    inbox = Inbox()
    ports = [free_port(), free_port()]
    with running_smtp(inbox) as smtp:
        env = environment(smtp.port)
        servers = [
            [*GUNICORN, "-b", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8"]
            for port in ports
        ]
        with processes(servers, env, tmp_path / "web.log"):
            for port in ports:
                wait_until_up(port)
            with ThreadPoolExecutor(max_workers=16) as pool:
                # Each member answers and votes at once, through both servers.
                answers = list(
                    pool.map(
                        lambda i: browsers[i].post(ports[i % 2], rsvp, {"going": "yes"}),
                        range(MEMBERS),
                    )
                )
                votes = list(
                    pool.map(
                        lambda i: browsers[i].post(ports[(i + 1) % 2], vote, {"action": "vote"}),
                        range(MEMBERS),
                    )
                )
                going_ids = list(
                    RSVP.objects.filter(hangout=hangout, status=RSVP.Status.GOING).values_list(
                        "member_id", flat=True
                    )
                )
                leaving = [i for i, m in enumerate(members) if m.pk in going_ids][:CANCELLING]
                cancels = list(
                    pool.map(
                        lambda i: browsers[i].post(ports[(i + 1) % 2], rsvp, {"going": "no"}),
                        leaving,
                    )
                )
            sent = organiser_browser.post(
                ports[0], f"/{network.slug}/hangouts/{hangout.pk}/invitations/", {}
            )
        worker = [sys.executable, "manage.py", "worker", "--batch", "--queue-name", "*"]
        with processes([worker, worker], env, tmp_path / "worker.log") as workers:
            codes = [w.wait(timeout=120) for w in workers]
        time.sleep(0.2)  # the SMTP server hands the last message over

    log = (tmp_path / "web.log").read_text() + (tmp_path / "worker.log").read_text()
    assert answers == [302] * MEMBERS and votes == [302] * MEMBERS, log[-3000:]
    assert Vote.objects.filter(topic=topic).count() == MEMBERS
    assert cancels == [302] * CANCELLING and sent == 302, log[-3000:]
    assert codes == [0, 0], log[-3000:]
    statuses = Counter(RSVP.objects.filter(hangout=hangout).values_list("status", flat=True))
    # Every answer is there: 25 places, 15 waited, 10 left and 10 were promoted.
    assert statuses == {
        "going": PLACES,
        "waitlisted": MEMBERS - PLACES - CANCELLING,
        "cancelled": 10,
    }
    hangout.refresh_from_db()
    assert hangout.going_count == PLACES
    arrived = Counter(message["X-Hangouts-Key"] for message in inbox.parsed())
    rows = dict(OutboxMessage.objects.values_list("key", "status"))
    assert [key for key, n in arrived.items() if n > 1] == []  # nothing twice
    assert set(rows.values()) == {"sent"} and set(arrived) == set(rows)
    kinds = Counter(key.split(":")[0] for key in rows)
    assert kinds["invitation"] == MEMBERS
    assert kinds["promotion"] == CANCELLING
