"""The UI language follows the person (their choice, then their account), then the network."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from hangouts.network.models import Network

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in SUPPORTED:
            chosen = None
        request.chosen_language = chosen  # type: ignore[attr-defined]
        activate(request, chosen or settings.LANGUAGE_CODE)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Cookie"])
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> None:
        if request.chosen_language:  # type: ignore[attr-defined]
            return
        user = getattr(request, "user", None)
        account_language = getattr(user, "language", "") if user is not None else ""
        if account_language in SUPPORTED:
            activate(request, account_language)
        elif "network" in kwargs:
            language = (
                Network.objects.filter(slug=kwargs["network"])
                .values_list("language", flat=True)
                .first()
            )
            if language in SUPPORTED:
                activate(request, language)
            elif language:  # a national language we have no translation for yet
                activate(request, "en")


def activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
