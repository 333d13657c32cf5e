"""HTTP for networks, the member directory and the roster: load, authorise, act, render."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.actions import ensure_member_user, issue_sign_in_link, request_member_sign_in
from hangouts.accounts.models import User
from hangouts.accounts.tasks import send_sign_in_link_email
from hangouts.accounts.views import too_many
from hangouts.lib.phones import whatsapp_link
from hangouts.lib.ratelimit import allow, client_address
from hangouts.network.actions import RosterImportError, import_roster
from hangouts.network.forms import (
    DirectoryFilterForm,
    EmailForm,
    MemberForm,
    NetworkSettingsForm,
    RosterUploadForm,
)
from hangouts.network.models import Member, Network, RosterImport
from hangouts.network.permissions import (
    get_member_for_organiser,
    get_network,
    get_network_for_organiser,
    get_network_for_reader,
    is_organiser,
    member_of,
)
from hangouts.network.roster import COLUMNS, plan_roster

DIRECTORY_PAGE_SIZE = 200


def choose(request: HttpRequest) -> HttpResponse:
    networks = Network.objects.order_by("name")
    return render(request, "network/network_list.html", {"networks": networks})


def home(request: HttpRequest, network: str) -> HttpResponse:
    """The next hangout and the topic board's most appealing topics, for everyone."""
    from hangouts.programme.appeal import top_topics
    from hangouts.programme.queries import next_hangout

    net = get_network(network)
    context = {
        "network": net,
        "is_organiser": is_organiser(request, net),
        "member": member_of(request, net),
        "next_hangout": next_hangout(net),
        "top_topics": top_topics(net),
    }
    return render(request, "network/network_home.html", context)


def sign_in_first(request: HttpRequest, network: str) -> HttpResponse:
    url = reverse("network:sign_in", kwargs={"network": network})
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


@require_http_methods(["GET", "POST"])
def member_sign_in(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("sign_in_link_request", client_address(request)):
            return too_many(request)
        request_member_sign_in(net, email=form.cleaned_data["email"])
        # The same answer whether or not the address is on the roster.
        return render(request, "network/sign_in_sent.html", {"network": net})
    return render(request, "network/sign_in.html", {"network": net, "form": form})


def directory(request: HttpRequest, network: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return sign_in_first(request, network)
    net, organiser = get_network_for_reader(request, network)
    form = DirectoryFilterForm(request.GET or None, network=net)
    members = Member.objects.for_network(net).active().for_directory()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            members = members.filter(
                Q(name__icontains=data["q"]) | Q(name_latin__icontains=data["q"])
            )
        for field in ("organisation", "province", "staff_level"):
            if data[field]:
                members = members.filter(**{field: data[field]})
    shown = list(members[: DIRECTORY_PAGE_SIZE + 1])
    context = {
        "network": net,
        "form": form,
        "members": shown[:DIRECTORY_PAGE_SIZE],
        "more": len(shown) > DIRECTORY_PAGE_SIZE,
        "is_organiser": organiser,
    }
    return render(request, "network/member_list.html", context)


def member_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    member = get_member_for_organiser(request, network, pk)
    return render(
        request, "network/member_detail.html", {"network": member.network, "member": member}
    )


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, network: str, pk: int | None = None) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    instance = get_object_or_404(Member, network=net, pk=pk) if pk else None
    form = MemberForm(request.POST or None, instance=instance, network=net)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, _("Saved."))
        return redirect(member)
    return render(
        request, "network/member_form.html", {"network": net, "form": form, "member": instance}
    )


@require_POST
def member_deactivate(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    member = get_member_for_organiser(request, network, pk)
    member.deactivate()
    messages.success(
        request,
        _("%(name)s is no longer on the roster; their history is kept.") % {"name": member.name},
    )
    return redirect(member)


@require_POST
def member_sign_in_link(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """An organiser sends a member a sign-in link: by email, or shared on WhatsApp in one tap."""
    member = get_member_for_organiser(request, network, pk)
    link = issue_sign_in_link(
        ensure_member_user(member), next_path=member.network.get_absolute_url()
    )
    url = settings.SITE_URL + reverse("accounts:sign_in_link", kwargs={"token": link.token})
    if request.POST.get("via") == "email" and member.email:
        send_sign_in_link_email.enqueue(link_id=link.pk)
        messages.success(
            request, _("A sign-in link is on its way to %(email)s.") % {"email": member.email}
        )
        return redirect(member)
    text = _(
        "Hello %(name)s, here is your link to sign in to %(network)s (valid 15 minutes): %(url)s"
    ) % {"name": member.name, "network": member.network.name, "url": url}
    share = whatsapp_link(member.phone, text) if member.phone else ""
    context = {"network": member.network, "member": member, "url": url, "share": share}
    return render(request, "network/member_sign_in_link.html", context)


@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        roster_import = RosterImport.objects.create(
            network=net,
            uploaded_by=cast(User, request.user),
            file_name=upload.name,
            content=upload.read(),
        )
        return redirect("network:roster_preview", network=net.slug, pk=roster_import.pk)
    context = {"network": net, "form": form, "columns": COLUMNS}
    return render(request, "network/roster_upload.html", context)


@require_http_methods(["GET", "POST"])
def roster_preview(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    roster_import = get_object_or_404(RosterImport, network=net, pk=pk)
    if request.method == "POST":
        try:
            plan = import_roster(roster_import)
        except RosterImportError as error:
            plan = error.plan
        else:
            summary = plan.summary()
            messages.success(
                request, _("Imported: %(created)d new, %(updated)d updated.") % summary
            )
            return redirect("network:directory", network=net.slug)
    else:
        plan = plan_roster(net, bytes(roster_import.content), roster_import.file_name)
    context = {"network": net, "roster_import": roster_import, "plan": plan}
    return render(request, "network/roster_preview.html", context)


@require_http_methods(["GET", "POST"])
def network_settings(request: HttpRequest, network: str) -> HttpResponse:
    """Organisers: the network's own choices (feedback days, the public reach summary)."""
    net = get_network_for_organiser(request, network)
    form = NetworkSettingsForm(request.POST or None, instance=net)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("network:settings", network=net.slug)
    return render(request, "network/network_settings.html", {"network": net, "form": form})
