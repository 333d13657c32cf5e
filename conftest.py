"""Personas and browser settings shared by every test (architecture.md §8)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, settings

from hangouts.accounts.models import User
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--mute-audio",
]
PASSWORD = "a long test password 2026"

# Fuzzing: a small example count in `make test`, many in `make bench` (HYPOTHESIS_PROFILE=bench).
settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "bench", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


# A phone on a provincial network, in Lao: every browser test's context (tests that need a
# second person open `browser.new_context(**PHONE_CONTEXT)`).
PHONE_CONTEXT: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "locale": "lo-LA",
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, **PHONE_CONTEXT, "device_scale_factor": 2}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache (rate limit counters, the home page's top topics):
    rows of an earlier test may have had the same ids."""
    cache.clear()


@pytest.fixture
def network(db: None) -> Network:
    return create_network(
        slug="sun-csa-lao",
        name="ພັນທະມິດ SUN ລາວ",
        name_en="SUN CSA Lao",
        country="LA",
        email="hangouts@example.org",
    )


@pytest.fixture
def other_network(db: None) -> Network:
    return create_network(
        slug="sun-csa-kh",
        name="SUN CSA Cambodia",
        name_en="SUN CSA Cambodia",
        country="KH",
        language="km",
        time_zone="Asia/Phnom_Penh",
    )


@pytest.fixture
def province(network: Network) -> Callable[[str], Province]:
    return lambda code: Province.objects.get(code=code)


@pytest.fixture
def organisation(network: Network) -> Organisation:
    return Organisation.objects.create(
        network=network,
        name="ສະມາຄົມພັດທະນາຊຸມຊົນ",
        name_en="Community Development Association",
        acronym="CDA",
        size=Organisation.Size.SMALL,
        province=Province.objects.get(code="LA-LP"),
    )


@pytest.fixture
def make_member(network: Network, organisation: Organisation) -> Callable[..., Member]:
    def make(**fields: Any) -> Member:
        values: dict[str, Any] = {
            "network": network,
            "name": "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ",
            "name_latin": "Souksavanh Phommachanh",
            "organisation": organisation,
            "province": organisation.province,
            "consent_to_contact": True,
            "staff_level": StaffLevel.objects.filter(network=network).last(),
            **fields,
        }
        return Member.objects.create(**values)

    return make


@pytest.fixture
def organiser(network: Network) -> User:
    user = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(user)
    return user


@pytest.fixture
def outsider(other_network: Network) -> User:
    """An organiser of another network."""
    user = User.objects.create_user("outsider@example.org", PASSWORD, name="Outsider")
    other_network.organisers.add(user)
    return user


@pytest.fixture
def member(make_member: Callable[..., Member]) -> Member:
    return make_member(email="souksavanh@example.org", phone="+8562055512345")


@pytest.fixture
def member_user(member: Member) -> User:
    from hangouts.accounts.actions import ensure_member_user

    return ensure_member_user(member)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser_client(organiser: User) -> Client:
    return signed_in(organiser)


@pytest.fixture
def member_client(member_user: User) -> Client:
    return signed_in(member_user)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return signed_in(outsider)
