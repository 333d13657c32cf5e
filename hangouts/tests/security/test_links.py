"""Links that stand in for a password, and phone identification.

Tokens are HMACs of row ids (architecture.md §9): long enough not to be guessed, dead after
any one-character change, after their expiry and after revocation, on every route that takes
one. Phone identification never signs in and answers a number on the roster exactly like one
that is not. (Per-route tests next to the views cover each route's own details.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.models import PersonalLink, SignInLink
from hangouts.network.models import Member
from hangouts.participation.links import check_in_token
from hangouts.tests.security.conftest import Persona
from hangouts.tests.security.world import JOIN_LINK, MEMBER_PHONE, PRESENTER_PHONE, World


def altered(token: str) -> str:
    """The token with its last character changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@dataclass(frozen=True)
class LinkRoute:
    url: Callable[[World, str], str]
    token: Callable[[World], str]
    # Statuses of the app's refusal for this route: its "invalid link" page or 404.
    refused: int
    # Make the link expire: the moment to travel to (None: the link never expires by itself).
    expiry: Callable[[World], datetime] | None
    # Revoke the link (None: nothing to revoke).
    revoke: Callable[[World], None] | None


def revoke_personal(attribute: str) -> Callable[[World], None]:
    return lambda w: getattr(w, attribute).revoke()


def spend_sign_in_link(w: World) -> None:
    pk = SignInLink.pk_from_token(w.sign_in_token)
    assert pk is not None
    SignInLink.objects.filter(pk=pk).update(used_at=timezone.now())


def after_feedback_link_expiry(w: World) -> datetime:
    assert w.feedback_link.expires_at is not None
    return w.feedback_link.expires_at + timedelta(seconds=1)


def after_rsvp_link_expiry(w: World) -> datetime:
    assert w.rsvp_link.expires_at is not None
    return w.rsvp_link.expires_at + timedelta(seconds=1)


def change_password(w: World) -> None:
    w.invited.set_password("another long password 2026")
    w.invited.save()


ROUTES = {
    "participation:rsvp_personal": LinkRoute(
        lambda w, t: reverse("participation:rsvp_personal", args=[w.slug, t]),
        lambda w: w.rsvp_link.token,
        410,
        after_rsvp_link_expiry,
        revoke_personal("rsvp_link"),
    ),
    "participation:feedback_personal": LinkRoute(
        lambda w, t: reverse("participation:feedback_personal", args=[w.slug, t]),
        lambda w: w.feedback_link.token,
        410,
        after_feedback_link_expiry,
        revoke_personal("feedback_link"),
    ),
    "outreach:unsubscribe": LinkRoute(
        lambda w, t: reverse("outreach:unsubscribe", args=[w.slug, t]),
        lambda w: w.unsubscribe_link.token,
        404,
        None,
        revoke_personal("unsubscribe_link"),
    ),
    "outreach:personal_feed": LinkRoute(
        lambda w, t: reverse("outreach:personal_feed", args=[w.slug, t]),
        lambda w: w.feed_link.token,
        404,
        None,
        revoke_personal("feed_link"),
    ),
    "accounts:sign_in_link": LinkRoute(
        lambda w, t: reverse("accounts:sign_in_link", args=[t]),
        lambda w: w.sign_in_token,
        410,
        lambda w: timezone.now() + timedelta(minutes=16),
        spend_sign_in_link,  # one use: a used link is as dead as a revoked one
    ),
    "participation:check_in": LinkRoute(
        lambda w, t: reverse("participation:check_in", args=[w.slug, w.scheduled.pk, t]),
        lambda w: w.check_in_token,
        404,
        None,  # the link stays; the check-in window closes (see the test below)
        None,
    ),
}


def test_tokens_are_long_hmacs(w: World) -> None:
    """At least 256 bits of HMAC-SHA256 in URL-safe base64: not guessable, not enumerable."""
    signatures = [
        w.rsvp_link.token.split(".", 1)[1],
        w.feed_link.token.split(".", 1)[1],
        w.sign_in_token.split(".", 1)[1],
        check_in_token(w.scheduled.pk),
    ]
    for signature in signatures:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", signature), signature
    assert len(set(signatures)) == len(signatures)
    # Another row's id with this row's signature does not pass.
    pk, signature = w.rsvp_link.token.split(".", 1)
    assert PersonalLink.pk_from_token(f"{int(pk) + 1}.{signature}") is None
    assert check_in_token(w.scheduled.pk) != check_in_token(w.held.pk)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_link_with_one_character_changed_is_refused(route: str, w: World) -> None:
    spec = ROUTES[route]
    token = spec.token(w)
    assert Client().get(spec.url(w, token)).status_code == 200
    for position in (0, len(token) // 2, len(token) - 1):
        changed = (
            token[:position] + ("x" if token[position] != "x" else "y") + token[position + 1 :]
        )
        assert Client().get(spec.url(w, changed)).status_code == spec.refused, position
        assert Client().post(spec.url(w, changed)).status_code in (spec.refused, 403, 405)


@pytest.mark.parametrize("route", sorted(r for r, spec in ROUTES.items() if spec.expiry))
def test_link_is_refused_once_expired(route: str, w: World) -> None:
    spec = ROUTES[route]
    url = spec.url(w, spec.token(w))
    assert spec.expiry is not None
    with time_machine.travel(spec.expiry(w)):
        assert Client().get(url).status_code == spec.refused


@pytest.mark.parametrize("route", sorted(r for r, spec in ROUTES.items() if spec.revoke))
def test_link_is_refused_once_revoked(route: str, w: World) -> None:
    spec = ROUTES[route]
    url = spec.url(w, spec.token(w))
    assert spec.revoke is not None
    spec.revoke(w)
    assert Client().get(url).status_code == spec.refused


def test_personal_links_die_with_the_member_record(w: World) -> None:
    w.member.deactivate()
    routes = (
        "participation:rsvp_personal",
        "participation:feedback_personal",
        "outreach:unsubscribe",
        "outreach:personal_feed",
    )
    for route in routes:
        spec = ROUTES[route]
        assert Client().get(spec.url(w, spec.token(w))).status_code == spec.refused, route


def test_check_in_link_takes_no_answer_outside_its_window(w: World) -> None:
    url = ROUTES["participation:check_in"].url(w, w.check_in_token)
    answer = {"name": "Noy", "phone": "020 5551 0000"}
    with time_machine.travel(w.scheduled.starts_at + timedelta(minutes=31)):
        Client().post(url, answer)
    with time_machine.travel(w.scheduled.starts_at - timedelta(minutes=16)):
        Client().post(url, answer)
    assert not w.scheduled.attendances.exists()


def set_password_url(w: World, token: str) -> str:
    return reverse("accounts:set_password", args=[w.set_password_uid, token])


def test_set_password_link_is_refused_when_altered_expired_or_used(w: World) -> None:
    """Django's reset token: the page says the link is invalid and shows no password form."""

    def shows_form(token: str) -> bool:
        response = Client().get(set_password_url(w, token), follow=True)
        return 'name="new_password1"' in response.text

    assert shows_form(w.set_password_token)
    assert not shows_form(altered(w.set_password_token))
    # A day past the timeout: Django's reset tokens count in naive local time (Asia/Vientiane,
    # UTC+7), while time-machine's datetime.now() after travel is UTC, 7 hours behind.
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, days=1)
    with time_machine.travel(later):
        assert not shows_form(w.set_password_token)
    change_password(w)
    assert not shows_form(w.set_password_token)


# Phone identification -------------------------------------------------------------------------


def test_phone_identification_keeps_nothing_in_the_session(w: World) -> None:
    assert settings.SESSION_COOKIE_NAME not in w.cookies[Persona.PHONE]


def normalised(html: str) -> str:
    """The page without its per-request values (CSRF token, CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


PHONE_FORMS: dict[str, Callable[[World], tuple[str, dict[str, str]]]] = {
    "feedback": lambda w: (
        reverse("participation:feedback", args=[w.slug, w.held.pk]),
        {"rating": "4", "useful": "yes"},
    ),
    "rsvp_by_phone": lambda w: (
        reverse("participation:rsvp_by_phone", args=[w.slug, w.scheduled.pk]),
        {"going": "yes"},
    ),
    "topic_vote_by_phone": lambda w: (
        reverse("programme:topic_vote_by_phone", args=[w.slug, w.topic.pk]),
        {},
    ),
    "check_in": lambda w: (
        reverse("participation:check_in", args=[w.slug, w.scheduled.pk, w.check_in_token]),
        {},
    ),
}


@pytest.mark.parametrize("form", sorted(PHONE_FORMS))
def test_phone_identification_answers_roster_and_unknown_numbers_alike(form: str, w: World) -> None:
    """Twice each (a first and a repeated answer): same status, same page, no session."""
    url, extra = PHONE_FORMS[form](w)

    def answer(phone: str) -> list[tuple[int, str, bool, list[str]]]:
        client = Client()
        pages = []
        for _ in range(2):
            response = client.post(url, {"name": "ບຸນມີ", "phone": phone, **extra})
            pages.append(
                (
                    response.status_code,
                    normalised(response.text),
                    settings.SESSION_COOKIE_NAME in response.cookies,
                    sorted(response.cookies),
                )
            )
        return pages

    # While each form is open: check-in just before the start, feedback just after the end.
    if form == "feedback":
        moment = w.held.ends_at + timedelta(minutes=5)
    else:
        moment = w.scheduled.starts_at - timedelta(minutes=5)
    with time_machine.travel(moment):
        on_roster = answer(PRESENTER_PHONE)
        also_on_roster = answer(MEMBER_PHONE)
        unknown = answer("+8562055519999")

    assert on_roster == unknown == also_on_roster
    assert on_roster[0][0] == 200 and not on_roster[0][2]
    assert RECORDED[form](w) >= 3, "the answers were recorded (the form was open)"


def recorded_feedback(w: World) -> int:
    from hangouts.participation.models import Feedback

    return Feedback.objects.filter(hangout=w.held).count()


RECORDED: dict[str, Callable[[World], int]] = {
    "feedback": recorded_feedback,
    "rsvp_by_phone": lambda w: w.scheduled.rsvps.count(),
    "topic_vote_by_phone": lambda w: w.topic.votes.count(),
    "check_in": lambda w: w.scheduled.attendances.count(),
}


@pytest.mark.parametrize("name", ["programme:hangout_detail", "programme:hangout_ics"])
def test_phone_identification_never_shows_the_join_link(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    url = reverse(name, args=[w.slug, w.scheduled.pk])
    phone = as_persona(Persona.PHONE).get(url)
    member = as_persona(Persona.MEMBER).get(url)
    assert phone.status_code == member.status_code == 200
    assert JOIN_LINK not in phone.text
    assert JOIN_LINK in member.text  # the member signed in does get it


def test_sign_in_link_never_signs_in_an_account_with_organiser_rights(
    w: World, as_persona: Callable[..., Client]
) -> None:
    """An organiser of A controls A's roster (its emails, its sign-in links): were a roster
    entry linked to an organiser's account (the admin can), a link must not hand it over."""
    Member.objects.filter(pk=w.member.pk).update(user=w.outsider)  # network B's organiser
    sent = as_persona(Persona.ORGANISER).post(
        reverse("network:member_sign_in_link", args=[w.slug, w.member.pk])
    )
    path = urlsplit(sent.context["url"]).path
    visitor = Client()

    assert visitor.get(path).status_code == 410
    assert visitor.post(path).status_code == 410
    assert "_auth_user_id" not in visitor.session
