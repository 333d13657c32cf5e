"""Periodic jobs of the task worker: at its start and then every HOUSEKEEPING_SECONDS.

Apps list their jobs, as dotted paths of functions taking no argument, in
`settings.WORKER_HOUSEKEEPING` (e.g. the outbox sweep, reminders that fell due). A job that fails
is logged and the others still run: one bad job must not stop reminders from going out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from hangouts.ops.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def jobs() -> list[Callable[[], object]]:
    return [import_string(path) for path in settings.WORKER_HOUSEKEEPING]


def beat(worker_id: str) -> None:
    """Record that this worker is alive (read by /healthz)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id[:64], defaults={"beat_at": timezone.now()}
    )


def run_housekeeping(worker_id: str) -> None:
    """One round: a heartbeat, then every job, each on its own."""
    beat(worker_id)
    for job in jobs():
        try:
            job()
        except Exception:
            logger.exception("Housekeeping job %s failed", getattr(job, "__qualname__", job))
