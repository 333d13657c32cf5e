"""A small network worked out by hand; the figures in the tests are counted from this table.

Time zone Asia/Vientiane (UTC+7). Organisations: A = the `organisation` fixture (CSO, small,
Luang Prabang), B (INGO, large, Vientiane Capital), C (CSO, small, Savannakhet, never came),
D (inactive, never came). Staff levels are the network's defaults: Director (senior), Senior
technical (senior), Officer (middle), Junior (junior).

| member | org | province | level    | gender | active |
|--------|-----|----------|----------|--------|--------|
| m1     | A   | LP       | Junior   | female | yes    |
| m2     | A   | LP       | Director | male   | yes    |
| m3     | B   | VT       | Junior   | female | yes    |
| m4     | B   | VT       | Officer  | (none) | yes    |
| m5     | –   | –        | –        | female | yes    |
| m6     | B   | VT       | Director | male   | no     |

| hangout | local start      | status    | series | themes            | came                       |
|---------|------------------|-----------|--------|-------------------|----------------------------|
| H0      | 2025-12-19 14:00 | held      | S1     | –                 | m1, m6                     |
| H5      | 2026-01-01 00:30 | held      | S2     | –                 | m5, guest "bee "           |
| H1      | 2026-01-30 14:00 | held      | S1     | Nutrition, Health | m1, m2, m3, Noy (phone)    |
| H2      | 2026-02-27 14:00 | held      | S2     | Nutrition         | m1, m3, m4, m5, Noy, "Bee" |
| H3      | 2026-03-27 14:00 | held      | S1     | –                 | nobody                     |
| H4      | 2026-04-24 14:00 | cancelled | S1     | –                 | m2 (does not count)        |

Presenters: H0 m3, H1 m1, H2 m2 (and m4 as facilitator, which is not presenting).
H5 starts on 31 December 2025 at 17:30 UTC: in the network's time zone it is 2026.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel
from hangouts.participation.models import Attendance
from hangouts.programme.models import Hangout, Presenter, Series, Theme, Topic

VIENTIANE = ZoneInfo("Asia/Vientiane")


@dataclass
class Story:
    network: Network
    members: dict[str, Member]
    hangouts: dict[str, Hangout]
    series: dict[str, Series]
    organisations: dict[str, Organisation]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIENTIANE)


@pytest.fixture
def story(
    network: Network, organisation: Organisation, make_member: Callable[..., Member]
) -> Story:
    province = {code: Province.objects.get(code=f"LA-{code}") for code in ("LP", "VT", "SV")}
    level = {s.name_en: s for s in StaffLevel.objects.filter(network=network)}
    junior, director = level["Junior staff or volunteer"], level["Director or manager"]
    officer = level["Officer"]
    orgs = {
        "A": organisation,
        "B": Organisation.objects.create(
            network=network,
            name="ອົງການ ບີ",
            name_en="B International",
            kind=Organisation.Kind.INGO,
            size=Organisation.Size.LARGE,
            province=province["VT"],
        ),
        "C": Organisation.objects.create(
            network=network,
            name="ສະມາຄົມ ຊີ",
            name_en="C Association",
            size=Organisation.Size.SMALL,
            province=province["SV"],
        ),
        "D": Organisation.objects.create(
            network=network, name="ອົງການ ດີ", name_en="D Closed", is_active=False
        ),
    }
    female, male = Member.Gender.FEMALE, Member.Gender.MALE
    members = {
        "m1": make_member(name="ນາງ ໜຶ່ງ", name_latin="One", staff_level=junior, gender=female),
        "m2": make_member(name="ທ້າວ ສອງ", name_latin="Two", staff_level=director, gender=male),
        "m3": make_member(
            name="ນາງ ສາມ",
            name_latin="Three",
            organisation=orgs["B"],
            province=province["VT"],
            staff_level=junior,
            gender=female,
        ),
        "m4": make_member(
            name="ທ້າວ ສີ່",
            name_latin="Four",
            organisation=orgs["B"],
            province=province["VT"],
            staff_level=officer,
            gender="",
        ),
        "m5": make_member(
            name="ນາງ ຫ້າ",
            name_latin="Five",
            organisation=None,
            province=None,
            staff_level=None,
            gender=female,
        ),
        "m6": make_member(
            name="ທ້າວ ຫົກ",
            name_latin="Six",
            organisation=orgs["B"],
            province=province["VT"],
            staff_level=director,
            gender=male,
            is_active=False,
        ),
    }
    series = {
        "S1": Series.objects.create(network=network, name="ວັນສຸກ", name_en="Fridays"),
        "S2": Series.objects.create(network=network, name="ພິເສດ", name_en="Specials"),
    }
    themes = {
        key: Theme.objects.create(network=network, name=key, name_en=key)
        for key in ("Nutrition", "Health", "Advocacy")
    }
    topics = {
        "T1": Topic.objects.create(network=network, title="T1"),
        "T2": Topic.objects.create(network=network, title="T2"),
        "T3": Topic.objects.create(network=network, title="T3"),
    }
    topics["T1"].themes.set([themes["Nutrition"], themes["Health"]])
    topics["T2"].themes.set([themes["Nutrition"]])
    topics["T3"].themes.set([themes["Advocacy"]])

    def hangout(
        start: str,
        series_key: str,
        topic: Topic | None = None,
        status: str = Hangout.Status.HELD,
        going_count: int = 0,
    ) -> Hangout:
        starts = local(start)
        return Hangout.objects.create(
            network=network,
            series=series[series_key],
            topic=topic,
            title=f"Hangout {start}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            status=status,
            going_count=going_count,
        )

    hangouts = {
        "H0": hangout("2025-12-19T14:00", "S1"),
        "H5": hangout("2026-01-01T00:30", "S2"),
        "H1": hangout("2026-01-30T14:00", "S1", topics["T1"], going_count=7),
        "H2": hangout("2026-02-27T14:00", "S2", topics["T2"]),
        "H3": hangout("2026-03-27T14:00", "S1"),
        "H4": hangout("2026-04-24T14:00", "S1", status=Hangout.Status.CANCELLED),
    }
    came: dict[str, list[str | tuple[str, str]]] = {
        "H0": ["m1", "m6"],
        "H5": ["m5", ("bee ", "")],
        "H1": ["m1", "m2", "m3", ("Noy", "+8562099999999")],
        "H2": ["m1", "m3", "m4", "m5", ("Noy", "+8562099999999"), ("Bee", "")],
        "H4": ["m2"],
    }
    Attendance.objects.bulk_create(
        Attendance(hangout=hangouts[h], member=members[who], minutes=50)
        if isinstance(who, str)
        else Attendance(hangout=hangouts[h], guest_name=who[0], guest_phone=who[1], minutes=30)
        for h, people in came.items()
        for who in people
    )
    Presenter.objects.bulk_create(
        [
            Presenter(hangout=hangouts["H0"], member=members["m3"]),
            Presenter(hangout=hangouts["H1"], member=members["m1"]),
            Presenter(hangout=hangouts["H2"], member=members["m2"]),
            Presenter(
                hangout=hangouts["H2"], member=members["m4"], role=Presenter.Role.FACILITATOR
            ),
        ]
    )
    return Story(network, members, hangouts, series, orgs)
