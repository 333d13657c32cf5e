"""Reads for the public hangout pages: each a fixed number of queries, scoped to one network."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from hangouts.network.models import Member, Network
from hangouts.participation.models import RSVP
from hangouts.programme.models import Hangout, Presenter

# Presenters first, then who runs the discussion, then who takes notes.
ROLE_ORDER = Case(
    When(role=Presenter.Role.PRESENTER, then=Value(0)),
    When(role=Presenter.Role.FACILITATOR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def presenters_prefetch() -> Prefetch:
    presenters = Presenter.objects.select_related("member__organisation").order_by(ROLE_ORDER, "pk")
    return Prefetch("presenters", queryset=presenters)


def next_hangout(network: Network) -> Hangout | None:
    """The soonest scheduled hangout that has not ended yet, with its presenters."""
    return (
        Hangout.objects.for_network(network)
        .upcoming()
        .prefetch_related(presenters_prefetch())
        .first()
    )


def upcoming_hangouts(network: Network) -> QuerySet[Hangout]:
    """Scheduled hangouts still to come, and cancelled ones, so members see they are off."""
    return (
        Hangout.objects.for_network(network)
        .filter(
            status__in=[Hangout.Status.SCHEDULED, Hangout.Status.CANCELLED],
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .prefetch_related(presenters_prefetch())
    )


def past_hangouts(network: Network) -> QuerySet[Hangout]:
    """Held hangouts, newest first, each with `attendance_count` and its presenters."""
    return (
        Hangout.objects.for_network(network)
        .past()
        .annotate(attendance_count=Count("attendances"))
        .prefetch_related(presenters_prefetch())
    )


def hangout_for_page(network: Network, pk: int, *, include_drafts: bool = False) -> Hangout | None:
    """The hangout a page shows, or None; drafts only for those who may see them (organisers)."""
    hangouts = Hangout.objects.for_network(network).filter(pk=pk)
    if not include_drafts:
        hangouts = hangouts.exclude(status=Hangout.Status.DRAFT)
    return hangouts.prefetch_related(presenters_prefetch()).first()


def member_rsvp(hangout: Hangout, member: Member) -> RSVP | None:
    """The member's current answer for the hangout, if they gave one."""
    return RSVP.objects.filter(hangout=hangout, member=member).first()
