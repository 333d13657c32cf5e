from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation
from pytest_django.fixtures import Settings

from hangouts.integrations.zoom.client import ZoomError
from hangouts.integrations.zoom.meetings import (
    create_series_meeting,
    create_zoom_meeting,
    delete_zoom_meeting,
    update_zoom_meeting,
    zoom_client,
)
from hangouts.integrations.zoom.tests.conftest import FakeZoom
from hangouts.network.models import Network
from hangouts.programme import meetings as programme_meetings
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Series

START = datetime(2026, 12, 18, 7, 0, tzinfo=UTC)  # Friday 14:00 in Vientiane
JOIN_URL = "https://us02web.zoom.us/j/81234567890?pwd=REDACTED"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zoom_settings")]


def make_hangout(network: Network, *, series: Series | None = None, **fields: object) -> Hangout:
    values: dict[str, object] = {
        "title": "Nutrition for mothers",
        "description": "How small CSOs reach mothers in the provinces.",
        "starts_at": START,
        "ends_at": START + timedelta(minutes=60),
        "status": Hangout.Status.SCHEDULED,
        "agenda": DEFAULT_AGENDA,
        "meeting_provider": Series.Provider.ZOOM,
        **fields,
    }
    return Hangout.objects.create(network=network, series=series, **values)


def zoom_hangout(network: Network, meeting_id: str = "81234567890") -> Hangout:
    return make_hangout(
        network, meeting_id=meeting_id, meeting_url=JOIN_URL, meeting_passcode="p33rL3arn"
    )


def meeting_fields(hangout: Hangout) -> tuple[str, str, str, str]:
    hangout.refresh_from_db()
    return (
        hangout.meeting_provider,
        hangout.meeting_id,
        hangout.meeting_url,
        hangout.meeting_passcode,
    )


def english(error: pytest.ExceptionInfo[ZoomError]) -> str:
    with translation.override("en"):
        return str(error.value)


def test_create_zoom_meeting_saves_id_link_and_passcode(
    network: Network, fake_zoom: FakeZoom
) -> None:
    hangout = make_hangout(network, meeting_provider=Series.Provider.URL)

    create_zoom_meeting(hangout)

    assert meeting_fields(hangout) == ("zoom", "81234567890", JOIN_URL, "p33rL3arn")
    (request,) = fake_zoom.calls("POST", "/v2/users/me/meetings")
    assert request.headers["Authorization"] == "Bearer test-token-1"
    body = request.body
    assert body["topic"] == "Nutrition for mothers"
    assert body["type"] == 2
    assert (body["start_time"], body["timezone"]) == ("2026-12-18T14:00:00", "Asia/Vientiane")
    assert body["duration"] == 60
    assert "recurrence" not in body
    with translation.override("en"):
        create_zoom_meeting(make_hangout(network, title="Advocacy"))
    agenda = fake_zoom.calls("POST", "/v2/users/me/meetings")[1].body["agenda"]
    assert agenda.splitlines() == [
        "How small CSOs reach mothers in the provinces.",
        "Welcome: 5 min",
        "Talk: 15 min",
        "Discussion: 35 min",
        "Wrap-up: 5 min",
    ]


def test_create_zoom_meeting_keeps_an_existing_meeting(
    network: Network, fake_zoom: FakeZoom
) -> None:
    hangout = zoom_hangout(network, meeting_id="999")

    create_zoom_meeting(hangout)

    assert meeting_fields(hangout)[1] == "999"
    assert fake_zoom.requests == []


def test_create_zoom_meeting_reuses_the_series_meeting(
    network: Network, fake_zoom: FakeZoom
) -> None:
    series = Series.objects.create(
        network=network,
        name="Friday hangouts",
        zoom_meeting_id="85550001111",
        zoom_join_url="https://us02web.zoom.us/j/85550001111?pwd=series",
        zoom_passcode="s3ries",
    )
    hangout = make_hangout(network, series=series, meeting_provider=Series.Provider.URL)

    create_zoom_meeting(hangout)

    assert meeting_fields(hangout) == (
        "zoom",
        "85550001111",
        "https://us02web.zoom.us/j/85550001111?pwd=series",
        "s3ries",
    )
    assert fake_zoom.requests == []


def test_create_series_meeting_recurs_monthly_by_the_series_rule(
    network: Network, fake_zoom: FakeZoom
) -> None:
    series = Series.objects.create(network=network, name="Friday hangouts")  # last Friday, 14:00

    with time_machine.travel(datetime(2026, 11, 28, tzinfo=UTC)):
        create_series_meeting(series)

    series.refresh_from_db()
    assert (series.zoom_meeting_id, series.zoom_join_url, series.zoom_passcode) == (
        "81234567890",
        JOIN_URL,
        "p33rL3arn",
    )
    (request,) = fake_zoom.calls("POST", "/v2/users/me/meetings")
    body = request.body
    assert (body["topic"], body["type"], body["duration"]) == ("Friday hangouts", 8, 60)
    # November's last Friday (the 27th) has passed: the series starts on 25 December.
    assert (body["start_time"], body["timezone"]) == ("2026-12-25T14:00:00", "Asia/Vientiane")
    assert body["recurrence"] == {
        "type": 3,
        "repeat_interval": 1,
        "monthly_week": -1,
        "monthly_week_day": 6,
        "end_times": 50,
    }


def test_create_series_meeting_on_second_monday(network: Network, fake_zoom: FakeZoom) -> None:
    series = Series.objects.create(
        network=network,
        name="Monday hangouts",
        week=Series.Week.SECOND,
        weekday=Series.Weekday.MONDAY,
    )

    with time_machine.travel(datetime(2026, 11, 28, tzinfo=UTC)):
        create_series_meeting(series)
        create_series_meeting(series)  # it has one now: nothing more is created

    (request,) = fake_zoom.calls("POST", "/v2/users/me/meetings")
    assert request.body["start_time"] == "2026-12-14T14:00:00"
    assert request.body["recurrence"]["monthly_week"] == 2
    assert request.body["recurrence"]["monthly_week_day"] == 2


def test_update_zoom_meeting_patches_start_length_and_title(
    network: Network, fake_zoom: FakeZoom
) -> None:
    hangout = zoom_hangout(network)
    hangout.starts_at = START + timedelta(days=7)
    hangout.ends_at = hangout.starts_at + timedelta(minutes=90)

    update_zoom_meeting(hangout)

    (request,) = fake_zoom.calls("PATCH")
    assert request.path == "/v2/meetings/81234567890"
    assert request.headers["Authorization"] == "Bearer test-token-1"
    assert request.body == {
        "topic": "Nutrition for mothers",
        "start_time": "2026-12-25T14:00:00",
        "timezone": "Asia/Vientiane",
        "duration": 90,
    }


def test_delete_zoom_meeting_deletes_and_forgets_the_link(
    network: Network, fake_zoom: FakeZoom
) -> None:
    hangout = zoom_hangout(network)

    delete_zoom_meeting(hangout)

    assert [r.path for r in fake_zoom.calls("DELETE")] == ["/v2/meetings/81234567890"]
    assert meeting_fields(hangout) == ("zoom", "", "", "")


def test_delete_zoom_meeting_already_deleted_on_zoom(network: Network, fake_zoom: FakeZoom) -> None:
    hangout = zoom_hangout(network)
    fake_zoom.plan("DELETE", "/v2/meetings/", 404, {"code": 3001, "message": "Not found"})

    delete_zoom_meeting(hangout)

    assert meeting_fields(hangout) == ("zoom", "", "", "")


def test_series_meeting_is_neither_moved_nor_deleted(network: Network, fake_zoom: FakeZoom) -> None:
    series = Series.objects.create(
        network=network, name="Friday hangouts", zoom_meeting_id="85550001111"
    )
    hangout = make_hangout(network, series=series, meeting_id="85550001111", meeting_url=JOIN_URL)

    update_zoom_meeting(hangout)
    delete_zoom_meeting(hangout)

    assert fake_zoom.requests == []
    assert meeting_fields(hangout)[1:3] == ("85550001111", JOIN_URL)


def test_token_is_cached_across_calls(network: Network, fake_zoom: FakeZoom) -> None:
    hangout = make_hangout(network)

    create_zoom_meeting(hangout)
    update_zoom_meeting(hangout)
    delete_zoom_meeting(hangout)

    assert fake_zoom.tokens_issued == 1
    assert len(fake_zoom.calls("POST", "/oauth/token")) == 1
    assert {r.headers["Authorization"] for r in fake_zoom.calls(path="/v2/")} == {
        "Bearer test-token-1"
    }


def test_create_after_401_succeeds_with_a_fresh_token(
    network: Network, fake_zoom: FakeZoom
) -> None:
    zoom_client().token()  # cached, then revoked on Zoom's side
    fake_zoom.plan("POST", "/v2/users/me/meetings", 401, {"code": 124, "message": "Invalid token"})
    hangout = make_hangout(network)

    create_zoom_meeting(hangout)

    assert meeting_fields(hangout)[1] == "81234567890"
    assert fake_zoom.tokens_issued == 2


def test_create_401_twice_leaves_the_hangout_as_it_was(
    network: Network, fake_zoom: FakeZoom
) -> None:
    for _ in range(2):
        fake_zoom.plan("POST", "/v2/users/me/meetings", 401, {"code": 124, "message": "No"})
    hangout = make_hangout(network, meeting_provider=Series.Provider.URL)

    with pytest.raises(ZoomError) as error:
        create_zoom_meeting(hangout)

    assert english(error).startswith("Zoom refused our credentials")
    assert meeting_fields(hangout) == ("url", "", "", "")


def test_create_429_leaves_the_hangout_as_it_was(network: Network, fake_zoom: FakeZoom) -> None:
    fake_zoom.plan("POST", "/v2/users/me/meetings", 429, {"code": 429, "message": "Slow down"})
    hangout = make_hangout(network, meeting_provider=Series.Provider.URL)

    with pytest.raises(ZoomError) as error:
        create_zoom_meeting(hangout)

    assert english(error) == "Zoom is busy (too many requests); try again in a minute."
    assert meeting_fields(hangout) == ("url", "", "", "")


def test_delete_429_keeps_the_link(network: Network, fake_zoom: FakeZoom) -> None:
    fake_zoom.plan("DELETE", "/v2/meetings/", 429, {"code": 429, "message": "Slow down"})
    hangout = zoom_hangout(network)

    with pytest.raises(ZoomError):
        delete_zoom_meeting(hangout)

    assert hangout.meeting_id == "81234567890"
    assert meeting_fields(hangout) == ("zoom", "81234567890", JOIN_URL, "p33rL3arn")


def test_series_meeting_429_leaves_the_series_as_it_was(
    network: Network, fake_zoom: FakeZoom
) -> None:
    fake_zoom.plan("POST", "/v2/users/me/meetings", 429, {"code": 429, "message": "Slow down"})
    series = Series.objects.create(network=network, name="Friday hangouts")

    with pytest.raises(ZoomError):
        create_series_meeting(series)

    series.refresh_from_db()
    assert (series.zoom_meeting_id, series.zoom_join_url, series.zoom_passcode) == ("", "", "")


def test_create_with_zoom_unreachable_leaves_the_hangout_as_it_was(
    network: Network, fake_zoom: FakeZoom
) -> None:
    fake_zoom.stop()
    hangout = make_hangout(network, meeting_provider=Series.Provider.URL)

    with pytest.raises(ZoomError) as error:
        create_zoom_meeting(hangout)

    assert english(error).startswith("Could not reach Zoom")
    assert meeting_fields(hangout) == ("url", "", "", "")


def test_create_with_zoom_not_configured(
    network: Network, fake_zoom: FakeZoom, settings: Settings
) -> None:
    settings.ZOOM_CLIENT_SECRET = ""
    hangout = make_hangout(network, meeting_provider=Series.Provider.URL)

    with pytest.raises(ZoomError) as error:
        create_zoom_meeting(hangout)

    assert english(error).startswith("Zoom is not configured")
    assert meeting_fields(hangout) == ("url", "", "", "")
    assert fake_zoom.requests == []


def test_attach_meeting_turns_zoom_errors_into_meeting_errors(
    network: Network, fake_zoom: FakeZoom
) -> None:
    fake_zoom.plan("POST", "/v2/users/me/meetings", 429, {"code": 429, "message": "Slow down"})
    hangout = make_hangout(network)

    with translation.override("en"), pytest.raises(programme_meetings.MeetingError) as error:
        programme_meetings.attach_meeting(hangout)

    assert str(error.value) == "Zoom is busy (too many requests); try again in a minute."
    assert meeting_fields(hangout) == ("zoom", "", "", "")
