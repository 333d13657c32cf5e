"""The values of a hangout's placeholders ({title}, {date}, {join_link}…) for one language.

Built once per hangout and language, then completed per member ({name}, {rsvp_link}), so that
sending to the whole roster costs the same few queries as sending to one member.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hangouts.lib.dates import format_day
from hangouts.network.models import Member
from hangouts.programme.models import Hangout, Presenter


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def time_range(hangout: Hangout) -> str:
    """ "14:00–15:00" in the network's time zone."""
    zone = ZoneInfo(hangout.network.time_zone)
    start, end = hangout.starts_at.astimezone(zone), hangout.ends_at.astimezone(zone)
    return f"{start:%H:%M}–{end:%H:%M}"


def presenters_text(hangout: Hangout) -> str:
    """ "Noy (LWU), Keo (CARE)": presenters only (not facilitators or note-takers)."""
    rows = (
        Presenter.objects.filter(hangout=hangout, role=Presenter.Role.PRESENTER)
        .select_related("member__organisation")
        .order_by("pk")
    )
    parts = []
    for row in rows:
        organisation = row.member.organisation
        parts.append(
            f"{row.member.display_name} ({organisation.display_name})"
            if organisation
            else row.member.display_name
        )
    return ", ".join(parts)


def hangout_values(
    hangout: Hangout, *, language: str, with_join_link: bool = True
) -> dict[str, str]:
    """Every hangout placeholder in `language`. Join details only when `with_join_link`
    (never for the Facebook page: join links stay with identified members and the group)."""
    network = hangout.network
    slug = {"network": network.slug}
    with translation.override(language):
        values = {
            "network": network.display_name,
            "title": hangout.title,
            "date": format_day(
                hangout.starts_at, time_zone=network.time_zone, length="full", language=language
            ),
            "time": time_range(hangout),
            "presenters": presenters_text(hangout),
            "hangout_link": absolute(hangout.get_absolute_url()),
            "rsvp_link": absolute(
                reverse("participation:rsvp_by_phone", kwargs={**slug, "pk": hangout.pk})
            ),
            "guide_link": absolute(reverse("programme:zoom_guide", kwargs=slug)),
            # The feedback form's shared link (phone identification), for the group post.
            "feedback_link": absolute(
                reverse("participation:feedback", kwargs={**slug, "pk": hangout.pk})
            ),
            "join_link": "",
            "passcode": "",
            "naming_rule": "",
        }
        if with_join_link and hangout.meeting_url:
            values["join_link"] = hangout.meeting_url
            values["passcode"] = hangout.meeting_passcode
            values["naming_rule"] = _("Please set your name in the meeting as: name – organisation")
    return values


def member_values(base: dict[str, str], member: Member, *, rsvp_link: str) -> dict[str, str]:
    """The hangout's values completed for one member."""
    return {**base, "name": member.name, "rsvp_link": rsvp_link}


def change_values(
    base: dict[str, str],
    hangout: Hangout,
    *,
    old_starts_at: datetime | None,
    note: str,
    language: str,
) -> dict[str, str]:
    """The hangout's values plus the old date and time of a change notice."""
    values = {**base, "note": note}
    if old_starts_at is not None:
        zone = ZoneInfo(hangout.network.time_zone)
        values["old_date"] = format_day(
            old_starts_at, time_zone=hangout.network.time_zone, length="full", language=language
        )
        values["old_time"] = f"{old_starts_at.astimezone(zone):%H:%M}"
    return values
