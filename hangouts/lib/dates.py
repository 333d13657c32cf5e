"""Dates and times in the reader's language and the network's time zone, through Babel (CLDR)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from django.utils import timezone
from django.utils.translation import get_language

Length = Literal["short", "medium", "long", "full"]

# Babel needs the territory for Lao week data (Sunday first).
BABEL_LOCALES = {"lo": "lo_LA", "en": "en_GB"}


def babel_locale(language: str | None = None) -> str:
    code = (language or get_language() or "lo").split("-")[0]
    return BABEL_LOCALES.get(code, "en_GB")


def format_datetime(
    value: datetime, *, time_zone: str, length: Length = "long", language: str | None = None
) -> str:
    """ "ວັນສຸກ, 27 ພະຈິກ 2026, 14:00" for length "full" (time always short: 14:00)."""
    local = timezone.localtime(value, ZoneInfo(time_zone))
    locale = babel_locale(language)
    day = babel_dates.format_date(local.date(), format=length, locale=locale)
    hour = babel_dates.format_time(local.time(), format="short", locale=locale)
    return f"{day}, {hour}"


def format_day(
    value: date | datetime,
    *,
    time_zone: str | None = None,
    length: Length = "long",
    language: str | None = None,
) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value, ZoneInfo(time_zone) if time_zone else None).date()
    return babel_dates.format_date(value, format=length, locale=babel_locale(language))


def format_month(value: date, *, short: bool = False, language: str | None = None) -> str:
    """ "ມິຖຸນາ 2023" / "June 2023", or short "ມິ.ຖ. 2023" / "Jun 2023" (CLDR skeletons)."""
    skeleton = "yMMM" if short else "yMMMM"
    return babel_dates.format_skeleton(skeleton, value, locale=babel_locale(language))
