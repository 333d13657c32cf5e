"""Workflows of the Volunteer of the Month: nominate, choose, correct (keeping the history)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangouts.accounts.models import User
from hangouts.awards.models import Award, AwardRevision, Kind, Nomination
from hangouts.network.models import Member, Network


def _check_member(network: Network, member: Member) -> None:
    if member.network_id != network.pk:
        raise ValidationError(_("This person is not a member of the network."), code="network")


@transaction.atomic
def nominate(
    network: Network,
    *,
    month: date,
    member: Member,
    reason: str,
    by: User,
    kind: str = Kind.VOLUNTEER_OF_THE_MONTH,
) -> Nomination:
    """Propose a member for a month besides its presenters.

    Side effects: creates a Nomination, or updates the reason (and nominator) of the member's
    existing nomination for that month.
    """
    _check_member(network, member)
    nomination, _created = Nomination.objects.update_or_create(
        network=network,
        kind=kind,
        month=month.replace(day=1),
        member=member,
        defaults={"reason": reason.strip(), "nominated_by": by, "nominated_at": timezone.now()},
    )
    return nomination


@transaction.atomic
def choose_volunteer(
    network: Network,
    *,
    month: date,
    member: Member,
    citation: str,
    citation_en: str = "",
    by: User,
    kind: str = Kind.VOLUNTEER_OF_THE_MONTH,
) -> Award:
    """Give the month's award to a member.

    Side effects: creates the Award. Raises ValidationError when the month already has its
    award (correct it instead): the unique constraint decides, so two organisers choosing at
    the same moment cannot both win.
    """
    _check_member(network, member)
    try:
        with transaction.atomic():
            return Award.objects.create(
                network=network,
                kind=kind,
                month=month.replace(day=1),
                member=member,
                citation=citation.strip(),
                citation_en=citation_en.strip(),
                chosen_by=by,
                chosen_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(
            _("This month's volunteer has already been chosen: correct the award instead."),
            code="exists",
        ) from None


@transaction.atomic
def correct_award(
    award: Award, *, member: Member, citation: str, citation_en: str = "", by: User
) -> Award:
    """Change an award's member or citation, keeping what it was.

    Side effects: an AwardRevision with the previous member and citations, who corrected it and
    when; then the award is updated. Nothing is written when nothing changed.
    """
    _check_member(award.network, member)
    locked = Award.objects.select_for_update().get(pk=award.pk)
    citation, citation_en = citation.strip(), citation_en.strip()
    if (locked.member_id, locked.citation, locked.citation_en) == (
        member.pk,
        citation,
        citation_en,
    ):
        return locked
    AwardRevision.objects.create(
        award=locked,
        member_id=locked.member_id,
        citation=locked.citation,
        citation_en=locked.citation_en,
        changed_by=by,
        changed_at=timezone.now(),
    )
    locked.member = member
    locked.citation = citation
    locked.citation_en = citation_en
    locked.save(update_fields=["member", "citation", "citation_en"])
    return locked
