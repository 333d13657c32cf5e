"""Serving files: the checked type, as a download, never to those who may not see it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hangouts.library.models import Resource
from hangouts.library.tests.conftest import PDF_BYTES, add, file_url, make_hangout
from hangouts.network.models import Network
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.django_db


def detail_url(resource: Resource) -> str:
    return reverse(
        "library:resource_detail", kwargs={"network": resource.network.slug, "pk": resource.pk}
    )


def test_resource_file_is_a_download_with_safe_headers(slides: Resource) -> None:
    response = Client().get(file_url(slides))

    assert response.status_code == 200
    assert response.getvalue() == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # The Lao name, RFC 5987-encoded.
    assert "filename*=utf-8''%E0%BA%AA" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_resource_file_of_members_only_slides_is_hidden_from_anonymous_visitors(
    private_slides: Resource,
) -> None:
    anonymous = Client()

    assert anonymous.get(file_url(private_slides)).status_code == 404
    assert anonymous.get(detail_url(private_slides)).status_code == 404


def test_resource_file_of_members_only_slides_is_served_to_members_not_outsiders(
    private_slides: Resource, member_client: Client, outsider_client: Client
) -> None:
    served = member_client.get(file_url(private_slides))

    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    assert outsider_client.get(file_url(private_slides)).status_code == 404


def test_resource_file_is_not_found_under_another_network_or_name(
    slides: Resource, other_network: Network
) -> None:
    client = Client()
    elsewhere = reverse(
        "library:resource_file",
        kwargs={"network": other_network.slug, "pk": slides.pk, "file_name": slides.file_name},
    )
    renamed = reverse(
        "library:resource_file",
        kwargs={"network": slides.network.slug, "pk": slides.pk, "file_name": "other.pdf"},
    )

    assert client.get(elsewhere).status_code == 404
    assert client.get(renamed).status_code == 404


def test_resource_of_a_draft_hangout_is_for_organisers_only(
    network: Network, member_client: Client, organiser_client: Client
) -> None:
    draft = make_hangout(network, status=Hangout.Status.DRAFT)
    resource = add(draft, content=PDF_BYTES)

    assert member_client.get(file_url(resource)).status_code == 404
    assert organiser_client.get(file_url(resource)).status_code == 200
    assert resource.title in organiser_client.get(draft.get_absolute_url()).content.decode()


def test_resource_detail_shows_size_and_notes_safely(hangout: Hangout) -> None:
    notes = add(
        hangout,
        kind=Resource.Kind.NOTES,
        url="",
        title="ບັນທຶກ",
        notes="**ສຳຄັນ** [click](javascript:alert(1)) <script>alert(1)</script> [ok](https://e.org)",
    )

    html = Client().get(detail_url(notes)).content.decode()

    assert "<strong>ສຳຄັນ</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://e.org" rel="nofollow noopener">ok</a>' in html


def test_resource_detail_shows_the_download_size(slides: Resource) -> None:
    html = Client(headers={"cookie": "hangouts_language=en"}).get(detail_url(slides))

    assert f"{len(PDF_BYTES)}\xa0bytes" in html.content.decode()
