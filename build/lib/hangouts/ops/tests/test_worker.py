"""The worker command runs housekeeping at its start and records a heartbeat."""

import pytest
from django.core.management import call_command

from hangouts.ops.housekeeping import run_housekeeping
from hangouts.ops.models import WorkerHeartbeat

calls: list[str] = []


def record_call() -> None:
    calls.append("ran")


def failing_job() -> None:
    raise RuntimeError("boom")


@pytest.fixture
def database_worker(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }


@pytest.mark.django_db(transaction=True)
def test_worker_runs_housekeeping_at_start_and_beats(settings, database_worker):
    calls.clear()
    settings.WORKER_HOUSEKEEPING = [f"{__name__}.record_call"]

    call_command(
        "worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--worker-id", "w1"
    )

    assert calls == ["ran"]
    assert WorkerHeartbeat.objects.get().worker_id == "w1"


@pytest.mark.django_db
def test_housekeeping_job_failure_does_not_stop_the_others(settings, caplog):
    calls.clear()
    settings.WORKER_HOUSEKEEPING = [f"{__name__}.failing_job", f"{__name__}.record_call"]

    run_housekeeping("w2")

    assert calls == ["ran"]
    assert "failing_job failed" in caplog.text
    assert WorkerHeartbeat.objects.filter(worker_id="w2").exists()
