"""The dashboard, the public summary and their filters (data: conftest.py's table)."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout
from hangouts.reports.forms import ReportFilterForm
from hangouts.reports.queries import Period
from hangouts.reports.tests.conftest import Story, local

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own page


def dashboard_url(story: Story) -> str:
    return reverse("reports:dashboard", kwargs={"network": story.network.slug})


def public_url(story: Story) -> str:
    return reverse("reports:public_summary", kwargs={"network": story.network.slug})


def english_client(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def key_figures(html: str) -> dict[str, str]:
    table = html.split('id="key-figures"', 1)[1].split("</table>", 1)[0]
    return {
        re.sub(r"<[^>]+>", "", head).strip(): re.sub(r"<[^>]+>", "", cell).strip()
        for head, cell in re.findall(r"<th[^>]*>(.*?)</th><td>(.*?)</td>", table, re.S)
    }


def test_dashboard_shows_the_figures_of_the_period(story: Story, organiser_client: Client) -> None:
    response = english_client(organiser_client).get(dashboard_url(story), {"period": "2026"})

    html = response.content.decode()
    figures = key_figures(html)
    assert figures["Hangouts held"] == "4"
    assert figures["Total participants (every attendance, guests included)"] == "12"
    assert figures["Unique participants"].startswith("7 (5 members, 2 guests)")
    assert figures["Average attendance per hangout"] == "3.0"
    assert (figures["First-time participants"], figures["Returning participants"]) == ("4", "1")
    never = html.split('id="never-attended"', 1)[1].split("</ul>", 1)[0]
    assert "C Association" in never and "D Closed" not in never


def test_dashboard_charts_are_well_formed_svg_with_their_numbers(
    story: Story, organiser_client: Client
) -> None:
    response = english_client(organiser_client).get(dashboard_url(story), {"period": "2026"})

    charts = [parse(svg) for svg in SVG.findall(response.content.decode())]
    titles = {chart.findtext(f"{NS}title") for chart in charts}
    assert {"Hangouts held by month", "Participants by month", "Participants by province"} <= titles
    for chart in charts:
        assert chart.get("role") == "img" and chart.get("aria-label") == chart.findtext(
            f"{NS}title"
        )
        assert chart.get("viewBox") and "style" not in chart.attrib
    by_month = next(c for c in charts if c.findtext(f"{NS}title") == "Participants by month")
    tips = [g.findtext(f"{NS}title") for g in by_month.iter(f"{NS}g")]
    assert tips[:3] == ["Jan 2026: 6", "Feb 2026: 6", "Mar 2026: 0"]
    genders = next(c for c in charts if c.findtext(f"{NS}title") == "Participants by gender")
    texts = [t.text for t in genders.iter(f"{NS}text")]
    assert texts == [
        "Female",
        "3",
        "Male",
        "1",
        "Not given",
        "1",
        "Guests (not on the roster)",
        "2",
    ]


def test_dashboard_is_light_for_a_phone(story: Story, organiser_client: Client) -> None:
    response = organiser_client.get(dashboard_url(story))

    assert len(gzip.compress(response.content)) < 30_000
    assert "style=" not in response.content.decode() and "<script" not in response.content.decode()


def test_dashboard_filters_by_series(story: Story, organiser_client: Client) -> None:
    params = {"period": "2026", "series": str(story.series["S1"].pk)}
    html = english_client(organiser_client).get(dashboard_url(story), params).content.decode()

    assert key_figures(html)["Hangouts held"] == "2"
    assert "2026" in html.split('id="period"', 1)[1].split("</p>", 1)[0]


def test_dashboard_refuses_a_bad_period_and_shows_all_time(
    story: Story, organiser_client: Client
) -> None:
    params = {"start": "2026-03-01", "end": "2026-01-01"}
    html = english_client(organiser_client).get(dashboard_url(story), params).content.decode()

    assert "The period must end after it starts." in html
    assert key_figures(html)["Hangouts held"] == "5"


def test_filter_form_periods(story: Story) -> None:
    def period(data: dict[str, str]) -> Period:
        form = ReportFilterForm(data, network=story.network)
        return form.filters().period

    with time_machine.travel(datetime(2026, 11, 29, 3, 0, tzinfo=UTC), tick=False):
        assert period({"period": "2025"}) == Period(date(2025, 1, 1), date(2025, 12, 31))
        assert period({"period": "12m"}) == Period(date(2025, 12, 1), date(2026, 11, 29))
        assert period({"period": "all"}) == Period()
        assert period({"period": "2025", "start": "2026-02-01"}) == Period(date(2026, 2, 1))
        assert period({"period": "1999"}) == Period()  # not offered: all time


@pytest.mark.parametrize("persona", ["outsider_client", "member_client", "client"])
def test_dashboard_refuses_everyone_but_organisers(
    story: Story, persona: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(persona)
    urls = [
        dashboard_url(story),
        reverse("reports:export", args=[story.network.slug, "attendance", "csv"]),
        reverse("reports:report_pdf", args=[story.network.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403


def test_export_of_an_unknown_table_is_not_found(story: Story, organiser_client: Client) -> None:
    url = reverse("reports:export", args=[story.network.slug, "members", "csv"])
    assert organiser_client.get(url).status_code == 404


def test_public_summary_is_not_found_until_the_network_shows_it(
    story: Story, client: Client, organiser_client: Client
) -> None:
    assert client.get(public_url(story)).status_code == 404
    home = organiser_client.get(story.network.get_absolute_url()).content.decode()
    assert public_url(story) not in home
    assert dashboard_url(story) in home


def test_public_summary_shows_less_than_five_for_small_cells(story: Story, client: Client) -> None:
    story.network.public_summary = True
    story.network.save()

    html = english_client(client).get(public_url(story)).content.decode()

    figures = key_figures(html)
    # All time: 5 hangouts, 14 attendances, 8 people: at or above five, shown as they are.
    assert figures == {
        "Hangouts held": "5",
        "Participants (every attendance)": "14",
        "Different people": "8",
    }
    # Months: 1 hangout a month (< 5); 6 people in January and in February 2026, 2 in December.
    trend = html.split('id="trend"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r"<td>(.*?)</td>", trend) == [
        *("&lt; 5", "&lt; 5"),  # December 2025: H0, 2 people
        *("&lt; 5", "6"),  # January 2026: H5 and H1
        *("&lt; 5", "6"),  # February: H2
        *("&lt; 5", "&lt; 5"),  # March: H3, nobody
    ]
    # Every province and kind of organisation reached fewer than five people.
    for section in ("reach-provinces", "reach-kinds"):
        part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
        assert set(re.findall(r"<td>(.*?)</td>", part)) == {"&lt; 5"}
        chart = parse(SVG.findall(part)[0])
        values = [t.text for t in chart.iter(f"{NS}text") if t.text and t.text[0] in "0123456789<"]
        assert values and set(values) == {"< 5"}
        tips = [g.findtext(f"{NS}title") for g in chart.iter(f"{NS}g")]
        assert tips and all((tip or "").endswith(": < 5") for tip in tips)
        assert all(
            float(r.get("width", "1")) == 0 for r in chart.iter(f"{NS}rect")
        )  # no telling bar
    # No names, no organisations on the public page.
    assert "One" not in html and "B International" not in html


def test_public_summary_shows_counts_of_five_and_more(story: Story, client: Client) -> None:
    story.network.public_summary = True
    story.network.save()
    extra = Hangout.objects.create(
        network=story.network,
        title="More",
        starts_at=local("2026-05-29T14:00"),
        ends_at=local("2026-05-29T15:00"),
        status=Hangout.Status.HELD,
    )
    Attendance.objects.bulk_create(
        Attendance(hangout=extra, guest_name=f"guest {i}") for i in range(6)
    )

    html = english_client(client).get(public_url(story), {"period": "2026"}).content.decode()

    may = html.split("May 2026</th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>(.*?)</td>", may) == ["&lt; 5", "6"]


def test_network_settings_turn_the_public_summary_on(
    story: Story, organiser_client: Client, client: Client
) -> None:
    url = reverse("network:settings", kwargs={"network": story.network.slug})
    assert client.get(url).status_code == 403

    response = organiser_client.post(url, {"feedback_days": "7", "public_summary": "on"})

    assert response.status_code == 302
    story.network.refresh_from_db()
    assert story.network.public_summary
    assert client.get(public_url(story)).status_code == 200
    assert public_url(story) in client.get(story.network.get_absolute_url()).content.decode()


def view_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"period": "2026"}).status_code == 200
    return len(captured.captured_queries)


def test_dashboard_query_count_is_fixed(story: Story, organiser_client: Client) -> None:
    url = dashboard_url(story)
    small = view_queries(organiser_client, url)
    members = list(story.members.values())
    for day in range(1, 29):
        hangout = Hangout.objects.create(
            network=story.network,
            title=f"more {day}",
            starts_at=local(f"2026-06-{day:02d}T14:00"),
            ends_at=local(f"2026-06-{day:02d}T15:00"),
            status=Hangout.Status.HELD,
        )
        Attendance.objects.bulk_create(Attendance(hangout=hangout, member=m) for m in members)

    # Session, user, the UI language (middleware), network, organiser check, the ten figures,
    # the series of the form.
    assert small == view_queries(organiser_client, url) == 16
