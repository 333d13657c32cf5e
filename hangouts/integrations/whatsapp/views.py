"""HTTP for WhatsApp: Meta's webhook, and organisers recording a member's opt-in or opt-out."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.integrations.whatsapp.actions import (
    apply_webhook_events,
    record_whatsapp_opt_in,
    record_whatsapp_opt_out,
)
from hangouts.integrations.whatsapp.webhook import read_events, signature_matches
from hangouts.network.permissions import get_member_for_organiser

logger = logging.getLogger(__name__)


# Meta posts without a session or cookie, so CSRF protection has nothing to protect; each post
# is signed instead (X-Hub-Signature-256 with the app secret), and unsigned ones are refused.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    """GET: Meta's subscription check. POST: events, answered 200 once the signature holds."""
    if request.method == "GET":
        return verify_subscription(request)
    body = request.body
    secret = settings.WHATSAPP_APP_SECRET
    if not signature_matches(body, request.headers.get("X-Hub-Signature-256", ""), secret):
        return HttpResponseForbidden()
    try:
        payload = json.loads(body)
    except ValueError:
        logger.warning("WhatsApp webhook: a signed post that is not JSON was ignored")
        return HttpResponse()
    events = read_events(payload, phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID)
    apply_webhook_events(events)
    return HttpResponse()


def verify_subscription(request: HttpRequest) -> HttpResponse:
    """Echo hub.challenge when hub.mode is "subscribe" and hub.verify_token is ours."""
    expected = settings.WHATSAPP_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    if (
        not expected
        or request.GET.get("hub.mode") != "subscribe"
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        return HttpResponseForbidden()
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")


@require_POST
def member_opt_in(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """An organiser records that the member agreed to WhatsApp messages (now)."""
    member = get_member_for_organiser(request, network, pk)
    if not member.is_active or not member.phone:
        messages.error(request, _("A WhatsApp opt-in needs a member on the roster with a phone."))
        return redirect(member)
    record_whatsapp_opt_in(member)
    messages.success(
        request,
        _("Recorded: %(name)s agreed to receive WhatsApp messages.") % {"name": member.name},
    )
    return redirect(member)


@require_POST
def member_opt_out(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """An organiser records that the member no longer wants WhatsApp messages."""
    member = get_member_for_organiser(request, network, pk)
    record_whatsapp_opt_out(member)
    messages.success(
        request,
        _("Recorded: %(name)s will receive no WhatsApp messages.") % {"name": member.name},
    )
    return redirect(member)
