"""Printable documents (WeasyPrint): an award's certificate and a year's list.

Both are rendered from a template in the network's language (English when we have no
catalogue for it), with the shipped Noto Sans Lao (fonts/) and U+200B between Lao words
(text.with_word_breaks, applied by the `breakable` filter) so Pango wraps Lao lines.
"""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from hangouts.awards import text
from hangouts.awards.models import Award
from hangouts.network.models import Network

LONG_CITATION = 200


def document_language(network: Network) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return network.language if network.language in languages else "en"


def logo_data_uri(network: Network) -> str:
    """The network's logo inlined (works with any storage), or "" when it has none."""
    if not network.logo:
        return ""
    try:
        with network.logo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""  # a logo lost from storage should not stop a certificate
    mime = mimetypes.guess_type(network.logo.name or "")[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def font_context() -> dict[str, str]:
    return {"font_regular": text.REGULAR.as_uri(), "font_bold": text.BOLD.as_uri()}


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    from weasyprint import HTML  # imported here: only PDFs need it (and it is slow to import)

    with translation.override(language):
        html = render_to_string(template, {**font_context(), **context})
    return bytes(HTML(string=html, base_url=str(text.FONTS)).write_pdf())


def certificate_pdf(award: Award) -> bytes:
    """A4 landscape: the network's name and logo, the member, the month and the citation."""
    network = award.network
    language = document_language(network)
    context = {
        "award": award,
        "network": network,
        "member": award.member,
        "month": text.month_name(award.month, language),
        "logo": logo_data_uri(network),
        # A long citation (up to 600 + 600 characters) gets a tighter layout: still one page.
        "long": len(award.citation) + len(award.citation_en) > LONG_CITATION,
    }
    return render_pdf("awards/certificate.html", context, language=language)


def annual_pdf(network: Network, year: int) -> bytes:
    """A4 portrait list of the year's awards and presenters, in the network's language."""
    from hangouts.awards.annual import year_list

    language = document_language(network)
    with translation.override(language):
        rows = year_list(network, year, language=language)
    context = {"network": network, "rows": rows, "logo": logo_data_uri(network)}
    return render_pdf("awards/annual.html", context, language=language)
