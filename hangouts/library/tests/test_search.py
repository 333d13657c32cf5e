"""Search in Lao across topics, hangouts and resources (run on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.library.models import Resource
from hangouts.library.search import search
from hangouts.library.tests.conftest import PDF_BYTES, add, make_hangout
from hangouts.network.models import Network
from hangouts.programme.models import Hangout, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(network: Network, other_network: Network) -> dict[str, object]:
    """The same rows on both databases: Lao without spaces, variant spellings, Latin."""
    climate = make_hangout(network, title="ການປ່ຽນແປງດິນຟ້າອາກາດຂອງຊຸມຊົນ")
    summary = make_hangout(network, title="ສະຫຼຸບບົດຮຽນປີໜ້າ", description="Nutrition PLAN 2027")
    draft = make_hangout(network, title="ດິນຟ້າອາກາດ ຮ່າງ", status=Hangout.Status.DRAFT)
    elsewhere = make_hangout(other_network, title="ດິນຟ້າອາກາດ ກຳປູເຈຍ")
    return {
        "climate": climate,
        "summary": summary,
        "draft": draft,
        "elsewhere": elsewhere,
        "slides": add(climate, title="ສະໄລດ໌ການປັບຕົວຕໍ່ດິນຟ້າອາກາດ", content=PDF_BYTES),
        "private": add(
            summary,
            title="ບົດສະຫຼຸບພາຍໃນ",
            kind=Resource.Kind.NOTES,
            url="",
            notes="Climate finance",
            visibility=Resource.Visibility.MEMBERS,
        ),
        "draft_slides": add(draft, title="ດິນຟ້າອາກາດ ສະໄລດ໌ຮ່າງ", content=PDF_BYTES),
        "topic": Topic.objects.create(
            network=network, title="working", public_title="ຄວາມໝັ້ນຄົງດ້ານສະບຽງອາຫານ"
        ),
        "other_topic": Topic.objects.create(network=other_network, title="ດິນຟ້າອາກາດ"),
    }


def titles(network: Network, query: str, *, members_only: bool = False) -> set[str]:
    found = search(network, query, members_only=members_only)
    return (
        {t.display_title for t in found.topics}
        | {h.title for h in found.hangouts}
        | {r.title for r in found.resources}
    )


def test_search_finds_a_word_inside_unspaced_lao_text(network: Network, corpus: dict) -> None:
    assert titles(network, "ຟ້າອາກາດ") == {
        "ການປ່ຽນແປງດິນຟ້າອາກາດຂອງຊຸມຊົນ",
        "ສະໄລດ໌ການປັບຕົວຕໍ່ດິນຟ້າອາກາດ",
    }


def test_search_treats_ho_lo_and_ho_no_spellings_alike(network: Network, corpus: dict) -> None:
    assert titles(network, "ສະຫລຸບ") == titles(network, "ສະຫຼຸບ") == {"ສະຫຼຸບບົດຮຽນປີໜ້າ"}
    assert titles(network, "ປີຫນ້າ") == {"ສະຫຼຸບບົດຮຽນປີໜ້າ"}
    assert titles(network, "ໝັ້ນຄົງ") == titles(network, "ຫມັ້ນຄົງ") == {"ຄວາມໝັ້ນຄົງດ້ານສະບຽງອາຫານ"}


def test_search_ignores_latin_case(network: Network, corpus: dict) -> None:
    assert titles(network, "nutrition plan") == titles(network, "NUTRITION") == {"ສະຫຼຸບບົດຮຽນປີໜ້າ"}


def test_search_needs_every_term(network: Network, corpus: dict) -> None:
    assert titles(network, "ດິນຟ້າ ຊຸມຊົນ") == {"ການປ່ຽນແປງດິນຟ້າອາກາດຂອງຊຸມຊົນ"}
    assert titles(network, "ດິນຟ້າ nutrition") == set()


def test_search_finds_two_character_terms(network: Network, corpus: dict) -> None:
    assert "ສະຫຼຸບບົດຮຽນປີໜ້າ" in titles(network, "ປີ")


def test_search_never_shows_drafts_or_other_networks(network: Network, corpus: dict) -> None:
    found = titles(network, "ດິນຟ້າອາກາດ", members_only=True)

    assert "ດິນຟ້າອາກາດ ຮ່າງ" not in found
    assert "ດິນຟ້າອາກາດ ສະໄລດ໌ຮ່າງ" not in found
    assert "ດິນຟ້າອາກາດ ກຳປູເຈຍ" not in found


def test_search_shows_members_only_resources_to_members_only(
    network: Network, corpus: dict
) -> None:
    assert titles(network, "climate finance") == set()
    assert titles(network, "climate finance", members_only=True) == {"ບົດສະຫຼຸບພາຍໃນ"}


def test_search_finds_a_title_after_it_changed(network: Network, corpus: dict) -> None:
    topic = corpus["topic"]
    assert isinstance(topic, Topic)
    topic.public_title = "ນ້ຳສະອາດໃນໂຮງຮຽນ"
    topic.save(update_fields=["public_title"])

    assert titles(network, "ນໍ້າສະອາດ") == {"ນ້ຳສະອາດໃນໂຮງຮຽນ"}
    assert titles(network, "ໝັ້ນຄົງ") == set()


def test_search_of_nothing_runs_no_query(network: Network) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = search(network, " \u200b ", members_only=False)

    assert found.count == 0 and len(queries) == 0


def test_search_page_lists_the_three_kinds_with_links(
    network: Network, corpus: dict, member_client: Client
) -> None:
    url = reverse("library:search", kwargs={"network": network.slug})

    html = member_client.get(url, {"q": "ສະຫລຸບ"}).content.decode()

    summary, private = corpus["summary"], corpus["private"]
    assert isinstance(summary, Hangout) and isinstance(private, Resource)
    assert summary.get_absolute_url() in html
    assert private.get_absolute_url() in html
    assert "<script" not in html


def test_search_page_runs_a_fixed_number_of_queries(
    network: Network, corpus: dict, client: Client
) -> None:
    url = reverse("library:search", kwargs={"network": network.slug})

    def count(query: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"q": query}).status_code == 200
        return len(queries)

    few = count("ສະຫລຸບ")
    climate = corpus["climate"]
    assert isinstance(climate, Hangout)
    for i in range(12):
        add(climate, title=f"ສະຫຼຸບ {i}", content=PDF_BYTES)
        make_hangout(network, title=f"ສະຫຼຸບ ຄັ້ງທີ {i}")

    # Network, then per kind: on SQLite a probe of the trigram index, then the rows.
    assert count("ສະຫລຸບ") == few == (7 if connection.vendor == "sqlite" else 4) + 1
