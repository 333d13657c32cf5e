"""The award announcement: a Facebook post and a WhatsApp group message, in outreach's registry.

Registered as two message kinds so a network can reword them in the outreach template editor:
"award_announcement" (the Facebook page) and "group_award_announcement" (the WhatsApp group,
with WhatsApp's *bold*). Both are posted by an organiser; nothing is sent automatically.
"""

from __future__ import annotations

from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from hangouts.awards.documents import document_language
from hangouts.awards.models import Award
from hangouts.awards.text import month_name
from hangouts.outreach import messages
from hangouts.outreach.messages import Channel, MessageKind, Rendered

messages.add_placeholders(
    {
        "month": _("the award's month, e.g. March 2026"),
        "organisation": _("the member's organisation"),
        "citation": _("the award's citation"),
        "volunteers_link": _("the network's volunteers page"),
    }
)
PLACEHOLDERS = ("network", "name", "organisation", "month", "citation", "volunteers_link")

PAGE_KIND = messages.register(
    MessageKind(
        "award_announcement",
        _("Volunteer of the Month (Facebook post)"),
        Channel.PAGE,
        PLACEHOLDERS,
        body=_(
            "{network}: Volunteer of the Month, {month}\n\n"
            "{name}\n"
            "{organisation}\n\n"
            "{citation}\n\n"
            "Thank you! All our volunteers: {volunteers_link}"
        ),
    )
)
GROUP_KIND = messages.register(
    MessageKind(
        "group_award_announcement",
        _("Volunteer of the Month (WhatsApp group)"),
        Channel.GROUP,
        PLACEHOLDERS,
        body=_(
            "*Volunteer of the Month, {month}*\n"
            "*{name}*\n"
            "{organisation}\n\n"
            "{citation}\n\n"
            "Thank you! All our volunteers: {volunteers_link}"
        ),
    )
)


def award_values(award: Award, *, language: str, volunteers_link: str) -> dict[str, str]:
    member = award.member
    english = language.startswith("en")
    name = member.name_latin if english and member.name_latin else member.name
    organisation = member.organisation
    org_name = ""
    if organisation is not None:
        org_name = organisation.name_en if english and organisation.name_en else organisation.name
    return {
        "network": award.network.name_en
        if english and award.network.name_en
        else award.network.name,
        "name": name,
        "organisation": org_name,
        "month": month_name(award.month, language),
        "citation": award.citation_en if english and award.citation_en else award.citation,
        "volunteers_link": volunteers_link,
    }


def announcements(award: Award, *, volunteers_link: str) -> tuple[Rendered, Rendered]:
    """(Facebook post, WhatsApp group message) in the network's language and wording."""
    language = document_language(award.network)
    values = award_values(award, language=language, volunteers_link=volunteers_link)
    templates = messages.templates_for(award.network, language)
    page = messages.render(PAGE_KIND.key, language=language, values=values, templates=templates)
    group = messages.render(GROUP_KIND.key, language=language, values=values, templates=templates)
    return page, group


def whatsapp_share_url(text: str) -> str:
    return "https://wa.me/?text=" + quote(text, safe="")
