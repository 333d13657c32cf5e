"""Generate a hosted instance for the reports benchmark: 60 networks, 1,000,000 attendance rows.

    .venv/bin/python bench/reports_generate.py [--database-url URL] [--networks 60]
        [--rows 1000000] [--members 400]

Into an empty database (default: /tmp/reports-bench.sqlite3, made afresh), after `migrate`:
per network (all in Laos: the country's 18 provinces are shared), 40 organisations (kinds,
two in three small, a third in the capital), a roster of `members` people (staff levels,
gender, one in ten without one of them, 5 % inactive), 10 themes, one series and three years
of hangouts (3 a month, so ~36 a year; one in twenty cancelled), each with a topic of one or
two themes, a presenter (sometimes two, and a facilitator), and an attendance drawn from the
roster (weighted: some people come often, most now and then) plus 0–3 guests, about
`rows` / `networks` rows a network (~17,000; the total is printed). Everything is written with
bulk inserts in one transaction per network. Prints the time taken. Never part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "sqlite:////tmp/reports-bench.sqlite3"
SEED = 2026
ORGANISATIONS = 40
HANGOUTS_PER_MONTH = 3
MONTHS = 36
FIRST_MONTH = datetime(2023, 11, 1, 7, 0, tzinfo=UTC)  # 14:00 in Vientiane
ORGANISER_EMAIL = "organiser-{}@bench.example.org"


def setup(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hangouts.settings",
            "DATABASE_URL": database_url,
            "SITE_URL": "https://hangouts.example.org",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "hangouts.example.org,testserver",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def generate_network(index: int, rows_wanted: int, members_wanted: int, rng: random.Random) -> int:
    from django.db import transaction

    from hangouts.accounts.models import User
    from hangouts.network.actions import create_network
    from hangouts.network.models import Member, Organisation, Province, StaffLevel
    from hangouts.participation.models import Attendance
    from hangouts.programme.models import Hangout, Presenter, Series, Theme, Topic

    with transaction.atomic():
        network = create_network(
            slug=f"bench-{index:02d}",
            name=f"ເຄືອຂ່າຍ {index}",
            name_en=f"Network {index}",
            country="LA",
            email="bench@example.org",
        )
        user = User.objects.create_user(ORGANISER_EMAIL.format(index), "bench password 2026")
        network.organisers.add(user)
        provinces = list(Province.objects.filter(country="LA"))
        capital = next(p for p in provinces if p.is_capital)
        levels = list(StaffLevel.objects.filter(network=network))
        organisations = Organisation.objects.bulk_create(
            Organisation(
                network=network,
                name=f"ອົງການ {index}-{n}",
                name_en=f"Organisation {index}-{n}",
                kind=rng.choice(Organisation.Kind.values),
                size=Organisation.Size.SMALL if rng.random() < 0.66 else Organisation.Size.LARGE,
                province=capital if rng.random() < 0.33 else rng.choice(provinces),
                is_active=rng.random() > 0.05,
            )
            for n in range(ORGANISATIONS)
        )
        members = Member.objects.bulk_create(
            make_member(network, f"{index}-{n}", organisations, levels, rng)
            for n in range(members_wanted)
        )
        propensity = [rng.random() ** 2 + 0.05 for _ in members]
        themes = Theme.objects.bulk_create(
            Theme(network=network, name=f"ຫົວຂໍ້ {n}", name_en=f"Theme {n}", position=n)
            for n in range(10)
        )
        series = Series.objects.create(network=network, name="ວັນສຸກ", name_en="Fridays")
        count = HANGOUTS_PER_MONTH * MONTHS
        topics = Topic.objects.bulk_create(
            Topic(network=network, title=f"Topic {index}-{n}", status=Topic.Status.HELD)
            for n in range(count)
        )
        Topic.themes.through.objects.bulk_create(
            Topic.themes.through(topic_id=topic.pk, theme_id=theme.pk)
            for topic in topics
            for theme in rng.sample(themes, rng.randint(1, 2))
        )
        hangouts = Hangout.objects.bulk_create(
            Hangout(
                network=network,
                series=series,
                topic=topic,
                title=f"Hangout {index}-{n}",
                starts_at=(start := FIRST_MONTH + timedelta(days=10 * n + rng.randint(0, 3))),
                ends_at=start + timedelta(hours=1),
                status=Hangout.Status.CANCELLED if rng.random() < 0.05 else Hangout.Status.HELD,
            )
            for n, topic in enumerate(topics)
        )
        held = [h for h in hangouts if h.status == Hangout.Status.HELD]
        presenters: list[Presenter] = []
        for hangout in held:
            team = rng.sample(members, rng.choice([1, 1, 1, 2, 3]))
            presenters.append(Presenter(hangout=hangout, member=team[0]))
            presenters.extend(
                Presenter(hangout=hangout, member=m, role=Presenter.Role.FACILITATOR)
                for m in team[1:]
            )
        Presenter.objects.bulk_create(presenters)
        per_hangout = rows_wanted / len(held)
        attendances: list[Attendance] = []
        for hangout in held:
            guests = rng.randint(0, 3)
            size = max(1, round(rng.gauss(per_hangout - guests, per_hangout / 10)))
            came = weighted_sample(rng, members, propensity, min(size, len(members)))
            attendances.extend(
                Attendance(hangout=hangout, member=m, minutes=rng.randint(10, 60)) for m in came
            )
            attendances.extend(
                Attendance(hangout=hangout, guest_name=f"Guest {rng.randint(1, 500)}", minutes=30)
                for _ in range(guests)
            )
        Attendance.objects.bulk_create(attendances, batch_size=5000)
        return len(attendances)


def make_member(network, key, organisations, levels, rng):  # type: ignore[no-untyped-def]
    """One in ten without an organisation, a province, a staff level; 5 % without a gender."""
    from hangouts.network.models import Member

    organisation = rng.choice(organisations) if rng.random() > 0.1 else None
    province = organisation.province if organisation and rng.random() > 0.1 else None
    return Member(
        network=network,
        name=f"ສະມາຊິກ {key}",
        name_latin=f"Member {key}",
        organisation=organisation,
        province=province,
        staff_level=rng.choice(levels) if rng.random() > 0.1 else None,
        gender=rng.choices([Member.Gender.FEMALE, Member.Gender.MALE, ""], [55, 40, 5])[0],
        is_active=rng.random() > 0.05,
    )


def weighted_sample[T](rng: random.Random, items: list[T], weights: list[float], k: int) -> list[T]:
    """k distinct items, each drawn with its weight (Efraimidis–Spirakis keys)."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda p: rng.random() ** (1 / p[1]))
    return [item for item, _weight in keyed[-k:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--networks", type=int, default=60)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=400)
    args = parser.parse_args()
    if args.database_url == DEFAULT_DATABASE:
        Path(DEFAULT_DATABASE.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()
    total = 0
    for index in range(args.networks):
        share = (args.rows - total) // (args.networks - index)
        total += generate_network(index, share, args.members, rng)
        print(
            f"network {index + 1}/{args.networks}: {total:,} rows, "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    print(
        f"{args.networks} networks, {total:,} attendance rows in "
        f"{time.perf_counter() - started:.0f} s ({args.database_url})"
    )


if __name__ == "__main__":
    main()
