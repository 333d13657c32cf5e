from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangouts.network.actions import create_network
from hangouts.network.models import Province


class Command(BaseCommand):
    help = "Create a network with its country's provinces and default staff levels."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="short name used in addresses, e.g. sun-csa-lao")
        parser.add_argument("--name", required=True, help="name in the national language")
        parser.add_argument("--name-en", default="", help="name in English")
        parser.add_argument("--country", default="LA", help="ISO 3166 country code (LA)")
        parser.add_argument("--language", default="lo", help="national language code (lo)")
        parser.add_argument("--time-zone", default="Asia/Vientiane")
        parser.add_argument("--email", default="", help="the network's address for invitations")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            network = create_network(
                slug=options["slug"],
                name=options["name"],
                name_en=options["name_en"],
                country=options["country"],
                language=options["language"],
                time_zone=options["time_zone"],
                email=options["email"],
            )
        except ValidationError as error:
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise CommandError(messages) from None
        provinces = Province.objects.filter(country=network.country).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created network {network.slug} with {provinces} provinces "
                f"at {network.get_absolute_url()}"
            )
        )
