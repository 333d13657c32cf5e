"""The dashboard on a phone, in Lao, in a real Chromium: light, no CSP complaint, charts drawn."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from hangouts.accounts.models import User
from hangouts.reports.tests.conftest import Story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_reads_the_dashboard_on_a_phone(
    live_server: Any, page: Page, story: Story, organiser: User
) -> None:
    client = Client()
    client.force_login(organiser)
    host = live_server.url.split("//")[1].split(":")[0]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    bodies: list[bytes] = []
    page.on("response", lambda r: bodies.append(r.body()) if r.ok else None)

    page.goto(f"{live_server.url}/{story.network.slug}/reports/?period=2026")

    expect(page.locator("html")).to_have_attribute("lang", "lo")
    expect(page.locator("#key-figures")).to_contain_text("12")
    chart = page.locator("#trend svg[role=img]").nth(1)  # participants by month
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 390  # scales to the phone's width
    assert len(bodies) <= 6  # the HTML and the stylesheet
    assert sum(len(gzip.compress(b)) for b in bodies) < 30_000
    shots = Path("test-results")  # for people to look at; not read by the test
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "reports-dashboard.png"), full_page=True)
    assert problems == []  # a style= or inline script would be a CSP error here
