"""Demo awards: a Volunteer of the Month for each past month of the demo's last year.

Called by `hangouts.network.demo.seed_demo` inside its transaction, after the programme exists.
No random numbers: the volunteer of a month is its presenter from the smallest, farthest
organisation (small before large, provinces before the capital; the earliest row breaks ties),
so every run chooses the same people. The most recent month with a held hangout is left open
for an organiser to choose (the issue's "done when").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from hangouts.accounts.models import User
from hangouts.awards.models import Award, Nomination
from hangouts.awards.queries import next_month
from hangouts.network.models import Network, Organisation
from hangouts.programme.demo import REFERENCE
from hangouts.programme.models import Hangout, Presenter

LAO_CITATION = (
    "ຂໍຂອບໃຈທີ່ໄດ້ນຳສະເໜີຫົວຂໍ້ «{title}» ແລະ ແບ່ງປັນປະສົບການຂອງອົງການທ່ານ"
    "ໃຫ້ແກ່ສະມາຊິກເຄືອຂ່າຍ. ການນຳສະເໜີຂອງທ່ານເປັນປະໂຫຍດຫຼາຍ."
)
ENGLISH_CITATION = (
    "For presenting “{title}” and sharing their organisation's experience with the network."
)


def last_year() -> int:
    """The demo history's last full year of months: the year of its reference date."""
    return (REFERENCE - timedelta(days=1)).year


def _rank(presenter: Presenter) -> tuple[int, int, int]:
    organisation = presenter.member.organisation
    small = organisation is not None and organisation.size == Organisation.Size.SMALL
    provincial = (
        organisation is not None
        and organisation.province is not None
        and not organisation.province.is_capital
    )
    return (0 if small else 1, 0 if provincial else 1, presenter.pk)


def _month_of(hangout: Hangout, zone: ZoneInfo) -> date:
    return timezone.localtime(hangout.starts_at, zone).date().replace(day=1)


def _chosen_at(month: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(next_month(month) + timedelta(days=2), time(10), tzinfo=zone)


def seed_demo_awards(networks: Sequence[Network], choosers: dict[int, User]) -> dict[str, int]:
    """Awards for the demo networks (`choosers`: the organiser who chose, by network id).

    Two queries for any number of networks (seed_demo's query bound is tight): the year's
    presenters, then the awards.
    """
    start = datetime(last_year(), 1, 1, tzinfo=UTC) - timedelta(days=1)  # before any zone's 1 Jan
    presenters = (
        Presenter.objects.filter(
            hangout__network__in=networks,
            hangout__status=Hangout.Status.HELD,
            hangout__starts_at__gte=start,
            hangout__starts_at__lt=REFERENCE,
            role=Presenter.Role.PRESENTER,
        )
        .select_related("hangout", "member__organisation__province")
        .order_by("hangout__starts_at", "pk")
    )
    teams: dict[int, dict[date, list[Presenter]]] = {network.pk: {} for network in networks}
    zones = {network.pk: ZoneInfo(network.time_zone) for network in networks}
    for presenter in presenters:
        month = _month_of(presenter.hangout, zones[presenter.hangout.network_id])
        if month.year == last_year():
            teams[presenter.hangout.network_id].setdefault(month, []).append(presenter)
    awards: list[Award] = []
    for network in networks:
        awards.extend(_awards(network, teams[network.pk], choosers.get(network.pk)))
    Award.objects.bulk_create(awards)
    return {"awards": len(awards)}


def _awards(
    network: Network, by_month: dict[date, list[Presenter]], by: User | None
) -> list[Award]:
    """One award per month but the last (left for an organiser to choose)."""
    zone = ZoneInfo(network.time_zone)
    english = not network.language.startswith("lo")
    awards = []
    for month, team in sorted(by_month.items())[:-1]:
        chosen = min(team, key=_rank)
        title = chosen.hangout.title
        awards.append(
            Award(
                network=network,
                month=month,
                member=chosen.member,
                citation=(ENGLISH_CITATION if english else LAO_CITATION).format(title=title),
                citation_en="" if english else ENGLISH_CITATION.format(title=title),
                chosen_by=by,
                chosen_at=_chosen_at(month, zone),
            )
        )
    return awards


def reset_awards(networks: QuerySet[Network]) -> None:
    """Before the members go: awards, corrections and nominations PROTECT their member."""
    Award.objects.filter(network__in=networks).delete()
    Nomination.objects.filter(network__in=networks).delete()
