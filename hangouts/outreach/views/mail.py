"""Outreach views: mail — the organisers' invitations page and the members' unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.actions import resolve_personal_link
from hangouts.accounts.models import PersonalLink, User
from hangouts.network.models import Member
from hangouts.network.permissions import get_network_for_organiser
from hangouts.outreach import mailings, outbox
from hangouts.programme.models import Hangout

# While a mailing runs, the page reloads itself (no JavaScript needed).
REFRESH_SECONDS = 3


def get_hangout_for_organiser(request: HttpRequest, slug: str, pk: int) -> Hangout:
    network = get_network_for_organiser(request, slug)
    return get_object_or_404(Hangout.objects.select_related("network"), network=network, pk=pk)


def invitations_url(hangout: Hangout) -> str:
    return reverse(
        "outreach:invitations", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Who an invitation reaches, the send button, each mailing's progress and its failures."""
    hangout = get_hangout_for_organiser(request, network, pk)
    if request.method == "POST":
        assert isinstance(request.user, User)
        try:
            mailings.send_invitations(hangout, by=request.user)
        except mailings.MailingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The invitations are being sent."))
        return redirect(invitations_url(hangout))
    progress = mailings.progress(hangout)
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "audience": mailings.audience(hangout.network),
        "progress": progress,
        "failures": outbox.failures(hangout.network, [row.mailing.pk for row in progress]),
        "can_send": mailings.can_invite(hangout),
        "running": any(not row.finished for row in progress),
    }
    response = render(request, "outreach/mailing_invitations.html", context)
    if context["running"]:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_POST
def invitations_retry(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout = get_hangout_for_organiser(request, network, pk)
    ids = mailings.message_ids_of(hangout, request.POST.getlist("message"))
    count = outbox.retry_messages(hangout.network, ids)
    messages.success(
        request,
        ngettext("%(n)d message will be sent again.", "%(n)d messages will be sent again.", count)
        % {"n": count},
    )
    return redirect(invitations_url(hangout))


@require_POST
def invitations_drop(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout = get_hangout_for_organiser(request, network, pk)
    ids = mailings.message_ids_of(hangout, request.POST.getlist("message"))
    count = outbox.drop_messages(hangout.network, ids)
    messages.success(
        request,
        ngettext("%(n)d message dropped.", "%(n)d messages dropped.", count) % {"n": count},
    )
    return redirect(invitations_url(hangout))


def unsubscribe_member(network: str, token: str) -> Member | None:
    link = resolve_personal_link(token, purpose=PersonalLink.Purpose.UNSUBSCRIBE)
    if link is None or link.member.network.slug != network:
        return None
    return link.member


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST without a CSRF token. Safe:
# the token in the address is the authority, and unsubscribing twice changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, network: str, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    member = unsubscribe_member(network, token)
    if member is None:
        return render(request, "outreach/mailing_unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        mailings.opt_out_of_email(member)
    context = {"network": member.network, "member": member, "done": request.method == "POST"}
    return render(request, "outreach/mailing_unsubscribe.html", context)
