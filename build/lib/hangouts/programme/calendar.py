"""A hangout as a calendar event: the add-to-calendar download now, invitations later.

The UID is derived from the hangout's id and the site's host, so the download, the emailed
invitation and a feed all name the same event, and a calendar updates it when SEQUENCE rises.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from hangouts.lib import ics
from hangouts.programme.models import Hangout

ICS_STATUS = {
    Hangout.Status.DRAFT: "TENTATIVE",
    Hangout.Status.CANCELLED: "CANCELLED",
}


def hangout_uid(hangout: Hangout) -> str:
    return f"hangout-{hangout.pk}@{urlsplit(settings.SITE_URL).hostname}"


def hangout_url(hangout: Hangout) -> str:
    return settings.SITE_URL + hangout.get_absolute_url()


def hangout_description(hangout: Hangout, *, with_join_link: bool) -> str:
    """The hangout's text and page; the join link and passcode only for identified members."""
    lines = [hangout.description, ""] if hangout.description else []
    lines.append(hangout_url(hangout))
    if with_join_link and hangout.meeting_url:
        lines.append(_("Join: %(url)s") % {"url": hangout.meeting_url})
        if hangout.meeting_passcode:
            lines.append(_("Passcode: %(code)s") % {"code": hangout.meeting_passcode})
    return "\n".join(lines)


def hangout_calendar(
    hangout: Hangout,
    *,
    with_join_link: bool,
    method: str | None = None,
    organizer_email: str = "",
    organizer_name: str = "",
    attendees: Sequence[ics.Attendee] = (),
) -> bytes:
    """The .ics of one hangout: a download, or (method, organizer, attendees) an invitation."""
    show_link = with_join_link and bool(hangout.meeting_url)
    return ics.calendar_event(
        uid=hangout_uid(hangout),
        sequence=hangout.sequence,
        starts_at=hangout.starts_at,
        ends_at=hangout.ends_at,
        summary=hangout.title,
        description=hangout_description(hangout, with_join_link=with_join_link),
        url=hangout_url(hangout),
        # Without the join link, the page is where identified members find it.
        location=hangout.meeting_url if show_link else hangout_url(hangout),
        time_zone=hangout.network.time_zone,
        status=ICS_STATUS.get(Hangout.Status(hangout.status), "CONFIRMED"),
        method=method,
        organizer_email=organizer_email,
        organizer_name=organizer_name,
        attendees=attendees,
    )
