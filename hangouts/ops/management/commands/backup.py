"""Back up the database (and uploaded files) into BACKUP_DIR, keeping the newest N."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangouts.ops.backups import BackupError, take_backup


def size(path: Path) -> str:
    return f"{path.stat().st_size / 1024 / 1024:.1f} MB"


class Command(BaseCommand):
    help = "Back up the database (SQLite: online copy, gzipped; PostgreSQL: pg_dump) and media."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="default: BACKUP_DIR")
        parser.add_argument(
            "--keep", type=int, default=None, help="backups to keep (default: BACKUP_KEEP)"
        )
        parser.add_argument("--no-gzip", action="store_true", help="SQLite: do not compress")
        parser.add_argument("--no-media", action="store_true", help="skip uploaded files")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or Path(settings.BACKUP_DIR)
        keep = settings.BACKUP_KEEP if options["keep"] is None else options["keep"]
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        started = time.monotonic()
        try:
            result = take_backup(
                directory=directory,
                keep=keep,
                compress=not options["no_gzip"],
                media=not options["no_media"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        database = result.database
        self.stdout.write(
            f"Backed up the database to {database} ({size(database)}, {seconds:.1f} s)."
        )
        if result.media:
            self.stdout.write(f"Uploaded files: {result.media} ({size(result.media)}).")
        for path in result.removed:
            self.stdout.write(f"Removed old backup {path.name}.")
