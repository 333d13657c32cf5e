"""Trigram indexes under the search keys: FTS5 (SQLite) or pg_trgm GIN (PostgreSQL).

Vendor-aware and idempotent; see hangouts/library/search_index.py (also run after every
migrate, because SQLite table rebuilds drop triggers).
"""

from django.db import migrations

from hangouts.library.search_index import drop_search_indexes, ensure_search_indexes


def create(apps, schema_editor):
    ensure_search_indexes(schema_editor.connection)


def drop(apps, schema_editor):
    drop_search_indexes(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0001_library_resource"),
        ("programme", "0003_library_search_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
