"""`breakable`: Lao text with U+200B at word boundaries, for PDFs (Pango cannot find them)."""

from __future__ import annotations

from django import template

from hangouts.awards.text import with_word_breaks

register = template.Library()


@register.filter
def breakable(value: object) -> str:
    # Autoescaping still applies: the result is a plain str, not marked safe.
    return with_word_breaks(str(value)) if value not in (None, "") else ""
