"""The hangout's "Invite and remind" page: the posts to copy and share, the "to post" list."""

from __future__ import annotations

import gzip
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hangouts.outreach.models import Announcement, MessageTemplate
from hangouts.outreach.posts import SHARE_URL_LIMIT
from hangouts.outreach.tests.conftest import LONG_TITLE, ZOOM, make_hangout
from hangouts.programme.models import Hangout, HangoutChange

Kind = Announcement.Kind


def page_url(hangout: Hangout) -> str:
    return reverse(
        "outreach:hangout_outreach", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def posted_url(announcement: Announcement) -> str:
    hangout = announcement.hangout
    return reverse(
        "outreach:announcement_posted",
        kwargs={"network": hangout.network.slug, "pk": hangout.pk, "announcement": announcement.pk},
    )


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def announce(hangout: Hangout, kind: str, *, due_in: timedelta, **fields) -> Announcement:
    return Announcement.objects.create(
        hangout=hangout, kind=kind, due_at=timezone.now() + due_in, **fields
    )


@pytest.mark.django_db
def test_outreach_page_shows_the_group_post_facebook_post_and_links(organiser_client, lao_hangout):
    text = organiser_client.get(page_url(lao_hangout)).text

    group_start = text.index('id="whatsapp-post"')
    group = text[group_start : text.index("</textarea>", group_start)]
    facebook_start = text.index('id="facebook-post"')
    facebook = text[facebook_start : text.index("</textarea>", facebook_start)]
    assert LONG_TITLE in group and ZOOM.replace("&", "&amp;") in group
    assert LONG_TITLE in facebook and "zoom.us" not in facebook
    assert 'href="https://wa.me/?text=' in text
    assert "https://www.facebook.com/sharer/sharer.php?u=" in text
    assert f"/sun-csa-lao/hangouts/{lao_hangout.pk}/invitations/" in text
    assert "/static/js/copy.js" in text and "<script>" not in text and "style=" not in text


@pytest.mark.django_db
def test_outreach_page_is_refused_to_outsiders_members_and_visitors(
    outsider_client, member_client, client, lao_hangout
):
    due = announce(lao_hangout, Kind.INVITATION, due_in=timedelta(0))
    for visitor in (outsider_client, member_client):
        assert visitor.get(page_url(lao_hangout)).status_code == 403
        assert visitor.post(posted_url(due)).status_code == 403
    assert client.get(page_url(lao_hangout)).status_code in (302, 403)
    assert Announcement.objects.get(pk=due.pk).posted_at is None


@pytest.mark.django_db
def test_outreach_page_of_another_networks_hangout_is_not_found(organiser_client, other_network):
    theirs = make_hangout(other_network)
    url = reverse("outreach:hangout_outreach", kwargs={"network": "sun-csa-lao", "pk": theirs.pk})

    assert organiser_client.get(url).status_code == 404


@pytest.mark.django_db
def test_to_post_list_shows_due_items_and_upcoming_ones_with_their_time(
    organiser_client, lao_hangout
):
    in_english(organiser_client)
    announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(minutes=5))
    announce(lao_hangout, Kind.REMINDER, due_in=timedelta(days=3), hours_before=24)

    text = organiser_client.get(page_url(lao_hangout)).text

    to_post = text[text.index('id="to-post"') : text.index('id="upcoming"')]
    upcoming = text[text.index('id="upcoming"') :]
    assert "Invitation" in to_post and ">Posted</button>" in to_post
    assert "24 hours before" in upcoming and "Reminder" in upcoming
    assert "Reminder" not in to_post


@pytest.mark.django_db
def test_posted_ticks_the_item_and_records_who_and_when(organiser_client, organiser, lao_hangout):
    due = announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(minutes=5))

    response = organiser_client.post(posted_url(due))

    due.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == page_url(lao_hangout)
    assert due.posted_by == organiser and due.posted_at is not None
    assert 'id="post-' not in organiser_client.get(page_url(lao_hangout)).text
    first = due.posted_at
    organiser_client.post(posted_url(due))  # a second tick changes nothing
    due.refresh_from_db()
    assert due.posted_at == first


@pytest.mark.django_db
def test_posted_refuses_get(organiser_client, lao_hangout):
    due = announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(minutes=5))

    assert organiser_client.get(posted_url(due)).status_code == 405


@pytest.mark.django_db
def test_cancelled_hangout_offers_only_its_cancellation_to_post(organiser_client, lao_hangout):
    announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(hours=2))
    lao_hangout.status = Hangout.Status.CANCELLED
    lao_hangout.save()
    HangoutChange.objects.create(
        hangout=lao_hangout, kind=HangoutChange.Kind.CANCELLED, note="ຜູ້ນຳສະເໜີບໍ່ສະບາຍ"
    )
    cancelled = announce(lao_hangout, Kind.CANCELLED, due_in=timedelta(0), sequence=1)

    text = organiser_client.get(page_url(lao_hangout)).text

    assert f'id="post-{cancelled.pk}"' in text and "ຜູ້ນຳສະເໜີບໍ່ສະບາຍ" in text
    assert text.count("<textarea") == 1  # no invitation, no Facebook post


@pytest.mark.django_db
def test_outreach_page_warns_when_a_custom_text_makes_the_link_too_long(
    organiser_client, lao_hangout, network
):
    MessageTemplate.objects.create(
        network=network,
        kind="group_invitation",
        language="lo",
        body="*{title}*\n" + "ກະລຸນາມາຮ່ວມ " * 80 + "\n{join_link}",
    )

    text = organiser_client.get(page_url(lao_hangout)).text

    assert 'role="alert"' in text and str(SHARE_URL_LIMIT) in text
    assert 'data-copy-label="' in text  # the text still copies whole
    assert ("ກະລຸນາມາຮ່ວມ " * 80).strip() in text


@pytest.mark.django_db
def test_outreach_page_stays_light(organiser_client, lao_hangout):
    for kind, hours in ((Kind.INVITATION, 0), (Kind.REMINDER, 24), (Kind.REMINDER, 1)):
        announce(lao_hangout, kind, due_in=-timedelta(minutes=hours + 1), hours_before=hours)

    body = organiser_client.get(page_url(lao_hangout)).content

    assert len(gzip.compress(body)) < 30_000, len(gzip.compress(body))


@pytest.mark.django_db
def test_outreach_page_runs_a_fixed_number_of_queries(organiser_client, lao_hangout):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(page_url(lao_hangout)).status_code == 200
        return len(queries)

    announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(minutes=5))
    announce(lao_hangout, Kind.CHANGED, due_in=-timedelta(minutes=4), sequence=1)
    few = count()
    for hours in (48, 24, 1):
        announce(lao_hangout, Kind.REMINDER, due_in=-timedelta(minutes=hours), hours_before=hours)
        announce(
            lao_hangout, Kind.REMINDER, due_in=timedelta(days=1), hours_before=hours, sequence=1
        )
    announce(lao_hangout, Kind.CHANGED, due_in=-timedelta(minutes=3), sequence=2)
    assert count() == few == 13


@pytest.mark.django_db
def test_hangout_page_links_organisers_to_outreach_with_the_count_to_post(
    organiser_client, member_client, lao_hangout
):
    in_english(organiser_client)
    announce(lao_hangout, Kind.INVITATION, due_in=-timedelta(minutes=5))
    announce(lao_hangout, Kind.REMINDER, due_in=-timedelta(minutes=1), hours_before=24)
    announce(lao_hangout, Kind.ENDED, due_in=timedelta(days=2))

    organiser_page = organiser_client.get(lao_hangout.get_absolute_url()).text
    member_page = member_client.get(lao_hangout.get_absolute_url()).text

    assert page_url(lao_hangout) in organiser_page and "(2 to post)" in organiser_page
    assert page_url(lao_hangout) not in member_page
