"""Workflows that write several rows or send messages, for networks and their rosters."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.models import OrganiserInvitation, User
from hangouts.network.divisions import divisions_of
from hangouts.network.models import Network, Province, RosterImport, StaffLevel
from hangouts.network.roster import RosterPlan, apply_roster, plan_roster

# Seeded for every new network; organisers edit the list in the admin.
DEFAULT_STAFF_LEVELS = (
    ("ຜູ້ອຳນວຍການ ຫຼື ຜູ້ຈັດການ", "Director or manager", StaffLevel.Seniority.SENIOR),
    ("ພະນັກງານວິຊາການອາວຸໂສ", "Senior technical staff", StaffLevel.Seniority.SENIOR),
    ("ພະນັກງານ", "Officer", StaffLevel.Seniority.MIDDLE),
    ("ພະນັກງານໃໝ່ ຫຼື ອາສາສະໝັກ", "Junior staff or volunteer", StaffLevel.Seniority.JUNIOR),
)


def ensure_provinces(country: str, language: str) -> int:
    """Load the country's first-level divisions once; returns how many were added."""
    known = set(Province.objects.filter(country=country).values_list("code", flat=True))
    new = [
        Province(
            country=country, code=d.code, name=d.name, name_en=d.name_en, is_capital=d.is_capital
        )
        for d in divisions_of(country, language)
        if d.code not in known
    ]
    Province.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def create_network(
    *,
    slug: str,
    name: str,
    name_en: str = "",
    country: str,
    language: str = "lo",
    time_zone: str = "Asia/Vientiane",
    email: str = "",
) -> Network:
    """Create a network with its country's provinces and default staff levels.

    Side effects: Province rows for the country (once per country), four StaffLevel rows.
    """
    network = Network(
        slug=slug,
        name=name,
        name_en=name_en,
        country=country.upper(),
        language=language,
        time_zone=time_zone,
        email=email,
    )
    network.full_clean()
    network.save()
    prepare_network(network)
    return network


def prepare_network(network: Network) -> None:
    """Give a new network its country's provinces and, if it has none, default staff levels.

    Also called when a network is created in the admin.
    """
    ensure_provinces(network.country, network.language)
    if not StaffLevel.objects.filter(network=network).exists():
        StaffLevel.objects.bulk_create(
            StaffLevel(network=network, name=lo, name_en=en, seniority=seniority, position=i)
            for i, (lo, en, seniority) in enumerate(DEFAULT_STAFF_LEVELS)
        )


def password_setup_path(user: User) -> str:
    """The path where an invited organiser chooses a password (Django's reset token)."""
    return reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def invite_organiser(network: Network, *, email: str, name: str = "") -> tuple[User, str]:
    """Make the person an organiser of the network and email them a link to set a password.

    Returns the user and the password link's path (shown to whoever ran the command).
    Side effects: a User when the email is new; an OrganiserInvitation; its email after commit.
    """
    from hangouts.accounts.tasks import send_organiser_invitation

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, name=name, language=network.language)
    elif name and not user.name:
        user.name = name
        user.save(update_fields=["name"])
    network.organisers.add(user)
    invitation = OrganiserInvitation.objects.create(network=network, user=user)
    transaction.on_commit(lambda: send_organiser_invitation.enqueue(invitation_id=invitation.pk))
    return user, password_setup_path(user)


class RosterImportError(Exception):
    """The file cannot be imported; `plan` tells why, row by row."""

    def __init__(self, plan: RosterPlan) -> None:
        super().__init__(plan.file_error or _("Some rows are not valid."))
        self.plan = plan


@transaction.atomic
def import_roster(roster_import: RosterImport) -> RosterPlan:
    """Apply an uploaded roster file, all or nothing, exactly once.

    Side effects: Organisation and Member rows; the import is marked applied with its summary.
    """
    locked = RosterImport.objects.filter(pk=roster_import.pk, applied_at__isnull=True)
    # The conditional update makes a double click (or two organisers) import once only.
    if not locked.update(applied_at=timezone.now()):
        raise RosterImportError(RosterPlan(file_error=str(_("This file was already imported."))))
    plan = plan_roster(roster_import.network, bytes(roster_import.content), roster_import.file_name)
    if not plan.is_valid:
        raise RosterImportError(plan)
    summary = apply_roster(roster_import.network, plan)
    RosterImport.objects.filter(pk=roster_import.pk).update(result=summary)
    return plan
