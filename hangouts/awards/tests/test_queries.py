from datetime import datetime

import pytest

from hangouts.awards.actions import nominate
from hangouts.awards.queries import candidates
from hangouts.awards.tests.conftest import MARCH, VIENTIANE
from hangouts.network.models import Member
from hangouts.programme.models import Hangout, Presenter


@pytest.mark.django_db
def test_candidates_are_the_months_presenters_with_what_they_did(
    network, other_network, make_hangout, make_member, member, organiser
):
    facilitator = make_member(name="ທ້າວ ຄຳພອນ")
    note_taker = make_member(name="ນາງ ມະນີ")
    late = make_member(name="ນາງ ດາວ")
    early = make_member(name="ທ້າວ ເພັດ")
    dropped = make_member(name="ທ້າວ ສົມ")
    # 00:30 on 1 March in Vientiane is still February in UTC: it counts for March.
    make_hangout(
        datetime(2026, 3, 1, 0, 30, tzinfo=VIENTIANE),
        title="first",
        team=[(member, Presenter.Role.PRESENTER), (facilitator, Presenter.Role.FACILITATOR)],
    )
    make_hangout(
        datetime(2026, 3, 27, 14, tzinfo=VIENTIANE),
        title="second",
        status=Hangout.Status.SCHEDULED,
        team=[(member, Presenter.Role.PRESENTER), (note_taker, Presenter.Role.NOTE_TAKER)],
    )
    make_hangout(datetime(2026, 4, 1, 0, 0, tzinfo=VIENTIANE), team=[(late, "presenter")])
    make_hangout(datetime(2026, 2, 28, 23, 59, tzinfo=VIENTIANE), team=[(early, "presenter")])
    make_hangout(
        datetime(2026, 3, 13, 14, tzinfo=VIENTIANE),
        status=Hangout.Status.CANCELLED,
        team=[(dropped, "presenter")],
    )
    stranger = Member.objects.create(network=other_network, name="Sok")
    make_hangout(
        datetime(2026, 3, 13, 14, tzinfo=VIENTIANE),
        net=other_network,
        team=[(stranger, "presenter")],
    )
    helper = make_member(name="ນາງ ແສງ")
    nominate(network, month=MARCH, member=helper, reason="interpreted", by=organiser)

    found = candidates(network, MARCH)

    assert [c.member for c in found] == [member, facilitator, note_taker, helper]
    assert [(r.hangout.title, r.role) for r in found[0].roles] == [
        ("first", "presenter"),
        ("second", "presenter"),
    ]
    assert [r.role for r in found[1].roles] == ["facilitator"]
    assert found[3].roles == [] and found[3].nominations[0].reason == "interpreted"
