"""Sign-in links: one use, 15 minutes, confirmed by a POST so previews cannot spend them."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.actions import issue_sign_in_link, use_sign_in_link
from hangouts.accounts.models import SignInLink
from hangouts.network.models import Member


def link_url(link: SignInLink) -> str:
    return reverse("accounts:sign_in_link", kwargs={"token": link.token})


@pytest.mark.django_db
def test_sign_in_link_survives_a_preview_and_works_once(client, member_user, network):
    link = issue_sign_in_link(member_user, next_path=network.get_absolute_url())
    url = link_url(link)

    preview = client.get(url)  # what WhatsApp or a mail scanner does
    client.get(url)
    assert preview.status_code == 200
    assert "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ" in preview.text
    assert "_auth_user_id" not in client.session

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert int(client.session["_auth_user_id"]) == member_user.pk

    second = client.post(url)
    assert second.status_code == 410
    assert "ລິ້ງນີ້ໃຊ້ບໍ່ໄດ້ແລ້ວ" in second.text or "link no longer works" in second.text


@pytest.mark.django_db
def test_sign_in_link_expires_after_fifteen_minutes(client, member_user):
    link = issue_sign_in_link(member_user)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get(link_url(link)).status_code == 410
        assert use_sign_in_link(link.token) is None


@pytest.mark.django_db
def test_sign_in_link_refuses_a_forged_token(client, member_user):
    link = issue_sign_in_link(member_user)
    forged = f"{link.pk + 1}.{link.token.split('.')[1]}"
    assert (
        client.post(reverse("accounts:sign_in_link", kwargs={"token": forged})).status_code == 410
    )
    assert use_sign_in_link("not-a-token") is None


@pytest.mark.django_db
def test_sign_in_link_refuses_a_deactivated_person(client, member_user):
    link = issue_sign_in_link(member_user)
    member_user.is_active = False
    member_user.save()
    assert client.post(link_url(link)).status_code == 410


@pytest.mark.django_db
def test_member_sign_in_request_emails_a_link_in_the_member_language(
    client, member, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:sign_in", kwargs={"network": network.slug}),
            {"email": "Souksavanh@example.org"},
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["souksavanh@example.org"]
    assert "ນາງ ສຸກສະຫວັນ" in message.body
    token = SignInLink.objects.get().token
    assert token in message.body
    assert token in message.alternatives[0].content


@pytest.mark.django_db
def test_member_sign_in_request_answers_the_same_for_an_unknown_address(
    client, member, network, django_capture_on_commit_callbacks
):
    url = reverse("network:sign_in", kwargs={"network": network.slug})
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "souksavanh@example.org"})
        unknown = client.post(url, {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1

    def main(response) -> str:
        return response.text.split("<main")[1].split("</main>")[0]

    assert main(known) == main(unknown)


@pytest.mark.django_db
def test_member_sign_in_request_sends_a_link_to_each_member_sharing_an_address(
    client, make_member, network, django_capture_on_commit_callbacks
):
    make_member(name="ທ້າວ ບຸນມີ", email="office@example.org")
    make_member(name="ນາງ ນ້ອຍ", email="office@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network:sign_in", kwargs={"network": network.slug}),
            {"email": "office@example.org"},
        )
    names = ("ທ້າວ ບຸນມີ", "ນາງ ນ້ອຍ")
    assert len(mail.outbox) == 2
    assert sorted(n for m in mail.outbox for n in names if n in m.body) == sorted(names)
    assert len({m.body for m in mail.outbox}) == 2  # each with its own link
    assert Member.objects.filter(user__isnull=False).count() == 2


@pytest.mark.django_db
def test_member_sign_in_request_is_rate_limited(client, network, settings):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_link_request": (2, 60)}
    url = reverse("network:sign_in", kwargs={"network": network.slug})
    codes = [client.post(url, {"email": "x@example.org"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
