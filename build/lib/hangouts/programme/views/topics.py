"""The topic board: read by anyone, proposed to and voted on by members, cared for by organisers.

The vote-by-phone page is reached from a link shared in the WhatsApp group: it answers the same
page whether or not the number is on the roster (phone identification never reveals it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hangouts.accounts.identification import Identification, identify
from hangouts.accounts.views import safe_next, too_many
from hangouts.network.models import Network
from hangouts.network.permissions import (
    get_network,
    get_network_for_organiser,
    get_network_for_reader,
    is_organiser,
    member_of,
)
from hangouts.network.views import sign_in_first
from hangouts.programme.actions.topics import (
    VotingClosed,
    accepts_votes,
    merge_topics,
    propose_topic,
    update_topic,
    vote,
    vote_by_phone,
    withdraw_vote,
)
from hangouts.programme.appeal import off_board_topics, rank_topics
from hangouts.programme.forms.topics import (
    TopicEditForm,
    TopicMergeForm,
    TopicProposalForm,
    VoteForm,
)
from hangouts.programme.models import Topic, Vote

DETAIL = "programme/topic_detail.html"


def load_topic(network: Network, pk: int) -> Topic:
    topic = get_object_or_404(
        Topic.objects.for_network(network)
        .select_related("proposed_by", "merged_into")
        .prefetch_related("themes"),
        pk=pk,
    )
    topic.network = network  # no query for topic.network on the page
    return topic


def detail_url(topic: Topic) -> str:
    return reverse("programme:topic_detail", kwargs={"network": topic.network.slug, "pk": topic.pk})


@require_GET
def topic_list(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    organiser = is_organiser(request, net)
    context = {
        "network": net,
        "ranked": rank_topics(net),
        "is_organiser": organiser,
        "member": member_of(request, net),
        "off_board": off_board_topics(net) if organiser else [],
    }
    return render(request, "programme/topic_list.html", context)


@require_http_methods(["GET", "POST"])
def topic_propose(request: HttpRequest, network: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return sign_in_first(request, network)
    net, _organiser = get_network_for_reader(request, network)
    form = TopicProposalForm(request.POST or None, network=net)
    if request.method == "POST" and form.is_valid():
        # A member-less organiser proposes for the network: proposed_by stays empty.
        topic = propose_topic(net, member=member_of(request, net), **form.cleaned_data)
        messages.success(request, _("Thank you: your topic is on the board."))
        return redirect(detail_url(topic))
    return render(request, "programme/topic_form.html", {"network": net, "form": form})


def detail_context(request: HttpRequest, topic: Topic, **forms: Any) -> dict[str, Any]:
    net = topic.network
    organiser = is_organiser(request, net)
    member = member_of(request, net)
    row = rank_topics(net, [topic])[0]
    context: dict[str, Any] = {
        "network": net,
        "topic": topic,
        "row": row,
        "is_organiser": organiser,
        "member": member,
        "voted": member is not None and member.pk in row.voter_ids,
        "open": accepts_votes(topic),
    }
    if organiser:
        context["edit_form"] = forms.get("edit_form") or TopicEditForm.for_topic(topic)
        context["merge_form"] = forms.get("merge_form") or TopicMergeForm(topic=topic)
        context["guest_votes"] = Vote.objects.filter(topic=topic, member=None).order_by("pk")
        context["share_url"] = settings.SITE_URL + reverse(
            "programme:topic_vote_by_phone", kwargs={"network": net.slug, "pk": topic.pk}
        )
    return context


@require_GET
def topic_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    topic = load_topic(get_network(network), pk)
    return render(request, DETAIL, detail_context(request, topic))


@require_POST
def topic_edit(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    topic = load_topic(net, pk)
    form = TopicEditForm(request.POST, network=net)
    if not form.is_valid():
        return render(request, DETAIL, detail_context(request, topic, edit_form=form), status=400)
    update_topic(topic, **form.cleaned_data)
    messages.success(request, _("Saved."))
    return redirect(detail_url(topic))


@require_POST
def topic_merge(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    topic = load_topic(net, pk)
    form = TopicMergeForm(request.POST, topic=topic)
    if form.is_valid() and topic.merged_into_id is None:
        into = merge_topics(topic, into=form.cleaned_data["into"])
        messages.success(request, _("Merged: the votes moved here, nobody counted twice."))
        return redirect(detail_url(into))
    if topic.merged_into_id is not None:
        form.add_error(None, _("This topic was already merged."))
    return render(request, DETAIL, detail_context(request, topic, merge_form=form), status=400)


@require_POST
def topic_vote(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        sign_in = reverse("network:sign_in", kwargs={"network": network})
        board = reverse("programme:topic_list", kwargs={"network": network})
        return redirect(f"{sign_in}?{urlencode({'next': board})}")
    net = get_network(network)
    member = member_of(request, net)
    if member is None:
        raise PermissionDenied
    topic, form = load_topic(net, pk), VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose to vote or to withdraw your vote."))
    try:
        if form.cleaned_data["action"] == "vote":
            vote(topic, member=member)
            messages.success(request, _("Thank you: your vote is counted."))
        elif withdraw_vote(topic, member=member):
            messages.success(request, _("Your vote is withdrawn."))
    except VotingClosed:
        messages.error(request, _("Voting on this topic is closed."))
    return redirect(safe_next(request, detail_url(topic)))


def record_phone_vote(topic: Topic, identification: Identification) -> bool:
    """Record the identified person's vote; False only when voting is closed for everyone."""
    data = identification.form.cleaned_data
    try:
        vote_by_phone(topic, member=identification.member, name=data["name"], phone=data["phone"])
    except VotingClosed:
        return False
    return True


@require_http_methods(["GET", "POST"])
def topic_vote_by_phone(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    net = get_network(network)
    topic = load_topic(net, pk)
    shown = topic.merged_into or topic  # an old link from before a merge still works
    shown.network = net
    identification = identify(request, net)
    if identification.limited:
        return too_many(request)
    recorded = identification.identified and record_phone_vote(shown, identification)
    context = {
        "network": net,
        "topic": shown,
        "form": identification.form,
        "recorded": recorded,
        "open": accepts_votes(shown),
    }
    return render(request, "programme/topic_vote_by_phone.html", context)
