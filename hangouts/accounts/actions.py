"""Sign-in links, personal links and phone identification: the building blocks of access."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from hangouts.accounts.models import SIGN_IN_LINK_LIFETIME, PersonalLink, SignInLink, User
from hangouts.lib.phones import PhoneError, normalize_phone
from hangouts.network.models import Member, Network


@transaction.atomic
def ensure_member_user(member: Member) -> User:
    """The member's login account, made on first need; it has no email or password."""
    if member.user_id:
        assert member.user is not None
        return member.user
    user = User.objects.create_user(None, name=member.name, language=member.language)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    return user


def issue_sign_in_link(user: User, *, next_path: str = "/") -> SignInLink:
    """A one-time, 15-minute link; the caller sends it by email or the organiser by WhatsApp."""
    now = timezone.now()
    return SignInLink.objects.create(
        user=user, next_path=next_path, created_at=now, expires_at=now + SIGN_IN_LINK_LIFETIME
    )


@transaction.atomic
def request_member_sign_in(network: Network, *, email: str) -> int:
    """Email a sign-in link to each active member of the network with this address.

    Several members may share an office address: each gets a link in their own name.
    Returns how many links were sent (never shown: the page must not reveal who is on the roster).
    Side effects: Users for members who had none; SignInLinks; emails after commit.
    """
    from hangouts.accounts.tasks import send_sign_in_link_email

    members = Member.objects.filter(network=network, email=email.strip().lower(), is_active=True)
    for member in members.select_related("user"):
        link = issue_sign_in_link(ensure_member_user(member), next_path=network.get_absolute_url())
        transaction.on_commit(partial(send_sign_in_link_email.enqueue, link_id=link.pk))
    return len(members)


def signs_in_by_link(user: User) -> bool:
    """Sign-in links are for members' accounts. An account with organiser or staff rights signs
    in with its password: an organiser controls the roster's emails and sign-in links, and must
    not be able to take over another organiser's account through a roster entry linked to it."""
    return not (user.is_staff or user.is_superuser or user.organised_networks.exists())


def use_sign_in_link(token: str) -> User | None:
    """Spend the link once: the user to sign in, or None when it is unknown, used or expired
    (or, see `signs_in_by_link`, for an account with organiser or staff rights)."""
    pk = SignInLink.pk_from_token(token)
    if pk is None:
        return None
    now = timezone.now()
    # A conditional update, so two clicks at once cannot both sign in.
    spent = SignInLink.objects.filter(
        pk=pk,
        used_at__isnull=True,
        expires_at__gt=now,
        user__is_active=True,
        user__is_staff=False,
        user__is_superuser=False,
        user__organised_networks=None,
    ).update(used_at=now)
    if not spent:
        return None
    return User.objects.get(sign_in_links__pk=pk)


def find_sign_in_link(token: str) -> SignInLink | None:
    pk = SignInLink.pk_from_token(token)
    if pk is None:
        return None
    return SignInLink.objects.select_related("user").filter(pk=pk).first()


@transaction.atomic
def issue_personal_link(
    member: Member,
    *,
    purpose: PersonalLink.Purpose,
    subject_id: int = 0,
    expires_at: datetime | None = None,
) -> PersonalLink:
    """The member's link for one purpose and subject, reused while it is valid.

    A revoked link is replaced by a new one with a new token; the old token stays dead.
    """
    link = PersonalLink.objects.filter(
        member=member, purpose=purpose, subject_id=subject_id
    ).first()
    if link is not None and link.revoked_at is not None:
        link.delete()
        link = None
    if link is None:
        return PersonalLink.objects.create(
            member=member, purpose=purpose, subject_id=subject_id, expires_at=expires_at
        )
    if link.expires_at != expires_at:
        link.expires_at = expires_at  # e.g. the hangout moved
        link.save(update_fields=["expires_at"])
    return link


def issue_personal_links(
    members: Iterable[Member],
    *,
    purpose: PersonalLink.Purpose,
    subject_id: int = 0,
    expires_at: datetime | None = None,
) -> dict[int, PersonalLink]:
    """`issue_personal_link` for many members at once, in five queries whatever their number.

    Returns {member id: link}. As with one link: a valid link is reused (its expiry set to
    `expires_at`), a revoked one is replaced by a new row with a new token.
    Side effects: PersonalLink rows created, updated or (revoked ones) deleted.
    """
    ids = sorted({member.pk for member in members})
    if not ids:
        return {}
    same = PersonalLink.objects.filter(member_id__in=ids, purpose=purpose, subject_id=subject_id)
    with transaction.atomic():
        same.filter(revoked_at__isnull=False).delete()
        # exclude() on a nullable field keeps the NULLs too: every link with another expiry.
        other_expiry = (
            same.exclude(expires_at=expires_at)
            if expires_at
            else same.filter(expires_at__isnull=False)
        )
        other_expiry.update(expires_at=expires_at)
        have = set(same.values_list("member_id", flat=True))
        PersonalLink.objects.bulk_create(
            (
                PersonalLink(
                    member_id=pk, purpose=purpose, subject_id=subject_id, expires_at=expires_at
                )
                for pk in ids
                if pk not in have
            ),
            batch_size=1000,
            # A concurrent call made some of them: keep theirs (read back below).
            ignore_conflicts=True,
        )
    return {link.member_id: link for link in same}


def resolve_personal_link(token: str, *, purpose: PersonalLink.Purpose) -> PersonalLink | None:
    """The valid link for this token and purpose, with its member and network; else None."""
    pk = PersonalLink.pk_from_token(token)
    if pk is None:
        return None
    link = (
        PersonalLink.objects.select_related("member__network")
        .filter(pk=pk, purpose=purpose, member__is_active=True)
        .first()
    )
    return link if link is not None and link.is_usable else None


def same_name(given: str, member: Member) -> bool:
    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).replace("\u0eab\u0ea5", "\u0eab\u0ebc")
        return " ".join(text.casefold().split())

    wanted = fold(given)
    if not wanted:
        return False
    names = [fold(member.name), fold(member.name_latin)]
    # People type their first name, or their full name; either identifies them.
    return any(
        n and (n == wanted or n.startswith(wanted + " ") or wanted in n.split()) for n in names
    )


def identify_member_by_phone(network: Network, *, name: str, phone: str) -> Member | None:
    """The active member with this phone (and, where an office phone is shared, this name).

    None means "record it for a guest that organisers review". Callers must answer the person
    the same way in both cases, so that nobody learns whether a number is on the roster.
    """
    try:
        e164 = normalize_phone(phone, network.phone_region)
    except PhoneError:
        return None
    members = list(Member.objects.filter(network=network, phone=e164, is_active=True))
    if len(members) == 1:
        return members[0]
    matching = [m for m in members if same_name(name, m)]
    return matching[0] if len(matching) == 1 else None
