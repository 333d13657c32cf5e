"""Filters for the reports' pages: small cells and percentages."""

from __future__ import annotations

from datetime import date

from django import template

from hangouts.lib.dates import format_month
from hangouts.programme.appeal import small_cell as _small_cell
from hangouts.reports.charts import percent as _percent

register = template.Library()


@register.filter
def small_cell(count: int) -> str:
    """Public figures: "< 5" for any count under five."""
    return _small_cell(int(count))


@register.filter
def percent(share: float | None) -> str:
    return _percent(share)


@register.filter
def one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def month_name(value: date) -> str:
    """ "ມິຖຸນາ 2023" in the active language (Babel)."""
    return format_month(value)
