"""Main journeys in a real Chromium, on a phone-sized screen, in Lao."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from hangouts.accounts.models import User
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Organisation, Province

ROSTER = Path(__file__).resolve().parents[1] / "network" / "tests" / "data" / "roster_good.csv"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page: Page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_organiser_signs_in_imports_a_roster_and_finds_a_member_by_province(live_server, page):
    network = create_network(slug="sun-csa-lao", name="ພັນທະມິດ SUN ລາວ", country="LA")
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    Organisation.objects.create(network=network, name="ສະມາຄົມພັດທະນາຊຸມຊົນ", acronym="CDA")
    problems = watch_console(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(f"{live_server.url}/sun-csa-lao/")
    expect(page.locator("html")).to_have_attribute("lang", "lo")
    assert len(requests) <= 6  # the page budget: HTML and one stylesheet
    page.get_by_role("link", name="ເຂົ້າສູ່ລະບົບ", exact=True).click()
    page.get_by_role("link", name="ຜູ້ຈັດງານ", exact=False).click()
    page.get_by_label("ອີເມວ").fill("organiser@example.org")
    page.get_by_label("ລະຫັດຜ່ານ").fill(PASSWORD)
    page.get_by_role("button", name="ເຂົ້າສູ່ລະບົບ", exact=True).click()

    page.get_by_role("link", name="ນຳເຂົ້າ", exact=False).first.click()
    page.get_by_label("CSV", exact=False).set_input_files(ROSTER)
    page.get_by_role("button", name="ກວດ", exact=False).click()
    expect(page.locator("#summary")).to_contain_text("ສະມາຊິກໃໝ່ 3 ຄົນ")
    page.get_by_role("button", name="ນຳເຂົ້າ", exact=True).click()
    expect(page.locator("#members")).to_contain_text("ທ້າວ ວິໄລ ແສງທອງ")
    assert Member.objects.count() == 3

    savannakhet = Province.objects.get(code="LA-SV")
    page.get_by_label("ແຂວງ").select_option(label=savannakhet.name)
    page.get_by_role("button", name="ກັ່ນຕອງ", exact=False).click()
    expect(page.locator("#members li")).to_have_count(1)
    expect(page.locator("#members")).to_contain_text("ທ້າວ ວິໄລ ແສງທອງ")
    shots = Path("test-results")  # for people to look at; not read by the test
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "directory-by-province.png"), full_page=True)
    assert problems == []
