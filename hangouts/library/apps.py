from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_indexes_after_migrate(*, using: str = "default", **kwargs: Any) -> None:
    """SQLite rebuilds a table for many ALTERs, dropping its triggers: put them back."""
    from hangouts.library.search_index import ensure_search_indexes

    ensure_search_indexes(connections[using])


class LibraryConfig(AppConfig):
    name = "hangouts.library"
    verbose_name = _("Library")

    def ready(self) -> None:
        post_migrate.connect(ensure_indexes_after_migrate, sender=self)
