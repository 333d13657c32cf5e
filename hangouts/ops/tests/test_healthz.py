"""/healthz tells a monitor whether the database answers and a worker is alive."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from hangouts.ops.models import WorkerHeartbeat

URL = "/healthz"


def test_healthz_is_at_the_documented_address():
    assert reverse("ops:healthz") == URL


@pytest.mark.django_db
def test_healthz_is_ok_with_a_recent_heartbeat(client, django_assert_max_num_queries, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    WorkerHeartbeat.objects.create(
        worker_id="host:1", beat_at=timezone.now() - timedelta(seconds=30)
    )

    with django_assert_max_num_queries(1):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "worker": "ok",
        "worker_heartbeat_age_seconds": 30,
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_fails_when_the_worker_is_late(client, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.HOUSEKEEPING_SECONDS = 60
    WorkerHeartbeat.objects.create(worker_id="old", beat_at=timezone.now() - timedelta(hours=1))
    WorkerHeartbeat.objects.create(worker_id="late", beat_at=timezone.now() - timedelta(minutes=4))

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["worker"] == "late"
    assert response.json()["worker_heartbeat_age_seconds"] == 240


@pytest.mark.django_db
def test_healthz_fails_when_no_worker_ever_ran(client):
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "worker": "missing",
        "worker_heartbeat_age_seconds": None,
    }


@pytest.mark.django_db
def test_healthz_fails_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("gone")

    monkeypatch.setattr(WorkerHeartbeat.objects, "aggregate", broken)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "error", "worker": "unknown"}


@pytest.mark.django_db
def test_healthz_shows_no_worker_names_and_sets_no_cookie(client):
    WorkerHeartbeat.objects.create(worker_id="hangouts-host:4242")

    response = client.get(URL)

    assert b"hangouts-host" not in response.content
    assert not response.cookies


def test_bench_bare_view_is_not_routed_outside_the_load_benchmark(client):
    assert client.get("/bench/bare").status_code == 404
