"""Trigram indexes under the search keys (lao.md §3.3, §3.4, §3.6), one per database.

The benchmark (bench/library_search.py, 100,000 resources) found plain substring scans over
200 ms on both databases, so:

- PostgreSQL: the pg_trgm extension and a GIN `gin_trgm_ops` index on each `search_text`
  column. The query does not change (`search_text LIKE '%term%'` uses the index).
- SQLite: an FTS5 table with the trigram tokenizer for each table (external content: it stores
  only the index, reading the text from the table), kept current by triggers. Terms of three
  code points or more go through `MATCH` (search.py); shorter ones through LIKE on the table,
  because a trigram index cannot serve them (and SQLite 3.40's LIKE on a trigram table misses
  2-character non-ASCII terms).

SQLite rebuilds a table for many ALTERs (new table, copy, drop, rename), which drops its
triggers. So `ensure_search_indexes` runs after every `migrate` (the app's post_migrate), and
rebuilds an index whose triggers were missing; it runs in the migration as well.
"""

# Table names in the SQL below come from TABLES (constants), never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# The tables with a search key.
TABLES = ("programme_topic", "programme_hangout", "library_resource")


def fts_table(table: str) -> str:
    return f"{table}_fts"


def sqlite_statements(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, "
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} "
        f"BEGIN INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def sqlite_complete(cursor: Any, table: str) -> bool:
    fts = fts_table(table)
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
        [fts, f"{fts}_insert", f"{fts}_delete", f"{fts}_update"],
    )
    return bool(cursor.fetchone()[0] == 4)


def ensure_search_indexes(connection: BaseDatabaseWrapper) -> list[str]:
    """Create what is missing (idempotent); returns the tables whose index was (re)built."""
    built: list[str] = []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for table in TABLES:
            if table not in existing:
                continue  # its app is not migrated yet
            if connection.vendor == "sqlite":
                if sqlite_complete(cursor, table):
                    continue
                for statement in sqlite_statements(table):
                    cursor.execute(statement)
                fts = fts_table(table)
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
                built.append(table)
            elif connection.vendor == "postgresql":
                # Deferred foreign-key checks of rows written earlier in the same transaction
                # would block CREATE INDEX ("pending trigger events"): run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                    f"ON {table} USING gin (search_text gin_trgm_ops)"
                )
    return built


def drop_search_indexes(connection: BaseDatabaseWrapper) -> None:
    """Remove them (the migration's reverse; the benchmark's "before")."""
    with connection.cursor() as cursor:
        for table in TABLES:
            fts = fts_table(table)
            if connection.vendor == "sqlite":
                for trigger in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
