"""Series workflows."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hangouts.network.models import Network
from hangouts.programme.models import Series


@transaction.atomic
def create_series(network: Network, **fields: Any) -> Series:
    """A new series of the network: the house rule (last Friday, 14:00, 60 minutes) unless told,
    in the network's national language (the model's default is Lao, not every network's).

    Side effects: one Series row.
    """
    fields.setdefault("language", network.language)
    series = Series(network=network, **fields)
    series.full_clean()
    series.save()
    return series
