"""The security suite's data set (built once for the package) and a client per persona."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from hangouts.tests.security.world import MEMBER_PHONE, World, build_world


class Persona(StrEnum):
    ANONYMOUS = "anonymous"
    PHONE = "phone-identified"
    MEMBER = "member"
    PRESENTER = "presenter"
    ORGANISER = "organiser"
    OUTSIDER = "outsider"


PERSONAS = tuple(Persona)


def phone_identify(client: Client, world: World) -> None:
    """Give name and phone on the group post's RSVP link, as a person in the WhatsApp group."""
    url = reverse(
        "participation:rsvp_by_phone", kwargs={"network": world.slug, "pk": world.scheduled.pk}
    )
    response = client.post(url, {"name": "Member", "phone": MEMBER_PHONE, "going": "yes"})
    assert response.status_code == 200


def persona_cookies(world: World, persona: Persona) -> SimpleCookie:
    """The cookies a persona's browser holds: a session when signed in, nothing else."""
    client = Client()
    users = {
        Persona.MEMBER: world.member.user,
        Persona.PRESENTER: world.presenter.user,
        Persona.ORGANISER: world.organiser,
        Persona.OUTSIDER: world.outsider,
    }
    if persona is Persona.PHONE:
        phone_identify(client, world)
    elif persona in users:
        client.force_login(users[persona])  # type: ignore[arg-type]
    return client.cookies


@pytest.fixture(scope="package")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the package; every test runs in a savepoint of this outer transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_world()
        data.cookies = {persona: persona_cookies(data, persona) for persona in PERSONAS}
        cache.clear()
        yield data
        transaction.set_rollback(True)


@pytest.fixture
def w(world: World, db: None) -> World:
    """The data set, inside this test's savepoint; rate limit counters start at zero."""
    cache.clear()
    return world


def persona_client(world: World, persona: Persona, **options: Any) -> Client:
    client = Client(**options)
    client.cookies.update(world.cookies[persona])
    return client


@pytest.fixture
def as_persona(w: World) -> Callable[..., Client]:
    return lambda persona, **options: persona_client(w, persona, **options)


@pytest.fixture
def quick_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Award documents are checked for who may have them, not drawn (WeasyPrint is slow)."""
    monkeypatch.setattr("hangouts.awards.documents.annual_pdf", lambda *a, **k: b"%PDF-")
    monkeypatch.setattr("hangouts.awards.documents.certificate_pdf", lambda *a, **k: b"%PDF-")
    monkeypatch.setattr("hangouts.awards.views.card_png", lambda *a, **k: b"PNG")
    monkeypatch.setattr("hangouts.reports.exports.report_pdf", lambda *a, **k: b"%PDF-")
