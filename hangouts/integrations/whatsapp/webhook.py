"""Reading what Meta posts to the webhook: its signature, members' replies, delivery statuses.

Pure functions, no database: the view checks the signature, these read the events, and
`actions.apply_webhook_events` writes what they mean.

Replies: a text (or a quick-reply button) that is one of the words below, alone, in any case,
with spaces or a full stop around it. STOP words follow the SMS industry's list (STOP,
STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) and Lao "stop", "cancel", "quit"; when in doubt we opt
out, because a wrong opt-out costs a reminder and a wrong opt-in breaks consent. START words
are explicit: START, UNSTOP, SUBSCRIBE, Lao "start" and "subscribe"; a "yes" is not consent,
since nobody can tell what it answers.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hangouts.lib.phones import PhoneError, normalize_phone

SIGNATURE_PREFIX = "sha256="


class Command(StrEnum):
    STOP = "stop"
    START = "start"


STOP_WORDS = frozenset(
    {
        "stop",
        "stopall",
        "stop all",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "opt out",
        "optout",
        "ຢຸດ",
        "ຍົກເລີກ",
        "ເຊົາ",
        "ຢຸດສົ່ງ",
    }
)
START_WORDS = frozenset({"start", "unstop", "subscribe", "ເລີ່ມ", "ເລີ່ມຕົ້ນ", "ສະໝັກ"})
# What people type around a word: spaces, full stops, exclamation marks, quotes.
AROUND = " \t\r\n.!?,;:'\"“”‘’*_~"


@dataclass(frozen=True)
class StatusEvent:
    """WhatsApp's news about a message we sent: sent, delivered, read or failed."""

    message_id: str
    status: str
    error_code: int | None = None
    error_title: str = ""


@dataclass
class Events:
    # The last command of each phone (E.164) in this post, in the order they were sent.
    commands: dict[str, Command]
    statuses: list[StatusEvent]


def signature_matches(body: bytes, header: str, secret: str) -> bool:
    """Whether `header` is "sha256=<hex HMAC-SHA256(secret, body)>" (constant-time compare)."""
    if not secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix(SIGNATURE_PREFIX).strip().lower())


def command_in(text: str) -> Command | None:
    """STOP or START when the whole text is one of their words, else None."""
    word = " ".join(unicodedata.normalize("NFC", text).strip(AROUND).casefold().split())
    if word in STOP_WORDS:
        return Command.STOP
    if word in START_WORDS:
        return Command.START
    return None


def phone_of(wa_id: object) -> str | None:
    """The sender's number in E.164 ("254700000001" → "+254700000001"), None if not one."""
    if not isinstance(wa_id, str) or not wa_id.isdigit():
        return None
    try:
        # The number is international (with its country code); the region is never used.
        return normalize_phone("+" + wa_id, "ZZ")
    except PhoneError:
        return None


def reply_text(message: dict[str, Any]) -> str:
    """The text of a typed message or of a tapped quick-reply button; "" otherwise."""
    kind = message.get("type")
    part = message.get(kind) if kind in ("text", "button") else None
    if not isinstance(part, dict):
        return ""
    text = part.get("body") if kind == "text" else part.get("text")
    return text if isinstance(text, str) else ""


def read_events(payload: object, *, phone_number_id: str = "") -> Events:
    """The replies and statuses in a webhook post. Anything unexpected is skipped, never an
    error. With `phone_number_id`, changes for other numbers of the same Meta app are skipped."""
    events = Events(commands={}, statuses=[])
    for value in change_values(payload):
        metadata = value.get("metadata")
        number = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
        if phone_number_id and number != phone_number_id:
            continue
        for message in dict_items(value.get("messages")):
            command = command_in(reply_text(message))
            phone = phone_of(message.get("from"))
            if command and phone:
                events.commands.pop(phone, None)  # keep the order of the last command
                events.commands[phone] = command
        for status in dict_items(value.get("statuses")):
            event = status_event(status)
            if event:
                events.statuses.append(event)
    return events


def change_values(payload: object) -> list[dict[str, Any]]:
    """The `value` of each "messages" change of a "whatsapp_business_account" post."""
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        return []
    return [
        change["value"]
        for entry in dict_items(payload.get("entry"))
        for change in dict_items(entry.get("changes"))
        if change.get("field") == "messages" and isinstance(change.get("value"), dict)
    ]


def status_event(status: dict[str, Any]) -> StatusEvent | None:
    message_id, state = status.get("id"), status.get("status")
    if not isinstance(message_id, str) or not isinstance(state, str):
        return None
    errors = dict_items(status.get("errors"))
    code = errors[0].get("code") if errors else None
    title = errors[0].get("title") if errors else ""
    return StatusEvent(
        message_id=message_id,
        status=state,
        error_code=code if isinstance(code, int) else None,
        error_title=title if isinstance(title, str) else "",
    )


def dict_items(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
