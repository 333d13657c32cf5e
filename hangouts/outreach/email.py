"""The emails of the outbox: their HTML and text, the invitation's .ics, the message sent.

Rendered when a row is queued (so sending is only sending) and built into a Django email when it
is sent: multipart/alternative of the text, the HTML and, for an invitation, change or
cancellation, the calendar part `text/calendar; method=REQUEST|CANCEL` that Gmail and Outlook
show as an invitation, plus the same .ics as an `invite.ics` attachment for other clients.

The .ics of one hangout is made once per language (icalendar takes ~30 ms per calendar, mostly
for the time zone) and each member's ATTENDEE line is spliced into it (~0.1 ms).
"""

from __future__ import annotations

import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formataddr, parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from icalendar import Event, vCalAddress, vText

from hangouts.network.models import Network
from hangouts.programme.calendar import hangout_calendar
from hangouts.programme.models import Hangout

CALENDAR_NOTE = _(
    "Only your answer through the button counts; accepting in your calendar does not tell "
    "the organisers."
)
ICS_FILENAME = "invite.ics"
ICS_ATTACHMENT_TYPE = "application/ics"
METHOD_LINE = re.compile(r"^METHOD:(\w+)\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Bodies:
    text: str
    html: str


def sender(network: Network) -> str:
    """From: the network's name with the site's sending address."""
    return formataddr((network.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def organizer_email(network: Network) -> str:
    return network.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def base_calendar(hangout: Hangout, *, method: str, language: str) -> bytes:
    """The hangout's invitation (or cancellation) without attendees, in `language`."""
    network = hangout.network
    with translation.override(language):
        return hangout_calendar(
            hangout,
            with_join_link=method != "CANCEL",
            method=method,
            organizer_email=organizer_email(network),
            organizer_name=network.name,
        )


def attendee_lines(email: str, name: str) -> bytes:
    """One ATTENDEE content line, folded, RSVP=FALSE: only the RSVP button counts."""
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["RSVP"] = "FALSE"
    holder = Event()
    holder.add("attendee", address)
    lines = holder.to_ical()
    return lines.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")


def with_attendee(calendar: bytes, email: str, name: str) -> str:
    """The calendar with one attendee added to its (single) event."""
    head, end, tail = calendar.rpartition(b"END:VEVENT")
    return (head + attendee_lines(email, name) + end + tail).decode()


# Placeholders for what differs per member: the layout is rendered once per language and kind
# of message, and each member's text and links are put into it (a template render per member
# would cost more than everything else together).
TEXT, RSVP, UNSUBSCRIBE = "\x00text\x00", "\x00rsvp\x00", "\x00unsubscribe\x00"
URL = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> str:
    """Escaped text with its links clickable and its line breaks kept (for the HTML part)."""

    def link(found: re.Match[str]) -> str:
        url = found.group(0)
        return f'<a href="{url}">{url}</a>'

    return URL.sub(link, str(escape(text))).replace("\n", "<br>\n")


@dataclass(frozen=True)
class Layout:
    """The shared layout of outreach emails in one language, with holes for one member's parts."""

    text: str
    html: str

    def fill(self, text: str, *, rsvp_link: str, unsubscribe_url: str) -> Bodies:
        return Bodies(
            text=self.text.replace(TEXT, text)
            .replace(RSVP, rsvp_link)
            .replace(UNSUBSCRIBE, unsubscribe_url),
            html=self.html.replace(TEXT, linkify(text))
            .replace(RSVP, str(escape(rsvp_link)))
            .replace(UNSUBSCRIBE, str(escape(unsubscribe_url))),
        )


def layout(*, network: Network, with_rsvp: bool, with_calendar: bool) -> Layout:
    """templates/emails/outreach_message.{txt,html} in the active language, with holes."""
    context = {
        "text": TEXT,
        "rsvp_link": RSVP if with_rsvp else "",
        "unsubscribe_url": UNSUBSCRIBE,
        "with_calendar": with_calendar,
        "calendar_note": CALENDAR_NOTE,
        "network_name": network.name,
        "LANGUAGE_CODE": translation.get_language(),
    }
    return Layout(
        text=loader.get_template("emails/outreach_message.txt").render(context).strip() + "\n",
        html=loader.get_template("emails/outreach_message.html").render(context),
    )


def render_bodies(
    text: str,
    *,
    rsvp_link: str,
    unsubscribe_url: str,
    with_calendar: bool,
    network: Network,
) -> Bodies:
    """One message's text in the shared layout, as plain text and HTML, in the active language."""
    shared = layout(network=network, with_rsvp=bool(rsvp_link), with_calendar=with_calendar)
    return shared.fill(text, rsvp_link=rsvp_link, unsubscribe_url=unsubscribe_url)


def list_unsubscribe(unsubscribe_url: str, network: Network) -> dict[str, str]:
    """RFC 2369 and RFC 8058 (one-click) headers."""
    targets = [f"<{unsubscribe_url}>"]
    if network.email:
        targets.append(f"<mailto:{network.email}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def message_id(pk: int) -> str:
    """The same Message-ID for every try of one row: a client shows a resent copy once."""
    return f"<outbox.{pk}@{urlsplit(settings.SITE_URL).hostname}>"


class OutreachEmail(EmailMultiAlternatives):
    """An email whose calendar alternative carries the iTIP method as a MIME parameter."""

    calendar_method = ""

    def message(self, *, policy: Policy[Any] | None = email.policy.default) -> Any:
        msg: EmailMessage = super().message(policy=policy)
        if self.calendar_method:
            for part in msg.walk():
                if part.get_content_type() == "text/calendar":
                    part.set_param("method", self.calendar_method)
        return msg


def build_email(
    *,
    pk: int,
    to: str,
    subject: str,
    text: str,
    html: str,
    calendar: str,
    headers: dict[str, str],
) -> OutreachEmail:
    """The email of one outbox row, ready for a mailer's send_messages()."""
    headers = dict(headers)
    from_email = headers.pop("From", settings.DEFAULT_FROM_EMAIL)
    headers["Message-ID"] = message_id(pk)
    email = OutreachEmail(
        subject=subject, body=text, from_email=from_email, to=[to], headers=headers
    )
    if html:
        email.attach_alternative(html, "text/html")
    if calendar:
        found = METHOD_LINE.search(calendar)
        email.calendar_method = found.group(1) if found else "REQUEST"
        email.attach_alternative(calendar, "text/calendar")
        email.attach(ICS_FILENAME, calendar.encode(), ICS_ATTACHMENT_TYPE)
    return email
