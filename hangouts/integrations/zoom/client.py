"""A small client for Zoom's REST API: Server-to-Server OAuth, and create/update/delete a meeting.

Standard library only (urllib): four calls do not justify an HTTP dependency. Every failure is a
ZoomError whose message an organiser can act on; nothing here logs a secret, a token, a join URL
or a passcode (log lines name the HTTP method, the path and Zoom's status code only).
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

# A token lives an hour (expires_in 3599); renew it a minute early so no call races its expiry.
TOKEN_MARGIN_SECONDS = 60
# Zoom's own messages can be long; the organiser needs the gist, not a page.
MESSAGE_LIMIT = 300
# Zoom wants a local time without offset when the time zone is given beside it.
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

MEETING_SCHEDULED = 2
MEETING_RECURRING_FIXED_TIME = 8

CREDENTIALS_REFUSED = _(
    "Zoom refused our credentials: check ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_ACCOUNT_ID, "
    "and that the Server-to-Server OAuth app is activated in Zoom's App Marketplace."
)
TOO_MANY_REQUESTS = _("Zoom is busy (too many requests); try again in a minute.")
UNREACHABLE = _("Could not reach Zoom; check the internet connection and try again.")
UNREADABLE = _("Zoom sent an answer we could not read; try again later.")
HTTP_ERROR = _("Zoom could not do this (error {status}): {message}")


class ZoomError(Exception):
    """Zoom refused or could not be reached; `str(error)` is a message for the organiser."""

    def __init__(self, message: StrOrPromise, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ZoomMeeting:
    """What we keep of a meeting. The host's start_url is a secret we never store."""

    id: str
    join_url: str
    passcode: str


class ZoomClient:
    """One Zoom account's Server-to-Server OAuth app; safe to share between threads."""

    def __init__(
        self,
        account_id: str,
        client_id: str,
        client_secret: str,
        api_url: str,
        oauth_url: str,
        timeout: float = 10,
    ) -> None:
        for url in (api_url, oauth_url):
            # Only HTTP(S): urllib would open file: and other schemes too.
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ValueError("Zoom's addresses must start with https:// (or http://).")
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url
        self.timeout = timeout
        self._token = ""
        self._token_expires_at = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        # No secret in tracebacks or debug pages.
        return f"<ZoomClient {self.api_url}>"

    # --- OAuth --------------------------------------------------------------------------------

    def token(self) -> str:
        """A valid access token, fetched again shortly before the cached one expires."""
        with self._lock:
            if self._token and time.time() < self._token_expires_at:
                return self._token
            self._token, lifetime = self._fetch_token()
            self._token_expires_at = time.time() + max(lifetime - TOKEN_MARGIN_SECONDS, 0)
            return self._token

    def forget_token(self) -> None:
        with self._lock:
            self._token = ""
            self._token_expires_at = 0.0

    def _fetch_token(self) -> tuple[str, int]:
        query = urllib.parse.urlencode(
            {"grant_type": "account_credentials", "account_id": self.account_id}
        )
        pair = f"{self.client_id}:{self.client_secret}".encode()
        headers = {
            "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
            "Accept": "application/json",
        }
        try:
            status, data = self._send("POST", f"{self.oauth_url}?{query}", headers, b"")
        except ZoomError as error:
            # The token endpoint answers 400 (invalid_client, bad account_id) or 401.
            if error.status in (400, 401):
                raise ZoomError(CREDENTIALS_REFUSED, status=error.status) from error
            raise
        token, lifetime = data.get("access_token"), data.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(lifetime, int):
            raise ZoomError(UNREADABLE, status=status)
        return token, lifetime

    # --- Meetings -----------------------------------------------------------------------------

    def create_meeting(
        self,
        *,
        topic: str,
        start_time: datetime,
        duration: int,
        time_zone: str,
        agenda: str = "",
        recurrence: dict[str, int] | None = None,
    ) -> ZoomMeeting:
        """Schedule a meeting (type 2), or a recurring one at a fixed time (type 8)."""
        body: dict[str, Any] = {
            "topic": topic,
            "type": MEETING_RECURRING_FIXED_TIME if recurrence else MEETING_SCHEDULED,
            "start_time": local_time(start_time, time_zone),
            "duration": duration,
            "timezone": time_zone,
            "agenda": agenda,
        }
        if recurrence:
            body["recurrence"] = recurrence
        data = self._call("POST", "/users/me/meetings", body)
        meeting_id, join_url = data.get("id"), data.get("join_url")
        if meeting_id is None or not isinstance(join_url, str) or not join_url:
            raise ZoomError(UNREADABLE)
        return ZoomMeeting(
            id=str(meeting_id), join_url=join_url, passcode=str(data.get("password") or "")
        )

    def update_meeting(
        self,
        meeting_id: str,
        *,
        topic: str | None = None,
        start_time: datetime | None = None,
        duration: int | None = None,
        time_zone: str | None = None,
        agenda: str | None = None,
    ) -> None:
        """Change a meeting (PATCH, Zoom answers 204); only the fields given are sent."""
        body: dict[str, Any] = {}
        if topic is not None:
            body["topic"] = topic
        if start_time is not None:
            zone = time_zone or "UTC"
            body["start_time"] = local_time(start_time, zone)
            body["timezone"] = zone
        elif time_zone is not None:
            body["timezone"] = time_zone
        if duration is not None:
            body["duration"] = duration
        if agenda is not None:
            body["agenda"] = agenda
        self._call("PATCH", f"/meetings/{quote_id(meeting_id)}", body)

    def delete_meeting(self, meeting_id: str) -> None:
        """Delete a meeting; one Zoom no longer knows (404) counts as already deleted."""
        try:
            self._call("DELETE", f"/meetings/{quote_id(meeting_id)}")
        except ZoomError as error:
            if error.status != 404:
                raise

    # --- HTTP ---------------------------------------------------------------------------------

    def get(self, path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        """GET an API path (already quoted) with an optional query; Zoom's JSON answer."""
        suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
        return self._call("GET", path + suffix)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """An API call with the cached token; on 401 once more with a fresh token."""
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self.token()}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            }
            data = None if body is None else json.dumps(body).encode()
            try:
                return self._send(method, self.api_url + path, headers, data)[1]
            except ZoomError as error:
                if error.status != 401:
                    raise
                # The token expired early or the app was re-created: fetch a new one, once.
                self.forget_token()
                if attempt == 2:
                    raise ZoomError(CREDENTIALS_REFUSED, status=401) from error
        raise AssertionError("unreachable")  # pragma: no cover (the loop returns or raises)

    def _send(
        self, method: str, url: str, headers: dict[str, str], data: bytes | None
    ) -> tuple[int, dict[str, Any]]:
        """Send; return the status and the JSON body ({} for 204). Raises ZoomError."""
        where = f"{method} {urllib.parse.urlsplit(url).path}"
        # The scheme is http(s), checked in __init__.
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            message = zoom_message(error.read())
            error.close()
            logger.warning("Zoom answered %s to %s", status, where)
            if status == 429:
                raise ZoomError(TOO_MANY_REQUESTS, status=status) from None
            if status == 401:
                raise ZoomError(CREDENTIALS_REFUSED, status=status) from None
            text = format_lazy(HTTP_ERROR, status=status, message=message or error.reason)
            raise ZoomError(text, status=status) from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            logger.warning("Zoom could not be reached for %s: %s", where, type(error).__name__)
            raise ZoomError(UNREACHABLE) from None
        if not raw.strip():
            return status, {}
        try:
            answer = json.loads(raw)
        except ValueError:
            raise ZoomError(UNREADABLE, status=status) from None
        if not isinstance(answer, dict):
            raise ZoomError(UNREADABLE, status=status)
        return status, answer


def local_time(moment: datetime, time_zone: str) -> str:
    """The wall-clock time in the given zone, as Zoom wants it beside "timezone"."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime(LOCAL_TIME_FORMAT)


def quote_id(meeting_id: str) -> str:
    return urllib.parse.quote(str(meeting_id), safe="")


def zoom_message(raw: bytes) -> str:
    """Zoom's explanation in an error body: {"code": …, "message": …}, or OAuth's "reason"."""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    message = data.get("message") or data.get("reason") or ""
    return str(message)[:MESSAGE_LIMIT]
