"""Jitsi rooms: unguessable, kept when a hangout moves, on meet.jit.si or a self-hosted server."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hangouts.integrations.jitsi.rooms import (
    is_public_jitsi,
    new_room_url,
    readable_prefix,
    room_token,
)
from hangouts.programme.actions.hangouts import reschedule_hangout, schedule_hangout
from hangouts.programme.actions.series import create_series
from hangouts.programme.models import DEFAULT_AGENDA, Topic

FUTURE = datetime(2030, 5, 31, 14, 0, tzinfo=ZoneInfo("Asia/Vientiane"))


def test_room_token_is_long_random_and_safe_in_a_lowercased_url():
    tokens = {room_token() for _ in range(200)}

    assert len(tokens) == 200
    assert all(re.fullmatch(r"[a-z2-7]{26}", token) for token in tokens)  # 128 random bits, base32


def test_readable_prefix_keeps_ascii_words_only():
    assert readable_prefix("sun-csa-lao", "hangout") == "SunCsaLao-Hangout"
    assert readable_prefix("ກອງປະຊຸມ") == "Hangout"


def test_new_room_url_uses_the_given_server():
    assert re.fullmatch(r"https://meet\.jit\.si/Hangout-[a-z2-7]{26}", new_room_url())
    custom = new_room_url(base_url="https://jitsi.example.org/", words=("sun-csa-lao", "hangout"))
    assert re.fullmatch(r"https://jitsi\.example\.org/SunCsaLao-Hangout-[a-z2-7]{26}", custom)
    assert is_public_jitsi(new_room_url())
    assert not is_public_jitsi(custom)


@pytest.fixture
def jitsi_hangout(network, organiser, member):
    def make(series):
        topic = Topic.objects.create(network=network, title="Breastfeeding at work")
        return schedule_hangout(
            topic,
            by=organiser,
            starts_at=FUTURE,
            minutes=60,
            title="Breastfeeding at work",
            description="",
            series=series,
            language="lo",
            interpretation="",
            capacity=None,
            agenda=DEFAULT_AGENDA,
            presenters=[(member, "presenter")],
        )

    return make


@pytest.mark.django_db
def test_a_jitsi_hangout_gets_its_own_room_kept_on_reschedule(network, organiser, jitsi_hangout):
    series = create_series(network, name="Fridays", provider="jitsi")
    first, second = jitsi_hangout(series), jitsi_hangout(series)
    room = first.meeting_url

    reschedule_hangout(first, by=organiser, starts_at=FUTURE + timedelta(days=7))

    first.refresh_from_db()
    assert first.meeting_url == room
    assert room.startswith("https://meet.jit.si/SunCsaLao-Hangout-")
    assert second.meeting_url != room


@pytest.mark.django_db
def test_a_jitsi_hangout_uses_the_series_self_hosted_server(network, jitsi_hangout):
    series = create_series(
        network, name="Fridays", provider="jitsi", jitsi_base_url="https://meet.example.la"
    )

    hangout = jitsi_hangout(series)

    assert hangout.meeting_url.startswith("https://meet.example.la/SunCsaLao-Hangout-")
    assert not is_public_jitsi(hangout.meeting_url)
