"""Zoom's participant report through the API (recorded pages, fake Zoom on loopback), and the
"Fetch from Zoom" button that feeds it into the attendance import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from hangouts.integrations.zoom.client import ZoomError
from hangouts.integrations.zoom.meetings import zoom_client
from hangouts.integrations.zoom.reports import fetch_participants, quote_uuid
from hangouts.integrations.zoom.tests.conftest import FakeZoom, fixture
from hangouts.network.models import Member, Network
from hangouts.participation.attendance_import import apply_attendance_import, plan_import
from hangouts.participation.models import Attendance, AttendanceImport
from hangouts.participation.tests.test_attendance import in_english
from hangouts.programme.models import Hangout, Series

# The occurrence of past_meeting_instances.json whose UUID starts with "/".
START = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
SLASHED_UUID = "/ajXp112QmuoKj4854875=="
REPORT_PATH = "/v2/report/meetings/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zoom_settings")]


def serve_report(fake_zoom: FakeZoom) -> None:
    fake_zoom.plan("GET", REPORT_PATH, 200, fixture("report_meeting_participants_page1.json"))
    fake_zoom.plan("GET", REPORT_PATH, 200, fixture("report_meeting_participants_page2.json"))


def test_quote_uuid_encodes_twice_as_zoom_requires():
    assert quote_uuid("/ajX//p==") == "%252FajX%252F%252Fp%253D%253D"
    assert quote_uuid("4444AAAiAAAAAiAiAiiAii==") == "4444AAAiAAAAAiAiAiiAii%253D%253D"


def test_fetch_participants_reads_every_page_and_merges_like_the_csv(fake_zoom: FakeZoom):
    serve_report(fake_zoom)

    report = fetch_participants(zoom_client(), SLASHED_UUID)

    calls = fake_zoom.calls("GET", REPORT_PATH)
    assert [call.path for call in calls] == [
        "/v2/report/meetings/%252FajXp112QmuoKj4854875%253D%253D/participants"
    ] * 2
    assert "next_page_token" not in calls[0].query
    assert calls[1].query["next_page_token"] == ["Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3"]
    assert calls[0].query["page_size"] == ["300"]
    # Joe M. waited in the waiting room only: left out. Amina's two stretches, 18:00 and
    # 54:51 (1080 s and 3291 s), make 72:51, rounded to 73 minutes.
    assert report.format == "zoom_api"
    assert report.rows == 2
    [amina] = report.participants
    assert (amina.name, amina.email, amina.minutes, amina.rows) == (
        "Amina Kariuki",
        "amina@example.org",
        73,
        2,
    )
    assert amina.first_join == datetime(2026, 12, 10, 12, 2, 11, tzinfo=UTC)
    assert amina.last_leave == datetime(2026, 12, 10, 13, 30, 2, tzinfo=UTC)


def test_fetch_participants_counts_overlapping_devices_once(fake_zoom: FakeZoom):
    page = fixture("report_meeting_participants_page1.json")
    page["next_page_token"] = ""
    # The same person on a phone from 12:10 to 12:30 overlaps both stretches of the laptop.
    phone = dict(page["participants"][0], join_time="2026-12-10T12:10:11Z")
    phone.update(leave_time="2026-12-10T12:40:11Z", duration=1800)
    page["participants"].append(phone)
    fake_zoom.plan("GET", REPORT_PATH, 200, page)

    [amina] = fetch_participants(zoom_client(), SLASHED_UUID).participants

    # The phone (12:10:11-12:40:11) bridges the laptop's two stretches: 12:02:11-13:30:02 is
    # 87:51, not 72:51 + 30:00.
    assert amina.minutes == 88


def test_fetch_participants_turns_zoom_refusals_into_a_zoom_error(fake_zoom: FakeZoom):
    fake_zoom.plan("GET", REPORT_PATH, 404, {"code": 3001, "message": "Meeting does not exist."})

    with pytest.raises(ZoomError) as raised:
        fetch_participants(zoom_client(), SLASHED_UUID)

    assert raised.value.status == 404
    assert "Meeting does not exist." in str(raised.value)


def test_fetch_participants_refuses_a_page_without_participants(fake_zoom: FakeZoom):
    fake_zoom.plan("GET", REPORT_PATH, 200, {"next_page_token": ""})

    with pytest.raises(ZoomError):
        fetch_participants(zoom_client(), SLASHED_UUID)


# --- "Fetch from Zoom" on the import page -----------------------------------------------------


@pytest.fixture
def zoom_hangout(network: Network) -> Hangout:
    return Hangout.objects.create(
        network=network,
        title="Monthly peer learning",
        starts_at=START,
        ends_at=START + timedelta(minutes=90),
        status=Hangout.Status.HELD,
        meeting_provider=Series.Provider.ZOOM,
        meeting_id="81234567890",
    )


@pytest.fixture
def amina(make_member: Callable[..., Member]) -> Member:
    return make_member(name="Amina Kariuki", email="amina@example.org")


def upload_page(hangout: Hangout) -> str:
    kwargs = {"network": hangout.network.slug, "pk": hangout.pk}
    return reverse("participation:import_upload", kwargs=kwargs)


def fetch_page(hangout: Hangout) -> str:
    kwargs = {"network": hangout.network.slug, "pk": hangout.pk}
    return reverse("participation:import_from_zoom", kwargs=kwargs)


def test_import_page_offers_zoom_only_for_a_zoom_meeting_with_zoom_configured(
    organiser_client, zoom_hangout, settings
):
    client = in_english(organiser_client)
    assert "Fetch from Zoom" in client.get(upload_page(zoom_hangout)).text

    settings.ZOOM_CLIENT_SECRET = ""
    assert "Fetch from Zoom" not in client.get(upload_page(zoom_hangout)).text
    assert client.post(fetch_page(zoom_hangout)).status_code == 404


def test_import_page_offers_zoom_only_for_a_hangout_on_zoom(organiser_client, zoom_hangout):
    zoom_hangout.meeting_provider = Series.Provider.JITSI
    zoom_hangout.save()
    client = in_english(organiser_client)

    assert "Fetch from Zoom" not in client.get(upload_page(zoom_hangout)).text
    assert client.post(fetch_page(zoom_hangout)).status_code == 404


def test_fetch_from_zoom_is_for_organisers_only(member_client, zoom_hangout, fake_zoom):
    response = member_client.post(fetch_page(zoom_hangout))

    assert response.status_code == 403
    assert not AttendanceImport.objects.exists()
    assert fake_zoom.calls("GET") == []


def test_fetch_from_zoom_imports_through_the_same_matching_path(
    organiser_client, zoom_hangout, amina, fake_zoom: FakeZoom, organiser
):
    fake_zoom.plan("GET", "/v2/past_meetings/", 200, fixture("past_meeting_instances.json"))
    serve_report(fake_zoom)

    response = organiser_client.post(fetch_page(zoom_hangout))

    record = AttendanceImport.objects.get(hangout=zoom_hangout)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/import/{record.pk}/")
    # The occurrence of the hangout's day, not the latest one of the recurring meeting.
    assert fake_zoom.calls("GET", "/v2/past_meetings/")[0].path == (
        "/v2/past_meetings/81234567890/instances"
    )
    assert fake_zoom.calls("GET", REPORT_PATH)[0].path.startswith(
        "/v2/report/meetings/%252FajXp112QmuoKj4854875"
    )
    assert "Amina Kariuki" in organiser_client.get(response["Location"]).text
    plan = plan_import(zoom_hangout, bytes(record.content))
    assert plan.summary() == {
        "format": "zoom_api",
        "rows": 2,
        "people": 1,
        "matched": 1,
        "needs_review": 0,
        "guests": 0,
        "minutes": 73,
    }

    with time_machine.travel(START + timedelta(days=1)):
        apply_attendance_import(record, by=organiser)

    row = Attendance.objects.get(hangout=zoom_hangout)
    assert (row.member, row.minutes, row.source) == (amina, 73, Attendance.Source.IMPORT)
    assert row.first_join == datetime(2026, 12, 10, 12, 2, 11, tzinfo=UTC)


def test_fetch_from_zoom_without_an_occurrence_that_day_says_so(
    organiser_client, zoom_hangout, fake_zoom: FakeZoom
):
    fake_zoom.plan("GET", "/v2/past_meetings/", 200, {"meetings": []})

    response = in_english(organiser_client).post(fetch_page(zoom_hangout), follow=True)

    assert "Zoom has no report of this meeting" in response.text
    assert not AttendanceImport.objects.exists()
    assert fake_zoom.calls("GET", REPORT_PATH) == []
