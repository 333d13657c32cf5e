"""The reports' charts: the figures (queries.Figures) drawn with lib/charts.

On the public summary every count under five is written "< 5" (programme.appeal.small_cell)
and its bar is not drawn (a bar's length would tell the number): labels, values and tooltips
alike, so no one is singled out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hangouts.lib.charts import Bar, Pair, bar_chart, column_chart, inline_bar, pair_chart
from hangouts.lib.dates import format_month
from hangouts.programme.appeal import small_cell
from hangouts.reports.queries import GUESTS, NOT_GIVEN, Figures, Month, ReachRow

PUBLIC_THRESHOLD = 5


def count_bar(label: str, count: int, *, public: bool) -> Bar:
    if public and count < PUBLIC_THRESHOLD:
        return Bar(label, 0, small_cell(count))
    return Bar(label, count, str(count))


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


def month_label(month: Month, *, digits: bool = False) -> str:
    """ "ມິ.ຖ. 2023" on pages; "06.23" in the PDF (digits only: see lib.charts.inline_bar)."""
    return month.month.strftime("%m.%y") if digits else format_month(month.month, short=True)


@dataclass(frozen=True)
class Charts:
    hangouts_by_month: SafeString
    participants_by_month: SafeString
    provinces: SafeString
    organisation_kinds: SafeString
    organisations: SafeString | None = None
    staff_levels: SafeString | None = None
    genders: SafeString | None = None
    equity: SafeString | None = None


def reach_chart(title: str, rows: list[ReachRow], *, public: bool) -> SafeString:
    """Participants per row; rows nobody came from are left out of the chart (not the table)."""
    return bar_chart(
        title, [count_bar(r.label, r.participants, public=public) for r in rows if r.participants]
    )


def trend(figures: Figures, *, public: bool = False, digits: bool = False) -> list[SafeString]:
    """Hangouts, then participants, by month."""
    months = figures.months
    return [
        column_chart(
            _("Hangouts held by month"),
            [count_bar(month_label(m, digits=digits), m.hangouts, public=public) for m in months],
        ),
        column_chart(
            _("Participants by month"),
            [
                count_bar(month_label(m, digits=digits), m.participants, public=public)
                for m in months
            ],
        ),
    ]


def table_bars(rows: list[ReachRow]) -> list[tuple[ReachRow, SafeString]]:
    """Each row with a bar of its participants (the PDF's reach charts)."""
    top = max((row.participants for row in rows), default=0)
    return [(row, inline_bar(row.participants, top)) for row in rows]


def draw(figures: Figures, *, public: bool = False) -> Charts:
    hangouts_by_month, participants_by_month = trend(figures, public=public)
    charts = Charts(
        hangouts_by_month=hangouts_by_month,
        participants_by_month=participants_by_month,
        provinces=reach_chart(_("Participants by province"), figures.provinces, public=public),
        organisation_kinds=reach_chart(
            _("Participants by kind of organisation"), figures.organisation_kinds, public=public
        ),
    )
    if public:
        return charts
    return Charts(
        hangouts_by_month=charts.hangouts_by_month,
        participants_by_month=charts.participants_by_month,
        provinces=charts.provinces,
        organisation_kinds=charts.organisation_kinds,
        organisations=reach_chart(
            _("The ten organisations with the most participants"),
            [row for row in figures.organisations if row.key not in (NOT_GIVEN, GUESTS)][:10],
            public=False,
        ),
        staff_levels=reach_chart(
            _("Participants by staff level"), figures.staff_levels, public=False
        ),
        genders=reach_chart(_("Participants by gender"), figures.genders, public=False),
        equity=pair_chart(
            _("Who presents, against the roster"),
            [
                Pair(
                    row.label,
                    Bar(
                        f"{row.label} – {_('Hangouts presented')}",
                        (row.share or 0) * 100,
                        percent(row.share),
                    ),
                    Bar(
                        f"{row.label} – {_('Roster')}",
                        (row.roster_share or 0) * 100,
                        percent(row.roster_share),
                    ),
                )
                for row in figures.equity
            ],
            (_("Hangouts presented"), _("Roster")),
        ),
    )
