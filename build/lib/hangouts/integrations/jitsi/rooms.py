"""Jitsi rooms: a room exists as soon as someone opens its address, so the name is the secret."""

from __future__ import annotations

import base64
import re
import secrets

DEFAULT_BASE_URL = "https://meet.jit.si"
# 16 random bytes, as on secrets.token_urlsafe(16). Jitsi lowercases room names, so we write them
# in lowercase base32: no case is folded away and all 128 bits stay in the name.
ROOM_TOKEN_BYTES = 16


def room_token() -> str:
    return base64.b32encode(secrets.token_bytes(ROOM_TOKEN_BYTES)).decode().rstrip("=").lower()


def readable_prefix(*words: str) -> str:
    """ "sun-csa-lao", "hangout" → "SunCsaLao-Hangout": ASCII only, safe in any chat app."""
    parts = []
    for word in words:
        pieces = re.findall(r"[A-Za-z0-9]+", word)
        joined = "".join(piece[:1].upper() + piece[1:].lower() for piece in pieces)
        if joined:
            parts.append(joined)
    return "-".join(parts) or "Hangout"


def new_room_url(*, base_url: str = DEFAULT_BASE_URL, words: tuple[str, ...] = ()) -> str:
    """A fresh, unguessable room on the given Jitsi server (meet.jit.si or a self-hosted one),
    named "<Readable-Prefix>-<token>" from the given words."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    return f"{base}/{readable_prefix(*words)}-{room_token()}"


def is_public_jitsi(url: str) -> bool:
    """Rooms on meet.jit.si need a signed-in first participant to become moderator."""
    return url.startswith(DEFAULT_BASE_URL + "/") or url.rstrip("/") == DEFAULT_BASE_URL
