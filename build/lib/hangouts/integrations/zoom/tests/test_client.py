from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation

from hangouts.integrations.zoom.client import ZoomClient, ZoomError, ZoomMeeting
from hangouts.integrations.zoom.tests.conftest import (
    ACCOUNT_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    FakeZoom,
)

START = datetime(2026, 12, 18, 7, 0, tzinfo=UTC)  # 14:00 in Vientiane


def make_client(fake: FakeZoom, *, timeout: float = 10) -> ZoomClient:
    return ZoomClient(
        ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, fake.api_url, fake.oauth_url, timeout=timeout
    )


def create(client: ZoomClient, **extra: object) -> ZoomMeeting:
    return client.create_meeting(
        topic="Nutrition for mothers",
        start_time=START,
        duration=60,
        time_zone="Asia/Vientiane",
        agenda="Welcome: 5 min",
        **extra,  # type: ignore[arg-type]
    )


def english(error: pytest.ExceptionInfo[ZoomError]) -> str:
    with translation.override("en"):
        return str(error.value)


def test_token_asks_for_account_credentials_with_basic_auth(fake_zoom: FakeZoom) -> None:
    token = make_client(fake_zoom).token()

    assert token == "test-token-1"
    (request,) = fake_zoom.calls("POST", "/oauth/token")
    assert request.query == {"grant_type": ["account_credentials"], "account_id": [ACCOUNT_ID]}
    pair = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {pair}"


def test_token_is_cached_until_shortly_before_it_expires(fake_zoom: FakeZoom) -> None:
    client = make_client(fake_zoom)
    with time_machine.travel(START, tick=False) as traveller:
        first = client.token()
        create(client)
        traveller.shift(3500)  # expires_in is 3599: still valid
        assert client.token() == first
        traveller.shift(60)  # within the last minute: renewed
        assert client.token() == "test-token-2"
    assert fake_zoom.tokens_issued == 2


def test_token_refused_credentials_give_a_clear_message(fake_zoom: FakeZoom) -> None:
    body = {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
    fake_zoom.plan("POST", "/oauth/token", 400, body)

    with pytest.raises(ZoomError) as error:
        create(make_client(fake_zoom))

    assert english(error).startswith("Zoom refused our credentials: check ZOOM_CLIENT_ID")
    assert fake_zoom.calls("POST", "/v2/") == []


def test_create_meeting_sends_a_scheduled_meeting_in_local_time(fake_zoom: FakeZoom) -> None:
    meeting = create(make_client(fake_zoom))

    assert meeting == ZoomMeeting(
        id="81234567890",
        join_url="https://us02web.zoom.us/j/81234567890?pwd=REDACTED",
        passcode="p33rL3arn",
    )
    (request,) = fake_zoom.calls("POST", "/v2/users/me/meetings")
    assert request.headers["Authorization"] == "Bearer test-token-1"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "topic": "Nutrition for mothers",
        "type": 2,
        "start_time": "2026-12-18T14:00:00",
        "timezone": "Asia/Vientiane",
        "duration": 60,
        "agenda": "Welcome: 5 min",
    }


def test_create_meeting_with_recurrence_is_type_8(fake_zoom: FakeZoom) -> None:
    recurrence = {"type": 3, "repeat_interval": 1, "monthly_week": -1, "monthly_week_day": 6}

    create(make_client(fake_zoom), recurrence=recurrence)

    (request,) = fake_zoom.calls("POST", "/v2/users/me/meetings")
    assert request.body["type"] == 8
    assert request.body["recurrence"] == recurrence


def test_create_meeting_without_join_url_is_unreadable(fake_zoom: FakeZoom) -> None:
    fake_zoom.plan("POST", "/v2/users/me/meetings", 201, {"id": 1, "topic": "x"})

    with pytest.raises(ZoomError) as error:
        create(make_client(fake_zoom))

    assert "could not read" in english(error)


def test_update_meeting_patches_only_the_given_fields(fake_zoom: FakeZoom) -> None:
    make_client(fake_zoom).update_meeting(
        "81234567890", start_time=START, duration=90, time_zone="Asia/Vientiane"
    )

    (request,) = fake_zoom.calls("PATCH")
    assert request.path == "/v2/meetings/81234567890"
    assert request.body == {
        "start_time": "2026-12-18T14:00:00",
        "timezone": "Asia/Vientiane",
        "duration": 90,
    }


def test_delete_meeting_sends_delete(fake_zoom: FakeZoom) -> None:
    make_client(fake_zoom).delete_meeting("81234567890")

    assert [(r.method, r.path) for r in fake_zoom.calls("DELETE")] == [
        ("DELETE", "/v2/meetings/81234567890")
    ]


def test_delete_meeting_already_gone_is_not_an_error(fake_zoom: FakeZoom) -> None:
    fake_zoom.plan("DELETE", "/v2/meetings/", 404, {"code": 3001, "message": "Meeting not found"})

    make_client(fake_zoom).delete_meeting("81234567890")

    assert len(fake_zoom.calls("DELETE")) == 1


def test_call_after_401_retries_once_with_a_fresh_token(fake_zoom: FakeZoom) -> None:
    client = make_client(fake_zoom)
    client.token()
    fake_zoom.plan("POST", "/v2/users/me/meetings", 401, {"code": 124, "message": "Invalid token"})

    meeting = create(client)

    assert meeting.id == "81234567890"
    sent = fake_zoom.calls("POST", "/v2/users/me/meetings")
    assert [r.headers["Authorization"] for r in sent] == [
        "Bearer test-token-1",
        "Bearer test-token-2",
    ]


def test_call_401_twice_is_a_credentials_error(fake_zoom: FakeZoom) -> None:
    for _ in range(2):
        fake_zoom.plan("PATCH", "/v2/meetings/", 401, {"code": 124, "message": "Invalid token"})

    with pytest.raises(ZoomError) as error:
        make_client(fake_zoom).update_meeting("81234567890", topic="New title")

    assert error.value.status == 401
    assert english(error).startswith("Zoom refused our credentials")
    assert len(fake_zoom.calls("PATCH")) == 2
    assert fake_zoom.tokens_issued == 2


def test_call_429_says_zoom_is_busy(fake_zoom: FakeZoom) -> None:
    body = {"code": 429, "message": "You have reached the maximum per-second rate limit."}
    fake_zoom.plan("POST", "/v2/users/me/meetings", 429, body)

    with pytest.raises(ZoomError) as error:
        create(make_client(fake_zoom))

    assert english(error) == "Zoom is busy (too many requests); try again in a minute."


def test_call_other_error_carries_zooms_message(fake_zoom: FakeZoom) -> None:
    body = {"code": 300, "message": "Invalid meeting start time."}
    fake_zoom.plan("POST", "/v2/users/me/meetings", 400, body)

    with pytest.raises(ZoomError) as error:
        create(make_client(fake_zoom))

    assert error.value.status == 400
    assert english(error) == "Zoom could not do this (error 400): Invalid meeting start time."


def test_call_to_a_stopped_server_cannot_reach_zoom(fake_zoom: FakeZoom) -> None:
    client = make_client(fake_zoom)
    fake_zoom.stop()

    with pytest.raises(ZoomError) as error:
        create(client)

    assert english(error).startswith("Could not reach Zoom")


def test_call_timing_out_cannot_reach_zoom(fake_zoom: FakeZoom) -> None:
    fake_zoom.delay = 1.0

    with pytest.raises(ZoomError) as error:
        make_client(fake_zoom, timeout=0.2).token()

    assert english(error).startswith("Could not reach Zoom")


def test_client_logs_no_secret(fake_zoom: FakeZoom, caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(fake_zoom)
    fake_zoom.plan("POST", "/v2/users/me/meetings", 500, {"code": 500, "message": "Oops"})

    with caplog.at_level(logging.DEBUG), pytest.raises(ZoomError):
        create(client)

    assert "500" in caplog.text
    for secret in (CLIENT_SECRET, "test-token-1", "p33rL3arn", "pwd="):
        assert secret not in caplog.text
    assert CLIENT_SECRET not in repr(client)


def test_client_refuses_addresses_other_than_http() -> None:
    with pytest.raises(ValueError, match="https://"):
        ZoomClient(
            ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, "file:///etc", "https://zoom.us/oauth/token"
        )
