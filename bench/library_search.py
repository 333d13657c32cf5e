"""Benchmark: search in Lao over 100,000 library resources across many networks.

    .venv/bin/python bench/library_search.py [--resources 100000] [--networks 20]
        [--database-url postgresql://...]

Makes a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database) with `networks` networks of unequal sizes (the first holds 40 % of
everything, as one large national network would; the rest share the remainder), then in bulk:
one topic and one held hangout per four resources, and the resources (slides, recordings,
links, notes: a third with a few lines of notes). Titles are realistic Lao: phrases from a
vocabulary of ~60 development words written without spaces between words, a space between some
phrases, an English subtitle in one title in five, ຫຼ/ໜ/ຳ written both ways. Every row gets its
search key the way save() computes it.

Then times `library.search.search` (three queries: topics, hangouts, resources, each cut at 30
rows), first without the trigram indexes (SQLite: the FTS5 path off; PostgreSQL: the GIN
indexes dropped), then with them, on the largest network, for a visitor and for a member,
five runs each (best and median reported), for: a Lao word from the middle of titles, a
Latin word, a 2-character term, a rare term, a common term and two terms together.
Never part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 2026

# Development vocabulary, written the way Lao titles are: no spaces inside a phrase.
WORDS = (  # noqa: SIM905 (one long line of words reads better)
    "ເຄືອຂ່າຍ ອົງການຈັດຕັ້ງ ທາງສັງຄົມ ກອງປະຊຸມ ຮຽນຮູ້ ອອນລາຍ ປະຈຳເດືອນ ການປ່ຽນແປງ "
    "ດິນຟ້າອາກາດ ສິດທິມະນຸດ ໂພຊະນາການ ແມ່ແລະເດັກ ສະບຽງອາຫານ ນ້ຳສະອາດ ສຸຂະອະນາໄມ ກະສິກຳ "
    "ການສຶກສາ ສາທາລະນະສຸກ ຊຸມຊົນ ແຂວງ ບົດຮຽນ ສະຫຼຸບ ແຜນການ ງົບປະມານ ການຕິດຕາມ "
    "ການປະເມີນຜົນ ໄວໜຸ່ມ ແມ່ຍິງ ຄວາມສະເໝີພາບ ບົດບາດຍິງຊາຍ ການພັດທະນາ ຊົນນະບົດ ຕະຫຼາດ "
    "ອາຫານປອດໄພ ການລ້ຽງລູກດ້ວຍນົມແມ່ ເດັກນ້ອຍ ການຂາດສານອາຫານ ການເຕີບໂຕ ສວນຄົວ "
    "ການປູກຝັງ ປ່າໄມ້ ນະໂຍບາຍ ລັດຖະບານ ການຮ່ວມມື ຄູ່ຮ່ວມງານ ທຶນ ການລະດົມທຶນ ການສື່ສານ "
    "ສື່ສັງຄົມ ເຟສບຸກ ວອດແອັບ ການນຳສະເໜີ ປະສົບການ ຄວາມສຳເລັດ ສິ່ງທ້າທາຍ ບັນຫາ "
    "ວິທີແກ້ໄຂ ຂໍ້ມູນ ການເກັບກຳ ຂໍ້ມູນຂ່າວສານ ປີໜ້າ ທຳອິດ ໝາກໄມ້"
).split()
ENGLISH = (
    "Nutrition",
    "Climate",
    "Advocacy",
    "Gender",
    "Budget",
    "Monitoring",
    "WASH",
    "Youth",
    "Food security",
    "Lessons learnt",
)
RARE = "ມັນຕົ້ນ"  # cassava: in about 1 title in 1,000
# Written the other way by some people: the key folds them (lib/search.py).
VARIANTS = {"ຫຼ": "ຫລ", "ໜ": "ຫນ", "ໝ": "ຫມ", "ຳ": "ໍາ"}

QUERIES = {
    "Lao word from the middle of titles (ດິນຟ້າ)": "ດິນຟ້າ",
    "Lao word, other spelling (ສະຫລຸບ)": "ສະຫລຸບ",
    "Latin word (NUTRITION)": "NUTRITION",
    "2-character term (ປີ)": "ປີ",
    f"rare term ({RARE})": RARE,
    "common term (ການ)": "ການ",
    "two terms (ໂພຊະນາການ ແຂວງ)": "ໂພຊະນາການ ແຂວງ",
    "no match (ຄອມພິວເຕີ)": "ຄອມພິວເຕີ",
}


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url,
        "SITE_URL": "https://hangouts.example.org",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "hangouts.example.org",
        "LOG_LEVEL": "WARNING",
    }


def lao_title(rng: random.Random) -> str:
    """Two to four phrases of one to three words each, words unspaced inside a phrase."""
    phrases = [
        "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(2, 4))
    ]
    if rng.random() < 0.001:
        phrases.insert(rng.randint(0, len(phrases)), RARE)
    title = " ".join(phrases)
    if rng.random() < 0.3:
        for precomposed, typed in VARIANTS.items():
            title = title.replace(precomposed, typed)
    if rng.random() < 0.2:
        title += f" ({rng.choice(ENGLISH)})"
    return title[:200]


def sizes(total: int, networks: int) -> list[int]:
    """The first network holds 40 %; the others share the rest."""
    first = total * 40 // 100
    rest = [(total - first) // (networks - 1)] * (networks - 1)
    rest[-1] += total - first - sum(rest)
    return [first, *rest]


def make_data(resources: int, networks: int, rng: random.Random) -> int:
    """The networks, topics, hangouts and resources; returns the largest network's id."""
    from django.core.management import call_command

    from hangouts.library.models import Resource
    from hangouts.network.actions import create_network
    from hangouts.programme.models import Hangout, Topic

    call_command("migrate", verbosity=0)
    first_id = 0
    start = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    for index, count in enumerate(sizes(resources, networks)):
        network = create_network(
            slug=f"bench-{index}", name=f"ເຄືອຂ່າຍ {index}", country="LA", language="lo"
        )
        first_id = first_id or network.pk
        hangout_count = max(count // 4, 1)
        topics = [
            Topic(
                network=network,
                title=lao_title(rng),
                description=lao_title(rng) if rng.random() < 0.5 else "",
                status=Topic.Status.HELD,
            )
            for _ in range(hangout_count)
        ]
        for topic in topics:
            topic.search_text = topic.search_key()
        Topic.objects.bulk_create(topics, batch_size=1000)
        hangouts = []
        for i, topic in enumerate(topics):
            starts = start - timedelta(days=7 * i)
            hangouts.append(
                Hangout(
                    network=network,
                    topic=topic,
                    title=topic.title,
                    description=topic.description,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    status=Hangout.Status.HELD,
                )
            )
        for hangout in hangouts:
            hangout.search_text = hangout.search_key()
        Hangout.objects.bulk_create(hangouts, batch_size=1000)
        rows = []
        for i in range(count):
            hangout = hangouts[i % hangout_count]
            kind = rng.choice(["slides", "slides", "recording", "link", "notes"])
            row = Resource(
                network=network,
                hangout=hangout,
                kind=kind,
                title=lao_title(rng),
                visibility="members" if rng.random() < 0.3 else "public",
                created_at=hangout.starts_at + timedelta(hours=2),
            )
            if kind == "slides":
                row.file = f"library/{network.pk}/bench{i}.pdf"
                row.file_name = f"{row.title[:40]}.pdf"
                row.file_size = rng.randint(200_000, 20_000_000)
                row.content_type = "application/pdf"
            elif kind == "notes" or rng.random() < 0.3:
                row.notes = "\n".join(lao_title(rng) for _ in range(rng.randint(2, 6)))
            if kind in ("recording", "link"):
                row.url = f"https://example.org/{i}"
            row.search_text = row.search_key()
            rows.append(row)
        Resource.objects.bulk_create(rows, batch_size=1000)
    return first_id


def timed(function: Any, runs: int = 5) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - began) * 1000)
    return min(times), statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--networks", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="library-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.update(environment(database_url))

    import django

    django.setup()
    from django.db import connection

    from hangouts.library.models import Resource
    from hangouts.library.search import search
    from hangouts.network.models import Network
    from hangouts.programme.models import Hangout, Topic

    rng = random.Random(SEED)
    started = time.perf_counter()
    network_id = make_data(args.resources, args.networks, rng)
    network = Network.objects.get(pk=network_id)
    print(
        f"data: {Resource.objects.count()} resources, {Hangout.objects.count()} hangouts, "
        f"{Topic.objects.count()} topics in {args.networks} networks "
        f"(largest: {Resource.objects.filter(network=network).count()} resources) "
        f"in {time.perf_counter() - started:.0f} s ({connection.vendor})"
    )
    for indexed in (False, True):
        set_indexes(connection, indexed=indexed)
        what = "with trigram indexes" if indexed else "plain substring scan (no index)"
        print(f"\n{what}")
        print(f"{'query':48} {'visitor best/median':>22} {'member best/median':>22}  found")
        for label, query in QUERIES.items():
            best, median, _found = timed(lambda q=query: search(network, q, members_only=False))
            m_best, m_median, m_found = timed(lambda q=query: search(network, q, members_only=True))
            print(
                f"{label:48} {best:9.1f} / {median:7.1f} ms {m_best:9.1f} / {m_median:7.1f} ms"
                f"  {found_counts(m_found)}"
            )


def set_indexes(connection: Any, *, indexed: bool) -> None:
    """Before: no trigram index (SQLite: the FTS5 path off; PostgreSQL: the GIN indexes
    dropped). After: the indexes as the migration makes them."""
    from hangouts.library import search
    from hangouts.library.search_index import drop_search_indexes, ensure_search_indexes

    search.SQLITE_FTS = indexed
    if connection.vendor == "postgresql":
        if indexed:
            ensure_search_indexes(connection)
        else:
            drop_search_indexes(connection)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def found_counts(found: Any) -> str:
    """topics/hangouts/resources found ("30+": cut at 30, there were more)."""
    return "/".join(
        f"{len(rows)}{'+' if kind in found.more else ''}"
        for kind, rows in (
            ("topics", found.topics),
            ("hangouts", found.hangouts),
            ("resources", found.resources),
        )
    )


if __name__ == "__main__":
    main()
