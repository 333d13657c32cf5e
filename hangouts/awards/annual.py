"""The annual list for the network's annual meeting: a year's awards and presenters.

The same rows feed the page, the PDF and the CSV, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from hangouts.awards.queries import awards_in_year, presentations_in_year
from hangouts.awards.text import month_name
from hangouts.lib.dates import format_day
from hangouts.lib.tabular import csv_bytes
from hangouts.network.models import Member, Network


@dataclass(frozen=True)
class AwardRow:
    month: date
    month_name: str
    award: str
    member: Member
    organisation: str
    citation: str


@dataclass(frozen=True)
class PresenterRow:
    day: date
    day_name: str
    role: str
    member: Member
    organisation: str
    hangout: str


@dataclass(frozen=True)
class YearList:
    year: int
    awards: list[AwardRow]
    presentations: list[PresenterRow]


def _organisation(member: Member) -> str:
    return member.organisation.display_name if member.organisation else ""


def year_list(network: Network, year: int, *, language: str) -> YearList:
    """Two queries, whatever the size of the year."""
    zone = ZoneInfo(network.time_zone)
    awards = [
        AwardRow(
            month=award.month,
            month_name=month_name(award.month, language),
            award=award.get_kind_display(),
            member=award.member,
            organisation=_organisation(award.member),
            citation=award.display_citation,
        )
        for award in awards_in_year(network, year)
    ]
    presentations = []
    for presenter in presentations_in_year(network, year):
        day = timezone.localtime(presenter.hangout.starts_at, zone).date()
        presentations.append(
            PresenterRow(
                day=day,
                day_name=format_day(day, length="medium", language=language),
                role=presenter.get_role_display(),
                member=presenter.member,
                organisation=_organisation(presenter.member),
                hangout=presenter.hangout.title,
            )
        )
    return YearList(year=year, awards=awards, presentations=presentations)


def year_csv(rows: YearList) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Lao), one row per award or presentation."""
    headers = [
        _("Date"),
        _("Recognition"),
        _("Name"),
        _("Name in Latin script"),
        _("Organisation"),
        _("Hangout"),
        _("Citation"),
    ]
    lines: list[list[str]] = [
        [
            award.month.strftime("%Y-%m"),
            award.award,
            award.member.name,
            award.member.name_latin,
            award.organisation,
            "",
            award.citation,
        ]
        for award in rows.awards
    ]
    lines += [
        [
            presenter.day.isoformat(),
            presenter.role,
            presenter.member.name,
            presenter.member.name_latin,
            presenter.organisation,
            presenter.hangout,
            "",
        ]
        for presenter in rows.presentations
    ]
    return csv_bytes(headers, lines)
