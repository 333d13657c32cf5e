"""The shared check-in link of a hangout.

It carries an HMAC of the hangout's id (architecture.md §9: tokens are HMACs of row ids, one
salt per kind), so it cannot be guessed from the hangout's address, and needs no stored secret.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

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
