"""User text is rendered safely, and the pages send a strict Content-Security-Policy.

Every text a person types in the World (topic title and description, hangout title and
description, member name, organisation name, award citation) is `<script>alert("…")</script>`.
Every page of the matrix, as the persona who sees most of it, must show it escaped, never as a
live tag; the pages known to show a text must show it (so the test cannot pass by accident).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from hangouts.tests.security.conftest import Persona
from hangouts.tests.security.matrix import FORM, GET, ROWS, Row
from hangouts.tests.security.world import (
    MEMBER_PHONE,
    PAYLOAD_FIELDS,
    PRESENTER_PHONE,
    World,
    payload,
)

pytestmark = pytest.mark.usefixtures("quick_documents")

PAGES = sorted(name for name, row in ROWS.items() if row.method in (GET, FORM))
LIVE = re.compile(r"<script[^>]*>\s*alert\(", re.IGNORECASE)

# Pages that show a field (as the persona below): the escaped text must be there.
SHOWN: dict[str, set[str]] = {
    "network:home": {"hangout"},
    "network:directory": {"member", "organisation"},
    "network:member_detail": {"member", "organisation"},
    "network:member_edit": {"member"},
    "programme:topic_list": {"topic"},
    "programme:topic_detail": {"topic", "description"},
    "programme:hangout_list": {"hangout"},
    "programme:hangout_detail": {"hangout", "description", "organisation"},
    "programme:hangout_manage": {"hangout"},
    "participation:attendance": {"hangout", "member"},
    "participation:rsvp_list": {"hangout"},
    "participation:rsvp_by_phone": {"hangout"},
    "participation:rsvp_personal": {"hangout", "member"},
    "outreach:hangout_outreach": {"hangout"},
    "awards:volunteer_list": {"citation", "organisation"},
    "awards:award_share": {"citation"},
    "awards:month_manage": {"citation"},
    "awards:annual_list": {"citation"},
}


def viewer(row: Row) -> Persona:
    """The persona who sees most of the page."""
    for persona in (Persona.ORGANISER, Persona.PRESENTER, Persona.MEMBER):
        if row.outcomes()[persona] == "ok":
            return persona
    return Persona.ANONYMOUS


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_user_text_escaped(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    row = ROWS[name]
    response = as_persona(viewer(row)).get(reverse(name, kwargs=row.kwargs(w)), follow=True)
    content_type = response.get("Content-Type", "")
    if "html" not in content_type:
        # Calendars, PDFs, CSVs, images: never HTML, and browsers may not guess otherwise.
        assert response["X-Content-Type-Options"] == "nosniff"
        return
    html = response.text
    assert not LIVE.search(html), f"{name}: a live <script> from user text"
    shown = {field for field in PAYLOAD_FIELDS if escape(payload(field)) in html}
    assert SHOWN.get(name, set()) <= shown, f"{name} shows {sorted(shown)}"


def test_calendar_feeds_are_text_not_html(w: World) -> None:
    urls = [
        reverse("outreach:network_feed", args=[w.slug]),
        reverse("programme:hangout_ics", args=[w.slug, w.scheduled.pk]),
        reverse("outreach:personal_feed", args=[w.slug, w.feed_link.token]),
    ]
    for url in urls:
        response = Client().get(url)
        assert response["Content-Type"].startswith("text/calendar"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "BEGIN:VCALENDAR" in response.text


def test_group_post_previews_are_escaped(w: World, as_persona: Callable[..., Client]) -> None:
    """The WhatsApp and Facebook texts sit in the page as text, the share link URL-encoded."""
    organiser = as_persona(Persona.ORGANISER)
    outreach = organiser.get(reverse("outreach:hangout_outreach", args=[w.slug, w.scheduled.pk]))
    share = organiser.get(reverse("awards:award_share", args=[w.slug, w.award.pk]))
    for response in (outreach, share):
        assert not LIVE.search(response.text)
        assert "wa.me/?text=" in response.text
        assert "%3Cscript%3E" in response.text  # the share link carries the text encoded
    assert response.text.count(escape(payload("citation"))) >= 2  # WhatsApp and Facebook


def test_pages_send_a_strict_content_security_policy(w: World) -> None:
    response = Client().get(reverse("programme:hangout_detail", args=[w.slug, w.scheduled.pk]))
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_inline_script_or_style(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    """What the policy would block (and so would break): inline scripts, handlers, styles."""
    row = ROWS[name]
    response = as_persona(viewer(row)).get(reverse(name, kwargs=row.kwargs(w)), follow=True)
    if "html" not in response.get("Content-Type", ""):
        return
    assert "Content-Security-Policy" in response
    html = response.text
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>", "//evil"])
def test_meeting_link_must_be_a_web_address(link: str, w: World) -> None:
    """The one URL people type that pages put in an href: no `javascript:` or `data:`."""
    from django.core.exceptions import ValidationError

    from hangouts.programme.forms.hangouts import HangoutForm

    field = HangoutForm(network=w.network).fields["meeting_url"]
    with pytest.raises(ValidationError):
        field.clean(link)


def test_outreach_email_html_escapes_the_text_and_links_only_web_addresses(w: World) -> None:
    """The organiser's wording and the hangout title go into the HTML part escaped."""
    from hangouts.outreach.email import render_bodies

    text = f"{payload('hangout')} javascript:alert(1) https://example.org/a?b=1&c=2"
    bodies = render_bodies(
        text,
        rsvp_link="https://example.org/rsvp",
        unsubscribe_url="https://example.org/stop",
        with_calendar=False,
        network=w.network,
    )
    assert not LIVE.search(bodies.html)
    assert escape(payload("hangout")) in bodies.html
    assert 'href="javascript' not in bodies.html
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in bodies.html


TOKEN_PAGES = [
    "participation:rsvp_personal",
    "outreach:unsubscribe",
    "accounts:sign_in_link",
    "participation:check_in",
]


@pytest.mark.parametrize("name", TOKEN_PAGES)
def test_personal_link_pages_keep_their_token_to_this_site(name: str, w: World) -> None:
    """The address holds the token: no Referer to other sites (the meeting, WhatsApp), no frames."""
    row = ROWS[name]
    response = Client().get(reverse(name, kwargs=row.kwargs(w)))
    assert response.status_code == 200
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def contact_details(phone: str, email: str) -> list[str]:
    """A phone as stored and as pages and people write it, and an email."""
    import phonenumbers

    parsed = phonenumbers.parse(phone)
    formats = [
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.NATIONAL,
    ]
    written = [phonenumbers.format_number(parsed, style) for style in formats]
    return [phone, phone.removeprefix("+"), *written, "".join(written[1].split()), email]


PRIVATE_CELLS = [
    (name, persona)
    for name in PAGES
    for persona in (Persona.ANONYMOUS, Persona.PHONE, Persona.MEMBER)
    if ROWS[name].outcomes()[persona] == "ok"
]


@pytest.mark.parametrize(
    ("name", "persona"), PRIVATE_CELLS, ids=[f"{n}-{p}" for n, p in PRIVATE_CELLS]
)
def test_page_shows_no_one_elses_phone_or_email(
    name: str, persona: Persona, w: World, as_persona: Callable[..., Client]
) -> None:
    """Phones and emails are for organisers: a member sees nobody else's, a visitor nobody's."""
    row = ROWS[name]
    response = as_persona(persona).get(reverse(name, kwargs=row.kwargs(w)), follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    text = body.decode(errors="replace")
    private = contact_details(PRESENTER_PHONE, "presenter@example.org")
    if persona is not Persona.MEMBER:
        private += contact_details(MEMBER_PHONE, "member@example.org")
    assert [value for value in private if value in text] == []
