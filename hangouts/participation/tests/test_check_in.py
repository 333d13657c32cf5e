"""Self check-in from the shared link: the window, privacy, guests, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hangouts.network.models import Member, Network
from hangouts.participation.actions import CheckInClosed, record_check_in
from hangouts.participation.links import check_in_path, check_in_token
from hangouts.participation.models import Attendance
from hangouts.participation.tests.test_attendance import in_english, make_hangout, recorded
from hangouts.programme.models import Hangout

KNOWN = {"name": "ສຸກສະຫວັນ", "phone": "020 5551 2345"}  # the `member` persona's phone
UNKNOWN = {"name": "Visitor", "phone": "020 5551 9876"}


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def starting(network: Network) -> Hangout:
    """A scheduled hangout that starts in 10 minutes: check-in is open."""
    return Hangout.objects.create(
        network=network,
        title="ໂພຊະນາການ",
        starts_at=timezone.now() + timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(minutes=70),
        status=Hangout.Status.SCHEDULED,
    )


@pytest.mark.django_db
def test_check_in_records_a_member_and_a_guest_with_the_same_page(client, starting, member):
    known = in_english(client).post(check_in_path(starting), KNOWN)
    unknown = in_english(client).post(check_in_path(starting), UNKNOWN)

    assert known.status_code == unknown.status_code == 200
    assert "you are checked in" in known.content.decode()
    # Nothing tells a member from a guest: the pages differ only by the CSRF token.
    strip = [line for line in known.content.decode().splitlines() if "csrf" not in line]
    other = [line for line in unknown.content.decode().splitlines() if "csrf" not in line]
    assert strip == other
    assert recorded(starting) == [("Visitor", 0, "check_in"), (member.name, 0, "check_in")]
    guest = Attendance.objects.get(member__isnull=True)
    assert guest.guest_phone == "+8562055519876"


@pytest.mark.django_db
def test_check_in_twice_records_once(client, starting, member):
    for _ in range(2):
        client.post(check_in_path(starting), KNOWN)
        client.post(check_in_path(starting), UNKNOWN)

    assert Attendance.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes_from_start", "is_open"),
    [(-16, False), (-15, True), (0, True), (30, True), (31, False)],
)
def test_check_in_window_is_15_minutes_before_to_30_after(
    network, member, minutes_from_start, is_open
):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=1)
    hangout = Hangout.objects.create(
        network=network,
        title="T",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=Hangout.Status.SCHEDULED,
    )
    now = starts + timedelta(minutes=minutes_from_start)

    if is_open:
        record_check_in(hangout, member=member, now=now)
        assert Attendance.objects.filter(hangout=hangout, member=member).exists()
    else:
        with pytest.raises(CheckInClosed):
            record_check_in(hangout, member=member, now=now)
        assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_check_in_outside_the_window_says_so_and_shows_no_form(client, starting):
    with time_machine.travel(starting.starts_at - timedelta(minutes=30)):
        early = in_english(client).get(check_in_path(starting)).content.decode()
    with time_machine.travel(starting.starts_at + timedelta(minutes=45)):
        late = in_english(client).post(check_in_path(starting), UNKNOWN).content.decode()

    assert "Check-in opens 15 minutes before the hangout starts." in early
    assert "Check-in closed 30 minutes after the start." in late
    assert 'name="phone"' not in early + late
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_check_in_of_a_cancelled_hangout_says_so(client, starting):
    starting.status = Hangout.Status.CANCELLED
    starting.save()

    html = in_english(client).post(check_in_path(starting), UNKNOWN).content.decode()

    assert "This hangout was cancelled." in html
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_check_in_needs_the_links_token(client, starting, network, other_network):
    kwargs = {"network": network.slug, "pk": starting.pk}
    wrong = reverse("participation:check_in", kwargs={**kwargs, "token": "guessed"})
    other = make_hangout(other_network, days_ago=0)
    elsewhere = reverse(
        "participation:check_in",
        kwargs={**kwargs, "pk": other.pk, "token": check_in_token(other.pk)},
    )

    assert client.post(wrong, UNKNOWN).status_code == 404
    assert client.post(elsewhere, UNKNOWN).status_code == 404  # another network's hangout
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_check_in_bad_phone_is_explained_and_records_nothing(client, starting):
    html = (
        in_english(client)
        .post(check_in_path(starting), {"name": "Noy", "phone": "abc"})
        .content.decode()
    )

    assert "Enter a phone number" in html
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_check_in_is_rate_limited(client, starting, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "phone_identification": (2, 60)}

    codes = [client.post(check_in_path(starting), UNKNOWN).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_check_in_keeps_a_row_entered_by_hand(starting, member, organiser):
    manual = Attendance.objects.create(
        hangout=starting, member=member, minutes=50, source=Attendance.Source.MANUAL
    )

    record_check_in(starting, member=member)

    manual.refresh_from_db()
    assert (manual.source, manual.minutes) == ("manual", 50)


@pytest.mark.django_db
def test_check_in_refuses_incomplete_guests_and_other_networks_members(starting, other_network):
    stranger = Member.objects.create(network=other_network, name="Stranger")

    with pytest.raises(ValueError, match="network"):
        record_check_in(starting, member=stranger)
    with pytest.raises(ValueError, match="phone"):
        record_check_in(starting, member=None, guest_name="Visitor")


@pytest.mark.django_db
def test_check_in_after_an_import_keeps_the_row_through_a_reimport(starting, member):
    imported = Attendance.objects.create(
        hangout=starting, member=member, minutes=40, source=Attendance.Source.IMPORT
    )

    again = record_check_in(starting, member=member)

    assert again.pk == imported.pk
    imported.refresh_from_db()
    assert (imported.source, imported.minutes) == ("check_in", 40)
