"""CSRF: every URL that accepts a POST refuses one without a token, bar three signed ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from hangouts.tests.security.conftest import Persona
from hangouts.tests.security.matrix import FORM, POST, ROWS, Row
from hangouts.tests.security.world import World

# Exempt on purpose, each with its reason; every other POST needs the token.
EXEMPT = {
    # Meta signs each call (X-Hub-Signature-256); a POST without a valid signature is refused.
    "whatsapp:webhook": "signed by Meta",
    # Zoom signs each call (x-zm-signature, v0, within 5 minutes); unsigned calls are refused.
    "zoom:webhook": "signed by Zoom",
    # RFC 8058 one-click unsubscribe: mail clients POST without a token; the personal link's
    # token is the authority and unsubscribing twice changes nothing (architecture.md §11).
    "outreach:unsubscribe": "one-click unsubscribe (RFC 8058)",
}
# Marked exempt only so that a view can act before CSRF reads the body, then checked inside
# (csrf_protect): these stay in CHECKED, so a POST without the token must still be refused.
CHECKED_INSIDE = {
    # The upload handler that stops an oversized file must be set before the body is read.
    "library:resource_add": "upload size limit, csrf_protect inside",
}
POSTABLE = sorted(name for name, row in ROWS.items() if row.method in (FORM, POST))
CHECKED = [name for name in POSTABLE if name not in EXEMPT]
SECRET = "s" * 32  # a CSRF secret of the right length and alphabet


def allowed_persona(row: Row) -> Persona:
    """A persona the matrix lets in, so that a 403 can only come from the missing token."""
    for persona in (Persona.ORGANISER, Persona.MEMBER, Persona.PRESENTER, Persona.ANONYMOUS):
        if row.outcomes()[persona] == "ok":
            return persona
    return Persona.ORGANISER  # e.g. "Fetch from Zoom", which answers 404 without Zoom


def test_exempt_urls_are_the_only_csrf_exempt_views(w: World) -> None:
    exempt = {
        name
        for name, row in ROWS.items()
        if getattr(resolve(reverse(name, kwargs=row.kwargs(w))).func, "csrf_exempt", False)
    }
    assert exempt == set(EXEMPT) | set(CHECKED_INSIDE)


@pytest.mark.parametrize("name", CHECKED)
def test_post_without_csrf_token_is_refused(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    row = ROWS[name]
    persona = allowed_persona(row)
    url = reverse(name, kwargs=row.kwargs(w))

    without = as_persona(persona, enforce_csrf_checks=True).post(url, row.data(w))
    client = as_persona(persona, enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = SECRET
    with_token = client.post(url, {**row.data(w), "csrfmiddlewaretoken": SECRET})

    assert without.status_code == 403, f"{name} as {persona}"
    assert with_token.status_code != 403, f"{name} as {persona}: refused even with the token"
