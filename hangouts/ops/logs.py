"""Log lines without paths: sign-in and personal links carry their tokens in the path."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.urls import Resolver404, resolve


def route_name(request: HttpRequest) -> str:
    """The URL pattern's name (`network:member_edit`), never the path itself."""
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<no route>"
    return f"<{match.view_name or 'unnamed route'}>"


class NoPaths(logging.Filter):
    """Replace the request path in Django's request and development-server log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and isinstance(record.args, tuple):
            escaped = request.path.encode("unicode_escape").decode("ascii")
            name = route_name(request)
            record.args = tuple(
                name if arg in {request.path, escaped} else arg for arg in record.args
            )
        elif record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            # "GET /r/abc123/ HTTP/1.1" -> "GET HTTP/1.1"
            words = str(record.args[0]).split()
            record.args = (" ".join(words[:1] + words[2:]), *record.args[1:])
        return True
