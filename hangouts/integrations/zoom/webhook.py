"""Reading what Zoom posts to the webhook: its v0 signature, URL validation, live joins.

Pure functions, no database: the view checks the signature, these read the event, and
`actions.record_live_join` writes what it means.

Signature (Zoom's v0 scheme): `x-zm-signature` is "v0=" + hex HMAC-SHA256 of
"v0:{x-zm-request-timestamp}:{raw body}" with the app's secret token; compared in constant time,
and refused when the timestamp is more than 5 minutes away from our clock (a replayed post).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SIGNATURE_PREFIX = "v0="
MAX_CLOCK_SKEW_SECONDS = 5 * 60
URL_VALIDATION = "endpoint.url_validation"
PARTICIPANT_JOINED = "meeting.participant_joined"


def hex_hmac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def expected_signature(body: bytes, timestamp: str, secret: str) -> str:
    return SIGNATURE_PREFIX + hex_hmac(secret, b"v0:" + timestamp.encode() + b":" + body)


def signature_matches(
    body: bytes, *, timestamp: str, signature: str, secret: str, now: float
) -> bool:
    """The post was signed with our secret token less than 5 minutes from `now` (Unix time)."""
    if not secret or not signature or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        return False
    expected = expected_signature(body, timestamp, secret)
    return hmac.compare_digest(signature.encode(), expected.encode())


def url_validation_answer(payload: dict[str, Any], secret: str) -> dict[str, str] | None:
    """Zoom's endpoint check: the plain token back, with its HMAC-SHA256 (hex) as encryptedToken."""
    body = payload.get("payload")
    plain = body.get("plainToken") if isinstance(body, dict) else None
    if not isinstance(plain, str) or not plain:
        return None
    return {"plainToken": plain, "encryptedToken": hex_hmac(secret, plain.encode())}


@dataclass(frozen=True)
class LiveJoin:
    """Someone joined a Zoom meeting: the meeting's numeric id, who, and when."""

    meeting_id: str
    name: str
    email: str
    joined_at: datetime


def read_join(payload: dict[str, Any], *, now: datetime) -> LiveJoin | None:
    """A meeting.participant_joined event, or None for anything else or a shape we do not know."""
    if payload.get("event") != PARTICIPANT_JOINED:
        return None
    body = payload.get("payload")
    meeting = body.get("object") if isinstance(body, dict) else None
    person = meeting.get("participant") if isinstance(meeting, dict) else None
    if not isinstance(meeting, dict) or not isinstance(person, dict) or not meeting.get("id"):
        return None
    name = " ".join(str(person.get("user_name") or "").split())
    email = str(person.get("email") or "").strip().casefold()
    if not name and "@" not in email:
        return None
    return LiveJoin(
        meeting_id=str(meeting["id"]),
        name=name or email,
        email=email if "@" in email else "",
        joined_at=moment(person.get("join_time")) or now,
    )


def moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
