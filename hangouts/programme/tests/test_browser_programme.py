"""The programme journey in a real Chromium, on a phone, in Lao: propose, vote by phone,
schedule with Jitsi and two presenters, RSVP, and the public page without the join link."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, PHONE_CONTEXT
from hangouts.accounts.actions import ensure_member_user, issue_sign_in_link
from hangouts.accounts.models import User
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Organisation, Province
from hangouts.participation.models import RSVP
from hangouts.programme.models import Hangout, Topic, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser: Browser) -> Page:
    return browser.new_context(**PHONE_CONTEXT).new_page()


def submit(page: Page, form: str = "main form[method=post]") -> None:
    page.locator(form).last.locator("button[type=submit]").first.click()


def test_member_proposes_another_votes_by_phone_organiser_schedules_member_rsvps(
    live_server, browser
):
    network = create_network(slug="sun-csa-lao", name="ພັນທະມິດ SUN ລາວ", country="LA")
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    small = Organisation.objects.create(
        network=network,
        name="ສະມາຄົມພັດທະນາຊຸມຊົນ",
        size="small",
        province=Province.objects.get(code="LA-SV"),
    )
    noy = Member.objects.create(
        network=network, name="ນາງ ນ້ອຍ ແກ້ວມະນີ", organisation=small, phone="+8562055510001"
    )
    bounmy = Member.objects.create(
        network=network, name="ທ້າວ ບຸນມີ ສີຫາລາດ", organisation=small, phone="+8562055510002"
    )
    base = live_server.url

    # 1. Noy signs in with her link (shared on WhatsApp) and proposes a topic.
    noy_page = new_page(browser)
    link = issue_sign_in_link(ensure_member_user(noy), next_path="/sun-csa-lao/")
    noy_page.goto(base + reverse("accounts:sign_in_link", kwargs={"token": link.token}))
    submit(noy_page)
    expect(noy_page.locator("html")).to_have_attribute("lang", "lo")
    noy_page.goto(base + reverse("programme:topic_propose", kwargs={"network": network.slug}))
    noy_page.locator("[name=title]").fill("ອາຫານປອດໄພໃນຕະຫຼາດ")
    submit(noy_page)
    topic = Topic.objects.get(title="ອາຫານປອດໄພໃນຕະຫຼາດ")
    assert topic.proposed_by == noy

    # 2. Bounmy, not signed in, votes from the link shared in the WhatsApp group.
    bounmy_page = new_page(browser)
    bounmy_page.goto(
        base
        + reverse("programme:topic_vote_by_phone", kwargs={"network": network.slug, "pk": topic.pk})
    )
    bounmy_page.locator("[name=name]").fill("ບຸນມີ")
    bounmy_page.locator("[name=phone]").fill("020 5551 0002")
    submit(bounmy_page)
    expect(bounmy_page.locator("[role=status]")).to_be_visible()
    assert Vote.objects.get(topic=topic).member == bounmy

    # 3. The organiser schedules a hangout from the topic, with Jitsi and two presenters.
    organiser_page = new_page(browser)
    organiser_page.goto(base + reverse("accounts:sign_in") + "?next=" + topic.get_absolute_url())
    organiser_page.locator("[name=username]").fill("organiser@example.org")
    organiser_page.locator("[name=password]").fill(PASSWORD)
    submit(organiser_page)
    organiser_page.locator("#schedule").click()
    starts = timezone.localtime(timezone.now() + timedelta(days=10))
    organiser_page.locator("[name=starts_at]").fill(starts.strftime("%Y-%m-%dT14:00"))
    organiser_page.locator("[name=provider]").select_option("jitsi")
    organiser_page.locator("[name=presenters]").select_option([str(noy.pk), str(bounmy.pk)])
    submit(organiser_page)
    hangout = Hangout.objects.get(topic=topic)
    assert hangout.status == Hangout.Status.SCHEDULED
    assert hangout.meeting_url.startswith("https://meet.jit.si/")
    assert sorted(hangout.presenters.values_list("member__name", flat=True)) == sorted(
        [noy.name, bounmy.name]
    )
    expect(organiser_page).to_have_url(base + hangout.get_absolute_url())

    # 4. Noy answers that she is going.
    noy_page.goto(base + hangout.get_absolute_url())
    noy_page.locator("button[name=going][value=yes]").click()
    expect(noy_page.locator("button[name=going][value=yes]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert RSVP.objects.get(hangout=hangout, member=noy).status == RSVP.Status.GOING

    # 5. The public page shows it in Lao, without the join link.
    public = new_page(browser)
    public.goto(base + hangout.get_absolute_url())
    expect(public.locator("html")).to_have_attribute("lang", "lo")
    expect(public.locator("h1")).to_contain_text("ອາຫານປອດໄພໃນຕະຫຼາດ")
    expect(public.locator("main")).to_contain_text("14:00")
    expect(public.locator("main")).to_contain_text(noy.name)
    assert "meet.jit.si" not in public.content()
    shots = Path("test-results")
    shots.mkdir(exist_ok=True)
    public.screenshot(path=str(shots / "hangout-public.png"), full_page=True)
