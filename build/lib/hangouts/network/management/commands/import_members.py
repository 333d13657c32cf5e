from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from hangouts.network.models import Network
from hangouts.network.roster import RosterPlan, apply_roster, plan_roster


class Command(BaseCommand):
    help = "Import members from a CSV or XLSX roster file; nothing is imported if a row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", help="the network's slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show what would change")

    def handle(self, *args: Any, **options: Any) -> None:
        network = Network.objects.filter(slug=options["network"]).first()
        if network is None:
            raise CommandError(f"No network {options['network']!r}.")
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        # Messages in the network's language, as organisers see them on the web.
        language = network.language if network.language in ("lo", "en") else "en"
        with translation.override(language), transaction.atomic():
            plan = plan_roster(network, content, path.name)
            self.report(plan)
            if not plan.is_valid:
                raise CommandError("Nothing was imported.")
            if options["dry_run"]:
                self.stdout.write("Dry run: nothing was saved.")
                return
            apply_roster(network, plan)
        self.stdout.write(self.style.SUCCESS("Imported."))

    def report(self, plan: RosterPlan) -> None:
        if plan.file_error:
            self.stderr.write(plan.file_error)
            return
        for row in plan.errors:
            self.stderr.write(f"row {row.number}: {' '.join(row.problems)}")
        for row in plan.conflicts:
            self.stdout.write(f"conflict, row {row.number} ({row.label}): {' '.join(row.problems)}")
        summary = plan.summary()
        self.stdout.write(", ".join(f"{key} {value}" for key, value in summary.items()))
