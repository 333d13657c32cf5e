"""HTTP for awards: the public volunteers pages, the organisers' month page, the documents."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hangouts.accounts.models import User
from hangouts.awards import actions, documents, queries
from hangouts.awards.announcement import announcements, whatsapp_share_url
from hangouts.awards.annual import year_csv, year_list
from hangouts.awards.card import card_png
from hangouts.awards.forms import AwardForm, NominateForm
from hangouts.awards.models import Award, Kind
from hangouts.awards.text import month_name
from hangouts.network.models import Network
from hangouts.network.permissions import (
    get_network,
    get_network_for_organiser,
    get_network_for_reader,
    is_organiser,
    member_of,
)
from hangouts.network.views import sign_in_first
from hangouts.programme.presenters import presentations_of


def _month(year: int, month: int) -> date:
    try:
        return date(_year(year), month, 1)
    except ValueError:
        raise Http404 from None


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _may_hold(request: HttpRequest, network: Network, award: Award) -> bool:
    if is_organiser(request, network):
        return True
    member = member_of(request, network)
    return member is not None and member.pk == award.member_id


@require_GET
def volunteer_list(request: HttpRequest, network: str) -> HttpResponse:
    """Public: the network's volunteers of the month, newest first (recognition is the point)."""
    net = get_network(network)
    organiser = is_organiser(request, net)
    context: dict[str, Any] = {
        "network": net,
        "years": queries.awards_by_year(net),
        "is_organiser": organiser,
    }
    if organiser:
        this_month = queries.current_month(net)
        last_month = (this_month.replace(day=1) - date.resolution).replace(day=1)
        context["months"] = [
            (m, month_name(m, get_language() or "lo")) for m in (last_month, this_month)
        ]
    return render(request, "awards/volunteer_list.html", context)


@require_GET
def volunteer_profile(request: HttpRequest, network: str, member_pk: int) -> HttpResponse:
    """Public: a member's awards and the hangouts they presented (404 if neither)."""
    net = get_network(network)
    member = get_object_or_404(net.members.select_related("organisation"), pk=member_pk)
    awards = list(queries.member_awards(member))
    presentations = list(presentations_of(member))
    if not awards and not presentations:
        raise Http404
    viewer = member_of(request, net)
    context = {
        "network": net,
        "member": member,
        "awards": awards,
        "presentations": presentations,
        "may_download": is_organiser(request, net)
        or (viewer is not None and viewer.pk == member.pk),
    }
    return render(request, "awards/volunteer_profile.html", context)


def _manage_page(
    request: HttpRequest,
    net: Network,
    month: date,
    *,
    award_form: AwardForm | None = None,
    nominate_form: NominateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    award = (
        Award.objects.filter(network=net, kind=Kind.VOLUNTEER_OF_THE_MONTH, month=month)
        .select_related("member__organisation", "chosen_by")
        .first()
    )
    candidates = queries.candidates(net, month)
    members = [c.member for c in candidates]
    if award is not None and award.member_id not in {m.pk for m in members}:
        members.insert(0, award.member)
    if award_form is None:
        initial = (
            {
                "member": award.member_id,
                "citation": award.citation,
                "citation_en": award.citation_en,
            }
            if award
            else {}
        )
        award_form = AwardForm(members=members, initial=initial)
    revisions = (
        list(award.revisions.select_related("member", "changed_by")) if award is not None else []
    )
    context = {
        "network": net,
        "month": month,
        "month_name": month_name(month, get_language() or "lo"),
        "previous": (month - date.resolution).replace(day=1),
        "next": queries.next_month(month),
        "award": award,
        "revisions": revisions,
        "candidates": candidates,
        "award_form": award_form,
        "nominate_form": nominate_form or NominateForm(network=net),
    }
    return render(request, "awards/month_manage.html", context, status=status)


@require_GET
def month_manage(request: HttpRequest, network: str, year: int, month: int) -> HttpResponse:
    """Organisers: the month's candidates and what they did; nominate, choose, correct."""
    net = get_network_for_organiser(request, network)
    return _manage_page(request, net, _month(year, month))


@require_POST
def month_nominate(request: HttpRequest, network: str, year: int, month: int) -> HttpResponse:
    net = get_network_for_organiser(request, network)
    first = _month(year, month)
    form = NominateForm(request.POST, network=net)
    if not form.is_valid():
        return _manage_page(request, net, first, nominate_form=form, status=400)
    by = cast(User, request.user)
    actions.nominate(
        net,
        month=first,
        member=form.cleaned_data["member"],
        reason=form.cleaned_data["reason"],
        by=by,
    )
    messages.success(request, _("Nominated."))
    return redirect("awards:month_manage", network=net.slug, year=year, month=month)


@require_POST
def month_award(request: HttpRequest, network: str, year: int, month: int) -> HttpResponse:
    """Choose the month's volunteer, or correct the award when there is one."""
    net = get_network_for_organiser(request, network)
    first = _month(year, month)
    members = [c.member for c in queries.candidates(net, first)]
    award = Award.objects.filter(network=net, kind=Kind.VOLUNTEER_OF_THE_MONTH, month=first).first()
    if award is not None:
        members.append(award.member)
    form = AwardForm(request.POST, members=members)
    if not form.is_valid():
        return _manage_page(request, net, first, award_form=form, status=400)
    data, by = form.cleaned_data, cast(User, request.user)
    try:
        if award is None:
            award = actions.choose_volunteer(net, month=first, by=by, **data)
            messages.success(request, _("Chosen. Download the certificate and share the card."))
        else:
            actions.correct_award(award, by=by, **data)
            messages.success(request, _("Corrected. The earlier version is kept in the history."))
    except ValidationError as error:
        form.add_error(None, error)
        return _manage_page(request, net, first, award_form=form, status=400)
    return redirect("awards:award_share", network=net.slug, pk=award.pk)


def _award(network: Network, pk: int) -> Award:
    return get_object_or_404(
        Award.objects.select_related("network", "member__organisation"), network=network, pk=pk
    )


@require_GET
def award_share(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Organisers: the card, the Facebook post and the WhatsApp message, ready to post."""
    net = get_network_for_organiser(request, network)
    award = _award(net, pk)
    link = request.build_absolute_uri(
        reverse("awards:volunteer_list", kwargs={"network": net.slug})
    )
    page, group = announcements(award, volunteers_link=link)
    context = {
        "network": net,
        "award": award,
        "month_name": month_name(award.month, get_language() or "lo"),
        "facebook_text": page.text,
        "whatsapp_text": group.text,
        "whatsapp_url": whatsapp_share_url(group.text),
    }
    return render(request, "awards/award_share.html", context)


def _document(request: HttpRequest, network: str, pk: int) -> Award | HttpResponse:
    net = get_network(network)
    if not request.user.is_authenticated:
        return sign_in_first(request, network)
    award = _award(net, pk)
    if not _may_hold(request, net, award):
        raise PermissionDenied
    return award


def _filename(award: Award, extension: str) -> str:
    return f"volunteer-{award.network.slug}-{award.month:%Y-%m}.{extension}"


@require_GET
def award_certificate(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The certificate (PDF): for the member it was given to and the organisers."""
    award = _document(request, network, pk)
    if isinstance(award, HttpResponse):
        return award
    response = HttpResponse(documents.certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(award, "pdf")}"'
    return response


@require_GET
def award_card(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The card for Facebook (PNG): for the member it was given to and the organisers.
    `?size=preview`: the light preview the share page shows."""
    award = _document(request, network, pk)
    if isinstance(award, HttpResponse):
        return award
    preview = request.GET.get("size") == "preview"
    response = HttpResponse(card_png(award, preview=preview), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{_filename(award, "png")}"'
    return response


@require_GET
def annual_list(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """Public: a year's volunteers of the month and presenters, with the PDF and CSV."""
    net = get_network(network)
    rows = year_list(net, _year(year), language=get_language() or "lo")
    context = {"network": net, "rows": rows, "is_organiser": is_organiser(request, net)}
    return render(request, "awards/annual_list.html", context)


@require_GET
def annual_pdf(request: HttpRequest, network: str, year: int) -> HttpResponse:
    """For the network's organisers and members (a PDF costs a second to make)."""
    net, _organiser = get_network_for_reader(request, network)
    response = HttpResponse(documents.annual_pdf(net, _year(year)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="volunteers-{net.slug}-{year}.pdf"'
    return response


@require_GET
def annual_csv(request: HttpRequest, network: str, year: int) -> HttpResponse:
    net, _organiser = get_network_for_reader(request, network)
    rows = year_list(net, _year(year), language=get_language() or "lo")
    response = HttpResponse(year_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="volunteers-{net.slug}-{year}.csv"'
    return response
