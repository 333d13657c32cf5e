"""Search in Lao (and any language) across a network's topics, hangouts and resources.

Each row keeps `search_text`, the normalised key of what the public pages show
(lib/search.py `normalize_for_search`). A query is normalised the same way and split into
terms; a row matches when its key contains every term (`search_text__contains`, SQL LIKE
'%term%'): a word inside unspaced Lao text is found, ຫຼ/ຫລ and ໜ/ຫນ spellings are alike, Latin
case is ignored, and SQLite and PostgreSQL give the same results (both compare the same
case-folded keys). Three queries, each cut at LIMIT rows, whatever the size of the network.
Trigram indexes serve the terms of three code points or more (search_index.py); on SQLite a
query costs up to three more (quick) queries, one per kind, to choose between index and scan.

Visibility: topics not merged into another (their pages are public); hangouts except drafts
(drafts never, even for organisers: search lists what the public pages list); resources of
those hangouts, members-only ones only for the network's signed-in members and organisers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from hangouts.lib.search import search_terms
from hangouts.library.models import Resource
from hangouts.library.search_index import fts_table
from hangouts.network.models import Network
from hangouts.programme.models import Hangout, Topic

LIMIT = 30  # rows shown per kind; the page says when there are more
TRIGRAM = 3  # code points: shorter terms cannot use a trigram index
PROBE = 1000  # SQLite: terms held by this many rows or more are scanned, not looked up
# The benchmark turns this off to time the plain substring scan on SQLite.
SQLITE_FTS = True


@dataclass
class SearchResults:
    terms: list[str]
    topics: list[Topic] = field(default_factory=list)
    hangouts: list[Hangout] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    more: set[str] = field(default_factory=set)  # kinds cut at LIMIT

    @property
    def count(self) -> int:
        return len(self.topics) + len(self.hangouts) + len(self.resources)


def fts_phrase(terms: list[str]) -> str:
    """An FTS5 query that needs every term as a substring: '"t1" "t2"' (quotes doubled)."""
    return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)


def selective(db: str, fts: str, phrase: str) -> bool:
    """Whether fewer than PROBE rows of all networks hold the terms (one quick query)."""
    with connections[db].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH %s LIMIT %s)",  # noqa: S608
            [phrase, PROBE],
        )
        return bool(cursor.fetchone()[0] < PROBE)


def matching(rows: QuerySet[Any], terms: list[str]) -> QuerySet[Any]:
    """Rows whose key contains every term (AND).

    PostgreSQL: every term is a LIKE, served by the pg_trgm GIN index when the planner finds it
    selective. SQLite: terms of TRIGRAM code points or more go through the table's FTS5 trigram
    index when they are selective (fewer than PROBE rows in all networks hold them: a quick
    probe); common terms go through LIKE, where the newest-first index scan stops at the first
    LIMIT matches (an `IN` list of 100,000 row ids would cost more). Terms shorter than TRIGRAM
    are always a LIKE. Whatever the path, the rows are those a substring test gives.
    """
    long = [term for term in terms if len(term) >= TRIGRAM]
    if long and SQLITE_FTS and connections[rows.db].vendor == "sqlite":
        fts, phrase = fts_table(rows.model._meta.db_table), fts_phrase(long)
        if selective(rows.db, fts, phrase):
            # The table name is the model's own; the terms go as a parameter.
            index = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
            rows = rows.filter(pk__in=RawSQL(index, [phrase]))  # noqa: S611
            terms = [term for term in terms if len(term) < TRIGRAM]
    for term in terms:
        rows = rows.filter(search_text__contains=term)
    return rows


def first_rows(rows: QuerySet[Any]) -> tuple[list[Any], bool]:
    """The first LIMIT rows, and whether there were more (one query: LIMIT + 1)."""
    found = list(rows[: LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


def search(network: Network, query: str, *, members_only: bool) -> SearchResults:
    """What the visitor may see in the network that matches every term of the query.

    `members_only`: the visitor is a signed-in member or an organiser of the network.
    """
    results = SearchResults(terms=search_terms(query))
    if not results.terms:
        return results
    terms = results.terms
    topics = Topic.objects.for_network(network).filter(merged_into__isnull=True)
    hangouts = Hangout.objects.for_network(network).exclude(status=Hangout.Status.DRAFT)
    resources = (
        Resource.objects.for_network(network)
        .visible(members_only=members_only)
        .select_related("hangout")
    )
    results.topics, more_topics = first_rows(matching(topics.order_by("-created_at", "-pk"), terms))
    results.hangouts, more_hangouts = first_rows(
        matching(hangouts.order_by("-starts_at", "-pk"), terms)
    )
    results.resources, more_resources = first_rows(
        matching(resources.order_by("-created_at", "-pk"), terms)
    )
    results.more = {
        kind
        for kind, more in (
            ("topics", more_topics),
            ("hangouts", more_hangouts),
            ("resources", more_resources),
        )
        if more
    }
    return results
