"""Awards fixtures: hangouts with presenters in a month, and an award."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hangouts.awards.actions import choose_volunteer
from hangouts.programme.models import Hangout, Presenter

VIENTIANE = ZoneInfo("Asia/Vientiane")
MARCH = date(2026, 3, 1)
CITATION = "ຂໍຂອບໃຈທີ່ໄດ້ນຳສະເໜີຫົວຂໍ້ອາຫານເສີມສຳລັບເດັກ ແລະ ແບ່ງປັນປະສົບການໃຫ້ແກ່ເຄືອຂ່າຍ"


@pytest.fixture
def make_hangout(network):
    def make(starts_at, *, title="ອາຫານເສີມສຳລັບເດັກ", status=Hangout.Status.HELD, team=(), net=None):
        hangout = Hangout.objects.create(
            network=net or network,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            status=status,
        )
        Presenter.objects.bulk_create(
            Presenter(hangout=hangout, member=member, role=role) for member, role in team
        )
        return hangout

    return make


@pytest.fixture
def march_hangout(make_hangout, member):
    return make_hangout(
        datetime(2026, 3, 27, 14, tzinfo=VIENTIANE), team=[(member, Presenter.Role.PRESENTER)]
    )


@pytest.fixture
def award(network, member, organiser, march_hangout):
    return choose_volunteer(
        network,
        month=MARCH,
        member=member,
        citation=CITATION,
        citation_en="For presenting on complementary feeding.",
        by=organiser,
    )
