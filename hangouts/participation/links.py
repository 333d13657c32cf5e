"""A hangout's links: the shared check-in link, and the hangout a personal link is for.

It carries an HMAC of the hangout's id (architecture.md §9: tokens are HMACs of row ids, one
salt per kind), so it cannot be guessed from the hangout's address, and needs no stored secret.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from hangouts.accounts.actions import resolve_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.network.models import Member
from hangouts.programme.models import Hangout

CHECK_IN_SALT = "hangouts.participation.check_in"


def check_in_token(hangout_pk: int) -> str:
    return signing.Signer(salt=CHECK_IN_SALT).signature(str(hangout_pk))


def is_check_in_token(hangout_pk: int, token: str) -> bool:
    return constant_time_compare(token, check_in_token(hangout_pk))


def check_in_path(hangout: Hangout) -> str:
    kwargs = {
        "network": hangout.network.slug,
        "pk": hangout.pk,
        "token": check_in_token(hangout.pk),
    }
    return reverse("participation:check_in", kwargs=kwargs)


def personal_link_hangout(
    network: str, token: str, *, purpose: PersonalLink.Purpose
) -> tuple[Member, Hangout] | None:
    """The member and hangout of a valid personal link of this purpose (RSVP, feedback) for
    this network, else None; drafts are never found."""
    link = resolve_personal_link(token, purpose=purpose)
    if link is None or link.member.network.slug != network:
        return None
    hangouts = Hangout.objects.for_network(link.member.network)
    hangout = hangouts.exclude(status=Hangout.Status.DRAFT).filter(pk=link.subject_id).first()
    if hangout is None:
        return None
    hangout.network = link.member.network
    return link.member, hangout
