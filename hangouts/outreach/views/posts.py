"""Outreach views: the message template editor and a hangout's "Invite and remind" page.

Organisers only. The page carries the join link (in the WhatsApp group post), so it is never
shown to anyone else; the Facebook post on it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.models import User
from hangouts.lib.dates import format_day
from hangouts.network.models import Network
from hangouts.network.permissions import get_network_for_organiser
from hangouts.outreach import announcements, messages
from hangouts.outreach.forms import MessageTemplateForm
from hangouts.outreach.models import Announcement, MessageTemplate
from hangouts.outreach.posts import (
    POST_TEXT_LIMIT,
    SHARE_URL_LIMIT,
    Post,
    build_group_post,
    facebook_post,
    group_values,
)
from hangouts.outreach.values import hangout_values
from hangouts.programme.models import Hangout

CHANNEL_LABELS = {
    messages.Channel.EMAIL: gettext_lazy("Email to each member"),
    messages.Channel.GROUP: gettext_lazy("WhatsApp group"),
    messages.Channel.PAGE: gettext_lazy("Facebook page"),
}


@dataclass(frozen=True)
class Wording:
    language: str
    language_name: str
    own: bool
    url: str


@dataclass(frozen=True)
class KindRow:
    kind: messages.MessageKind
    channel: str
    wordings: list[Wording]


@dataclass(frozen=True)
class Item:
    """One line of the "to post" list."""

    announcement: Announcement
    post: Post

    @property
    def dom_id(self) -> str:
        return f"post-{self.announcement.pk}"


def editable_languages(network: Network) -> list[str]:
    """The network's language, then English."""
    return list(dict.fromkeys([network.language, "en"]))


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def organiser(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# The message template editor -----------------------------------------------------------------


@require_http_methods(["GET"])
def message_list(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    languages = editable_languages(net)
    own = set(
        MessageTemplate.objects.filter(network=net, language__in=languages).values_list(
            "kind", "language"
        )
    )
    rows = [
        KindRow(
            kind,
            str(CHANNEL_LABELS[kind.channel]),
            [
                Wording(
                    language,
                    language_name(language),
                    (kind.key, language) in own,
                    reverse(
                        "outreach:message_edit",
                        kwargs={"network": net.slug, "kind": kind.key, "language": language},
                    ),
                )
                for language in languages
            ],
        )
        for kind in messages.kinds()
    ]
    return render(request, "outreach/message_list.html", {"network": net, "rows": rows})


def preview_values(
    network: Network, kind: messages.MessageKind, language: str, *, name: str
) -> tuple[dict[str, str], Hangout | None]:
    """The values of the network's next scheduled hangout, or a sample when it has none."""
    hangout = Hangout.objects.for_network(network).upcoming().select_related("series").first()
    with_join_link = kind.channel != messages.Channel.PAGE
    if hangout is not None:
        hangout.network = network
        values = hangout_values(hangout, language=language, with_join_link=with_join_link)
        before = hangout.starts_at - timedelta(days=7)
    else:
        values = sample_values(network, language, with_join_link=with_join_link)
        before = timezone.now()
    values |= {
        "name": name or _("Member's name"),
        "old_date": format_day(
            before, time_zone=network.time_zone, length="full", language=language
        ),
        "old_time": "14:00",
        "note": _("(the organisers' note)"),
    }
    return values, hangout


def sample_values(network: Network, language: str, *, with_join_link: bool) -> dict[str, str]:
    day = timezone.now() + timedelta(days=14)
    values = {
        "network": network.display_name,
        "title": _("Sample title of a hangout"),
        "date": format_day(day, time_zone=network.time_zone, length="full", language=language),
        "time": "14:00–15:00",
        "presenters": _("A presenter (an organisation)"),
        "hangout_link": "https://example.org/hangout/",
        "rsvp_link": "https://example.org/rsvp/",
        "guide_link": "https://example.org/guide/",
        "feedback_link": "https://example.org/feedback/",
        "join_link": "",
        "passcode": "",
        "naming_rule": "",
    }
    if with_join_link:
        values |= {
            "join_link": "https://zoom.us/j/81234567890?pwd=sample",
            "passcode": "123456",
            "naming_rule": _("Please set your name in the meeting as: name – organisation"),
        }
    return values


@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, network: str, kind: str, language: str) -> HttpResponse:
    """Edit, preview ("Preview"), save ("Save") or drop ("Back to the default wording")."""
    net = get_network_for_organiser(request, network)
    message_kind = messages.KINDS.get(kind)
    if message_kind is None or language not in editable_languages(net):
        raise Http404
    own = MessageTemplate.objects.filter(network=net, kind=kind, language=language).first()
    action = request.POST.get("action", "")
    if action == "reset":
        MessageTemplate.objects.filter(network=net, kind=kind, language=language).delete()
        flash.success(request, _("The message is back to the default wording."))
        return redirect("outreach:message_edit", network=net.slug, kind=kind, language=language)
    default = messages.default_wording(message_kind, language)
    initial = {
        "subject": (own.subject if own else "") or default.subject,
        "body": own.body if own else default.text,
    }
    form = MessageTemplateForm(
        request.POST if request.method == "POST" else None, kind=message_kind, initial=initial
    )
    preview = None
    if form.is_valid():
        subject, body = form.cleaned_data.get("subject", ""), form.cleaned_data["body"]
        if action == "save":
            MessageTemplate.objects.update_or_create(
                network=net,
                kind=kind,
                language=language,
                defaults={"subject": subject, "body": body, "updated_by": organiser(request)},
            )
            flash.success(request, _("The new wording is saved."))
            return redirect("outreach:message_list", network=net.slug)
        preview = render_preview(request, net, message_kind, language, subject, body)
    context = {
        "network": net,
        "kind": message_kind,
        "language_name": language_name(language),
        "form": form,
        "own": own,
        "preview": preview,
        "placeholders": [(name, messages.PLACEHOLDERS[name]) for name in message_kind.placeholders],
        "channel": str(CHANNEL_LABELS[message_kind.channel]),
    }
    return render(request, "outreach/message_form.html", context)


def render_preview(
    request: HttpRequest,
    network: Network,
    kind: messages.MessageKind,
    language: str,
    subject: str,
    body: str,
) -> dict[str, Any]:
    values, hangout = preview_values(network, kind, language, name=organiser(request).name)
    unsaved = MessageTemplate(network=network, kind=kind.key, language=language)
    unsaved.subject, unsaved.body = subject, body
    rendered = messages.render(
        kind.key, language=language, values=values, templates={kind.key: unsaved}
    )
    preview: dict[str, Any] = {
        "subject": rendered.subject,
        "text": rendered.text,
        "hangout": hangout,
    }
    if kind.channel == messages.Channel.GROUP:
        post = build_group_post(
            kind.key, language=language, values=values, templates={kind.key: unsaved}
        )
        preview |= {"post": post, "url_limit": SHARE_URL_LIMIT, "text_limit": POST_TEXT_LIMIT}
    return preview


# A hangout's "Invite and remind" page --------------------------------------------------------


def invitations_url(network: Network, hangout: Hangout) -> str:
    """The email invitations page (send, progress, failures)."""
    return reverse("outreach:invitations", kwargs={"network": network.slug, "pk": hangout.pk})


def get_hangout(request: HttpRequest, network: str, pk: int) -> Hangout:
    net = get_network_for_organiser(request, network)
    hangout = get_object_or_404(Hangout.objects.select_related("series"), network=net, pk=pk)
    hangout.network = net
    return hangout


@require_http_methods(["GET"])
def hangout_outreach(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    hangout = get_hangout(request, network, pk)
    net = hangout.network
    language = net.language
    templates = messages.templates_for(net, language)
    values = group_values(hangout, language=language)
    due = list(announcements.to_post(hangout).order_by("due_at", "pk"))
    posts = announcements.announcement_posts(
        hangout, due, language=language, base=values, templates=templates
    )
    is_open = hangout.status in (Hangout.Status.DRAFT, Hangout.Status.SCHEDULED)
    context = {
        "network": net,
        "hangout": hangout,
        "group_post": build_group_post(
            "group_invitation", language=language, values=values, templates=templates
        )
        if is_open
        else None,
        "facebook_post": facebook_post(hangout, language=language) if is_open else None,
        "to_post": [Item(a, posts[a.pk]) for a in due],
        "upcoming": list(announcements.upcoming(hangout)),
        "invitations_url": invitations_url(net, hangout),
        "url_limit": SHARE_URL_LIMIT,
    }
    return render(request, "outreach/hangout_outreach.html", context)


@require_POST
def announcement_posted(
    request: HttpRequest, network: str, pk: int, announcement: int
) -> HttpResponse:
    """Tick a "to post" item: who posted it and when (a second tick changes nothing)."""
    hangout = get_hangout(request, network, pk)
    row = get_object_or_404(Announcement, hangout=hangout, pk=announcement)
    ticked = Announcement.objects.filter(pk=row.pk, posted_at__isnull=True).update(
        posted_at=timezone.now(), posted_by=organiser(request)
    )
    if ticked:
        flash.success(request, _("Ticked as posted."))
    return redirect("outreach:hangout_outreach", network=hangout.network.slug, pk=hangout.pk)
