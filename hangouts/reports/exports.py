"""Exports of the reports: CSV and XLSX tables (organisers only) and the printable PDF.

The tables come from the same filters as the dashboard; each export is two queries at most.
The attendance table holds names: organisers only, like the dashboard itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from hangouts.lib.tabular import Cell, Sheet, csv_bytes, xlsx_bytes
from hangouts.network.models import Network
from hangouts.programme.models import Presenter
from hangouts.reports.queries import (
    Figures,
    Filters,
    ReachRow,
    attendances,
    held_hangouts,
    reach,
)

TABLES = ("hangouts", "attendance", "reach")


def hangouts_sheet(network: Network, filters: Filters) -> Sheet:
    """One row per held hangout in the period: date, title, series, presenters, going, came."""
    zone = ZoneInfo(network.time_zone)
    presenters = Presenter.objects.filter(role=Presenter.Role.PRESENTER).select_related("member")
    hangouts = (
        held_hangouts(network, filters)
        .select_related("series")
        .annotate(attended=Count("attendances"))
        .prefetch_related(Prefetch("presenters", queryset=presenters))
        .order_by("starts_at", "pk")
    )
    rows: list[list[Cell]] = [
        [
            timezone.localtime(h.starts_at, zone).date().isoformat(),
            h.title,
            h.series.display_name if h.series else "",
            ", ".join(p.member.display_name for p in h.presenters.all()),
            h.going_count,
            h.attended,
        ]
        for h in hangouts
    ]
    headers = [_("Date"), _("Title"), _("Series"), _("Presenters"), _("Going"), _("Attended")]
    return Sheet(_("Hangouts"), headers, rows)


def _attendance_rows(network: Network, filters: Filters) -> Iterator[list[Cell]]:
    zone = ZoneInfo(network.time_zone)
    rows = (
        attendances(network, filters)
        .select_related(
            "hangout", "member__organisation", "member__province", "member__staff_level"
        )
        .order_by("hangout__starts_at", "hangout_id", "pk")
    )
    for row in rows:
        member = row.member
        yield [
            row.hangout.title,
            timezone.localtime(row.hangout.starts_at, zone).date().isoformat(),
            member.name if member else row.guest_name,
            _("Member") if member else _("Guest"),
            member.organisation.display_name if member and member.organisation else "",
            member.province.display_name if member and member.province else "",
            member.staff_level.display_name if member and member.staff_level else "",
            row.minutes,
            row.get_source_display(),
        ]


def attendance_sheet(network: Network, filters: Filters) -> Sheet:
    """One row per attendance (names: organisers only)."""
    headers = [
        _("Hangout"),
        _("Date"),
        _("Name"),
        _("Member or guest"),
        _("Organisation"),
        _("Province"),
        _("Staff level"),
        _("Minutes"),
        _("Source"),
    ]
    return Sheet(_("Attendance"), headers, list(_attendance_rows(network, filters)))


def reach_tables(figures: Figures) -> list[tuple[str, list[ReachRow]]]:
    return [
        (_("Organisations"), figures.organisations),
        (_("Kinds of organisation"), figures.organisation_kinds),
        (_("Provinces"), figures.provinces),
        (_("Staff levels"), figures.staff_levels),
        (_("Gender"), figures.genders),
    ]


def reach_sheets(figures: Figures) -> list[Sheet]:
    headers = [_("Name"), _("Participants"), _("Attendances")]
    return [
        Sheet(title, headers, [[r.label, r.participants, r.attendances] for r in rows])
        for title, rows in reach_tables(figures)
    ]


def reach_csv(figures: Figures) -> bytes:
    """The reach tables one under the other, the table's name in the first column."""
    headers = [_("Table"), _("Name"), _("Participants"), _("Attendances")]
    rows: list[list[Cell]] = [
        [sheet.title, *row] for sheet in reach_sheets(figures) for row in sheet.rows
    ]
    return csv_bytes(headers, rows)


def export(table: str, fmt: str, network: Network, filters: Filters) -> bytes:
    """`table` in TABLES, `fmt` "csv" or "xlsx"."""
    if table == "reach":
        figures = reach(network, filters)
        return reach_csv(figures) if fmt == "csv" else xlsx_bytes(reach_sheets(figures))
    if table == "hangouts":
        sheet = hangouts_sheet(network, filters)
    else:
        sheet = attendance_sheet(network, filters)
    return csv_bytes(sheet.headers, sheet.rows) if fmt == "csv" else xlsx_bytes([sheet])


def report_pdf(network: Network, filters: Filters, *, language: str) -> bytes:
    """A4 report for donors and the annual meeting: figures, tables and charts, in `language`.

    Rendered with the awards' WeasyPrint setup (shipped Noto Sans Lao, U+200B between Lao words).
    """
    from django.utils import translation

    from hangouts.awards.documents import logo_data_uri, render_pdf
    from hangouts.lib.charts import inline_bar
    from hangouts.reports.charts import table_bars, trend

    with translation.override(language):
        figures = reach(network, filters)
        context = {
            "network": network,
            "figures": figures,
            "trend": trend(figures, digits=True),
            "tables": [(title, table_bars(rows)) for title, rows in reach_tables(figures)],
            "equity": [
                (row, inline_bar(row.share or 0, 1), inline_bar(row.roster_share or 0, 1))
                for row in figures.equity
            ],
            "period": period_text(figures),
            "logo": logo_data_uri(network),
        }
        return render_pdf("reports/report_pdf.html", context, language=language)


def period_text(figures: Figures) -> str:
    """ "1 ມັງກອນ 2025 – 31 ທັນວາ 2025", "All time"…, and the series when one is chosen."""
    from hangouts.lib.dates import format_day

    period = figures.filters.period
    start = format_day(period.start) if period.start else ""
    end = format_day(period.end) if period.end else ""
    if start and end:
        text = f"{start} – {end}"
    elif start:
        text = _("Since %(start)s") % {"start": start}
    elif end:
        text = _("Until %(end)s") % {"end": end}
    else:
        text = _("All time")
    series = figures.filters.series
    return f"{text} · {series.display_name}" if series else text
