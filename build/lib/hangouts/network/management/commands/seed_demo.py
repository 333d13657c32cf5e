from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hangouts.network.demo import (
    CAMBODIA_ORGANISERS,
    DEMO_PASSWORD,
    LAO_ORGANISERS,
    LAO_SLUG,
    demo_counts,
    seed_demo,
)

LABELS = {
    "networks": "networks",
    "organisations": "organisations",
    "members": "members",
    "members_without_email": "members without email",
    "organisers": "organisers",
}


class Command(BaseCommand):
    help = "Load the demo networks, rosters and accounts (demo password); runs once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo networks and accounts first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = seed_demo(reset=options["reset"])
        if counts:
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        else:
            # `make run` calls this every time: a second run is normal, not an error.
            self.stdout.write(f"The demo ({LAO_SLUG}) is already there; --reset recreates it.")
            counts = demo_counts()
        for key, value in counts.items():
            self.stdout.write(f"  {LABELS.get(key, key.replace('_', ' '))}: {value}")
        self.stdout.write("Sign in as an organiser (demo password, for demo data only):")
        for email, _, _ in LAO_ORGANISERS + CAMBODIA_ORGANISERS:
            self.stdout.write(f"  {email}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
