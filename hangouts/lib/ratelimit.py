"""Fixed-window rate limits kept in the shared cache, so they hold across web processes."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Behind the documented proxy (Caddy), hangouts.ops.wsgi sets REMOTE_ADDR from
    # X-Forwarded-For when the peer is in TRUSTED_PROXIES (gunicorn does not); never elsewhere.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(scope: str, *parts: str) -> bool:
    """Count one attempt for `scope` and `parts`; False once the limit for the window is reached.

    The key is hashed: addresses and emails never appear in the cache table.
    """
    limit, window = settings.RATE_LIMITS[scope]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    key = f"rate:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
