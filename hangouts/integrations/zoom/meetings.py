"""Zoom meetings for hangouts and series, through Zoom's API.

Each function calls Zoom first and saves afterwards: when Zoom fails (ZoomError), nothing in the
database has changed. A series may have one recurring meeting (type 8) whose link never changes;
its hangouts share it, and moving or cancelling one hangout leaves that meeting alone.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hangouts.integrations.zoom.client import ZoomClient, ZoomError
from hangouts.programme.models import Hangout, Series
from hangouts.programme.planning import rule_dates

NOT_CONFIGURED = _(
    "Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or choose "
    "another meeting provider."
)
MEETING_FIELDS = ["meeting_provider", "meeting_id", "meeting_url", "meeting_passcode"]
SERIES_FIELDS = ["zoom_meeting_id", "zoom_join_url", "zoom_passcode"]
# Zoom's limits: 2000 characters of agenda; a fixed-time recurring meeting recurs at most 50
# times (60 on newer accounts). 50 months is over four years of a monthly series.
AGENDA_LIMIT = 2000
SERIES_OCCURRENCES = 50
ZOOM_MONTHLY = 3
AGENDA_PARTS = {
    "welcome": _("Welcome"),
    "talk": _("Talk"),
    "discussion": _("Discussion"),
    "wrap_up": _("Wrap-up"),
}


def zoom_configured() -> bool:
    """The Server-to-Server OAuth credentials are all set (Zoom may still refuse them)."""
    names = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET")
    return all(getattr(settings, name, "") for name in names)


def zoom_client() -> ZoomClient:
    """The client for the configured account; raises ZoomError when Zoom is not configured."""
    credentials = (
        getattr(settings, "ZOOM_ACCOUNT_ID", ""),
        getattr(settings, "ZOOM_CLIENT_ID", ""),
        getattr(settings, "ZOOM_CLIENT_SECRET", ""),
    )
    if not all(credentials):
        raise ZoomError(NOT_CONFIGURED)
    return client_for(
        *credentials,
        getattr(settings, "ZOOM_API_URL", "https://api.zoom.us/v2"),
        getattr(settings, "ZOOM_OAUTH_URL", "https://zoom.us/oauth/token"),
    )


@lru_cache(maxsize=4)
def client_for(
    account_id: str, client_id: str, client_secret: str, api_url: str, oauth_url: str
) -> ZoomClient:
    # One client per configuration, so its token (valid an hour) serves every request meanwhile.
    return ZoomClient(account_id, client_id, client_secret, api_url, oauth_url)


def create_zoom_meeting(hangout: Hangout) -> None:
    """Give the hangout a Zoom meeting: its series' recurring one, else a new one (type 2).

    Saves the hangout's meeting fields only. A hangout that already has a Zoom meeting keeps it.
    """
    series = hangout.series
    if series is not None and series.zoom_meeting_id:
        hangout.meeting_id = series.zoom_meeting_id
        hangout.meeting_url = series.zoom_join_url
        hangout.meeting_passcode = series.zoom_passcode
    elif hangout.meeting_provider == Series.Provider.ZOOM and hangout.meeting_id:
        return
    else:
        meeting = zoom_client().create_meeting(
            topic=hangout.title,
            start_time=hangout.starts_at,
            duration=minutes(hangout),
            time_zone=hangout.network.time_zone,
            agenda=agenda_text(hangout),
        )
        hangout.meeting_id = meeting.id
        hangout.meeting_url = meeting.join_url
        hangout.meeting_passcode = meeting.passcode
    hangout.meeting_provider = Series.Provider.ZOOM
    hangout.save(update_fields=MEETING_FIELDS)


def create_series_meeting(series: Series) -> None:
    """Give the series one recurring Zoom meeting (type 8) following its rule, from its next date.

    Saves the series' zoom_* fields only; a series that has one keeps it.
    """
    if series.zoom_meeting_id:
        return
    first = rule_dates(series, after=timezone.now(), count=1)[0]
    meeting = zoom_client().create_meeting(
        topic=series.name,
        start_time=first,
        duration=series.duration_minutes,
        time_zone=series.network.time_zone,
        recurrence=series_recurrence(series),
    )
    series.zoom_meeting_id = meeting.id
    series.zoom_join_url = meeting.join_url
    series.zoom_passcode = meeting.passcode
    series.save(update_fields=SERIES_FIELDS)


def update_zoom_meeting(hangout: Hangout) -> None:
    """Send the hangout's title, start and length to its own Zoom meeting (not the series')."""
    if not owns_meeting(hangout):
        return
    zoom_client().update_meeting(
        hangout.meeting_id,
        topic=hangout.title,
        start_time=hangout.starts_at,
        duration=minutes(hangout),
        time_zone=hangout.network.time_zone,
    )


def delete_zoom_meeting(hangout: Hangout) -> None:
    """Delete the hangout's own Zoom meeting and forget its link; the series' meeting stays.

    Saves the hangout's meeting fields only (the provider stays Zoom).
    """
    if not owns_meeting(hangout):
        return
    zoom_client().delete_meeting(hangout.meeting_id)
    hangout.meeting_id = hangout.meeting_url = hangout.meeting_passcode = ""
    hangout.save(update_fields=MEETING_FIELDS)


def owns_meeting(hangout: Hangout) -> bool:
    """Whether the hangout has a Zoom meeting of its own (not its series' recurring one)."""
    if hangout.meeting_provider != Series.Provider.ZOOM or not hangout.meeting_id:
        return False
    series = hangout.series
    return series is None or hangout.meeting_id != series.zoom_meeting_id


def minutes(hangout: Hangout) -> int:
    return int(hangout.duration.total_seconds() // 60)


def zoom_weekday(weekday: int) -> int:
    """Our Monday = 0 … Sunday = 6 to Zoom's Sunday = 1 … Saturday = 7."""
    return (weekday + 1) % 7 + 1


def series_recurrence(series: Series) -> dict[str, int]:
    """Monthly, on the rule's week (1–4, or -1 for the last) and weekday."""
    return {
        "type": ZOOM_MONTHLY,
        "repeat_interval": 1,
        "monthly_week": series.week,
        "monthly_week_day": zoom_weekday(series.weekday),
        "end_times": SERIES_OCCURRENCES,
    }


def agenda_text(hangout: Hangout) -> str:
    """The description, then the agenda's parts with their minutes, for Zoom's invitation."""
    lines = [hangout.description.strip()] if hangout.description.strip() else []
    for part, length in hangout.agenda:
        label = AGENDA_PARTS.get(str(part), str(part))
        lines.append(gettext("%(part)s: %(minutes)s min") % {"part": label, "minutes": length})
    return "\n".join(lines)[:AGENDA_LIMIT]
