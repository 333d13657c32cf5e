"""Rate limits (settings.RATE_LIMITS): every limited form refuses with a translated page after
its limit, counted per client address, and a different address is not affected.

The per-view tests next to each view check the count and that nothing is recorded; this file
checks the same behaviour across all six forms: the message, its language, the address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hangouts.tests.security.world import World


@dataclass(frozen=True)
class Limited:
    scope: str
    url: Callable[[World], str]
    data: dict[str, str]
    # When the form is open: check-in just before the start, feedback after the end.
    moment: Callable[[World], datetime] = lambda w: w.scheduled.starts_at - timedelta(minutes=5)


PHONE = {"name": "Noy", "phone": "020 5551 0000", "going": "yes"}
FORMS = {
    "password_sign_in": Limited(
        "password_sign_in",
        lambda w: reverse("accounts:sign_in"),
        {"username": "organiser@example.org", "password": "wrong"},
    ),
    "sign_in_link_request": Limited(
        "sign_in_link_request",
        lambda w: reverse("network:sign_in", args=[w.slug]),
        {"email": "nobody@example.org"},
    ),
    "sign_in_link_use": Limited(
        "sign_in_link_use",
        lambda w: reverse("accounts:sign_in_link", args=["1.forged"]),
        {},
    ),
    "rsvp_by_phone": Limited(
        "phone_identification",
        lambda w: reverse("participation:rsvp_by_phone", args=[w.slug, w.scheduled.pk]),
        PHONE,
    ),
    "topic_vote_by_phone": Limited(
        "phone_identification",
        lambda w: reverse("programme:topic_vote_by_phone", args=[w.slug, w.topic.pk]),
        PHONE,
    ),
    "feedback": Limited(
        "phone_identification",
        lambda w: reverse("participation:feedback", args=[w.slug, w.held.pk]),
        {**PHONE, "rating": "4", "useful": "yes"},
        lambda w: w.held.ends_at + timedelta(minutes=5),
    ),
    "check_in": Limited(
        "phone_identification",
        lambda w: reverse(
            "participation:check_in", args=[w.slug, w.scheduled.pk, w.check_in_token]
        ),
        PHONE,
    ),
}


def lao(message: str) -> str:
    with translation.override("lo"):
        return gettext(message)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_rate_limit_refuses_with_a_translated_page_per_address(
    form: str, w: World, settings: Any
) -> None:
    limited = FORMS[form]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, limited.scope: (2, 60)}
    url = limited.url(w)
    with time_machine.travel(limited.moment(w)):
        first = Client(REMOTE_ADDR="198.51.100.1")
        codes = [first.post(url, limited.data).status_code for _ in range(3)]
        refused = first.post(url, limited.data)
        other = Client(REMOTE_ADDR="198.51.100.2").post(url, limited.data)

    assert codes[:2] != [429, 429] and codes[2] == 429, codes
    assert refused.status_code == 429
    assert lao("Too many tries") != "Too many tries"  # the message has its Lao
    assert lao("Too many tries") in refused.text
    assert lao("Please wait 15 minutes and try again.") in refused.text
    assert other.status_code != 429
