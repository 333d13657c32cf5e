"""A realistic Lao hangout for the outreach tests: long Lao title, two presenters from
organisations with long Lao names, a Zoom link with its `pwd` and a passcode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from hangouts.network.models import Member, Network, Organisation, Province
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Presenter

STARTS = datetime(2030, 11, 29, 7, tzinfo=UTC)  # a Friday, 14:00 in Vientiane
ZOOM = "https://us06web.zoom.us/j/81234567890?pwd=bGFvLWhhbmdvdXQtc2VjcmV0LXB3ZC0xMjM0NTY3OA.1"
LONG_TITLE = (
    "ການປັບປຸງໂພຊະນາການຂອງແມ່ ແລະ ເດັກໃນເຂດຊົນນະບົດ: ບົດຮຽນຈາກການເຮັດວຽກ"
    "ຮ່ວມກັບຊຸມຊົນ ແລະ ອົງການຈັດຕັ້ງທາງສັງຄົມໃນແຂວງພາກເໜືອ"
)


def make_hangout(network: Network, **fields: object) -> Hangout:
    values: dict[str, object] = {
        "network": network,
        "title": "ໂພຊະນາການແມ່ ແລະ ເດັກ",
        "starts_at": STARTS,
        "status": Hangout.Status.SCHEDULED,
        "meeting_url": ZOOM,
        "meeting_passcode": "246810",
        "agenda": DEFAULT_AGENDA,
        **fields,
    }
    values.setdefault("ends_at", values["starts_at"] + timedelta(hours=1))  # type: ignore[operator]
    return Hangout.objects.create(**values)


@pytest.fixture
def lao_hangout(network: Network, make_member: Callable[..., Member]) -> Hangout:
    """Two presenters: one from a small provincial association, one from a ministry."""
    ministry = Organisation.objects.create(
        network=network,
        name="ສູນໂພຊະນາການແຫ່ງຊາດ ກະຊວງສາທາລະນະສຸກ",
        acronym="NNC",
        province=Province.objects.get(code="LA-VT"),
    )
    hangout = make_hangout(network, title=LONG_TITLE)
    first = make_member(name="ນາງ ສຸກສະຫວັນ ພົມມະຈັນ")
    second = make_member(name="ທ້າວ ບຸນທະວີ ວົງສະຫວັດ", organisation=ministry)
    Presenter.objects.bulk_create(
        [Presenter(hangout=hangout, member=first), Presenter(hangout=hangout, member=second)]
    )
    return hangout
