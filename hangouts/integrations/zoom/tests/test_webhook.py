"""Zoom's webhook: v0 signature, URL validation, live joins (recorded fixtures, signed again
with the test secret and a fresh timestamp)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from hangouts.integrations.zoom.tests.conftest import FIXTURES, fixture
from hangouts.integrations.zoom.webhook import (
    expected_signature,
    signature_matches,
    url_validation_answer,
)
from hangouts.network.models import Member, Network
from hangouts.participation.attendance_import import apply_attendance_import, store_report
from hangouts.participation.models import Attendance
from hangouts.participation.reports import zoom_api
from hangouts.programme.models import Hangout, Series

SECRET = "test_zoom_webhook_secret_token"  # the secret the recorded signatures were made with
JOINED = (FIXTURES / "webhook_meeting.participant_joined.body.json").read_bytes().strip()
VALIDATION = (FIXTURES / "webhook_endpoint.url_validation.body.json").read_bytes().strip()
START = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
JOINED_AT = datetime(2026, 12, 10, 12, 2, 11, tzinfo=UTC)
URL = "/zoom/webhook/"


def post(client: Client, body: bytes, *, secret: str = SECRET, at: float | None = None):
    timestamp = str(int(time.time() if at is None else at))
    headers = {
        "x-zm-request-timestamp": timestamp,
        "x-zm-signature": expected_signature(body, timestamp, secret),
    }
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def joined(**participant: object) -> bytes:
    payload = json.loads(JOINED)
    payload["payload"]["object"]["participant"].update(participant)
    return json.dumps(payload).encode()


@pytest.fixture
def secret(settings):
    settings.ZOOM_WEBHOOK_SECRET = SECRET
    return SECRET


@pytest.fixture
def zoom_hangout(network: Network) -> Hangout:
    return Hangout.objects.create(
        network=network,
        title="Monthly peer learning",
        starts_at=START,
        ends_at=START + timedelta(minutes=90),
        status=Hangout.Status.SCHEDULED,
        meeting_provider=Series.Provider.ZOOM,
        meeting_id="81234567890",
    )


@pytest.fixture
def amina(make_member: Callable[..., Member]) -> Member:
    return make_member(name="Amina Kariuki", email="amina@example.org")


# --- pure functions, against the recorded signature ---------------------------------------------


def test_signature_matches_the_recorded_one_at_its_time():
    recorded = fixture("webhook_meeting.participant_joined.headers.json")
    assert recorded["secret_token"] == SECRET
    headers = recorded["headers"]
    timestamp, signature = headers["x-zm-request-timestamp"], headers["x-zm-signature"]

    def check(body: bytes, *, secret: str = SECRET, now: float = int(timestamp)) -> bool:
        return signature_matches(
            body, timestamp=timestamp, signature=signature, secret=secret, now=now
        )

    assert check(JOINED)
    assert not check(JOINED.replace(b"Amina", b"Amino"))
    assert not check(JOINED, secret="another secret")
    assert not check(JOINED, secret="")
    assert check(JOINED, now=int(timestamp) + 300)
    assert not check(JOINED, now=int(timestamp) + 301)  # a replay, later than 5 minutes
    assert not check(JOINED, now=int(timestamp) - 301)


def test_url_validation_answer_is_the_recorded_one():
    answer = url_validation_answer(json.loads(VALIDATION), SECRET)

    assert answer == fixture("webhook_endpoint.url_validation.expected_response.json")


# --- the view -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_webhook_answers_url_validation(client, secret):
    response = post(client, VALIDATION)

    assert response.status_code == 200
    assert response.json() == fixture("webhook_endpoint.url_validation.expected_response.json")


@pytest.mark.django_db
def test_webhook_is_off_without_a_secret(client, settings):
    settings.ZOOM_WEBHOOK_SECRET = ""

    assert post(client, VALIDATION, secret="").status_code == 403
    assert post(client, VALIDATION).status_code == 403


@pytest.mark.django_db
def test_webhook_refuses_bad_signatures_stale_posts_and_gets(client, secret, zoom_hangout, amina):
    assert post(client, JOINED, secret="not ours").status_code == 403
    assert post(client, JOINED, at=time.time() - 600).status_code == 403
    unsigned = client.post(URL, data=JOINED, content_type="application/json")
    assert unsigned.status_code == 403
    assert client.get(URL).status_code == 405
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_webhook_records_a_members_live_join_once(client, secret, zoom_hangout, amina, caplog):
    caplog.set_level(logging.DEBUG)

    first = post(client, JOINED)
    again = post(client, JOINED)  # Zoom retries when we are slow

    assert (first.status_code, again.status_code) == (200, 200)
    row = Attendance.objects.get()
    assert (row.hangout, row.member, row.source) == (zoom_hangout, amina, "webhook")
    assert (row.minutes, row.first_join) == (0, JOINED_AT)
    assert "Amina" not in caplog.text
    assert "amina@" not in caplog.text


@pytest.mark.django_db
def test_webhook_keeps_the_earliest_join(client, secret, zoom_hangout, amina):
    post(client, joined(join_time="2026-12-10T12:40:00Z"))
    post(client, JOINED)
    post(client, joined(join_time="2026-12-10T13:00:00Z"))

    assert Attendance.objects.get().first_join == JOINED_AT


@pytest.mark.django_db
def test_webhook_leaves_guests_and_uncertain_people_to_the_report(
    client, secret, zoom_hangout, amina, caplog
):
    caplog.set_level(logging.DEBUG)

    response = post(client, joined(user_name="iPhone", email=""))

    assert response.status_code == 200
    assert not Attendance.objects.exists()
    assert "iPhone" not in caplog.text


@pytest.mark.django_db
def test_webhook_matches_a_member_by_name_when_zoom_gives_no_email(
    client, secret, zoom_hangout, amina
):
    post(client, joined(email=""))

    assert Attendance.objects.get().member == amina


@pytest.mark.django_db
def test_webhook_ignores_joins_of_meetings_with_no_hangout_then(
    client, secret, zoom_hangout, amina, network
):
    later = START + timedelta(days=28)
    Hangout.objects.create(
        network=network,
        title="Cancelled one",
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        status=Hangout.Status.CANCELLED,
        meeting_provider=Series.Provider.ZOOM,
        meeting_id="81234567890",
    )

    assert post(client, joined(join_time="2026-12-11T12:00:00Z")).status_code == 200
    assert post(client, joined(join_time="2027-01-07T12:05:00Z")).status_code == 200
    other_meeting = json.loads(JOINED)
    other_meeting["payload"]["object"]["id"] = "89999999999"
    assert post(client, json.dumps(other_meeting).encode()).status_code == 200
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_webhook_picks_the_hangout_of_the_day_when_a_series_shares_the_meeting(
    client, secret, zoom_hangout, amina, network
):
    later = START + timedelta(days=35)
    next_month = Hangout.objects.create(
        network=network,
        title="Next month",
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        status=Hangout.Status.SCHEDULED,
        meeting_provider=Series.Provider.ZOOM,
        meeting_id="81234567890",
    )

    post(client, joined(join_time="2027-01-14T11:55:00Z"))

    assert Attendance.objects.get().hangout == next_month


@pytest.mark.django_db
def test_webhook_ignores_other_events_and_bad_json(client, secret, zoom_hangout, amina):
    left = json.loads(JOINED)
    left["event"] = "meeting.participant_left"

    assert post(client, json.dumps(left).encode()).status_code == 200
    assert post(client, b"not json").status_code == 400
    assert post(client, b"[1, 2]").status_code == 400
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_live_join_takes_the_minutes_of_the_report_imported_later(
    client, secret, zoom_hangout, amina, organiser
):
    post(client, JOINED)
    pages = [fixture("report_meeting_participants_page1.json")["participants"]]
    pages.append(fixture("report_meeting_participants_page2.json")["participants"])
    content = zoom_api.payload("4444AAAiAAAAAiAiAiiAii==", [row for page in pages for row in page])
    record = store_report(zoom_hangout, content=content, file_name="Zoom API", by=organiser)

    with time_machine.travel(START + timedelta(days=1)):
        plan = apply_attendance_import(record, by=organiser)

    assert plan.matched[0].already == "webhook"
    row = Attendance.objects.get()
    assert (row.member, row.source, row.minutes) == (amina, "webhook", 73)
