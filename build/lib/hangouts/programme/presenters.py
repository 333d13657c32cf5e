"""Presenters: offers and invitations to present, profiles, and the presenter mix.

The mix compares who presented (presenter role, held hangouts) with the roster's active members
on four dimensions, and suggests members of under-represented groups who offered or voted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network, Organisation, StaffLevel
from hangouts.programme.models import Hangout, PresentationOffer, Presenter, Topic

UNKNOWN = "unknown"

# (dimension, label, {group: label}, the group the programme wants to hear more from)
DIMENSIONS: list[tuple[str, Promise, dict[str, Promise], str]] = [
    (
        "size",
        _("Organisation size"),
        {
            Organisation.Size.SMALL: _("Small organisations"),
            Organisation.Size.LARGE: _("Large organisations"),
        },
        Organisation.Size.SMALL,
    ),
    (
        "place",
        _("Where they work"),
        {"capital": _("Vientiane Capital"), "province": _("Provinces")},
        "province",
    ),
    (
        "seniority",
        _("Staff level"),
        {
            StaffLevel.Seniority.SENIOR: _("Senior"),
            StaffLevel.Seniority.MIDDLE: _("Middle"),
            StaffLevel.Seniority.JUNIOR: _("Junior"),
        },
        StaffLevel.Seniority.JUNIOR,
    ),
    (
        "gender",
        _("Gender"),
        {
            Member.Gender.FEMALE: _("Women"),
            Member.Gender.MALE: _("Men"),
            Member.Gender.OTHER: _("Other"),
        },
        Member.Gender.FEMALE,
    ),
]
FAVOURED_REASONS = {
    "size": _("small organisation"),
    "place": _("works in a province"),
    "seniority": _("junior staff"),
    "gender": _("woman"),
}
SUGGESTION_COUNT = 10


def offer_to_present(
    member: Member, *, subject: str, topic: Topic | None = None
) -> PresentationOffer:
    """ "I can present on…": an open offer from the member. Side effects: one row."""
    return PresentationOffer.objects.create(
        network_id=member.network_id, member=member, subject=subject, topic=topic
    )


def invite_to_present(
    member: Member, *, by: User, subject: str, topic: Topic | None = None
) -> PresentationOffer:
    """An organiser asks a member to present; kept as an open offer with `invited_by`.

    Side effects: one row (telling the member arrives with the outreach issue).
    """
    return PresentationOffer.objects.create(
        network_id=member.network_id, member=member, subject=subject, topic=topic, invited_by=by
    )


def open_offers(network: Network) -> QuerySet[PresentationOffer]:
    return (
        PresentationOffer.objects.filter(network=network, status=PresentationOffer.Status.OPEN)
        .select_related("member__organisation", "topic", "invited_by")
        .order_by("-created_at")
    )


def presentations_of(member: Member) -> QuerySet[Presenter]:
    """The member's public record: roles at scheduled and held hangouts, newest first."""
    return (
        Presenter.objects.filter(
            member=member,
            hangout__network_id=member.network_id,
            hangout__status__in=[Hangout.Status.SCHEDULED, Hangout.Status.HELD],
        )
        .select_related("hangout")
        .order_by("-hangout__starts_at")
    )


def past_presentations(network: Network) -> QuerySet[Presenter]:
    return Presenter.objects.filter(
        hangout__network=network,
        hangout__status=Hangout.Status.HELD,
        role=Presenter.Role.PRESENTER,
    )


@dataclass
class Share:
    group: str
    label: Any
    presented: int
    roster: int
    presented_percent: int
    roster_percent: int
    favoured: bool
    # Presented less often than its share of the roster: organisers should look here first.
    under: bool


@dataclass
class Dimension:
    key: str
    label: Any
    shares: list[Share]


@dataclass
class Suggestion:
    member: Member
    reasons: list[str]
    under: int
    votes: int
    offers: list[PresentationOffer] = field(default_factory=list)


@dataclass
class PresenterMix:
    presentations: int
    roster: int
    dimensions: list[Dimension]
    never_presented: list[Member]
    suggestions: list[Suggestion]


def groups_of(
    size: str | None, capital: bool | None, seniority: str | None, gender: str | None
) -> dict[str, str]:
    return {
        "size": size or UNKNOWN,
        "place": UNKNOWN if capital is None else ("capital" if capital else "province"),
        "seniority": seniority or UNKNOWN,
        "gender": gender or UNKNOWN,
    }


def count_groups(rows: Iterable[dict[str, Any]], prefix: str = "") -> dict[str, Counter[str]]:
    """Counts per dimension and group from values(...).annotate(n=Count(...)) rows."""
    counts: dict[str, Counter[str]] = {key: Counter() for key, *_rest in DIMENSIONS}
    for row in rows:
        groups = groups_of(
            row[f"{prefix}organisation__size"],
            row[f"{prefix}province__is_capital"],
            row[f"{prefix}staff_level__seniority"],
            row[f"{prefix}gender"],
        )
        for key, group in groups.items():
            counts[key][group] += row["n"]
    return counts


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def build_dimensions(
    presented: dict[str, Counter[str]], roster: dict[str, Counter[str]], totals: tuple[int, int]
) -> list[Dimension]:
    total_presented, total_roster = totals
    dimensions = []
    for key, label, groups, favoured in DIMENSIONS:
        shares = []
        for group, group_label in [*groups.items(), (UNKNOWN, _("Not recorded"))]:
            p, r = presented[key][group], roster[key][group]
            if group == UNKNOWN and not p and not r:
                continue
            p_share = p / total_presented if total_presented else 0.0
            r_share = r / total_roster if total_roster else 0.0
            shares.append(
                Share(
                    group=group,
                    label=group_label,
                    presented=p,
                    roster=r,
                    presented_percent=percent(p, total_presented),
                    roster_percent=percent(r, total_roster),
                    favoured=group == favoured,
                    under=group != UNKNOWN and p_share < r_share,
                )
            )
        dimensions.append(Dimension(key=key, label=label, shares=shares))
    return dimensions


def roster_with_history(network: Network) -> QuerySet[Member]:
    """Active members with their past presentations, open offers and votes counted (one query)."""
    held = Q(
        presentations__hangout__status=Hangout.Status.HELD,
        presentations__role=Presenter.Role.PRESENTER,
    )
    return (
        Member.objects.for_network(network)
        .active()
        .select_related("organisation", "province", "staff_level")
        .annotate(
            presented=Count("presentations", filter=held, distinct=True),
            open_offers=Count(
                "offers", filter=Q(offers__status=PresentationOffer.Status.OPEN), distinct=True
            ),
            vote_count=Count("votes", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=PresentationOffer.objects.filter(status=PresentationOffer.Status.OPEN),
                to_attr="open_offer_list",
            )
        )
        .order_by("name")
    )


def suggest(members: list[Member], under_groups: dict[str, str]) -> list[Suggestion]:
    """Members who offered or voted, from the favoured groups that presented least, ranked by
    how many under-represented groups they belong to, then never presented, offered, votes."""
    suggestions = []
    for member in members:
        if not (member.open_offers or member.vote_count):  # type: ignore[attr-defined]
            continue
        groups = groups_of(
            member.organisation.size if member.organisation else None,
            member.province.is_capital if member.province else None,
            member.staff_level.seniority if member.staff_level else None,
            member.gender,
        )
        matched = [key for key, group in under_groups.items() if groups[key] == group]
        if not matched:
            continue
        reasons = [str(FAVOURED_REASONS[key]) for key in matched]
        if not member.presented:  # type: ignore[attr-defined]
            reasons.append(str(_("has never presented")))
        suggestions.append(
            Suggestion(
                member=member,
                reasons=reasons,
                under=len(matched),
                votes=member.vote_count,  # type: ignore[attr-defined]
                offers=member.open_offer_list,  # type: ignore[attr-defined]
            )
        )
    suggestions.sort(
        key=lambda s: (
            -s.under,
            s.member.presented > 0,  # type: ignore[attr-defined]
            not s.offers,
            -s.votes,
            s.member.name,
        )
    )
    return suggestions[:SUGGESTION_COUNT]


def presenter_mix(network: Network) -> PresenterMix:
    """The mix of past presenters against the roster, who never presented, and suggestions.

    Three queries whatever the size: presentations grouped, the roster annotated, open offers.
    """
    fields = ["organisation__size", "province__is_capital", "staff_level__seniority", "gender"]
    rows = (
        past_presentations(network)
        .values(*(f"member__{name}" for name in fields))
        .annotate(n=Count("pk"))
        .order_by()
    )
    presented = count_groups(rows, prefix="member__")
    members = list(roster_with_history(network))
    roster = count_groups(
        {
            "organisation__size": m.organisation.size if m.organisation else None,
            "province__is_capital": m.province.is_capital if m.province else None,
            "staff_level__seniority": m.staff_level.seniority if m.staff_level else None,
            "gender": m.gender,
            "n": 1,
        }
        for m in members
    )
    total_presented = sum(presented["size"].values())
    dimensions = build_dimensions(presented, roster, (total_presented, len(members)))
    under_groups = {
        d.key: share.group
        for d in dimensions
        for share in d.shares
        if share.favoured and share.under
    }
    return PresenterMix(
        presentations=total_presented,
        roster=len(members),
        dimensions=dimensions,
        never_presented=[m for m in members if not m.presented],  # type: ignore[attr-defined]
        suggestions=suggest(members, under_groups),
    )
