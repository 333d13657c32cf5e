"""Restore a backup taken by `manage.py backup` over the live database."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangouts.ops.backups import BackupError, resolve, restore_backup


class Command(BaseCommand):
    help = "Replace the database's contents with a backup (a path, a file name, or 'latest')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup file, its name in BACKUP_DIR, or 'latest'")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = resolve(options["file"], Path(settings.BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not options["yes"]:
            self.confirm(path)
        started = time.monotonic()
        try:
            restore_backup(path)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from None
        self.stdout.write(f"Restored {path.name} in {time.monotonic() - started:.1f} s.")

    def confirm(self, path: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError("Not restoring without confirmation: add --yes.")
        self.stdout.write(
            f"This replaces everything in the database with the backup {path.name}.\n"
            "Whatever changed since that backup is lost (take a backup first if unsure)."
        )
        if input("Type yes to restore: ").strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
