"""The kinds of message Hangouts sends, their placeholders and default wording, and rendering.

One mechanism for every message: a kind is registered here with its channel, its placeholders
and its default subject and text (translated, so a fresh network speaks Lao); a network may
replace the wording per language with a MessageTemplate. Later features register their kinds
(feedback request, award announcement) with `register`.

Placeholders are written `{name}`. Rendering never fails on a template an organiser wrote:
an unknown placeholder is left as written, and `check_template` reports it when they save.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Network
from hangouts.outreach.models import MessageTemplate


class Channel(StrEnum):
    EMAIL = "email"  # to one member (or organiser), with a subject
    GROUP = "group"  # the network's WhatsApp group, posted by an organiser
    PAGE = "page"  # the network's Facebook page, posted by an organiser


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: Promise
    channel: Channel
    placeholders: tuple[str, ...]
    body: Promise
    subject: Promise | None = None


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str


# What each placeholder means, for the editor's help.
PLACEHOLDERS: dict[str, Promise] = {
    "network": _("the network's name"),
    "name": _("the member's name"),
    "title": _("the hangout's title"),
    "date": _("the day, e.g. Friday 27 November 2026"),
    "time": _("the start and end, e.g. 14:00–15:00"),
    "presenters": _("the presenters and their organisations"),
    "join_link": _("the meeting link"),
    "passcode": _("the meeting passcode"),
    "rsvp_link": _("the link to answer whether you come"),
    "hangout_link": _("the hangout's page"),
    "naming_rule": _("how to set your name in the meeting"),
    "guide_link": _("the guide to joining a meeting for the first time"),
    "feedback_link": _("the link to give feedback"),
    "old_date": _("the day before the change"),
    "old_time": _("the time before the change"),
    "note": _("the organisers' note"),
}

HANGOUT = ("network", "title", "date", "time", "presenters", "hangout_link")
JOIN = ("join_link", "passcode", "naming_rule", "guide_link")

KINDS: dict[str, MessageKind] = {}


def register(kind: MessageKind) -> MessageKind:
    unknown = set(kind.placeholders) - PLACEHOLDERS.keys()
    if unknown:
        raise ValueError(f"Unknown placeholders {sorted(unknown)} for {kind.key}")
    KINDS[kind.key] = kind
    return kind


def add_placeholders(descriptions: Mapping[str, Promise]) -> None:
    """For kinds added later (e.g. an award's citation)."""
    PLACEHOLDERS.update(descriptions)


for _kind in (
    MessageKind(
        "invitation",
        _("Invitation (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link"),
        subject=_("Invitation: {title}, {date}"),
        body=_(
            "Dear {name},\n\n"
            "You are invited to the {network} hangout:\n"
            "{title}\n"
            "{date}, {time}\n"
            "Presented by {presenters}\n\n"
            "Will you come? Answer here: {rsvp_link}\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "{naming_rule}\n\n"
            "More: {hangout_link}"
        ),
    ),
    MessageKind(
        "reminder_day",
        _("Reminder a day before (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link"),
        subject=_("Tomorrow: {title}"),
        body=_(
            "Dear {name},\n\n"
            "See you tomorrow at the hangout {title}, {date}, {time}.\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "{naming_rule}\n\n"
            "Cannot come after all? Tell us here: {rsvp_link}"
        ),
    ),
    MessageKind(
        "reminder_hour",
        _("Reminder an hour before (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link"),
        subject=_("Starting soon: {title}"),
        body=_(
            "Dear {name},\n\n"
            "The hangout {title} starts at {time}.\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "{naming_rule}"
        ),
    ),
    MessageKind(
        "first_time_guide",
        _("Guide for a first hangout (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link"),
        subject=_("Your first hangout tomorrow: {title}"),
        body=_(
            "Dear {name},\n\n"
            "Welcome! Tomorrow is your first hangout: {title}, {date}, {time}.\n\n"
            "New to online meetings? This short guide shows how to join, step by step:\n"
            "{guide_link}\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "{naming_rule}"
        ),
    ),
    MessageKind(
        "change",
        _("Change notice (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link", "old_date", "old_time", "note"),
        subject=_("New date: {title}, {date}"),
        body=_(
            "Dear {name},\n\n"
            "The hangout {title} has moved from {old_date}, {old_time} "
            "to {date}, {time}.\n"
            "{note}\n\n"
            "Can you still come? Answer here: {rsvp_link}\n\n"
            "Join: {join_link}"
        ),
    ),
    MessageKind(
        "cancellation",
        _("Cancellation (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, "note"),
        subject=_("Cancelled: {title}, {date}"),
        body=_(
            "Dear {name},\n\n"
            "The hangout {title} on {date}, {time} is cancelled.\n"
            "{note}\n\n"
            "We are sorry. The next hangouts: {hangout_link}"
        ),
    ),
    MessageKind(
        "promotion",
        _("A place became free (email)"),
        Channel.EMAIL,
        ("name", *HANGOUT, *JOIN, "rsvp_link"),
        subject=_("You have a place: {title}"),
        body=_(
            "Dear {name},\n\n"
            "A place became free: you are now on the list for {title}, {date}, {time}.\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "{naming_rule}\n\n"
            "Cannot come? Please give your place back: {rsvp_link}"
        ),
    ),
    MessageKind(
        "group_invitation",
        _("Invitation (WhatsApp group)"),
        Channel.GROUP,
        (*HANGOUT, *JOIN, "rsvp_link"),
        body=_(
            "*{network} hangout*\n"
            "*{title}*\n"
            "{date}, {time}\n"
            "Presented by {presenters}\n\n"
            "Will you come? {rsvp_link}\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "_{naming_rule}_"
        ),
    ),
    MessageKind(
        "group_reminder",
        _("Reminder (WhatsApp group)"),
        Channel.GROUP,
        (*HANGOUT, *JOIN, "rsvp_link"),
        body=_(
            "*Reminder: {title}*\n"
            "{date}, {time}\n\n"
            "Join: {join_link}\n"
            "Passcode: {passcode}\n"
            "_{naming_rule}_\n"
            "First time? {guide_link}"
        ),
    ),
    MessageKind(
        "group_ended",
        _("After the hangout (WhatsApp group)"),
        Channel.GROUP,
        (*HANGOUT, "feedback_link"),
        body=_(
            "*Thank you for coming to {title}!*\n"
            "Please tell us what you thought (2 minutes): {feedback_link}\n"
            "Slides and notes: {hangout_link}"
        ),
    ),
    MessageKind(
        "group_change",
        _("Change notice (WhatsApp group)"),
        Channel.GROUP,
        (*HANGOUT, *JOIN, "rsvp_link", "old_date", "old_time", "note"),
        body=_(
            "*New date: {title}*\n"
            "Moved from {old_date}, {old_time} to *{date}, {time}*.\n"
            "{note}\n"
            "Will you come? {rsvp_link}"
        ),
    ),
    MessageKind(
        "group_cancellation",
        _("Cancellation (WhatsApp group)"),
        Channel.GROUP,
        (*HANGOUT, "note"),
        body=_("*Cancelled: {title}*\n{date}, {time}\n{note}"),
    ),
    MessageKind(
        "facebook_post",
        _("Facebook post"),
        Channel.PAGE,
        HANGOUT,
        body=_(
            "{network} hangout: {title}\n"
            "{date}, {time}\n"
            "Presented by {presenters}\n\n"
            "Members of the network: find the link and answer here: {hangout_link}"
        ),
    ),
):
    register(_kind)


def kinds(channel: Channel | None = None) -> list[MessageKind]:
    return [kind for kind in KINDS.values() if channel is None or kind.channel == channel]


def default_wording(kind: MessageKind, language: str) -> Rendered:
    """The shipped wording of a kind in a language (the catalogue's translation)."""
    with translation.override(language):
        return Rendered(subject=str(kind.subject or ""), text=str(kind.body))


def templates_for(network: Network, language: str) -> dict[str, MessageTemplate]:
    """The network's own wordings in one language, by kind: one query for any number of sends."""
    rows = MessageTemplate.objects.filter(network=network, language=language)
    return {row.kind: row for row in rows}


def wording(
    kind: MessageKind, *, language: str, templates: Mapping[str, MessageTemplate]
) -> Rendered:
    """The network's wording if it has one, else the default."""
    own = templates.get(kind.key)
    if own is None:
        return default_wording(kind, language)
    default = default_wording(kind, language)
    return Rendered(subject=own.subject or default.subject, text=own.body)


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with its placeholders replaced; broken braces leave the text as written."""
    try:
        return string.Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def render(
    key: str,
    *,
    language: str,
    values: Mapping[str, str],
    templates: Mapping[str, MessageTemplate],
) -> Rendered:
    """One message, ready to send or post."""
    base = wording(KINDS[key], language=language, templates=templates)
    return Rendered(
        subject=" ".join(fill(base.subject, values).split()), text=fill_lines(base.text, values)
    )


def fill_lines(text: str, values: Mapping[str, str]) -> str:
    """Fill line by line, dropping a line whose placeholders are all empty ("Passcode: {passcode}"
    for a meeting without one), and runs of blank lines that leaves."""
    out: list[str] = []
    for line in text.splitlines():
        try:
            names = placeholders_in(line)
        except ValidationError:
            names = set()
        if names and not any(values.get(name) for name in names):
            continue
        filled = fill(line, values).rstrip()
        if filled == "" and (not out or out[-1] == ""):
            continue
        out.append(filled)
    return "\n".join(out).strip()


def placeholders_in(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        raise ValidationError(
            _("Check the curly brackets: write each placeholder as {title}."), code="braces"
        ) from None


def check_template(kind: MessageKind, *texts: str) -> None:
    """Raise a translated ValidationError for broken braces or placeholders the kind lacks."""
    unknown: set[str] = set()
    for text in texts:
        unknown |= placeholders_in(text) - set(kind.placeholders)
    if unknown:
        raise ValidationError(
            _("This message cannot use %(names)s. It can use: %(allowed)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in sorted(unknown)),
                "allowed": ", ".join("{" + name + "}" for name in kind.placeholders),
            },
            code="placeholders",
        )
