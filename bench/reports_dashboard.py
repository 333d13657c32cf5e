"""Benchmark: one network's reach dashboard on the generated instance (reports_generate.py).

    .venv/bin/python bench/reports_dashboard.py [--database-url URL] [--network bench-30]
        [--runs 5] [--explain]

Times, for one network of the 60 (1,000,000 attendance rows in all), the figures alone
(`reports.queries.reach`, all time and one year) and the whole dashboard page (the view through
Django's test client, signed in as the network's organiser: middleware, figures, charts,
template), each `runs` times after a warm-up, and prints the median, the slowest and the number
of queries. `--explain` prints the query plans of the figures' queries (EXPLAIN, or EXPLAIN
QUERY PLAN on SQLite). Never part of `make test`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reports_generate import DEFAULT_DATABASE, ORGANISER_EMAIL, setup


def timed(run: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """(median seconds, slowest seconds, queries of one run) after one warm-up run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), len(captured.captured_queries)


def explain(network_slug: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hangouts.network.models import Network
    from hangouts.reports.queries import reach

    network = Network.objects.get(slug=network_slug)
    with CaptureQueriesContext(connection) as captured:
        reach(network)
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            print("\n" + query["sql"][:300])
            cursor.execute(prefix + query["sql"])
            for row in cursor.fetchall():
                print("   ", " ".join(str(cell) for cell in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--network", default="bench-30")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup(args.database_url)
    from django.conf import settings

    # No collectstatic here: plain static file names (the page's cost is the same).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from hangouts.accounts.models import User
    from hangouts.network.models import Network
    from hangouts.participation.models import Attendance
    from hangouts.reports.queries import Filters, Period, reach

    if args.explain:
        explain(args.network)
        return
    # As Django's test runner does: keep one connection, so its queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    network = Network.objects.get(slug=args.network)
    rows = Attendance.objects.count()
    own = Attendance.objects.filter(hangout__network=network).count()
    print(
        f"{connection.vendor}: {Network.objects.count()} networks, {rows:,} attendance rows; "
        f"{network.slug} has {own:,}"
    )
    year = Filters(Period(date(2025, 1, 1), date(2025, 12, 31)))
    client = Client()
    index = int(args.network.rsplit("-", 1)[1])
    client.force_login(User.objects.get(email=ORGANISER_EMAIL.format(index)))
    url = reverse("reports:dashboard", args=[network.slug])

    def page() -> None:
        response = client.get(url, secure=True, headers={"host": "hangouts.example.org"})
        assert response.status_code == 200, response.status_code

    for label, run in (
        ("figures, all time", lambda: reach(network)),
        ("figures, 2025", lambda: reach(network, year)),
        ("dashboard page, all time", page),
    ):
        median, slowest, queries = timed(run, args.runs)
        print(
            f"  {label:<26} median {median * 1000:6.0f} ms  slowest {slowest * 1000:6.0f} ms"
            f"  {queries} queries"
        )


if __name__ == "__main__":
    main()
