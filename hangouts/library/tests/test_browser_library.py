"""The library journey in a real Chromium, on a phone, in Lao: an organiser uploads slides to a
held hangout; a member searches a word from the middle of the title and opens the slides."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, PHONE_CONTEXT
from hangouts.accounts.actions import ensure_member_user, issue_sign_in_link
from hangouts.accounts.models import User
from hangouts.library.models import PDF, Resource
from hangouts.library.tests.conftest import PDF_BYTES, make_hangout
from hangouts.network.actions import create_network
from hangouts.network.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "ສະໄລດ໌ການປັບຕົວຕໍ່ດິນຟ້າອາກາດຂອງຊາວກະສິກອນ"
WORD = "ປັບຕົວ"  # from the middle of the unspaced title


def watch_weight(page: Page) -> list[int]:
    """Compressed sizes of the documents and stylesheets the page loads."""
    sizes: list[int] = []
    page.on(
        "response",
        lambda response: (
            sizes.append(len(gzip.compress(response.body())))
            if response.request.resource_type in ("document", "stylesheet", "script")
            else None
        ),
    )
    return sizes


def test_organiser_uploads_slides_and_a_member_finds_them_by_a_lao_word(
    live_server: Any, browser: Browser, tmp_path: Path
) -> None:
    network = create_network(slug="sun-csa-lao", name="ພັນທະມິດ SUN ລາວ", country="LA")
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    hangout = make_hangout(network, title="ການປ່ຽນແປງດິນຟ້າອາກາດ ແລະ ກະສິກຳ")
    noy = Member.objects.create(network=network, name="ນາງ ນ້ອຍ ແກ້ວມະນີ", phone="+8562055510001")
    slides = tmp_path / "ສະໄລດ໌ ດິນຟ້າອາກາດ.pdf"
    slides.write_bytes(PDF_BYTES)
    base = live_server.url

    # 1. The organiser signs in, opens the held hangout and adds the slides.
    organiser_page = browser.new_context(**PHONE_CONTEXT).new_page()
    organiser_page.goto(base + reverse("accounts:sign_in") + "?next=" + hangout.get_absolute_url())
    organiser_page.locator("[name=username]").fill("organiser@example.org")
    organiser_page.locator("[name=password]").fill(PASSWORD)
    organiser_page.locator("main form[method=post] button[type=submit]").first.click()
    organiser_page.locator("#add-resource").click()
    organiser_page.locator("[name=kind]").select_option("slides")
    organiser_page.locator("[name=title]").fill(TITLE)
    organiser_page.locator("[name=file]").set_input_files(slides)
    organiser_page.locator("main form[method=post] button[type=submit]").click()
    expect(organiser_page.locator("#resources")).to_be_visible()
    expect(organiser_page.locator("main")).to_contain_text(TITLE)
    resource = Resource.objects.get()
    assert resource.content_type == PDF and resource.file_name == slides.name

    # 2. A member signs in with her link, goes to the library and searches a Lao word.
    member_page = browser.new_context(**PHONE_CONTEXT).new_page()
    link = issue_sign_in_link(ensure_member_user(noy), next_path="/sun-csa-lao/library/")
    member_page.goto(base + reverse("accounts:sign_in_link", kwargs={"token": link.token}))
    member_page.locator("main form[method=post] button[type=submit]").first.click()
    expect(member_page.locator("html")).to_have_attribute("lang", "lo")
    expect(member_page.locator("#resources")).to_contain_text(TITLE)
    sizes = watch_weight(member_page)
    member_page.locator("#search-q").fill(WORD)
    member_page.locator("form[role=search] button[type=submit]").click()
    expect(member_page.locator("#found-resources")).to_contain_text(TITLE)
    assert sum(sizes) <= 30 * 1024, sizes

    # 3. She opens the slides' entry and downloads them.
    member_page.locator("#found-resources a").first.click()
    expect(member_page.locator("h1")).to_have_text(TITLE)
    with member_page.expect_download() as download:
        member_page.locator("#download").click()
    assert download.value.suggested_filename == slides.name
    assert Path(download.value.path()).read_bytes() == PDF_BYTES

    # The library page for a first-time visitor is light as well.
    visitor = browser.new_context(**PHONE_CONTEXT).new_page()
    weights = watch_weight(visitor)
    visitor.goto(base + reverse("library:library", kwargs={"network": network.slug}))
    expect(visitor.locator("#resources")).to_contain_text(TITLE)
    assert sum(weights) <= 30 * 1024, weights
    shots = Path("test-results")
    shots.mkdir(exist_ok=True)
    member_page.screenshot(path=str(shots / "library-resource.png"), full_page=True)
