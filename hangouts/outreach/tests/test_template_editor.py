"""Organisers edit the wording of each message, with placeholders, a preview and a way back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.outreach import messages
from hangouts.outreach.models import MessageTemplate
from hangouts.outreach.tests.conftest import LONG_TITLE, ZOOM


def in_english(client: Client) -> Client:
    """The reader chose English (the footer's switch): English strings before translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def list_url(network) -> str:
    return reverse("outreach:message_list", kwargs={"network": network.slug})


def edit_url(network, kind: str, language: str = "lo") -> str:
    return reverse(
        "outreach:message_edit",
        kwargs={"network": network.slug, "kind": kind, "language": language},
    )


@pytest.mark.django_db
def test_message_list_shows_every_kind_with_its_channel_and_own_wording(organiser_client, network):
    in_english(organiser_client)
    MessageTemplate.objects.create(
        network=network, kind="group_reminder", language="en", body="{title}"
    )

    response = organiser_client.get(list_url(network))

    text = response.text
    for kind in messages.kinds():
        assert edit_url(network, kind.key, "lo") in text
        assert edit_url(network, kind.key, "en") in text
    assert text.count("your own") == 1
    assert "WhatsApp group" in text and "Facebook page" in text and "Email to each member" in text


@pytest.mark.django_db
def test_message_pages_refuse_outsiders_members_and_visitors(
    outsider_client, member_client, client, network
):
    for visitor in (outsider_client, member_client):
        assert visitor.get(list_url(network)).status_code == 403
        assert visitor.get(edit_url(network, "invitation")).status_code == 403
        response = visitor.post(edit_url(network, "invitation"), {"action": "save", "body": "x"})
        assert response.status_code == 403
    assert client.get(list_url(network)).status_code in (302, 403)
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_message_edit_refuses_an_unknown_kind_or_language(organiser_client, network):
    assert organiser_client.get(edit_url(network, "nonexistent")).status_code == 404
    assert organiser_client.get(edit_url(network, "invitation", "fr")).status_code == 404


@pytest.mark.django_db
def test_message_edit_shows_the_default_wording_and_the_placeholders(organiser_client, network):
    in_english(organiser_client)
    response = organiser_client.get(edit_url(network, "group_invitation", "en"))

    assert "Will you come? {rsvp_link}" in response.text
    assert "{join_link}" in response.text and "the meeting link" in response.text
    assert 'name="subject"' not in response.text  # a group post has no subject
    assert "Back to the default wording" not in response.text


@pytest.mark.django_db
def test_message_preview_renders_with_the_next_hangout_and_saves_nothing(
    organiser_client, network, lao_hangout
):
    response = organiser_client.post(
        edit_url(network, "group_invitation"),
        {"action": "preview", "body": "*{title}*\n{join_link}"},
    )

    assert response.status_code == 200
    assert f"*{LONG_TITLE}*" in response.text and ZOOM.replace("&", "&amp;") in response.text
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_message_preview_without_a_hangout_uses_a_sample(organiser_client, network):
    in_english(organiser_client)
    response = organiser_client.post(
        edit_url(network, "facebook_post", "en"),
        {"action": "preview", "body": "{title} {hangout_link}"},
    )

    assert "Sample title of a hangout https://example.org/hangout/" in response.text


@pytest.mark.django_db
def test_message_preview_warns_when_the_share_link_gets_too_long(organiser_client, network):
    response = organiser_client.post(
        edit_url(network, "group_reminder"),
        {"action": "preview", "body": "{title} " + "ກະລຸນາມາຮ່ວມ " * 80},
    )

    assert 'role="alert"' in response.text
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_message_save_stores_the_wording_and_who_changed_it(organiser_client, network, organiser):
    response = organiser_client.post(
        edit_url(network, "invitation"),
        {"action": "save", "subject": "ເຊີນ: {title}", "body": "ສະບາຍດີ {name}: {rsvp_link}"},
    )

    assert response.status_code == 302 and response["Location"] == list_url(network)
    row = MessageTemplate.objects.get(network=network, kind="invitation", language="lo")
    assert (row.subject, row.body, row.updated_by) == (
        "ເຊີນ: {title}",
        "ສະບາຍດີ {name}: {rsvp_link}",
        organiser,
    )


@pytest.mark.django_db
def test_message_save_refuses_a_placeholder_the_kind_lacks(organiser_client, network):
    in_english(organiser_client)
    response = organiser_client.post(
        edit_url(network, "facebook_post", "en"),
        {"action": "save", "body": "{title} {join_link}"},
    )

    assert response.status_code == 200
    assert "This message cannot use {join_link}" in response.text
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_message_save_refuses_broken_braces_and_an_empty_subject(organiser_client, network):
    in_english(organiser_client)
    response = organiser_client.post(
        edit_url(network, "invitation", "en"),
        {"action": "save", "subject": "", "body": "Hi {name"},
    )

    assert "Check the curly brackets" in response.text
    assert "This field is required" in response.text
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_message_reset_goes_back_to_the_default_wording(organiser_client, network):
    MessageTemplate.objects.create(network=network, kind="invitation", language="lo", body="x")

    response = organiser_client.post(edit_url(network, "invitation"), {"action": "reset"})

    assert response.status_code == 302
    assert not MessageTemplate.objects.exists()
    page = organiser_client.get(edit_url(network, "invitation", "en")).text
    assert "{rsvp_link}" in page


@pytest.mark.django_db
def test_message_list_runs_a_fixed_number_of_queries(organiser_client, network):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(list_url(network)).status_code == 200
        return len(queries)

    MessageTemplate.objects.create(network=network, kind="invitation", language="lo", body="x")
    few = count()
    MessageTemplate.objects.bulk_create(
        MessageTemplate(network=network, kind=kind.key, language=language, body="{title}")
        for kind in messages.kinds()
        for language in ("lo", "en")
        if (kind.key, language) != ("invitation", "lo")
    )
    assert count() == few == 6
