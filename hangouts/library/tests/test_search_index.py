"""The trigram indexes under the search keys follow every change, on both databases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hangouts.library.search import search
from hangouts.library.search_index import TABLES, ensure_search_indexes, fts_table
from hangouts.library.tests.conftest import PDF_BYTES, add, make_hangout
from hangouts.network.models import Network
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")


def resource_titles(network: Network, query: str) -> set[str]:
    return {r.title for r in search(network, query, members_only=True).resources}


def test_search_index_follows_updates_and_deletes(network: Network, hangout: Hangout) -> None:
    resource = add(hangout, title="ການປູກຝັງສວນຄົວ")
    assert resource_titles(network, "ສວນຄົວ") == {"ການປູກຝັງສວນຄົວ"}

    resource.title = "ນ້ຳສະອາດໃນໂຮງຮຽນ"
    resource.save()
    assert resource_titles(network, "ສວນຄົວ") == set()
    assert resource_titles(network, "ໂຮງຮຽນ") == {"ນ້ຳສະອາດໃນໂຮງຮຽນ"}

    resource.delete()
    assert resource_titles(network, "ໂຮງຮຽນ") == set()


def test_search_index_and_like_agree_on_mixed_term_lengths(
    network: Network, hangout: Hangout
) -> None:
    add(hangout, title="ແຜນການປີໜ້າ ຂອງ CDA")
    add(hangout, title="ແຜນການ ເດືອນໜ້າ")

    assert resource_titles(network, "ແຜນການ ປີ") == {"ແຜນການປີໜ້າ ຂອງ CDA"}
    assert resource_titles(network, 'cda "ແຜນ') == set()  # a quote is just a character
    assert resource_titles(network, "ແຜນ cd") == {"ແຜນການປີໜ້າ ຂອງ CDA"}


@sqlite_only
def test_search_uses_the_fts5_trigram_index_on_sqlite(network: Network, slides: object) -> None:
    with CaptureQueriesContext(connection) as queries:
        search(network, "ສະໄລດ໌", members_only=False)

    assert all(" MATCH " in query["sql"] for query in queries.captured_queries)


@sqlite_only
def test_search_index_is_rebuilt_when_a_table_rebuild_dropped_its_triggers(
    network: Network, hangout: Hangout
) -> None:
    fts = fts_table("library_resource")
    with connection.cursor() as cursor:
        for trigger in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER {fts}_{trigger}")
    add(hangout, title="ຂໍ້ມູນຂ່າວສານ", content=PDF_BYTES)
    assert resource_titles(network, "ຂ່າວສານ") == set()  # not indexed without its trigger

    assert ensure_search_indexes(connection) == ["library_resource"]

    assert resource_titles(network, "ຂ່າວສານ") == {"ຂໍ້ມູນຂ່າວສານ"}
    assert ensure_search_indexes(connection) == []


@postgresql_only
def test_search_keys_have_trigram_indexes_on_postgresql(network: Network) -> None:
    make_hangout(network)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}

    assert names == {f"{table}_search_trgm" for table in TABLES}


def test_search_gives_the_same_rows_for_common_terms_scanned_without_the_index(
    network: Network, hangout: Hangout, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hangouts.library import search as search_module

    add(hangout, title="ການປູກຝັງສວນຄົວ")
    add(hangout, title="ການສຶກສາ ສວນຄົວ")
    add(hangout, title="ການສຶກສາ")
    looked_up = resource_titles(network, "ສວນຄົວ ການ")

    monkeypatch.setattr(search_module, "PROBE", 1)  # every term is "common": scanned

    assert (
        resource_titles(network, "ສວນຄົວ ການ")
        == looked_up
        == {
            "ການປູກຝັງສວນຄົວ",
            "ການສຶກສາ ສວນຄົວ",
        }
    )


def test_search_indexes_can_be_dropped_and_made_again(network: Network, hangout: Hangout) -> None:
    from hangouts.library.search_index import drop_search_indexes

    add(hangout, title="ການລະດົມທຶນ")
    drop_search_indexes(connection)
    add(hangout, title="ການລະດົມທຶນຄັ້ງທີສອງ")

    ensure_search_indexes(connection)

    assert resource_titles(network, "ລະດົມທຶນ") == {"ການລະດົມທຶນ", "ການລະດົມທຶນຄັ້ງທີສອງ"}
