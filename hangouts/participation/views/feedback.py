"""HTTP for feedback (participation/feedback.py) and the organisers' look back.

Three ways in: a member's personal link, the shared link with phone identification (the same
page for a member and a guest, never prefilled: it must not reveal who is on the roster), and
the shared link for a signed-in member of the network (no phone asked).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hangouts.accounts.identification import identify
from hangouts.accounts.models import PersonalLink
from hangouts.accounts.views import too_many
from hangouts.network.models import Member
from hangouts.network.permissions import get_network, is_organiser, member_of
from hangouts.participation.feedback import (
    FeedbackClosed,
    closed_reason,
    existing_feedback,
    feedback_summary,
    feedback_window,
    record_feedback,
)
from hangouts.participation.forms import FeedbackForm
from hangouts.participation.links import personal_link_hangout
from hangouts.participation.look_back import has_taken_place, look_back
from hangouts.participation.models import Feedback
from hangouts.participation.views.answers import get_hangout_for_organiser, get_public_hangout
from hangouts.programme.models import Hangout, Presenter

FORM = "participation/feedback_form.html"


def save(form: FeedbackForm, hangout: Hangout, *, via: Feedback.Via, **who: Any) -> Feedback | None:
    """Record a valid form; a window that closed meanwhile becomes the form's error."""
    try:
        return record_feedback(hangout, via=via, **form.cleaned_data, **who)
    except FeedbackClosed as closed:
        form.add_error(None, str(closed.message))
        return None


def own_answer(
    request: HttpRequest, hangout: Hangout, member: Member, *, via: Feedback.Via
) -> HttpResponse:
    """The form for a known member (personal link, signed in), prefilled with their answer."""
    closed = closed_reason(hangout)
    current = existing_feedback(hangout, member)
    form = FeedbackForm(
        request.POST if request.method == "POST" and not closed else None,
        network=hangout.network,
        initial=FeedbackForm.initial_from(current),
    )
    if form.is_bound and form.is_valid() and save(form, hangout, via=via, member=member):
        messages.success(request, _("Thank you: your feedback is saved. You can correct it here."))
        return redirect(request.path)
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "member": member,
        "answered": current is not None,
        "closed": closed,
        "closes": feedback_window(hangout)[1],
        "form": form,
    }
    return render(request, FORM, context)


@require_http_methods(["GET", "POST"])
def feedback_personal(request: HttpRequest, network: str, token: str) -> HttpResponse:
    """From the feedback request email: does that one thing, never signs in."""
    found = personal_link_hangout(network, token, purpose=PersonalLink.Purpose.FEEDBACK)
    if found is None:
        return render(request, "participation/feedback_link_invalid.html", status=410)
    member, hangout = found
    return own_answer(request, hangout, member, via=Feedback.Via.PERSONAL_LINK)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The shared link of the group post: signed-in members answer at once, others by phone."""
    net = get_network(network)
    hangout = get_public_hangout(net, pk)
    member = member_of(request, net)
    if member is not None:
        return own_answer(request, hangout, member, via=Feedback.Via.SIGNED_IN)
    closed = closed_reason(hangout)
    identification = identify(request, net) if not closed else None
    if identification is not None and identification.limited:
        return too_many(request)
    form = FeedbackForm((request.POST or None) if not closed else None, network=net)
    context: dict[str, Any] = {"network": net, "hangout": hangout, "closed": closed}
    if identification is not None and identification.identified and form.is_valid():
        who = identification.form.cleaned_data
        known = identification.member
        if save(
            form,
            hangout,
            via=Feedback.Via.PHONE,
            member=known,
            guest_name="" if known else who["name"],
            guest_phone="" if known else who["phone"],
        ):
            # The same page for a member and a guest: nothing tells them apart.
            return render(request, "participation/feedback_recorded.html", context)
    context.update(form=form, identification=identification)
    return render(request, FORM, context)


def get_hangout_for_feedback_reader(request: HttpRequest, slug: str, pk: int) -> Hangout:
    """Organisers of the network, and the hangout's own presenters; others are refused."""
    net = get_network(slug)
    hangout = get_object_or_404(Hangout.objects.for_network(net), pk=pk)
    hangout.network = net
    if is_organiser(request, net):
        return hangout
    member = member_of(request, net)
    if member is None or not Presenter.objects.filter(hangout=hangout, member=member).exists():
        raise PermissionDenied
    return hangout


@require_GET
def feedback_summary_page(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout = get_hangout_for_feedback_reader(request, network, pk)
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "summary": feedback_summary(hangout),
        "share_url": request.build_absolute_uri(
            reverse("participation:feedback", kwargs={"network": network, "pk": hangout.pk})
        ),
        "window": feedback_window(hangout),
    }
    return render(request, "participation/feedback_summary.html", context)


@require_GET
def look_back_page(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Organisers: how the hangout went, once it has taken place."""
    hangout = get_hangout_for_organiser(request, network, pk)
    if not has_taken_place(hangout):
        raise Http404
    context = {"network": hangout.network, "hangout": hangout, "look": look_back(hangout)}
    return render(request, "participation/look_back.html", context)
