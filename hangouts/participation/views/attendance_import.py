"""Organisers: upload a participant report, preview it, review the uncertain people, import."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.models import User
from hangouts.integrations.zoom import reports as zoom_reports
from hangouts.integrations.zoom.client import ZoomError
from hangouts.integrations.zoom.meetings import zoom_client, zoom_configured
from hangouts.network.models import Member, Organisation
from hangouts.participation.actions import AttendanceNotOpen
from hangouts.participation.attendance_import import (
    AttendanceImportError,
    Decision,
    apply_attendance_import,
    decide_person,
    plan_import,
    read_report,
    store_report,
)
from hangouts.participation.forms import ReportUploadForm, ReviewForm, roster_entry
from hangouts.participation.models import AttendanceImport
from hangouts.participation.reports import ReportError
from hangouts.participation.views.answers import get_hangout_for_organiser
from hangouts.programme.models import Hangout


def import_page(name: str, hangout: Hangout, record: AttendanceImport) -> str:
    kwargs = {"network": hangout.network.slug, "pk": hangout.pk, "import_pk": record.pk}
    return reverse(f"participation:{name}", kwargs=kwargs)


def get_import(hangout: Hangout, import_pk: int) -> AttendanceImport:
    return get_object_or_404(AttendanceImport, hangout=hangout, pk=import_pk)


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The file is read at once: a file that is not a report is refused and nothing is kept."""
    hangout = get_hangout_for_organiser(request, network, pk)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            read_report(content, time_zone=hangout.network.time_zone)
        except ReportError as error:
            form.add_error("file", str(error.message))
        else:
            by = cast(User, request.user)
            record = store_report(hangout, content=content, file_name=upload.name, by=by)
            return redirect(import_page("import_preview", hangout, record))
    previous = AttendanceImport.objects.filter(hangout=hangout).defer("content")[:5]
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "form": form,
        "previous": previous,
        "zoom_fetch": can_fetch_from_zoom(hangout),
    }
    return render(request, "participation/import_upload.html", context)


def can_fetch_from_zoom(hangout: Hangout) -> bool:
    return zoom_reports.can_fetch(hangout) and zoom_configured()


@require_POST
def import_from_zoom(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Fetch the hangout's participants from Zoom's API and show them like an uploaded report.

    Calls Zoom while the organiser waits (two or three requests); the rows are stored in an
    AttendanceImport, so the preview, review and import are those of a file.
    """
    hangout = get_hangout_for_organiser(request, network, pk)
    if not can_fetch_from_zoom(hangout):
        raise Http404
    try:
        content = zoom_reports.fetch_for_hangout(zoom_client(), hangout)
    except ZoomError as error:
        messages.error(request, str(error))
        return redirect("participation:import_upload", network=hangout.network.slug, pk=hangout.pk)
    by = cast(User, request.user)
    record = store_report(hangout, content=content, file_name=ZOOM_FILE_NAME, by=by)
    return redirect(import_page("import_preview", hangout, record))


# Shown in the list of earlier uploads; a name, not a sentence (not translated, like file names).
ZOOM_FILE_NAME = "Zoom API"


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, network: str, pk: int, import_pk: int) -> HttpResponse:
    """What the import would record; the button applies exactly this plan."""
    hangout = get_hangout_for_organiser(request, network, pk)
    record = get_import(hangout, import_pk)
    if request.method == "POST":
        try:
            plan = apply_attendance_import(record, by=cast(User, request.user))
        except (AttendanceImportError, AttendanceNotOpen) as error:
            messages.error(request, str(error.message))
            return redirect(request.path)
        messages.success(
            request,
            _(
                "Attendance imported: %(matched)d matched, %(guests)d guests, "
                "%(needs_review)d left out until reviewed."
            )
            % plan.summary(),
        )
        return redirect("participation:attendance", network=hangout.network.slug, pk=hangout.pk)
    plan = plan_import(hangout, bytes(record.content))
    context = {"network": hangout.network, "hangout": hangout, "record": record, "plan": plan}
    return render(request, "participation/import_preview.html", context)


def import_review(request: HttpRequest, network: str, pk: int, import_pk: int) -> HttpResponse:
    """The people who need a decision, each with their best candidates."""
    hangout = get_hangout_for_organiser(request, network, pk)
    record = get_import(hangout, import_pk)
    plan = plan_import(hangout, bytes(record.content))
    roster = (
        Member.objects.for_network(hangout.network)
        .active()
        .select_related("organisation")
        .order_by("name")
    )
    context = {
        "network": hangout.network,
        "hangout": hangout,
        "record": record,
        "plan": plan,
        "roster": [roster_entry(member) for member in roster],
        "organisations": Organisation.objects.filter(network=hangout.network).order_by("name"),
    }
    return render(request, "participation/import_review.html", context)


@require_POST
def import_decide(request: HttpRequest, network: str, pk: int, import_pk: int) -> HttpResponse:
    """One decision, remembered as an alias; back to the review."""
    hangout = get_hangout_for_organiser(request, network, pk)
    record = get_import(hangout, import_pk)
    form = ReviewForm(request.POST, network=hangout.network)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(text) for text in error))
    else:
        data = form.cleaned_data
        try:
            decide_person(
                record,
                index=data["person"],
                decision=Decision(data["decision"]),
                by=cast(User, request.user),
                member=data["member"],
                name=data["name"],
                organisation=data["organisation_found"],
            )
        except AttendanceImportError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Saved. The next imports will remember it."))
    return redirect(import_page("import_review", hangout, record))
