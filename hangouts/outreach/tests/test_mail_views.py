"""The organisers' invitations page and the members' unsubscribe link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.actions import issue_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.network.models import Member, Network
from hangouts.outreach.models import Mailing, OutboxMessage
from hangouts.outreach.tests.outbox_helpers import make_hangout
from hangouts.programme.models import Hangout


@pytest.fixture
def hangout(network: Network) -> Hangout:
    return make_hangout(network)


def url(hangout: Hangout, name: str = "invitations") -> str:
    return reverse(f"outreach:{name}", kwargs={"network": hangout.network.slug, "pk": hangout.pk})


def in_english(client: Client) -> Client:
    client.cookies["hangouts_language"] = "en"
    return client


def unsubscribe_url(member: Member, network: Network | None = None) -> str:
    link = issue_personal_link(member, purpose=PersonalLink.Purpose.UNSUBSCRIBE)
    slug = (network or member.network).slug
    return reverse("outreach:unsubscribe", kwargs={"network": slug, "token": link.token})


@pytest.mark.django_db
def test_invitations_page_counts_who_is_reached_and_who_is_left_out(
    organiser_client: Client, hangout: Hangout, member: Member, make_member: Callable[..., Member]
) -> None:
    make_member(name="No email", email="")
    make_member(name="No consent", email="x@example.org", consent_to_contact=False)
    make_member(name="Out", email="y@example.org", email_opted_out_at=timezone.now())

    html = in_english(organiser_client).get(url(hangout)).content.decode()

    assert "1 member will get the invitation" in html
    assert "1 without an email address" in html
    assert "1 did not agree to be contacted" in html
    assert "1 unsubscribed from emails" in html
    assert "Send the invitations" in html


@pytest.mark.django_db
def test_invitations_page_is_for_the_networks_organisers_only(
    client: Client,
    organiser_client: Client,
    member_client: Client,
    outsider_client: Client,
    hangout: Hangout,
    other_network: Network,
) -> None:
    elsewhere = make_hangout(other_network)
    own_slug_other_hangout = reverse(
        "outreach:invitations", kwargs={"network": hangout.network.slug, "pk": elsewhere.pk}
    )

    assert client.get(url(hangout)).status_code == 403
    assert member_client.get(url(hangout)).status_code == 403
    assert outsider_client.get(url(hangout)).status_code == 403
    assert outsider_client.post(url(hangout)).status_code == 403
    assert outsider_client.post(url(hangout, "invitations_retry")).status_code == 403
    assert not Mailing.objects.exists()
    # Another network's hangout, under either network's address, is not found.
    assert organiser_client.get(own_slug_other_hangout).status_code == 404
    assert (
        outsider_client.get(
            reverse("outreach:invitations", kwargs={"network": "sun-csa-kh", "pk": hangout.pk})
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_invitations_send_button_sends_and_shows_progress(
    organiser_client: Client,
    hangout: Hangout,
    member: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url(hangout))

    page = in_english(organiser_client).get(url(hangout))
    html = page.content.decode()
    assert response.status_code == 302 and [m.to for m in mail.outbox] == [[member.email]]
    assert "1 of 1 accepted by the mail server" in html
    assert '<progress value="1" max="1">' in html
    assert "Refresh" not in page.headers  # finished: no reloading


@pytest.mark.django_db
def test_invitations_page_reloads_while_sending_and_lists_failures(
    organiser_client: Client, hangout: Hangout, member: Member
) -> None:
    mailing = Mailing.objects.create(
        network=hangout.network, hangout=hangout, kind="invitation", prepared_at=timezone.now()
    )
    for i, (status, reason) in enumerate(
        [
            ("sent", ""),
            ("refused", "550 5.1.1 No such user"),
            ("unknown", "stopped"),
            ("queued", ""),
        ]
    ):
        OutboxMessage.objects.create(
            network=hangout.network,
            hangout=hangout,
            mailing=mailing,
            member=member,
            kind="invitation",
            to=f"m{i}@example.org",
            text="x",
            key=f"k{i}",
            status=status,
            reason=reason,
        )

    page = in_english(organiser_client).get(url(hangout))
    html = page.content.decode()

    assert page.headers["Refresh"] == "3"
    assert "1 of 4 accepted by the mail server" in html and "2 failed" in html
    assert "550 5.1.1 No such user" in html and "m2@example.org" in html
    assert "m0@example.org" not in html  # sent rows are not failures
    assert "Send the selected again" in html


@pytest.mark.django_db
def test_invitations_retry_and_drop_buttons(
    organiser_client: Client,
    hangout: Hangout,
    member: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailing = Mailing.objects.create(
        network=hangout.network, hangout=hangout, kind="invitation", prepared_at=timezone.now()
    )
    unknown, refused = (
        OutboxMessage.objects.create(
            network=hangout.network,
            hangout=hangout,
            mailing=mailing,
            member=member,
            kind="invitation",
            to=member.email,
            text="x",
            key=key,
            status=status,
        )
        for key, status in (("a", "unknown"), ("b", "refused"))
    )

    organiser_client.post(url(hangout, "invitations_drop"), {"message": [unknown.pk, "x"]})
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url(hangout, "invitations_retry"), {"message": [refused.pk]})

    assert OutboxMessage.objects.get(pk=unknown.pk).status == "dropped"
    assert OutboxMessage.objects.get(pk=refused.pk).status == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_unsubscribe_asks_first_then_opts_the_member_out(client: Client, member: Member) -> None:
    address = unsubscribe_url(member)

    page = in_english(client).get(address)
    member.refresh_from_db()
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    assert member.email_opted_out_at is None  # a link scanner's GET changes nothing

    done = client.post(address)
    member.refresh_from_db()
    assert "You are unsubscribed" in done.content.decode()
    assert member.email_opted_out_at is not None


@pytest.mark.django_db
def test_unsubscribe_one_click_post_from_a_mail_client_needs_no_csrf_token(
    member: Member,
) -> None:
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_url(member), {"List-Unsubscribe": "One-Click"})

    member.refresh_from_db()
    assert response.status_code == 200
    assert member.email_opted_out_at is not None


@pytest.mark.django_db
def test_unsubscribe_refuses_a_bad_token_or_another_networks_address(
    client: Client, member: Member, other_network: Network
) -> None:
    bad = reverse("outreach:unsubscribe", kwargs={"network": member.network.slug, "token": "1.x"})

    assert client.post(bad).status_code == 404
    assert client.post(unsubscribe_url(member, other_network)).status_code == 404
    member.refresh_from_db()
    assert member.email_opted_out_at is None
