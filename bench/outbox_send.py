"""Benchmark: a hangout's invitations to 10,000 members through the real worker into an SMTP sink.

    .venv/bin/python bench/outbox_send.py [--members 10000] [--database-url postgresql://...]

Makes a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database), a network with N members (bulk), a scheduled hangout, calls
`send_invitations`, and runs `manage.py worker --batch` as a subprocess against an aiosmtpd sink
(a do-nothing handler) in this process. Reports the worker's time to render (prepare) and to
send, messages per second, and its peak memory (ru_maxrss). The reference: plain `smtplib`
sending the same already-rendered messages (the bytes the worker sent, built beforehand) to the
same sink over one connection, in a subprocess of its own, with its peak memory. Never part of
`make test`.
"""

from __future__ import annotations

import argparse
import os
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """Accepts every message and keeps nothing."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def environment(database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url,
        "SMTP_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "https://hangouts.example.org",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "hangouts.example.org",
        "LOG_LEVEL": "WARNING",
    }


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def make_data(members: int) -> int:
    """A network, `members` members (one in five reads English), a hangout; returns its id."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from hangouts.accounts.models import User
    from hangouts.network.actions import create_network
    from hangouts.network.models import Member
    from hangouts.programme.models import Hangout

    call_command("migrate", verbosity=0)
    network = create_network(
        slug="bench",
        name="ພັນທະມິດ SUN ລາວ",
        name_en="SUN CSA Lao",
        country="LA",
        email="hangouts@example.org",
    )
    Member.objects.bulk_create(
        (
            Member(
                network=network,
                name=f"ສະມາຊິກ {i}",
                name_latin=f"Member {i}",
                email=f"member{i}@example.org",
                language="en" if i % 5 == 0 else "lo",
                consent_to_contact=True,
            )
            for i in range(members)
        ),
        batch_size=1000,
    )
    starts = timezone.now() + timedelta(days=10)
    hangout = Hangout.objects.create(
        network=network,
        title="ໂພຊະນາການແມ່ ແລະ ເດັກ: ບົດຮຽນຈາກແຂວງ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=Hangout.Status.SCHEDULED,
        meeting_url="https://meet.jit.si/bench-room",
    )
    organiser = User.objects.create_user("organiser@example.org", name="Organiser")
    network.organisers.add(organiser)
    return hangout.pk


def reference(output: str) -> None:
    """Child process: load the rendered rows, build their bytes, send them with plain smtplib."""
    import django

    django.setup()
    import email.policy

    from django.conf import settings

    from hangouts.outreach.email import build_email
    from hangouts.outreach.models import OutboxMessage

    rows = OutboxMessage.objects.order_by("pk").values_list(
        "pk", "to", "subject", "text", "html", "calendar", "headers"
    )
    building = time.perf_counter()
    prepared = []
    for pk, to, subject, text, html, calendar, headers in rows.iterator(chunk_size=1000):
        message = build_email(
            pk=pk,
            to=to,
            subject=subject,
            text=text,
            html=html,
            calendar=calendar,
            headers=headers,
        ).message(policy=email.policy.SMTP)
        prepared.append((to, message.as_bytes()))
    build = time.perf_counter() - building
    options = settings.MAILERS["default"]["OPTIONS"]
    started = time.perf_counter()
    with smtplib.SMTP(options["host"], options["port"]) as smtp:
        for to, raw in prepared:
            smtp.sendmail("hangouts@example.org", [to], raw)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(len(raw) for _to, raw in prepared) / len(prepared)
    Path(output).write_text(f"{len(prepared)} {elapsed} {peak} {size} {build}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reference", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        reference(args.reference)
        return

    from aiosmtpd.controller import Controller

    workdir = Path(tempfile.mkdtemp(prefix="outbox-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = environment(database_url, controller.port)
    os.environ.update(env)

    import django

    django.setup()
    from django.db.models import Min
    from django.utils import timezone

    from hangouts.accounts.models import User
    from hangouts.outreach import mailings
    from hangouts.outreach.models import Mailing
    from hangouts.programme.models import Hangout

    started = time.perf_counter()
    hangout_id = make_data(args.members)
    print(f"data: {args.members} members in {time.perf_counter() - started:.1f} s")
    hangout = Hangout.objects.select_related("network").get(pk=hangout_id)
    mailings.send_invitations(hangout, by=User.objects.get(email="organiser@example.org"))

    launched = timezone.now()
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "worker", "--batch", "--queue-name", "*"]
    subprocess.run([*command, "--no-startup-delay"], cwd=ROOT, env=env, check=True)
    total = time.perf_counter() - started
    worker_peak = child_peak_mb()
    mailing = Mailing.objects.get()
    assert mailing.prepared_at
    assert mailing.finished_at
    first_claim = mailing.messages.aggregate(first=Min("claimed_at"))["first"]
    # From the worker's launch: includes its start (Django set-up, ~2 s).
    prepare = (mailing.prepared_at - launched).total_seconds()
    send = (mailing.finished_at - first_claim).total_seconds()
    sent = mailing.messages.filter(status="sent").count()
    print(f"worker: {sent} sent, {sink.count} received by the sink, {total:.1f} s in all")
    print(f"  start + render: {prepare:.1f} s, {sent / prepare:.0f} rows/s")
    print(f"  send: {send:.1f} s, {sent / send:.0f} messages/s")
    print(f"  peak memory (worker process, ru_maxrss): {worker_peak:.0f} MB")

    result = workdir / "reference.txt"
    before = sink.count
    subprocess.run(
        [sys.executable, __file__, "--reference", str(result)], cwd=ROOT, env=env, check=True
    )
    count, elapsed, peak, size, build = (float(x) for x in result.read_text().split())
    print(f"building the same messages with Django (reference, untimed below): {build:.1f} s")
    print(
        f"smtplib reference: {int(count)} messages ({size / 1024:.1f} KB each) in {elapsed:.1f} s, "
        f"{count / elapsed:.0f} messages/s, peak memory {peak:.0f} MB (all messages built "
        f"in memory first); sink got {sink.count - before}"
    )
    controller.stop()


if __name__ == "__main__":
    main()
