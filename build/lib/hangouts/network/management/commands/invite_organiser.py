from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from hangouts.network.actions import invite_organiser
from hangouts.network.models import Network


class Command(BaseCommand):
    help = "Make a person an organiser of a network and email them a link to choose a password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", help="the network's slug")
        parser.add_argument("email")
        parser.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        network = Network.objects.filter(slug=options["network"]).first()
        if network is None:
            raise CommandError(f"No network {options['network']!r}.")
        try:
            validate_email(options["email"])
        except ValidationError:
            raise CommandError(f"Not an email address: {options['email']!r}.") from None
        user, path = invite_organiser(network, email=options["email"], name=options["name"])
        self.stdout.write(self.style.SUCCESS(f"{user.email} organises {network.slug}."))
        self.stdout.write(
            "An invitation email is queued (the task worker sends it). "
            f"The password link, if you need to pass it on yourself:\n{settings.SITE_URL}{path}"
        )
