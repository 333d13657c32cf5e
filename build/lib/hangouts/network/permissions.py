"""Load-and-authorise helpers: each returns the object or raises 404 / PermissionDenied.

Every query is scoped to the network in the URL, so one network never sees another's data.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from hangouts.network.models import Member, Network


def get_network(slug: str) -> Network:
    return get_object_or_404(Network, slug=slug)


def is_organiser(request: HttpRequest, network: Network) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return network.organisers.filter(pk=user.pk).exists()


def member_of(request: HttpRequest, network: Network) -> Member | None:
    """The signed-in person's active member record in this network, if any."""
    if not request.user.is_authenticated:
        return None
    return Member.objects.filter(network=network, user=request.user, is_active=True).first()


def get_network_for_organiser(request: HttpRequest, slug: str) -> Network:
    network = get_network(slug)
    if not is_organiser(request, network):
        raise PermissionDenied
    return network


def get_network_for_reader(request: HttpRequest, slug: str) -> tuple[Network, bool]:
    """The network for an organiser or one of its members; returns (network, is_organiser)."""
    network = get_network(slug)
    if is_organiser(request, network):
        return network, True
    if member_of(request, network) is None:
        raise PermissionDenied
    return network, False


def get_member_for_organiser(request: HttpRequest, slug: str, pk: int) -> Member:
    network = get_network_for_organiser(request, slug)
    return get_object_or_404(
        Member.objects.select_related("network", "organisation", "province", "staff_level"),
        network=network,
        pk=pk,
    )
