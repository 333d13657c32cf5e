"""In a real Chromium, on a phone, in Lao: an organiser opens a hangout's "Invite and remind"
page from the hangout page, copies the WhatsApp post and ticks a "to post" item as posted."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from conftest import PASSWORD, PHONE_CONTEXT
from hangouts.accounts.models import User
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Organisation, Province
from hangouts.outreach.models import Announcement
from hangouts.outreach.tests.conftest import LONG_TITLE, ZOOM, make_hangout
from hangouts.programme.models import Presenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_copies_the_lao_post_and_ticks_an_item_as_posted(live_server, browser: Browser):
    network = create_network(slug="sun-csa-lao", name="ພັນທະມິດ SUN ລາວ", country="LA")
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    small = Organisation.objects.create(
        network=network, name="ສະມາຄົມພັດທະນາຊຸມຊົນ", province=Province.objects.get(code="LA-SV")
    )
    hangout = make_hangout(network, title=LONG_TITLE, starts_at=timezone.now() + timedelta(days=9))
    noy = Member.objects.create(network=network, name="ນາງ ນ້ອຍ ແກ້ວມະນີ", organisation=small)
    Presenter.objects.create(hangout=hangout, member=noy)
    invitation = Announcement.objects.create(
        hangout=hangout, kind=Announcement.Kind.INVITATION, due_at=timezone.now()
    )
    Announcement.objects.create(
        hangout=hangout,
        kind=Announcement.Kind.REMINDER,
        hours_before=24,
        due_at=hangout.starts_at - timedelta(hours=24),
    )
    base = live_server.url
    context = browser.new_context(
        **PHONE_CONTEXT, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    sizes: list[int] = []
    page.on(
        "response",
        lambda response: (
            sizes.append(len(gzip.compress(response.body())))
            if response.request.resource_type in ("document", "stylesheet", "script")
            else None
        ),
    )

    # Signs in and opens the hangout: the link says one item is waiting to be posted.
    page.goto(base + reverse("accounts:sign_in") + "?next=" + hangout.get_absolute_url())
    page.locator("[name=username]").fill("organiser@example.org")
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("#outreach-link")).to_contain_text("1")
    sizes.clear()
    page.locator("#outreach-link").click()

    # The Lao post, with the join link, ready to copy.
    expect(page.locator("html")).to_have_attribute("lang", "lo")
    post = page.locator("#whatsapp-post")
    expect(post).to_have_value(re.compile(re.escape(LONG_TITLE)))
    assert ZOOM in post.input_value() and "ນາງ ນ້ອຍ ແກ້ວມະນີ" in post.input_value()
    assert sum(sizes) < 30_000, sizes
    copy = page.locator('[data-copy-for="whatsapp-post"] button')
    copy.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == post.input_value()
    selected = page.evaluate(
        "() => { const f = document.getElementById('whatsapp-post');"
        " return [f.selectionStart, f.selectionEnd, f.value.length]; }"
    )
    assert selected[0] == 0 and selected[1] == selected[2]
    shots = Path("test-results")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "hangout-outreach.png"), full_page=True)
    share = page.locator('[data-copy-for="whatsapp-post"] a')
    assert (share.get_attribute("href") or "").startswith("https://wa.me/?text=%2A")

    # The reminder is coming up (not yet to post); the invitation is ticked as posted.
    expect(page.locator("#upcoming")).to_be_visible()
    page.locator(f"#to-post form[action$='/{invitation.pk}/posted/'] button").click()
    expect(page.locator("[role=status]").first).to_be_visible()
    expect(page.locator(f"#post-{invitation.pk}")).to_have_count(0)
    invitation.refresh_from_db()
    assert invitation.posted_by == organiser and invitation.posted_at is not None
