"""Calendar feeds: the network's (public, no join links) and each member's (with them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hangouts.accounts.actions import issue_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.outreach.tests.conftest import ZOOM, make_hangout
from hangouts.programme.models import Hangout

FEED = PersonalLink.Purpose.CALENDAR_FEED


def network_feed(network) -> str:
    return reverse("outreach:network_feed", kwargs={"network": network.slug})


def personal_feed(link: PersonalLink) -> str:
    return reverse(
        "outreach:personal_feed",
        kwargs={"network": link.member.network.slug, "token": link.token},
    )


def links_page(network) -> str:
    return reverse("outreach:feed_links", kwargs={"network": network.slug})


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def programme(network):
    now = timezone.now()
    return {
        "next": make_hangout(network, title="Next", starts_at=now + timedelta(days=10)),
        "held": make_hangout(
            network, title="Held", status=Hangout.Status.HELD, starts_at=now - timedelta(days=20)
        ),
        "old": make_hangout(
            network, title="Old", status=Hangout.Status.HELD, starts_at=now - timedelta(days=400)
        ),
        "draft": make_hangout(
            network, title="Draft", status=Hangout.Status.DRAFT, starts_at=now + timedelta(days=40)
        ),
        "cancelled": make_hangout(
            network,
            title="Gone",
            status=Hangout.Status.CANCELLED,
            sequence=1,
            starts_at=now + timedelta(days=5),
        ),
    }


@pytest.mark.django_db
def test_network_feed_lists_public_hangouts_without_join_links(client, network, programme):
    in_english(client)
    response = client.get(network_feed(network))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    body = response.content.decode()
    assert "zoom.us" not in body and "246810" not in body
    found = events(response)
    assert set(found) == {"Next", "Held", "Cancelled: Gone"}  # no draft, nothing old
    gone = found["Cancelled: Gone"]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1
    assert str(found["Next"]["UID"]) == f"hangout-{programme['next'].pk}@testserver"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "SUN CSA Lao"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in body and "X-PUBLISHED-TTL:PT12H" in body


@pytest.mark.django_db
def test_network_feed_of_an_unknown_network_is_not_found(client):
    assert client.get("/nowhere/calendar.ics").status_code == 404


@pytest.mark.django_db
def test_personal_feed_carries_the_join_link_of_coming_hangouts(client, network, member, programme):
    link = issue_personal_link(member, purpose=FEED)

    response = client.get(personal_feed(link))

    assert "private" in response["Cache-Control"]
    found = events(response)
    assert ZOOM in str(found[next(k for k in found if "Next" in k)]["LOCATION"])
    assert "zoom.us" not in str(found[next(k for k in found if "Held" in k)]["DESCRIPTION"])


@pytest.mark.django_db
def test_personal_feed_refuses_revoked_foreign_and_other_purpose_links(
    client, network, other_network, member, make_member
):
    revoked = issue_personal_link(member, purpose=FEED)
    revoked.revoke()
    rsvp = issue_personal_link(member, purpose=PersonalLink.Purpose.RSVP, subject_id=0)
    fresh = issue_personal_link(member, purpose=FEED)
    foreign = reverse(
        "outreach:personal_feed", kwargs={"network": other_network.slug, "token": fresh.token}
    )

    assert client.get(personal_feed(revoked)).status_code == 404
    assert client.get(personal_feed(rsvp)).status_code == 404
    assert client.get(foreign).status_code == 404
    assert client.get(f"/{network.slug}/calendar/1.forged.ics").status_code == 404
    assert client.get(personal_feed(fresh)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", [network_feed, "personal"])
def test_feeds_run_a_fixed_number_of_queries(client, network, member, url):
    link = issue_personal_link(member, purpose=FEED)
    address = personal_feed(link) if url == "personal" else url(network)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    make_hangout(network, starts_at=timezone.now() + timedelta(days=3))
    few = count()
    for i in range(20):
        make_hangout(network, title=f"H{i}", starts_at=timezone.now() + timedelta(days=4 + i))
    assert count() == few == 3


@pytest.mark.django_db
def test_feed_links_page_gives_everyone_the_network_feed(client, network):
    in_english(client)
    text = client.get(links_page(network)).text

    assert "webcal://testserver/sun-csa-lao/calendar.ics" in text
    assert "http://testserver/sun-csa-lao/calendar.ics" in text
    assert "Google Calendar may take up to a day" in text
    assert "Get my calendar feed" not in text


@pytest.mark.django_db
def test_member_gets_a_personal_feed_and_a_new_link_kills_the_old(member_client, member, network):
    in_english(member_client)
    new = reverse("outreach:personal_feed_new", kwargs={"network": network.slug})
    assert "Get my calendar feed" in member_client.get(links_page(network)).text

    member_client.post(new)
    first = PersonalLink.objects.get(member=member, purpose=FEED)
    text = member_client.get(links_page(network)).text
    assert "webcal://testserver" + personal_feed(first) in text
    assert "Make a new link" in text

    member_client.post(new)
    second = PersonalLink.objects.get(member=member, purpose=FEED, revoked_at__isnull=True)
    assert second.token != first.token
    assert member_client.get(personal_feed(first)).status_code == 404
    assert member_client.get(personal_feed(second)).status_code == 200


@pytest.mark.django_db
def test_new_feed_link_is_refused_to_non_members(
    organiser_client, outsider_client, client, network
):
    new = reverse("outreach:personal_feed_new", kwargs={"network": network.slug})

    for visitor in (organiser_client, outsider_client, client):
        assert visitor.post(new).status_code == 403
    assert not PersonalLink.objects.exists()
