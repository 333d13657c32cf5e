"""In a real Chromium, on a phone, in Lao: an attendee opens the personal feedback link from
the request email and answers in Lao; the organiser then finds the answer in the summary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from conftest import PASSWORD, PHONE_CONTEXT
from hangouts.accounts.models import User
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Organisation, Province
from hangouts.outreach.models import OutboxMessage
from hangouts.participation.feedback_requests import queue_feedback_requests
from hangouts.participation.models import Attendance, Feedback
from hangouts.programme.models import Hangout, Topic, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WILL_APPLY = "ຂ້ອຍຈະຊັ່ງນ້ຳໜັກເດັກນ້ອຍທຸກເດືອນຢູ່ບ້ານ"


def test_attendee_gives_feedback_in_lao_and_the_organiser_reads_it(live_server, browser: Browser):
    network = create_network(slug="sun-csa-lao", name="ພັນທະມິດ SUN ລາວ", country="LA")
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    small = Organisation.objects.create(
        network=network, name="ສະມາຄົມພັດທະນາຊຸມຊົນ", province=Province.objects.get(code="LA-SV")
    )
    noy = Member.objects.create(
        network=network,
        name="ນາງ ນ້ອຍ ແກ້ວມະນີ",
        organisation=small,
        email="noy@example.org",
        consent_to_contact=True,
    )
    starts = timezone.now() - timedelta(days=1)
    hangout = Hangout.objects.create(
        network=network,
        title="ໂພຊະນາການແມ່ ແລະ ເດັກ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=Hangout.Status.HELD,
    )
    Attendance.objects.create(hangout=hangout, member=noy, minutes=55)
    water = Topic.objects.create(network=network, title="ນ້ຳສະອາດໃນໂຮງຮຽນ")
    queue_feedback_requests(hangout)
    email = OutboxMessage.objects.get(member=noy, kind="feedback_request")
    link = next(word for word in email.text.split() if "/feedback/" in word)
    base = live_server.url

    # 1. Noy opens her personal link on her phone and answers in Lao.
    page = browser.new_context(**PHONE_CONTEXT).new_page()
    page.goto(base + link.removeprefix(settings.SITE_URL))
    expect(page.locator("html")).to_have_attribute("lang", "lo")
    expect(page.locator("h1")).to_be_visible()
    page.locator("[name=rating][value='5']").check()
    page.locator("[name=useful][value=yes]").check()
    page.locator("[name=will_apply]").fill(WILL_APPLY)
    page.locator("[name=next_topic_voted]").select_option(str(water.pk))
    page.locator("[name=next_topic]").fill("ການລ້ຽງລູກດ້ວຍນົມແມ່")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("#answered")).to_be_visible()
    expect(page.locator("[name=will_apply]")).to_have_value(WILL_APPLY)
    answer = Feedback.objects.get(hangout=hangout)
    assert (answer.member, answer.rating, answer.useful) == (noy, 5, "yes")
    assert Vote.objects.filter(topic=water, member=noy).exists()
    assert Topic.objects.filter(title="ການລ້ຽງລູກດ້ວຍນົມແມ່", proposed_by=noy).exists()
    shots = Path("test-results")  # for people to look at; not read by the test
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "feedback-form.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390  # nothing wider than the phone

    # 2. The organiser signs in and reads it in the hangout's feedback summary.
    organiser_page = browser.new_context(**PHONE_CONTEXT).new_page()
    summary = reverse(
        "participation:feedback_summary", kwargs={"network": network.slug, "pk": hangout.pk}
    )
    organiser_page.goto(base + reverse("accounts:sign_in") + "?next=" + summary)
    organiser_page.locator("[name=username]").fill("organiser@example.org")
    organiser_page.locator("[name=password]").fill(PASSWORD)
    organiser_page.locator("main form[method=post] button[type=submit]").first.click()
    expect(organiser_page.locator("#feedback-answers")).to_have_text("1")
    expect(organiser_page.locator("#feedback-average")).to_contain_text("5")
    expect(organiser_page.locator("#feedback-comments")).to_contain_text(WILL_APPLY)
    expect(organiser_page.locator("#feedback-comments")).to_contain_text(noy.name)
    expect(organiser_page.locator("#feedback-wishes")).to_contain_text("ນ້ຳສະອາດໃນໂຮງຮຽນ")
    organiser_page.screenshot(path=str(shots / "feedback-summary.png"), full_page=True)
