"""The public hangout pages: one hangout, its calendar file, the list, the Zoom guide.

The join link (meeting URL and passcode) is shown only to identified people: organisers of
the network and its signed-in members, and, in the calendar file, holders of a personal link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_time, get_timezone_location
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from hangouts.accounts.actions import resolve_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.lib.dates import babel_locale
from hangouts.network.models import Member, Network
from hangouts.network.permissions import get_network, is_organiser, member_of
from hangouts.outreach.announcements import to_post
from hangouts.participation.feedback import is_feedback_open
from hangouts.programme.calendar import hangout_calendar
from hangouts.programme.models import Hangout, Presenter
from hangouts.programme.queries import (
    hangout_for_page,
    member_rsvp,
    past_hangouts,
    upcoming_hangouts,
)

AGENDA_LABELS = {
    "welcome": _("Welcome"),
    "talk": _("Talk"),
    "discussion": _("Discussion"),
    "wrap_up": _("Wrap-up"),
}


@dataclass(frozen=True)
class AgendaRow:
    starts: str
    label: str
    minutes: int


@dataclass(frozen=True)
class PresenterLine:
    presenter: Presenter
    profile_url: str


def optional_url(name: str, **kwargs: Any) -> str:
    """The URL of a page another part of the programme provides; "" while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def load_hangout(request: HttpRequest, slug: str, pk: int) -> tuple[Hangout, bool, Member | None]:
    """The hangout (drafts only for organisers), whether the viewer organises, their member."""
    network = get_network(slug)
    organiser = is_organiser(request, network)
    hangout = hangout_for_page(network, pk, include_drafts=organiser)
    if hangout is None:
        raise Http404
    hangout.network = network  # one query fewer for every use of hangout.network
    return hangout, organiser, member_of(request, network)


def presenter_lines(network: Network, hangout: Hangout) -> list[PresenterLine]:
    return [
        PresenterLine(
            presenter,
            optional_url(
                "programme:presenter_profile", network=network.slug, member_pk=presenter.member_id
            ),
        )
        for presenter in hangout.presenters.all()
    ]


def time_zone_name(time_zone: str) -> str:
    """ "Laos Time" / "ເວລາ ລາວ": what people call the network's time zone."""
    return get_timezone_location(ZoneInfo(time_zone), locale=babel_locale())


def agenda_rows(hangout: Hangout, time_zone: str) -> list[AgendaRow]:
    """Each part with its local start time (14:00, 14:05…) and minutes."""
    rows, at = [], timezone.localtime(hangout.starts_at, ZoneInfo(time_zone))
    for part, minutes in hangout.agenda:
        clock = format_time(at.time(), format="short", locale=babel_locale())
        rows.append(AgendaRow(clock, str(AGENDA_LABELS.get(str(part), part)), int(minutes)))
        at += timedelta(minutes=int(minutes))
    return rows


def page_links(network: Network, hangout: Hangout, path: str) -> dict[str, str]:
    kwargs = {"network": network.slug, "pk": hangout.pk}
    sign_in = reverse("network:sign_in", kwargs={"network": network.slug})
    return {
        "rsvp": optional_url("participation:rsvp", **kwargs),
        "rsvp_by_phone": optional_url("participation:rsvp_by_phone", **kwargs),
        "manage": optional_url("programme:hangout_manage", **kwargs),
        "outreach": optional_url("outreach:hangout_outreach", **kwargs),
        "feedback": optional_url("participation:feedback", **kwargs),
        "feedback_summary": optional_url("participation:feedback_summary", **kwargs),
        "look_back": optional_url("participation:look_back", **kwargs),
        "sign_in": f"{sign_in}?{urlencode({'next': path})}",
    }


def detail_context(
    request: HttpRequest, hangout: Hangout, organiser: bool, member: Member | None
) -> dict[str, Any]:
    net = hangout.network
    capacity = hangout.capacity
    return {
        "network": net,
        "hangout": hangout,
        "is_organiser": organiser,
        "member": member,
        "show_join_link": organiser or member is not None,
        "rsvp": member_rsvp(hangout, member) if member is not None else None,
        "presenters": presenter_lines(net, hangout),
        "agenda": agenda_rows(hangout, net.time_zone),
        "time_zone_name": time_zone_name(net.time_zone),
        "minutes": int(hangout.duration.total_seconds() // 60),
        "language_name": language_name(hangout.language),
        "needs_interpretation": hangout.language != net.language,
        "places_left": None if capacity is None else max(capacity - hangout.going_count, 0),
        "rsvp_open": hangout.status == Hangout.Status.SCHEDULED
        and hangout.ends_at >= timezone.now(),
        "links": page_links(net, hangout, request.get_full_path()),
        # Organisers and the hangout's presenters read its feedback (participation/feedback.py).
        "is_presenter": member is not None
        and any(p.member_id == member.pk for p in hangout.presenters.all()),
        "has_ended": hangout.status in (Hangout.Status.SCHEDULED, Hangout.Status.HELD)
        and hangout.ends_at <= timezone.now(),
        "feedback_open": is_feedback_open(hangout),
        # Group texts due and not yet posted (outreach/announcements.py): organisers only.
        "to_post_count": to_post(hangout).count() if organiser else 0,
    }


@require_GET
def hangout_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout, organiser, member = load_hangout(request, network, pk)
    context = detail_context(request, hangout, organiser, member)
    return render(request, "programme/hangout_detail.html", context)


def holds_personal_link(request: HttpRequest, hangout: Hangout) -> bool:
    """A member's RSVP link for this hangout, or their calendar-feed link, in `?token=`."""
    token = request.GET.get("token", "")
    if not token:
        return False
    for purpose, subject_id in (
        (PersonalLink.Purpose.RSVP, hangout.pk),
        (PersonalLink.Purpose.CALENDAR_FEED, 0),
    ):
        link = resolve_personal_link(token, purpose=purpose)
        if link and link.member.network_id == hangout.network_id and link.subject_id == subject_id:
            return True
    return False


@require_GET
def hangout_ics(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout, organiser, member = load_hangout(request, network, pk)
    identified = organiser or member is not None or holds_personal_link(request, hangout)
    response = HttpResponse(
        hangout_calendar(hangout, with_join_link=identified),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="hangout-{hangout.pk}.ics"'
    # A private copy carries the join link: never let a shared cache keep it.
    response["Cache-Control"] = "private, no-store" if identified else "public, max-age=300"
    return response


@require_GET
def hangout_list(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    context = {
        "network": net,
        "upcoming": list(upcoming_hangouts(net)),
        "past": list(past_hangouts(net)),
    }
    return render(request, "programme/hangout_list.html", context)


@require_GET
def zoom_guide(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    return render(request, "programme/zoom_guide.html", {"network": net})
