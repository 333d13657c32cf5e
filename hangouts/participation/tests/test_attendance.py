"""Attendance entered by hand: the action and the organisers' page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from hangouts.network.models import Member, Network
from hangouts.participation.actions import AttendanceNotOpen, record_attendance
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout


def make_hangout(network: Network, *, days_ago: int = 3, **fields: object) -> Hangout:
    starts = timezone.now() - timedelta(days=days_ago)
    values: dict[str, object] = {
        "network": network,
        "title": "ການປ້ອງກັນ COVID-19",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "status": Hangout.Status.HELD,
        **fields,
    }
    return Hangout.objects.create(**values)


@pytest.fixture
def held(network: Network) -> Hangout:
    return make_hangout(network)


def url(hangout: Hangout) -> str:
    return reverse(
        "participation:attendance", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def remove_url(entry: Attendance) -> str:
    kwargs = {"network": entry.hangout.network.slug, "pk": entry.hangout_id, "entry": entry.pk}
    return reverse("participation:attendance_remove", kwargs=kwargs)


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def recorded(hangout: Hangout) -> list[tuple[str, int, str]]:
    return sorted(
        (a.member.name if a.member else a.guest_name, a.minutes, a.source)
        for a in Attendance.objects.filter(hangout=hangout).select_related("member")
    )


# --- the action ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_attendance_updates_a_member_already_recorded(held, member, organiser):
    first = record_attendance(held, by=organiser, member=member, minutes=30)
    again = record_attendance(held, by=organiser, member=member, minutes=55)

    assert again.pk == first.pk
    assert recorded(held) == [(member.name, 55, "manual")]
    assert again.recorded_by == organiser


@pytest.mark.django_db
def test_record_attendance_records_guests_by_name(held, organiser):
    record_attendance(held, by=organiser, guest_name=" Guest A ", minutes=20)
    record_attendance(held, by=organiser, guest_name="Guest A", minutes=40)
    record_attendance(held, by=organiser, guest_name="Guest B", minutes=60)

    assert recorded(held) == [("Guest A", 40, "manual"), ("Guest B", 60, "manual")]


@pytest.mark.django_db
def test_record_attendance_refuses_hangouts_that_did_not_take_place(network, member, organiser):
    future = make_hangout(network, days_ago=-3, status=Hangout.Status.SCHEDULED)
    cancelled = make_hangout(network, status=Hangout.Status.CANCELLED)

    with override("en"):
        with pytest.raises(AttendanceNotOpen, match="has not started yet"):
            record_attendance(future, by=organiser, member=member, minutes=60)
        with pytest.raises(AttendanceNotOpen, match="took place"):
            record_attendance(cancelled, by=organiser, member=member, minutes=60)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_record_attendance_refuses_a_stranger_or_nobody(held, organiser, other_network):
    stranger = Member.objects.create(network=other_network, name="Stranger")

    with pytest.raises(ValueError, match="another network"):
        record_attendance(held, by=organiser, member=stranger, minutes=60)
    with pytest.raises(ValueError, match="names a member or a guest"):
        record_attendance(held, by=organiser, guest_name="  ", minutes=60)
    assert not Attendance.objects.exists()


# --- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_organiser_adds_a_member_and_a_guest(organiser_client, held, member):
    client = in_english(organiser_client)

    added = client.post(url(held), {"member": member.pk, "guest_name": "", "minutes": "45"})
    client.post(url(held), {"member": "", "guest_name": "Visitor from UNICEF", "minutes": "60"})
    html = client.get(url(held)).content.decode()

    assert added.status_code == 302 and added["Location"] == url(held)
    assert recorded(held) == [("Visitor from UNICEF", 60, "manual"), (member.name, 45, "manual")]
    assert "Souksavanh Phommachanh" in html and "Visitor from UNICEF" in html
    assert "Entered by an organiser" in html and "2 people attended" in html


@pytest.mark.django_db
def test_attendance_form_offers_only_the_networks_active_members(
    organiser_client, held, member, make_member, other_network
):
    gone = make_member(name="ຜູ້ອອກແລ້ວ", name_latin="Gone Member")
    gone.deactivate()
    Member.objects.create(network=other_network, name="Elsewhere", name_latin="Elsewhere Person")

    html = in_english(organiser_client).get(url(held)).content.decode()
    refused = organiser_client.post(url(held), {"member": gone.pk, "minutes": "30"})

    assert f'value="{member.pk}"' in html and "Souksavanh Phommachanh · CDA" in html
    assert "Gone Member" not in html and "Elsewhere Person" not in html
    assert refused.status_code == 200 and not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_bad_input_records_nothing(organiser_client, held, member, network):
    client = in_english(organiser_client)
    neither = client.post(url(held), {"member": "", "guest_name": "", "minutes": "30"})
    both = client.post(url(held), {"member": member.pk, "guest_name": "X", "minutes": "30"})
    negative = client.post(url(held), {"member": member.pk, "minutes": "-5"})
    future = make_hangout(network, days_ago=-2, status=Hangout.Status.SCHEDULED)
    too_early = client.post(url(future), {"member": member.pk, "minutes": "30"})

    assert "Choose a member, or give a guest&#x27;s name." in neither.content.decode()
    assert "not both" in both.content.decode()
    assert negative.status_code == 200 and 'id="id_minutes"' in negative.content.decode()
    assert "This hangout has not started yet." in too_early.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_organiser_removes_an_entry(organiser_client, held, member, organiser):
    entry = record_attendance(held, by=organiser, member=member, minutes=50)

    response = organiser_client.post(remove_url(entry))

    assert response.status_code == 302 and response["Location"] == url(held)
    assert not Attendance.objects.exists()
    assert organiser_client.post(remove_url(entry)).status_code == 404
    assert organiser_client.get(remove_url(entry)).status_code == 405


@pytest.mark.django_db
def test_attendance_is_for_the_network_organisers_only(
    member_client, outsider_client, client, held, member, organiser, other_network
):
    entry = record_attendance(held, by=organiser, member=member, minutes=50)
    elsewhere = make_hangout(other_network)

    for visitor in (member_client, outsider_client, client):
        assert visitor.get(url(held)).status_code == 403
        assert visitor.post(url(held), {"guest_name": "X", "minutes": "5"}).status_code == 403
        assert visitor.post(remove_url(entry)).status_code == 403
    foreign = f"/{held.network.slug}/hangouts/{elsewhere.pk}/attendance/"
    assert outsider_client.get(foreign).status_code == 403
    assert recorded(held) == [(member.name, 50, "manual")]


@pytest.mark.django_db
def test_attendance_runs_the_same_number_of_queries_for_3_and_30_entries(
    organiser_client, network, organiser, make_member: Callable[..., Member]
):
    def count(hangout: Hangout) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url(hangout)).status_code == 200
        return len(queries)

    small, large = make_hangout(network), make_hangout(network, title="Big")
    for hangout, size in ((small, 3), (large, 30)):
        for i in range(size):
            person = make_member(name=f"ສະມາຊິກ {hangout.pk}-{i}")
            record_attendance(hangout, by=organiser, member=person, minutes=60)
        record_attendance(hangout, by=organiser, guest_name="Guest", minutes=10)

    assert count(small) == count(large) == 9  # + the last imported report
