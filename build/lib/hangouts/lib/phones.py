"""Phone numbers: stored as E.164, parsed in the network's region, shared as WhatsApp links."""

from __future__ import annotations

from urllib.parse import quote

import phonenumbers


class PhoneError(ValueError):
    """The text is not a phone number that can be dialled."""


def normalize_phone(raw: str, region: str) -> str:
    """Return the number in E.164 ("+8562055551234"); local numbers are read in `region`."""
    text = (raw or "").strip()
    # Lao digits (໐–໙) are typed on some phones.
    text = text.translate(str.maketrans("໐໑໒໓໔໕໖໗໘໙", "0123456789"))
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        raise PhoneError(raw) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """How people write it: "+856 20 55 551 234"."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def whatsapp_link(e164: str, text: str) -> str:
    """A one-tap link that opens WhatsApp with `text` ready to send to that number."""
    digits = e164.lstrip("+")
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"
