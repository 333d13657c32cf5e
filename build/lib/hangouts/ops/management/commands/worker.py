"""The task worker: django-tasks-db's `db_worker`, plus a housekeeping loop beside it.

Run it instead of `db_worker` (same options). The housekeeping thread writes the heartbeat that
/healthz reads and runs `settings.WORKER_HOUSEKEEPING` at start and every HOUSEKEEPING_SECONDS,
so that reminders fall due and rows left by a dead worker are swept without a cron job.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from hangouts.ops.housekeeping import run_housekeeping


def housekeeping_loop(worker_id: str, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.HOUSEKEEPING_SECONDS):
            close_old_connections()
            run_housekeeping(worker_id)
    finally:
        connections.close_all()


class Command(DbWorkerCommand):
    help = "Run the task worker, with its heartbeat and periodic housekeeping."

    def handle(self, *args: Any, **options: Any) -> None:
        # The first round runs before any task is claimed: a sweep after a crash comes first.
        run_housekeeping(options["worker_id"])
        stop = threading.Event()
        thread = threading.Thread(
            target=housekeeping_loop,
            args=(options["worker_id"], stop),
            name="housekeeping",
            daemon=True,
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
