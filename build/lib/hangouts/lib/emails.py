"""One way to send a templated email: plain text and HTML, in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    template: str,
    *,
    to: list[str],
    language: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """Render emails/<template>_subject.txt, .txt and .html in `language` and send them."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()
