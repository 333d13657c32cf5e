from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hangouts.network.models import Member, Network

pytestmark = pytest.mark.django_db


def url(name: str, member: Member) -> str:
    return reverse(f"whatsapp:{name}", kwargs={"network": member.network.slug, "pk": member.pk})


def test_member_opt_in_by_an_organiser_is_recorded_and_shown(
    organiser_client: Client, member: Member
) -> None:
    response = organiser_client.post(url("member_opt_in", member), follow=True)

    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is not None
    assert abs(timezone.now() - member.whatsapp_opted_in_at).total_seconds() < 60
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == member.get_absolute_url()
    assert url("member_opt_out", member) in page  # the button to undo it
    assert url("member_opt_in", member) not in page


def test_member_opt_in_needs_a_phone(
    organiser_client: Client, make_member: Callable[..., Member]
) -> None:
    member = make_member(phone="")

    organiser_client.post(url("member_opt_in", member))

    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is None


def test_member_opt_out_by_an_organiser_clears_the_opt_in(
    organiser_client: Client, make_member: Callable[..., Member]
) -> None:
    member = make_member(phone="+8562055512345", whatsapp_opted_in_at=timezone.now())

    response = organiser_client.post(url("member_opt_out", member), follow=True)

    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is None
    assert url("member_opt_in", member) in response.content.decode()


def test_member_opt_in_refused_to_members_outsiders_and_visitors(
    client: Client, member_client: Client, outsider_client: Client, member: Member
) -> None:
    assert member_client.post(url("member_opt_in", member)).status_code == 403
    assert outsider_client.post(url("member_opt_in", member)).status_code == 403
    assert client.post(url("member_opt_in", member)).status_code == 403
    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is None


def test_member_opt_out_of_another_networks_member_is_not_found(
    outsider_client: Client, make_member: Callable[..., Member], other_network: Network
) -> None:
    member = make_member(phone="+8562055512345", whatsapp_opted_in_at=timezone.now())
    wrong = reverse(
        "whatsapp:member_opt_out", kwargs={"network": other_network.slug, "pk": member.pk}
    )

    assert outsider_client.post(wrong).status_code == 404
    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is not None


def test_member_opt_in_is_post_only(organiser_client: Client, member: Member) -> None:
    assert organiser_client.get(url("member_opt_in", member)).status_code == 405
