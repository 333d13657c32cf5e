"""HTTP for RSVPs and attendance by hand: load and authorise, bind the form, call an action."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.identification import identify
from hangouts.accounts.models import PersonalLink, User
from hangouts.accounts.views import too_many
from hangouts.network.models import Network
from hangouts.network.permissions import get_network, get_network_for_organiser, member_of
from hangouts.participation.actions import (
    AttendanceNotOpen,
    RsvpClosed,
    check_in_window,
    ensure_open,
    record_attendance,
    record_rsvp,
    waitlist_place,
)
from hangouts.participation.forms import AttendanceForm, RsvpForm
from hangouts.participation.links import check_in_path, personal_link_hangout
from hangouts.participation.models import RSVP, Attendance, AttendanceImport
from hangouts.programme.models import Hangout


def get_public_hangout(network: Network, pk: int) -> Hangout:
    """A hangout members can see (not a draft), in this network only."""
    hangouts = Hangout.objects.for_network(network).exclude(status=Hangout.Status.DRAFT)
    hangout = get_object_or_404(hangouts, pk=pk)
    hangout.network = network
    return hangout


def get_hangout_for_organiser(request: HttpRequest, slug: str, pk: int) -> Hangout:
    network = get_network_for_organiser(request, slug)
    hangout = get_object_or_404(Hangout.objects.for_network(network), pk=pk)
    hangout.network = network
    return hangout


def hangout_page(hangout: Hangout) -> str:
    kwargs = {"network": hangout.network.slug, "pk": hangout.pk}
    return reverse("programme:hangout_detail", kwargs=kwargs)


def rsvp_lists(hangout: Hangout) -> dict[str, list[RSVP]]:
    """Going, waiting (in the order served, so the position is the loop counter), not going."""
    rsvps = (
        RSVP.objects.filter(hangout=hangout)
        .select_related("member__organisation")
        .order_by("answered_at", "pk")
    )
    lists: dict[str, list[RSVP]] = {status: [] for status in RSVP.Status.values}
    for answer in rsvps:  # one query, split here
        lists[answer.status].append(answer)
    return {
        "going": lists[RSVP.Status.GOING],
        "waitlist": lists[RSVP.Status.WAITLISTED],
        "not_going": lists[RSVP.Status.CANCELLED],
    }


def attendance_for_hangout(hangout: Hangout) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(hangout=hangout)
        .with_is_first()
        .select_related("member__organisation")
        .order_by(Coalesce("member__name", "guest_name"), "pk")
    )


def closed_reason(hangout: Hangout) -> str:
    """Why the hangout takes no answers, or "" while it does."""
    try:
        ensure_open(hangout)
    except RsvpClosed as closed:
        return str(closed.message)
    return ""


def answer_message(rsvp: RSVP) -> str:
    if rsvp.status == RSVP.Status.GOING:
        return _("You are going.")
    if rsvp.status == RSVP.Status.WAITLISTED:
        place = waitlist_place(rsvp)
        return _("You are on the waiting list (place %(place)d).") % {"place": place}
    return _("You are not going.")


@require_POST
def rsvp(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """A signed-in member answers with the buttons of the hangout page."""
    net = get_network(network)
    hangout = get_public_hangout(net, pk)
    if not request.user.is_authenticated:
        sign_in = reverse("network:sign_in", kwargs={"network": net.slug})
        return redirect(f"{sign_in}?{urlencode({'next': hangout_page(hangout)})}")
    member = member_of(request, net)
    if member is None:
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you are going or not."))
        return redirect(hangout_page(hangout))
    try:
        answer = record_rsvp(
            hangout, going=form.cleaned_data["going"], via=RSVP.Via.SIGNED_IN, member=member
        )
    except RsvpClosed as closed:
        messages.error(request, str(closed.message))
    else:
        messages.success(request, answer_message(answer.rsvp))
    return redirect(hangout_page(hangout))


@require_http_methods(["GET", "POST"])
def rsvp_personal(request: HttpRequest, network: str, token: str) -> HttpResponse:
    """Answer from a personal link (email, WhatsApp): does that one thing, never signs in."""
    found = personal_link_hangout(network, token, purpose=PersonalLink.Purpose.RSVP)
    if found is None:
        return render(request, "participation/rsvp_link_invalid.html", status=410)
    member, hangout = found
    form = RsvpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            going = form.cleaned_data["going"]
            answer = record_rsvp(hangout, going=going, via=RSVP.Via.PERSONAL_LINK, member=member)
        except RsvpClosed as closed:
            messages.error(request, str(closed.message))
        else:
            messages.success(request, answer_message(answer.rsvp))
        return redirect(request.path)
    current = RSVP.objects.filter(hangout=hangout, member=member).first()
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "member": member,
        "rsvp": current,
        "place": waitlist_place(current) if current else None,
        "closed": closed_reason(hangout),
        "form": form,
    }
    return render(request, "participation/rsvp_personal.html", context)


@require_http_methods(["GET", "POST"])
def rsvp_by_phone(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """From the group post's shared link: name and phone, then the same page for everyone."""
    net = get_network(network)
    hangout = get_public_hangout(net, pk)
    closed = closed_reason(hangout)
    identification = identify(request, net) if not closed else None
    if identification is not None and identification.limited:
        return too_many(request)
    form = RsvpForm(request.POST or None)
    context: dict[str, Any] = {"network": net, "hangout": hangout, "closed": closed}
    if identification is not None and identification.identified and form.is_valid():
        who = identification.form.cleaned_data
        record_rsvp(
            hangout,
            going=form.cleaned_data["going"],
            via=RSVP.Via.PHONE,
            member=identification.member,
            guest_name="" if identification.member else who["name"],
            guest_phone="" if identification.member else who["phone"],
        )
        # Never a status, a place or the join link: the page must not tell a member from a guest.
        return render(request, "participation/rsvp_recorded.html", context)
    context.update(form=form, identification=identification)
    return render(request, "participation/rsvp_phone.html", context)


def rsvp_list(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Organisers: who is going, who waits (with their place), who is not going."""
    hangout = get_hangout_for_organiser(request, network, pk)
    context = {"network": hangout.network, "hangout": hangout, **rsvp_lists(hangout)}
    return render(request, "participation/rsvp_list.html", context)


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Organisers: who attended, and a form to add a member or a guest by hand."""
    hangout = get_hangout_for_organiser(request, network, pk)
    form = AttendanceForm(request.POST or None, network=hangout.network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_attendance(
                hangout,
                by=cast(User, request.user),
                member=data["member"],
                guest_name=data["guest_name"],
                minutes=data["minutes"],
            )
        except AttendanceNotOpen as not_open:
            form.add_error(None, str(not_open.message))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(request.path)
    opens, closes = check_in_window(hangout)
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "form": form,
        "entries": attendance_for_hangout(hangout),
        "check_in_url": request.build_absolute_uri(check_in_path(hangout)),
        "check_in_opens": opens,
        "check_in_closes": closes,
        "last_import": AttendanceImport.objects.filter(hangout=hangout).defer("content").first(),
    }
    return render(request, "participation/attendance_list.html", context)


@require_POST
def attendance_remove(request: HttpRequest, network: str, pk: int, entry: int) -> HttpResponse:
    hangout = get_hangout_for_organiser(request, network, pk)
    found = Attendance.objects.filter(hangout=hangout, pk=entry).first()
    if found is None:
        raise Http404
    found.delete()
    messages.success(request, _("Removed from the attendance."))
    return redirect("participation:attendance", network=hangout.network.slug, pk=hangout.pk)
