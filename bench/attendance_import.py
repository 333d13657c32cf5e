"""Benchmark: a 2,000-row Zoom participants report matched against a 10,000-member roster.

    .venv/bin/python bench/attendance_import.py [--members 10000] [--rows 2000]
        [--database-url postgresql://...]

Makes a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database), a network with N members (bulk; Lao and Latin names drawn from the demo's
given and family names, so many people share a name, as on a real roster; most with a phone,
most with an email) and a held hangout, then a Zoom meeting participants CSV (2024 headers,
with the meeting-data preamble) of about `rows` rows: members under the display names people
use (numbering prefixes, "Name (ORG)", "Family, Given", Lao script, their phone number, an
email for the signed-in), some rejoining (two rows), some waiting-room rows, unknown guests
and phone numbers on no record. Times `plan_import` (parse + match: what the preview, the
review and the import each compute) three times, with its queries, its peak traced memory
(tracemalloc) and the process's peak (ru_maxrss); the reference is plain `csv.reader` over the
same bytes (decode + split into rows), in a fresh process of its own. Never part of `make test`.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 2024


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url,
        "SITE_URL": "https://hangouts.example.org",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "hangouts.example.org",
        "LOG_LEVEL": "WARNING",
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_peak_mb() -> float:
    """This process's peak resident memory since its exec (VmHWM; ru_maxrss of a child can
    carry its parent's peak over the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_mb()


def make_roster(members: int, rng: random.Random) -> int:
    """A network with `members` members and a held hangout; returns the hangout's id."""
    from django.core.management import call_command

    from hangouts.network.actions import create_network
    from hangouts.network.demo import (
        LAO_FAMILIES,
        LAO_MEN,
        LAO_TITLES,
        LAO_WOMEN,
        _pairs,
        mobile_numbers,
    )
    from hangouts.network.models import Member, Organisation
    from hangouts.programme.models import Hangout

    call_command("migrate", verbosity=0)
    network = create_network(
        slug="bench",
        name="ພັນທະມິດ SUN ລາວ",
        name_en="SUN CSA Lao",
        country="LA",
        language="lo",
        time_zone="Asia/Vientiane",
        email="hangouts@example.org",
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(network=network, name=f"ອົງການ {i}", name_en=f"Org {i}", acronym=f"ORG{i}")
        for i in range(200)
    )
    women, men, families = _pairs(LAO_WOMEN), _pairs(LAO_MEN), _pairs(LAO_FAMILIES)
    phones = mobile_numbers(rng, members, "LA")
    rows = []
    for i in range(members):
        gender = Member.Gender.FEMALE if rng.random() < 0.6 else Member.Gender.MALE
        given_lo, given = rng.choice(women if gender == Member.Gender.FEMALE else men)
        family_lo, family = rng.choice(families)
        organisation = rng.choice(organisations)
        rows.append(
            Member(
                network=network,
                name=f"{LAO_TITLES[gender]} {given_lo} {family_lo}",
                name_latin=f"{given} {family}",
                gender=gender,
                organisation=organisation,
                phone=phones[i] if rng.random() < 0.9 else "",
                email=f"{given}.{family}.{i}@{organisation.acronym}.example.org".lower()
                if rng.random() < 0.8
                else "",
            )
        )
    Member.objects.bulk_create(rows, batch_size=1000)
    starts = datetime(2026, 5, 29, 7, 0, tzinfo=UTC)
    hangout = Hangout.objects.create(
        network=network,
        title="ໂພຊະນາການແມ່ ແລະ ເດັກ: ບົດຮຽນຈາກແຂວງ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=Hangout.Status.HELD,
        meeting_id="83512345678",
    )
    return hangout.pk


def make_report(hangout_id: int, target_rows: int, rng: random.Random) -> bytes:
    """About `target_rows` rows of members (decorated display names), rejoins, guests."""
    from zoneinfo import ZoneInfo

    from hangouts.network.models import Member
    from hangouts.participation.demo import (
        UNKNOWN_PHONE,
        ZoomRow,
        display_names,
        zoom_participants_csv,
    )
    from hangouts.programme.demo import GUESTS
    from hangouts.programme.models import Hangout

    hangout = Hangout.objects.select_related("network").get(pk=hangout_id)
    members = list(Member.objects.filter(network=hangout.network).select_related("organisation"))
    chosen = rng.sample(members, k=min(len(members), target_rows))
    rows: list[ZoomRow] = [
        ZoomRow(
            "SUN CSA Secretariat",
            hangout.network.email,
            hangout.starts_at - timedelta(minutes=10),
            hangout.ends_at,
            guest=False,
        )
    ]
    length = int((hangout.ends_at - hangout.starts_at).total_seconds() // 60)
    person = 0
    while len(rows) < target_rows:
        person += 1
        joined = hangout.starts_at + timedelta(
            minutes=rng.randint(-5, 60), seconds=rng.randint(0, 59)
        )
        left = joined + timedelta(minutes=rng.randint(10, length - 10))
        draw = rng.random()
        if draw < 0.03:
            name, email = f"{rng.choice(GUESTS)} {person}", ""  # a device or an unknown guest
        elif draw < 0.05:
            name, email = UNKNOWN_PHONE.format(rng.randrange(10**4)), ""  # a phone on no record
        else:
            member = chosen[person % len(chosen)]
            name = display_names(rng, member, person)[0]
            email = member.email if member.email and rng.random() < 0.3 else ""
        if rng.random() < 0.05:  # the waiting room first
            rows.append(ZoomRow(name, email, joined - timedelta(minutes=2), joined, waiting=True))
        if rng.random() < 0.15:  # a rejoin, overlapping by a minute (a second device)
            cut = joined + (left - joined) / 2
            rows.append(ZoomRow(name, email, joined, cut))
            rows.append(ZoomRow(name, email, cut - timedelta(minutes=1), left))
        else:
            rows.append(ZoomRow(name, email, joined, left))
    return zoom_participants_csv(
        topic=hangout.title,
        meeting_id=hangout.meeting_id,
        host=("SUN CSA Secretariat", hangout.network.email),
        rows=rows[:target_rows],
        zone=ZoneInfo(hangout.network.time_zone),
    )


def reference(path: str) -> None:
    """Child process: plain csv.reader over the same bytes; prints rows, seconds, peak MB."""
    content = Path(path).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    elapsed = time.perf_counter() - started
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(len(rows), elapsed, traced / 2**20, own_peak_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reference", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        reference(args.reference)
        return

    workdir = Path(tempfile.mkdtemp(prefix="attendance-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.update(environment(database_url))

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hangouts.participation.attendance_import import plan_import
    from hangouts.programme.models import Hangout

    rng = random.Random(SEED)
    started = time.perf_counter()
    hangout_id = make_roster(args.members, rng)
    content = make_report(hangout_id, args.rows, rng)
    report = workdir / "participants.csv"
    report.write_bytes(content)
    print(
        f"data: {args.members} members, a {len(content) / 1024:.0f} KB report, "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    hangout = Hangout.objects.select_related("network").get(pk=hangout_id)
    before = peak_mb()
    times = []
    for run in range(3):
        if run == 0:
            tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            plan = plan_import(hangout, content)
            times.append(time.perf_counter() - began)
        if run == 0:
            _current, traced = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    summary = plan.summary()
    print(
        f"plan_import: {summary['rows']} rows, {summary['people']} people, "
        f"{summary['matched']} matched, {summary['needs_review']} to review, "
        f"{summary['guests']} guests; {len(queries)} queries"
    )
    print(
        f"  time: first {times[0]:.2f} s (under tracemalloc), then "
        f"{min(times[1:]):.2f} s / {max(times[1:]):.2f} s (best / worst)"
    )
    print(
        f"  memory: {traced / 2**20:.1f} MB peak traced; process peak (ru_maxrss) "
        f"{before:.0f} MB before, {peak_mb():.0f} MB after"
    )
    output = subprocess.run(
        [sys.executable, __file__, "--reference", str(report)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    rows, elapsed, ref_traced, ref_peak = output
    print(
        f"csv.reader reference: {rows} rows in {float(elapsed) * 1000:.1f} ms, "
        f"{float(ref_traced):.1f} MB peak traced, process peak (VmHWM) {float(ref_peak):.0f} MB"
    )


if __name__ == "__main__":
    main()
