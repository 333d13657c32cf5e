"""A small client for the WhatsApp Cloud API: send an approved template to one member.

Standard library only (urllib), like the Zoom client: one call does not justify an HTTP
dependency. Every failure is a WhatsAppError whose `permanent` says whether sending the same
message again could succeed (the outbox retries temporary failures and lists permanent ones).
Nothing here logs a phone number, a message's text or a token: log lines name the HTTP status
and Meta's error code only.

Messages to one person outside a 24-hour conversation must use a template that Meta approved
beforehand, and only to people who opted in. A network using this channel creates these
templates in Meta's WhatsApp Manager (category UTILITY), in Lao (language "lo") and English
("en"), with exactly these names and parameters:

``hangout_reminder``
    Body, English: "Hello {{1}}, a reminder: the hangout "{{2}}" is on {{3}}. Reply STOP to
    receive no more reminders."
    Body, Lao: "ສະບາຍດີ {{1}}, ຂໍເຕືອນວ່າ ກອງປະຊຸມແລກປ່ຽນ "{{2}}" ຈະຈັດຂຶ້ນ {{3}}. ຕອບ ຢຸດ
    ຖ້າບໍ່ຕ້ອງການຮັບການແຈ້ງເຕືອນອີກ."
    {{1}} the member's name, {{2}} the hangout's title, {{3}} its date and time
    ("Friday 27 November 2026, 14:00–15:00").
    One URL button, "Open the hangout" / "ເປີດກອງປະຊຸມແລກປ່ຽນ", of type dynamic URL
    ``<SITE_URL>/{{1}}``; the message fills {{1}} with the hangout page's path
    (e.g. ``sun-csa-lao/hangouts/12/``).

``hangout_invitation``
    The same parameters and button; body, English: "Hello {{1}}, you are invited to the
    hangout "{{2}}" on {{3}}. Open the page to say whether you come. Reply STOP to receive no
    more messages." Lao: "ສະບາຍດີ {{1}}, ຂໍເຊີນເຂົ້າຮ່ວມ ກອງປະຊຸມແລກປ່ຽນ "{{2}}" {{3}}.
    ເປີດໜ້ານີ້ເພື່ອຕອບຮັບ. ຕອບ ຢຸດ ຖ້າບໍ່ຕ້ອງການຮັບຂໍ້ຄວາມອີກ."

An outbox row for this channel carries the template in its `headers` JSON:
``{"template": "hangout_reminder", "language": "lo", "params": [...], "button": "<suffix>"}``
(`whatsapp_row` builds such a row from a member's placeholder values, for the members of
`reachable_by_whatsapp`; `send_outbox_message` sends it). After sending, the row's
headers also hold the message id (``"wamid"``), which the webhook's status callbacks look up.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from hangouts.network.models import Member
    from hangouts.outreach.models import OutboxMessage
    from hangouts.programme.models import Hangout

logger = logging.getLogger(__name__)

REMINDER_TEMPLATE = "hangout_reminder"
INVITATION_TEMPLATE = "hangout_invitation"
# Meta's language codes for the templates we ask networks to create.
TEMPLATE_LANGUAGES = {"lo": "lo", "en": "en"}
# Meta's messages can be long; the organiser needs the gist.
MESSAGE_LIMIT = 300
# Meta answers some passing trouble with HTTP 400 too: rate limits, "something went wrong"
# and "service unavailable" (Graph API and Cloud API error codes).
RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131056})
PASSING_CODES = frozenset({1, 2, 131000, 131016, 133004})
TOKEN_EXPIRED_CODE = 190

NOT_CONFIGURED = _(
    "WhatsApp is not configured: set WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID to use it."
)
CREDENTIALS_REFUSED = _(
    "WhatsApp refused our token: check WHATSAPP_TOKEN (a system user's permanent token)."
)
TOO_MANY_REQUESTS = _("WhatsApp is busy (too many messages); it will be tried again.")
UNREACHABLE = _("Could not reach WhatsApp; it will be tried again.")
# After a 200 the message may have gone: sending it again could send it twice (at most once).
UNREADABLE = _("WhatsApp accepted the message but sent an answer we could not read.")
HTTP_ERROR = _("WhatsApp could not send this (error {status}): {message}")
NOT_OPTED_IN = _("This member has not agreed to receive WhatsApp messages.")
NO_PHONE = _("This member has no phone number.")
NOT_ACTIVE = _("This member is no longer on the roster.")
NOT_WHATSAPP = _("This message is not a WhatsApp message.")
NO_TEMPLATE = _("This message names no approved WhatsApp template.")


class WhatsAppError(Exception):
    """WhatsApp refused or could not be reached; `str(error)` is a message for the organiser.

    `permanent`: sending the same message again would fail the same way (a refused number, a
    missing opt-in, a template Meta does not know); otherwise it may succeed later.
    """

    def __init__(
        self,
        message: StrOrPromise,
        *,
        permanent: bool,
        status: int | None = None,
        code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.status = status
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class WhatsAppClient:
    """One WhatsApp Business phone number of the Cloud API; safe to share between threads."""

    def __init__(self, token: str, phone_number_id: str, api_url: str, timeout: float = 10) -> None:
        # Only HTTP(S): urllib would open file: and other schemes too.
        if urllib.parse.urlsplit(api_url).scheme not in ("http", "https"):
            raise ValueError("WhatsApp's address must start with https:// (or http://).")
        self.token = token
        self.phone_number_id = phone_number_id
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:
        # No token in tracebacks or debug pages.
        return f"<WhatsAppClient {self.api_url}>"

    def send_template(
        self,
        to_e164: str,
        template_name: str,
        language_code: str,
        body_params: Sequence[str],
        url_button_suffix: str | None = None,
    ) -> str:
        """Send an approved template to one number; return WhatsApp's message id ("wamid.…")."""
        components: list[dict[str, Any]] = []
        if body_params:
            components.append(
                {"type": "body", "parameters": [text_parameter(p) for p in body_params]}
            )
        if url_button_suffix is not None:
            components.append(
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [text_parameter(url_button_suffix)],
                }
            )
        template: dict[str, Any] = {"name": template_name, "language": {"code": language_code}}
        if components:
            template["components"] = components
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to_e164,
            "type": "template",
            "template": template,
        }
        answer = self._send(f"/{urllib.parse.quote(self.phone_number_id, safe='')}/messages", body)
        messages = answer.get("messages")
        if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict):
            raise WhatsAppError(UNREADABLE, permanent=True)
        message_id = messages[0].get("id")
        if not isinstance(message_id, str) or not message_id:
            raise WhatsAppError(UNREADABLE, permanent=True)
        return message_id

    def _send(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST JSON; return the JSON answer. Raises WhatsAppError."""
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        data = json.dumps(body, ensure_ascii=False).encode()
        # The scheme is http(s), checked in __init__.
        request = urllib.request.Request(  # noqa: S310
            self.api_url + path, data=data, method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            code, message = meta_error(error.read())
            error.close()
            logger.warning("WhatsApp answered %s (code %s) to POST /messages", status, code)
            raise http_error(status, code, message) from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            logger.warning("WhatsApp could not be reached: %s", type(error).__name__)
            raise WhatsAppError(UNREACHABLE, permanent=False) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            raise WhatsAppError(UNREADABLE, permanent=True) from None
        if not isinstance(answer, dict):
            raise WhatsAppError(UNREADABLE, permanent=True)
        return answer


def text_parameter(text: str) -> dict[str, str]:
    return {"type": "text", "text": text}


def meta_error(raw: bytes) -> tuple[int | None, str]:
    """Meta's code and explanation in an error body: {"error": {"code": …, "message": …}}."""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return None, ""
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return None, ""
    code = error.get("code")
    extra = error.get("error_data")
    details = extra.get("details") if isinstance(extra, dict) else None
    message = details or error.get("message") or ""
    return (code if isinstance(code, int) else None), str(message)[:MESSAGE_LIMIT]


def http_error(status: int, code: int | None, message: str) -> WhatsAppError:
    """4xx is permanent (the same request would be refused again), except rate limits and the
    codes Meta gives to passing trouble; 5xx is temporary."""
    if status == 429 or code in RATE_LIMIT_CODES:
        return WhatsAppError(TOO_MANY_REQUESTS, permanent=False, status=status, code=code)
    if status == 401 or code == TOKEN_EXPIRED_CODE:
        return WhatsAppError(CREDENTIALS_REFUSED, permanent=True, status=status, code=code)
    text = format_lazy(HTTP_ERROR, status=status, message=message or status)
    permanent = 400 <= status < 500 and code not in PASSING_CODES
    return WhatsAppError(text, permanent=permanent, status=status, code=code)


# --- Settings and the outbox ------------------------------------------------------------------


def is_configured() -> bool:
    """The channel is on when the token and the phone number id are set."""
    return bool(
        getattr(settings, "WHATSAPP_TOKEN", "")
        and getattr(settings, "WHATSAPP_PHONE_NUMBER_ID", "")
    )


def whatsapp_client() -> WhatsAppClient:
    """The client for the configured number; raises WhatsAppError when it is not configured."""
    if not is_configured():
        raise WhatsAppError(NOT_CONFIGURED, permanent=True)
    return client_for(
        settings.WHATSAPP_TOKEN,
        settings.WHATSAPP_PHONE_NUMBER_ID,
        getattr(settings, "WHATSAPP_API_URL", "https://graph.facebook.com/v23.0"),
    )


@lru_cache(maxsize=4)
def client_for(token: str, phone_number_id: str, api_url: str) -> WhatsAppClient:
    return WhatsAppClient(token, phone_number_id, api_url)


def template_headers(template: str, *, language: str, values: Mapping[str, str]) -> dict[str, Any]:
    """An outbox row's `headers` for a hangout template, from the member's placeholder values
    (`outreach.values.hangout_values` completed by `member_values`): the name, the title, the
    date and time, and the hangout page's path for the URL button."""
    link = values["hangout_link"]
    site = settings.SITE_URL.rstrip("/") + "/"
    return {
        "template": template,
        "language": TEMPLATE_LANGUAGES.get(language, "en"),
        "params": [values["name"], values["title"], f"{values['date']}, {values['time']}"],
        "button": link.removeprefix(site).lstrip("/"),
    }


def send_outbox_message(row: OutboxMessage) -> str:
    """Send one outbox row of channel "whatsapp"; return WhatsApp's message id.

    Refuses (permanent WhatsAppError) a row that is not for WhatsApp, names no template, or
    whose member has left the roster, has no phone or has not opted in, as they stand now
    (the member is read again: an opt-out may have arrived since the row was queued). Sends to
    the member's current phone. Side effect: stores the message id in the row's
    `headers["wamid"]` (in the database and on `row`), for the webhook's status callbacks.
    """
    from hangouts.network.models import Member
    from hangouts.outreach.models import OutboxMessage

    if row.channel != OutboxMessage.Channel.WHATSAPP:
        raise WhatsAppError(NOT_WHATSAPP, permanent=True)
    headers = row.headers if isinstance(row.headers, dict) else {}
    template, language = headers.get("template"), headers.get("language")
    params, button = headers.get("params", []), headers.get("button")
    if (
        not isinstance(template, str)
        or not template
        or not isinstance(language, str)
        or not isinstance(params, list)
        or not all(isinstance(p, str) for p in params)
        or not (button is None or isinstance(button, str))
    ):
        raise WhatsAppError(NO_TEMPLATE, permanent=True)
    member = Member.objects.filter(pk=row.member_id).first() if row.member_id else None
    if member is None or not member.is_active:
        raise WhatsAppError(NOT_ACTIVE, permanent=True)
    if member.whatsapp_opted_in_at is None:
        raise WhatsAppError(NOT_OPTED_IN, permanent=True)
    if not member.phone:
        raise WhatsAppError(NO_PHONE, permanent=True)
    message_id = whatsapp_client().send_template(member.phone, template, language, params, button)
    row.headers = {**headers, "wamid": message_id}
    OutboxMessage.objects.filter(pk=row.pk).update(headers=row.headers)
    return message_id


def reachable_by_whatsapp(members: QuerySet[Member]) -> QuerySet[Member]:
    """Members who can get a WhatsApp template: on the roster, with a phone, opted in."""
    return members.filter(is_active=True, whatsapp_opted_in_at__isnull=False).exclude(phone="")


def whatsapp_row(
    member: Member,
    *,
    hangout: Hangout,
    kind: str,
    key: str,
    template: str,
    values: Mapping[str, str],
) -> OutboxMessage:
    """An unsaved outbox row that sends `template` to the member (for `queue_messages`).

    `values` are the member's placeholder values; `key` should end in ":whatsapp" so that it
    never collides with the same message by email (e.g. "reminder:<hangout>:<hours>:<member>:
    whatsapp"). The text is what organisers see in the outbox: the template's parameters.
    """
    from hangouts.outreach.models import OutboxMessage

    headers = template_headers(template, language=member.language, values=values)
    return OutboxMessage(
        network_id=member.network_id,
        hangout=hangout,
        member=member,
        kind=kind,
        channel=OutboxMessage.Channel.WHATSAPP,
        to=member.phone,
        language=member.language,
        text=" · ".join(headers["params"]),
        headers=headers,
        key=key,
    )
