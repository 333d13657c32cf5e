"""The WSGI application behind Caddy: the client's address from the proxy's X-Forwarded-For.

gunicorn sets REMOTE_ADDR to the proxy's address (127.0.0.1) and leaves X-Forwarded-For alone,
so without this every visitor would share one rate-limit counter. Caddy replaces any
X-Forwarded-For a client sends with the client's address; we take the last entry, and only when
the request came from a trusted proxy (`settings.TRUSTED_PROXIES`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangouts.settings")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ClientAddressFromProxy:
    def __init__(self, app: WSGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = frozenset(trusted)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and environ.get("REMOTE_ADDR") in self.trusted:
            client = forwarded.rsplit(",", 1)[-1].strip()
            if client:
                environ["REMOTE_ADDR"] = client
        return self.app(environ, start_response)


def make_application() -> WSGIApp:
    django_app = get_wsgi_application()
    return ClientAddressFromProxy(django_app, settings.TRUSTED_PROXIES)


application = make_application()
