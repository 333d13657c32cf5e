"""Send a test email now, through the configured relay, and say plainly what went wrong."""

from __future__ import annotations

import smtplib
import socket
import ssl
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from hangouts.lib.emails import send_templated_email


def uses_smtp() -> bool:
    return str(settings.MAILERS["default"]["BACKEND"]).endswith("smtp.EmailBackend")


def describe_mailer() -> str:
    mailer = settings.MAILERS["default"]
    if not uses_smtp():
        return f"the {mailer['BACKEND'].rsplit('.', 2)[-2]} mail backend"
    options = mailer.get("OPTIONS", {})
    security = (
        "TLS" if options.get("use_ssl") else "STARTTLS" if options.get("use_tls") else "plain"
    )
    user = f" as {options['username']}" if options.get("username") else ""
    return f"{options.get('host')}:{options.get('port')} ({security}){user}"


def explain(error: Exception) -> str:
    """What an SMTP failure means for the person configuring SMTP_URL."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the relay refused the user name or password ({error.smtp_code})."
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (
            f"the relay refused the sender {settings.DEFAULT_FROM_EMAIL!r} ({error.smtp_code}): "
            "DEFAULT_FROM_EMAIL must be an address the relay lets you send from."
        )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"the relay refused the recipient: {error.recipients}."
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"the relay does not support that: {error}. Try smtps:// with port 465."
    if isinstance(error, ssl.SSLError):
        return (
            f"TLS failed ({error}): use smtps:// for port 465 and smtp:// (STARTTLS) for port 587."
        )
    if isinstance(error, socket.gaierror):
        return "the relay's host name was not found (check SMTP_URL and DNS)."
    if isinstance(error, ConnectionRefusedError):
        return "connection refused: check the host and port in SMTP_URL."
    if isinstance(error, TimeoutError | socket.timeout):
        return (
            "no answer: check the host and port, and that this server may connect out to it "
            "(many hosting providers block port 25; use 587 or 465)."
        )
    return f"{type(error).__name__}: {error}"


class Command(BaseCommand):
    help = "Send a test email to ADDRESS through the configured mail relay (SMTP_URL), now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="lo or en")

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"]
        try:
            validate_email(address)
        except ValidationError:
            raise CommandError(f"Not an email address: {address!r}.") from None
        mailer = describe_mailer()
        self.stdout.write(f"Sending from {settings.DEFAULT_FROM_EMAIL} to {address} via {mailer}…")
        try:
            send_templated_email(
                "test_email", to=[address], language=options["language"], context={}
            )
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(f"Not sent: {explain(error)}") from None
        if not uses_smtp():
            self.stdout.write(self.style.WARNING(f"SMTP_URL is not set: {mailer} kept it."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent: the relay accepted it. Look for it in {address}'s inbox (and spam folder)."
            )
        )
