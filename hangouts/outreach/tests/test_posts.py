"""The WhatsApp group post and the Facebook post: what they say, and share links that open."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from hangouts.network.models import Network
from hangouts.outreach import posts
from hangouts.outreach.models import MessageTemplate
from hangouts.outreach.posts import SHARE_URL_LIMIT, group_post
from hangouts.outreach.tests.conftest import LONG_TITLE, ZOOM


@pytest.mark.django_db
def test_group_post_carries_the_date_join_link_rsvp_link_and_naming_rule(lao_hangout):
    post = group_post(lao_hangout)

    assert f"*{LONG_TITLE}*" in post.text  # WhatsApp bold
    assert "ວັນສຸກ, 29 ພະຈິກ 2030" in post.text and "14:00–15:00" in post.text
    assert ZOOM in post.text and "246810" in post.text
    assert f"/sun-csa-lao/hangouts/{lao_hangout.pk}/" in post.text  # the RSVP-by-phone page
    assert "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ" in post.text and "ທ້າວ ບຸນທະວີ ວົງສະຫວັດ" in post.text
    assert "name – organisation" in post.text or "ຊື່" in post.text


@pytest.mark.django_db
def test_group_post_share_link_decodes_to_the_text(lao_hangout):
    post = group_post(lao_hangout)

    assert post.share_url.startswith("https://wa.me/?text=")
    encoded = post.share_url.removeprefix("https://wa.me/?text=")
    assert "%0A" in encoded and " " not in encoded and "*" not in encoded and "&" not in encoded
    assert unquote(encoded) == post.text


@pytest.mark.django_db
def test_group_post_of_a_realistic_lao_hangout_opens_on_a_phone(lao_hangout):
    """Long Lao title, two presenters, Zoom link with pwd: each Lao character is 9 characters
    of URL. The link must stay within SHARE_URL_LIMIT (8,000: RFC 9110's minimum that servers
    should accept; see posts.py) with room to spare, and the text about 1,000 characters."""
    post = group_post(lao_hangout)

    assert "ນຳສະເໜີໂດຍ" in post.text  # the shipped Lao wording, not English
    assert len(post.text) <= posts.POST_TEXT_LIMIT
    assert len(post.share_url) < SHARE_URL_LIMIT * 3 // 4, len(post.share_url)
    assert not post.link_too_long and not post.text_too_long


@pytest.mark.django_db
def test_a_long_custom_text_is_flagged_as_too_long_for_the_share_link(lao_hangout, network):
    MessageTemplate.objects.create(
        network=network,
        kind="group_invitation",
        language="lo",
        body="*{title}*\n" + "ກະລຸນາມາຮ່ວມ " * 80 + "\n{join_link}",
    )

    post = group_post(lao_hangout)

    assert len(post.share_url) > SHARE_URL_LIMIT
    assert post.link_too_long and post.text_too_long


@pytest.mark.django_db
def test_group_post_without_a_meeting_link_drops_the_join_lines(network):
    from hangouts.outreach.tests.conftest import make_hangout

    hangout = make_hangout(network, meeting_url="", meeting_passcode="")

    text = group_post(hangout, language="en").text

    assert "Join:" not in text and "Passcode" not in text and "\n\n\n" not in text


@pytest.mark.django_db
def test_facebook_post_has_no_join_link_and_shares_the_hangout_page(lao_hangout):
    post = posts.facebook_post(lao_hangout)

    assert LONG_TITLE in post.text
    assert "zoom.us" not in post.text and "246810" not in post.text
    query = parse_qs(urlsplit(post.share_url).query)
    assert post.share_url.startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert query["u"] == [f"http://testserver/sun-csa-lao/hangouts/{lao_hangout.pk}/"]


@pytest.mark.django_db
def test_group_post_uses_the_networks_own_wording(lao_hangout, network: Network):
    MessageTemplate.objects.create(
        network=network, kind="group_reminder", language="lo", body="ມື້ອື່ນ: *{title}* {join_link}"
    )

    post = group_post(lao_hangout, kind="group_reminder")

    assert post.text == f"ມື້ອື່ນ: *{LONG_TITLE}* {ZOOM}"
