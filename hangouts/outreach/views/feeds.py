"""Outreach views: calendar feeds, subscribed with `webcal://` (or the https URL in Google).

- The network feed, `/<network>/calendar.ics`, is public: scheduled hangouts and those held or
  cancelled in the last FEED_PAST, never a join link. A cancelled hangout stays in the feed with
  STATUS:CANCELLED, so that subscribers see it go instead of it vanishing without a word.
- A member's feed, `/<network>/calendar/<token>.ics`, is the same with the join links: the
  token is a personal link (purpose calendar, subject 0) that the member can replace, which
  kills the old one (a link forwarded by mistake stops working).

Both are built in a fixed number of queries, whatever the number of hangouts. Calendar apps
refresh on their own schedule: we ask for 12 hours (REFRESH-INTERVAL, X-PUBLISHED-TTL); Google
takes up to a day.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from icalendar import Event

from hangouts.accounts.actions import issue_personal_link, resolve_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.lib import ics
from hangouts.network.models import Member, Network
from hangouts.network.permissions import get_network, member_of
from hangouts.programme.calendar import ICS_STATUS, hangout_description, hangout_uid, hangout_url
from hangouts.programme.models import Hangout

FEED_PAST = timedelta(days=90)
FEED_REFRESH = timedelta(hours=12)
FEED = PersonalLink.Purpose.CALENDAR_FEED


def feed_hangouts(network: Network) -> list[Hangout]:
    """One query: the hangouts a feed lists, oldest first."""
    rows = list(
        Hangout.objects.for_network(network)
        .filter(
            status__in=[Hangout.Status.SCHEDULED, Hangout.Status.HELD, Hangout.Status.CANCELLED],
            ends_at__gte=timezone.now() - FEED_PAST,
        )
        .order_by("starts_at", "pk")
    )
    for hangout in rows:
        hangout.network = network
    return rows


def feed_event(hangout: Hangout, *, with_join_link: bool) -> Event:
    """A hangout in a feed: the same UID and SEQUENCE as its invitation and download."""
    show_link = (
        with_join_link and bool(hangout.meeting_url) and hangout.status == Hangout.Status.SCHEDULED
    )
    status = ICS_STATUS.get(Hangout.Status(hangout.status), "CONFIRMED")
    summary = hangout.title
    if status == "CANCELLED":
        # Some calendars show a cancelled event as any other: say it in the title too.
        summary = _("Cancelled: %(title)s") % {"title": hangout.title}
    return ics.event(
        uid=hangout_uid(hangout),
        sequence=hangout.sequence,
        starts_at=hangout.starts_at,
        ends_at=hangout.ends_at,
        summary=summary,
        description=hangout_description(hangout, with_join_link=show_link),
        url=hangout_url(hangout),
        location=hangout.meeting_url if show_link else hangout_url(hangout),
        time_zone=hangout.network.time_zone,
        status=status,
    )


def feed_response(network: Network, *, with_join_link: bool) -> HttpResponse:
    events = [feed_event(h, with_join_link=with_join_link) for h in feed_hangouts(network)]
    body = ics.calendar(events, method="PUBLISH", name=network.display_name, refresh=FEED_REFRESH)
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{network.slug}.ics"'
    # A member's feed carries join links: never let a shared cache keep it.
    response["Cache-Control"] = "private, no-store" if with_join_link else "public, max-age=3600"
    return response


@require_GET
def network_feed(request: HttpRequest, network: str) -> HttpResponse:
    return feed_response(get_network(network), with_join_link=False)


@require_GET
def personal_feed(request: HttpRequest, network: str, token: str) -> HttpResponse:
    link = resolve_personal_link(token, purpose=FEED)
    if link is None or link.subject_id != 0 or link.member.network.slug != network:
        raise Http404
    return feed_response(link.member.network, with_join_link=True)


def feed_urls(path: str) -> dict[str, str]:
    https = settings.SITE_URL + path
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def current_feed_link(member: Member) -> PersonalLink | None:
    return PersonalLink.objects.filter(
        member=member, purpose=FEED, subject_id=0, revoked_at__isnull=True
    ).first()


@require_GET
def feed_links(request: HttpRequest, network: str) -> HttpResponse:
    """The network feed for everyone; a signed-in member's own feed (with join links)."""
    net = get_network(network)
    member = member_of(request, net)
    link = current_feed_link(member) if member is not None else None
    personal = None
    if link is not None:
        personal = feed_urls(
            reverse("outreach:personal_feed", kwargs={"network": net.slug, "token": link.token})
        )
    context = {
        "network": net,
        "member": member,
        "public": feed_urls(reverse("outreach:network_feed", kwargs={"network": net.slug})),
        "personal": personal,
    }
    return render(request, "outreach/feed_links.html", context)


@require_POST
def personal_feed_new(request: HttpRequest, network: str) -> HttpResponse:
    """A member's first feed link, or a new one that replaces (revokes) the old."""
    net = get_network(network)
    member = member_of(request, net)
    if member is None:
        raise PermissionDenied
    old = current_feed_link(member)
    if old is not None:
        old.revoke()
    issue_personal_link(member, purpose=FEED)
    if old is not None:
        flash.success(request, _("Your new link is ready; the old one no longer works."))
    return redirect("outreach:feed_links", network=net.slug)
