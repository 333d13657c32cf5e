"""Meeting links of hangouts, by provider: a pasted URL, a generated Jitsi room, or Zoom's API.

Zoom's module is imported inside its branch only: the other providers never need it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hangouts.integrations.jitsi.rooms import DEFAULT_BASE_URL, new_room_url
from hangouts.programme.models import Hangout, Series

MEETING_FIELDS = ["meeting_provider", "meeting_url", "meeting_id", "meeting_passcode"]

JITSI_MODERATOR_NOTE = _(
    "On meet.jit.si the first participant must sign in (with a Google, GitHub or Facebook "
    "account) to become the moderator; the others wait until then. To avoid this, set the address "
    "of a self-hosted Jitsi server on the series."
)


class MeetingError(Exception):
    """The meeting tool refused or could not be reached; the message is for the organiser."""


def jitsi_base_url(hangout: Hangout) -> str:
    return hangout.series.jitsi_base_url if hangout.series else DEFAULT_BASE_URL


def attach_meeting(hangout: Hangout, *, meeting_url: str = "") -> None:
    """Give a saved hangout its meeting link, once; saves the meeting fields.

    url: the pasted link; jitsi: a new unguessable room (kept if it has one); zoom: a meeting
    created through Zoom's API. Raises MeetingError when Zoom fails.
    """
    provider = hangout.meeting_provider
    if provider == Series.Provider.URL:
        hangout.meeting_url = meeting_url
    elif provider == Series.Provider.JITSI:
        if not hangout.meeting_url:
            words = (hangout.network.slug, "hangout")
            hangout.meeting_url = new_room_url(base_url=jitsi_base_url(hangout), words=words)
    elif provider == Series.Provider.ZOOM:
        _call_zoom("create_zoom_meeting", hangout)
    hangout.save(update_fields=MEETING_FIELDS)


def move_meeting(hangout: Hangout) -> None:
    """After a reschedule: Zoom's meeting moves too; a URL or a Jitsi room stays as it is."""
    if hangout.meeting_provider == Series.Provider.ZOOM and hangout.meeting_id:
        _call_zoom("update_zoom_meeting", hangout)


def release_meeting(hangout: Hangout) -> None:
    """After a cancellation: Zoom's meeting is deleted; other links simply go unused."""
    if hangout.meeting_provider == Series.Provider.ZOOM and hangout.meeting_id:
        _call_zoom("delete_zoom_meeting", hangout)


def _call_zoom(name: str, hangout: Hangout) -> None:
    from hangouts.integrations.zoom import meetings as zoom_meetings
    from hangouts.integrations.zoom.client import ZoomError

    try:
        getattr(zoom_meetings, name)(hangout)
    except ZoomError as error:
        raise MeetingError(str(error)) from error
