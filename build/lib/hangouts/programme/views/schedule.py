"""HTTP for organisers' planning: series, scheduling and managing hangouts, presenters."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hangouts.accounts.models import User
from hangouts.integrations.jitsi.rooms import is_public_jitsi
from hangouts.network.models import Network
from hangouts.network.permissions import (
    get_network,
    get_network_for_organiser,
    is_organiser,
    member_of,
)
from hangouts.network.views import sign_in_first
from hangouts.programme import presenters
from hangouts.programme.actions.hangouts import (
    OPEN_STATUSES,
    cancel_hangout,
    mark_held,
    reschedule_hangout,
    schedule_hangout,
)
from hangouts.programme.actions.series import create_series
from hangouts.programme.forms.hangouts import (
    CancelForm,
    HangoutForm,
    HeldForm,
    InviteForm,
    OfferForm,
    RescheduleForm,
    hangout_initial,
    prefill,
)
from hangouts.programme.forms.series import PlanStartForm, SeriesForm
from hangouts.programme.meetings import JITSI_MODERATOR_NOTE, MeetingError
from hangouts.programme.models import Hangout, PresentationOffer, Series, Topic
from hangouts.programme.planning import next_dates

MANAGE_STEPS: dict[str, Any] = {
    "reschedule": (RescheduleForm, reschedule_hangout, gettext_lazy("Rescheduled.")),
    "cancel": (CancelForm, cancel_hangout, gettext_lazy("Cancelled.")),
    "held": (HeldForm, mark_held, gettext_lazy("Marked as held.")),
}


def organiser(request: HttpRequest) -> User:
    return cast(User, request.user)


def get_series_for_organiser(request: HttpRequest, slug: str, pk: int) -> Series:
    network = get_network_for_organiser(request, slug)
    return get_object_or_404(Series.objects.select_related("network"), network=network, pk=pk)


def get_hangout_for_organiser(request: HttpRequest, slug: str, pk: int) -> Hangout:
    network = get_network_for_organiser(request, slug)
    return get_object_or_404(
        Hangout.objects.select_related("network", "series", "topic"), network=network, pk=pk
    )


@require_GET
def series_list(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    series = Series.objects.filter(network=net).order_by("name")
    return render(request, "programme/series_list.html", {"network": net, "series_list": series})


@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, network: str, pk: int | None = None) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    instance = get_object_or_404(Series, network=net, pk=pk) if pk else None
    form = SeriesForm(request.POST or None, instance=instance, network=net)
    if request.method == "POST" and form.is_valid():
        series = form.save() if instance else create_series(net, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("programme:series_plan", network=net.slug, pk=series.pk)
    context = {"network": net, "form": form, "series": instance}
    return render(request, "programme/series_form.html", context)


@require_POST
def series_zoom_meeting(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """One recurring Zoom meeting for the series, so that its link never changes."""
    from hangouts.integrations.zoom.client import ZoomError
    from hangouts.integrations.zoom.meetings import create_series_meeting

    series = get_series_for_organiser(request, network, pk)
    try:
        create_series_meeting(series)
    except ZoomError as error:  # nothing was saved: say why
        messages.error(request, str(error))
    else:
        messages.success(request, _("The series now has one recurring Zoom meeting."))
    return redirect("programme:series_plan", network=series.network.slug, pk=series.pk)


@require_GET
def series_plan(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """ "Plan the next six": the rule's dates, with holidays and clashes, each a start button."""
    series = get_series_for_organiser(request, network, pk)
    context = {
        "network": series.network,
        "series": series,
        "dates": next_dates(series, after=timezone.now()),
        "topics": Topic.objects.for_network(series.network).on_board().order_by("title"),
    }
    return render(request, "programme/series_plan.html", context)


@require_GET
def series_plan_start(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """From a planned date and a chosen topic to the prefilled scheduling form."""
    series = get_series_for_organiser(request, network, pk)
    form = PlanStartForm(request.GET, network=series.network)
    if not form.is_valid():
        messages.error(request, _("Choose a topic for this date."))
        return redirect("programme:series_plan", network=network, pk=pk)
    url = reverse(
        "programme:hangout_create",
        kwargs={"network": network, "topic_pk": form.cleaned_data["topic"].pk},
    )
    query = {"starts_at": form.cleaned_data["starts_at"].isoformat(), "series": series.pk}
    return redirect(f"{url}?{urlencode(query)}")


@require_http_methods(["GET", "POST"])
def hangout_create(request: HttpRequest, network: str, topic_pk: int) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    topic = get_object_or_404(Topic, network=net, pk=topic_pk, merged_into__isnull=True)
    series, starts_at = prefill(net, request.GET)
    initial = hangout_initial(topic, series=series, starts_at=starts_at)
    form = HangoutForm(request.POST or None, initial=initial, network=net)
    if request.method == "POST" and form.is_valid():
        try:
            hangout = schedule_hangout(topic, by=organiser(request), **form.schedule_arguments())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The hangout is scheduled."))
            return redirect(hangout.get_absolute_url())
    context = {"network": net, "topic": topic, "form": form, "mix": presenters.presenter_mix(net)}
    return render(request, "programme/hangout_form.html", context)


@require_http_methods(["GET", "POST"])
def hangout_manage(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Reschedule, cancel or mark held, one form each; and the hangout's history."""
    hangout = get_hangout_for_organiser(request, network, pk)
    chosen = request.POST.get("step", "") if request.method == "POST" else ""
    data = request.POST if chosen in MANAGE_STEPS else None
    forms = {
        name: form_class(data if name == chosen else None, hangout=hangout, prefix=name)
        for name, (form_class, _step, _done) in MANAGE_STEPS.items()
    }
    if chosen in forms and forms[chosen].is_valid():
        _form, step, done = MANAGE_STEPS[chosen]
        try:
            step(hangout, by=organiser(request), **forms[chosen].cleaned_data)
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect("programme:hangout_manage", network=network, pk=pk)
    return render(request, "programme/hangout_manage.html", manage_context(hangout, forms))


def manage_context(hangout: Hangout, forms: dict[str, Any]) -> dict[str, Any]:
    jitsi = hangout.meeting_provider == Series.Provider.JITSI
    return {
        "network": hangout.network,
        "hangout": hangout,
        "forms": forms,
        "can_change": hangout.status in OPEN_STATUSES,
        "jitsi_note": JITSI_MODERATOR_NOTE
        if jitsi and is_public_jitsi(hangout.meeting_url)
        else "",
        "changes": hangout.changes.select_related("by").order_by("at", "pk"),
    }


@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest, network: str) -> HttpResponse:
    """ "I can present on…", for a signed-in member."""
    if not request.user.is_authenticated:
        return sign_in_first(request, network)
    net = get_network(network)
    member = member_of(request, net)
    if member is None:
        raise PermissionDenied
    form = OfferForm(request.POST or None, network=net)
    if request.method == "POST" and form.is_valid():
        presenters.offer_to_present(member, **form.cleaned_data)
        messages.success(request, _("Thank you! The organisers will be in touch."))
        return redirect("programme:offer_create", network=net.slug)
    offers = member.offers.select_related("topic").order_by("-created_at")
    context = {"network": net, "form": form, "offers": offers}
    return render(request, "programme/offer_form.html", context)


@require_GET
def offer_list(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    return offers_page(request, net, InviteForm(network=net))


@require_POST
def offer_settle(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Accept or decline an offer to present."""
    net = get_network_for_organiser(request, network)
    offer = get_object_or_404(PresentationOffer, network=net, pk=pk)
    status = request.POST.get("status")
    if status not in (PresentationOffer.Status.ACCEPTED, PresentationOffer.Status.DECLINED):
        return HttpResponse(status=400)
    offer.settle(PresentationOffer.Status(status))
    messages.success(request, _("Saved."))
    return redirect("programme:offer_list", network=net.slug)


@require_POST
def offer_invite(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    form = InviteForm(request.POST, network=net)
    if not form.is_valid():
        return offers_page(request, net, form, status=400)
    presenters.invite_to_present(by=organiser(request), **form.cleaned_data)
    messages.success(request, _("Invitation recorded."))
    return redirect("programme:offer_list", network=net.slug)


def offers_page(
    request: HttpRequest, net: Network, form: InviteForm, status: int = 200
) -> HttpResponse:
    context = {"network": net, "form": form, "offers": presenters.open_offers(net)}
    return render(request, "programme/offer_list.html", context, status=status)


@require_GET
def presenter_profile(request: HttpRequest, network: str, member_pk: int) -> HttpResponse:
    """Public: a presenter's name, organisation, and the hangouts they presented."""
    net = get_network(network)
    member = get_object_or_404(net.members.select_related("organisation"), pk=member_pk)
    presentations = list(presenters.presentations_of(member))
    if not presentations:
        raise Http404
    context = {
        "network": net,
        "presenter": member,
        "presentations": presentations,
        "is_organiser": is_organiser(request, net),
    }
    return render(request, "programme/presenter_profile.html", context)


@require_GET
def presenter_mix(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    context = {"network": net, "mix": presenters.presenter_mix(net)}
    return render(request, "programme/presenter_mix.html", context)
