"""HTTP for Zoom: the event webhook (URL validation and live joins)."""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hangouts.integrations.zoom.actions import record_live_join
from hangouts.integrations.zoom.webhook import (
    URL_VALIDATION,
    read_join,
    signature_matches,
    url_validation_answer,
)

logger = logging.getLogger(__name__)


# Zoom posts without a session or cookie, so CSRF protection has nothing to protect; each post
# is signed instead (x-zm-signature, v0), and unsigned or stale ones are refused. With
# ZOOM_WEBHOOK_SECRET empty the webhook is off: every post gets 403.
@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Answer Zoom's URL validation; record meeting.participant_joined; 200 for other events."""
    secret = getattr(settings, "ZOOM_WEBHOOK_SECRET", "")
    body = request.body
    if not signature_matches(
        body,
        timestamp=request.headers.get("x-zm-request-timestamp", ""),
        signature=request.headers.get("x-zm-signature", ""),
        secret=secret,
        now=time.time(),
    ):
        return HttpResponseForbidden()
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        logger.warning("Zoom webhook: a signed post that is not a JSON object was ignored")
        return HttpResponse(status=400)
    if payload.get("event") == URL_VALIDATION:
        answer = url_validation_answer(payload, secret)
        return JsonResponse(answer) if answer else HttpResponse(status=400)
    join = read_join(payload, now=timezone.now())
    if join is not None:
        record_live_join(join)
    return HttpResponse()
