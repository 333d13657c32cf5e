"""Template filters used on every page; loaded as builtins (settings.TEMPLATES)."""

from __future__ import annotations

from datetime import datetime

from django import template

from hangouts.lib import dates, phones

register = template.Library()


@register.filter
def local_datetime(value: datetime | None, time_zone: str) -> str:
    """{{ hangout.starts_at|local_datetime:network.time_zone }} in the active language."""
    if value is None:
        return ""
    return dates.format_datetime(value, time_zone=time_zone, length="full")


@register.filter
def local_date(value: datetime | None, time_zone: str) -> str:
    if value is None:
        return ""
    return dates.format_day(value, time_zone=time_zone)


@register.filter
def phone(value: str) -> str:
    return phones.format_phone(value)
