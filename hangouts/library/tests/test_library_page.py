"""The library page: by theme and date, sizes shown, light, a fixed number of queries."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.library.models import Resource
from hangouts.library.tests.conftest import HELD, PDF_BYTES, add, make_hangout
from hangouts.network.models import Network
from hangouts.programme.models import Hangout, Theme, Topic

pytestmark = pytest.mark.django_db


def library_url(network: Network) -> str:
    return reverse("library:library", kwargs={"network": network.slug})


def english() -> Client:
    client = Client()
    client.cookies["hangouts_language"] = "en"
    return client


def test_library_lists_newest_hangouts_first_with_kind_and_size(
    network: Network, hangout: Hangout
) -> None:
    older = make_hangout(
        network,
        title="ເກົ່າ",
        starts_at=HELD - timedelta(days=60),
        ends_at=HELD - timedelta(days=60) + timedelta(hours=1),
    )
    add(older, title="ສະໄລດ໌ເກົ່າ", content=PDF_BYTES)
    big = add(hangout, title="ສະໄລດ໌ໃໝ່", content=PDF_BYTES)
    Resource.objects.filter(pk=big.pk).update(file_size=2_500_000)

    html = english().get(library_url(network)).content.decode()

    assert html.index("ສະໄລດ໌ໃໝ່") < html.index("ສະໄລດ໌ເກົ່າ")
    assert "Slides · 2.4\xa0MB" in html
    assert "ໂພຊະນາການ" in html  # the hangout's topic's theme


def test_library_filters_by_theme(network: Network, hangout: Hangout, theme: Theme) -> None:
    other_topic = Topic.objects.create(network=network, title="ອື່ນ")
    other_topic.themes.add(Theme.objects.create(network=network, name="ອື່ນໆ"))
    add(hangout, title="ກ່ຽວກັບໂພຊະນາການ")
    add(make_hangout(network, title="ອື່ນ", topic=other_topic), title="ບໍ່ກ່ຽວ")

    html = Client().get(library_url(network), {"theme": theme.pk}).content.decode()

    assert "ກ່ຽວກັບໂພຊະນາການ" in html and "ບໍ່ກ່ຽວ" not in html


def test_library_hides_members_only_resources_from_visitors(
    network: Network, slides: Resource, private_slides: Resource, member_client: Client
) -> None:
    public_html = Client().get(library_url(network)).content.decode()
    member_html = member_client.get(library_url(network)).content.decode()

    assert slides.title in public_html and private_slides.title not in public_html
    assert private_slides.title in member_html


def test_library_shows_nothing_of_other_networks(
    network: Network, other_network: Network, slides: Resource
) -> None:
    assert slides.title not in Client().get(library_url(other_network)).content.decode()


def test_library_runs_a_fixed_number_of_queries(
    network: Network, hangout: Hangout, member_client: Client
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(library_url(network)).status_code == 200
        return len(queries)

    add(hangout, title="ໜຶ່ງ", content=PDF_BYTES)
    small = count()
    for i in range(60):
        other = make_hangout(network, title=f"ຄັ້ງທີ {i}", topic=hangout.topic)
        add(other, title=f"ສະໄລດ໌ {i}", content=PDF_BYTES)

    assert count() == small == 9


def test_library_and_search_pages_stay_within_the_page_budget(
    network: Network, hangout: Hangout
) -> None:
    for i in range(50):
        add(hangout, title=f"ສະໄລດ໌ການປ່ຽນແປງດິນຟ້າອາກາດ ຄັ້ງທີ {i}", content=PDF_BYTES)
    css = Path(str(finders.find("css/site.css"))).read_bytes()
    search = reverse("library:search", kwargs={"network": network.slug})

    for html in (
        Client().get(library_url(network)).content,
        Client().get(search, {"q": "ດິນຟ້າ"}).content,
    ):
        assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 30 * 1024
        assert b"<script" not in html and b"style=" not in html
