"""/healthz: is the database answering, and has a task worker beaten recently?"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hangouts.ops.models import WorkerHeartbeat


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when both are fine, else 503; one query, nothing personal, no rate limit."""
    try:
        last_beat = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    except DatabaseError:
        return JsonResponse({"database": "error", "worker": "unknown"}, status=503)
    limit = 3 * settings.HOUSEKEEPING_SECONDS
    age = None if last_beat is None else max(0, round((timezone.now() - last_beat).total_seconds()))
    worker = "missing" if age is None else ("ok" if age <= limit else "late")
    body = {"database": "ok", "worker": worker, "worker_heartbeat_age_seconds": age}
    return JsonResponse(body, status=200 if worker == "ok" else 503)


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The load benchmark's yardstick: the least a Django view can do, through the same
    middleware and server as the real pages. Routed only when settings.BENCH_BARE_VIEW is on."""
    return HttpResponse("ok", content_type="text/plain")
