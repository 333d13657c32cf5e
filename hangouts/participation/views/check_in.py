"""Self check-in: the shared link the host pastes into the meeting chat (participation/links.py).

It does one thing, never signs in, and answers a known and an unknown phone number with the
same page (architecture.md, "Phone identification").
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hangouts.accounts.identification import identify
from hangouts.accounts.views import too_many
from hangouts.network.permissions import get_network
from hangouts.participation.actions import CheckInClosed, ensure_check_in_open, record_check_in
from hangouts.participation.links import is_check_in_token
from hangouts.participation.views.answers import get_public_hangout
from hangouts.programme.models import Hangout


def closed_message(hangout: Hangout) -> str:
    try:
        ensure_check_in_open(hangout)
    except CheckInClosed as closed:
        return str(closed.message)
    return ""


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, network: str, pk: int, token: str) -> HttpResponse:
    """Name and phone, then "you are checked in", the same page for a member and a guest."""
    if not is_check_in_token(pk, token):
        raise Http404
    net = get_network(network)
    hangout = get_public_hangout(net, pk)
    closed = closed_message(hangout)
    identification = identify(request, net) if not closed else None
    if identification is not None and identification.limited:
        return too_many(request)
    context: dict[str, Any] = {"network": net, "hangout": hangout, "closed": closed}
    if identification is not None and identification.identified:
        who = identification.form.cleaned_data
        try:
            record_check_in(
                hangout,
                member=identification.member,
                guest_name="" if identification.member else who["name"],
                guest_phone="" if identification.member else who["phone"],
            )
        except CheckInClosed as late:  # the window closed while the form was open
            context["closed"] = str(late.message)
        else:
            return render(request, "participation/check_in_recorded.html", context)
    context["identification"] = identification
    return render(request, "participation/check_in.html", context)
