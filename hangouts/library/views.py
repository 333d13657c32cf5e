"""The library pages: the list by theme and date, one resource, its file, adding one, search.

Who sees what (`ResourceQuerySet.visible`): public resources of non-draft hangouts are for
anyone; members-only ones for the network's signed-in members and organisers. To everyone
else a members-only resource answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from hangouts.library.actions import add_resource
from hangouts.library.forms import (
    ResourceForm,
    max_upload_bytes,
    max_upload_mb,
    too_large_message,
)
from hangouts.library.models import Resource
from hangouts.library.search import search
from hangouts.network.models import Member, Network
from hangouts.network.permissions import get_network, is_organiser, member_of
from hangouts.network.views import sign_in_first
from hangouts.programme.models import Hangout, Theme
from hangouts.programme.queries import hangout_for_page

PAGE_SIZE = 50
# The file's own headers: a download, never shown in the site's origin, nothing it may load.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Referrer-Policy": "no-referrer",
}


def reader(request: HttpRequest, network: Network) -> tuple[bool, Member | None]:
    """(organiser?, the signed-in member): either may see members-only resources."""
    return is_organiser(request, network), member_of(request, network)


def can_see_members_only(request: HttpRequest, network: Network) -> bool:
    organiser, member = reader(request, network)
    return organiser or member is not None


def themed(rows: Any) -> Any:
    """Resources with their hangout, its topic and the topic's themes (two queries)."""
    themes = Prefetch("hangout__topic__themes", queryset=Theme.objects.order_by("position"))
    return rows.select_related("hangout__topic").prefetch_related(themes)


def chosen_theme(request: HttpRequest, network: Network) -> Theme | None:
    raw = request.GET.get("theme", "")
    if not raw.isdigit():
        return None
    return Theme.objects.filter(network=network, pk=int(raw)).first()


@require_GET
def library_index(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    theme = chosen_theme(request, net)
    rows = Resource.objects.for_network(net).visible(
        members_only=can_see_members_only(request, net)
    )
    if theme is not None:
        rows = rows.filter(hangout__topic__themes=theme)
    rows = themed(rows).order_by("-hangout__starts_at", "-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": net,
        "page": page,
        "themes": list(Theme.objects.filter(network=net)),
        "theme": theme,
    }
    return render(request, "library/library.html", context)


def load_resource(request: HttpRequest, network: str, pk: int) -> tuple[Network, Resource]:
    net = get_network(network)
    organiser, member = reader(request, net)
    rows = Resource.objects.for_network(net).visible(
        members_only=organiser or member is not None, drafts=organiser
    )
    resource = get_object_or_404(themed(rows), pk=pk)
    resource.network = resource.hangout.network = net
    return net, resource


@require_GET
def resource_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    net, resource = load_resource(request, network, pk)
    return render(request, "library/resource_detail.html", {"network": net, "resource": resource})


@require_GET
def resource_file(request: HttpRequest, network: str, pk: int, file_name: str) -> FileResponse:
    """The slides file, as a download with the checked type, for those who may see it."""
    _net, resource = load_resource(request, network, pk)
    if not resource.file or file_name != resource.file_name:
        raise Http404
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.file_name,
        content_type=resource.content_type,
    )
    for header, value in FILE_HEADERS.items():
        response[header] = value
    if resource.visibility != Resource.Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


class SizeLimit(FileUploadHandler):
    """Stops an upload once it passes the limit: the rest of the body is read and dropped, so
    no more than the limit is ever held (in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, in a
    temporary file above it), and the person gets the form with the message, not a reset."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def may_add(hangout: Hangout, organiser: bool, member: Member | None) -> bool:
    """Organisers of the network, and the hangout's presenters (any role)."""
    if organiser:
        return True
    return member is not None and any(p.member_id == member.pk for p in hangout.presenters.all())


@csrf_exempt  # the upload handler must be set before CSRF reads the body; checked below
@require_http_methods(["GET", "POST"])
def resource_add(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    limit = SizeLimit(request, max_upload_bytes())
    request.upload_handlers.insert(0, limit)
    return resource_add_checked(request, network, pk, limit)


@csrf_protect
def resource_add_checked(
    request: HttpRequest, network: str, pk: int, limit: SizeLimit
) -> HttpResponse:
    if not request.user.is_authenticated:
        return sign_in_first(request, network)
    net = get_network(network)
    organiser, member = reader(request, net)
    hangout = hangout_for_page(net, pk, include_drafts=organiser)
    if hangout is None:
        raise Http404
    if not may_add(hangout, organiser, member):
        raise PermissionDenied
    hangout.network = net
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not limit.exceeded:
        data = form.cleaned_data
        add_resource(
            hangout,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            url=data["url"],
            notes=data["notes"],
            visibility=data["visibility"],
        )
        messages.success(request, _("Added to the hangout and the library."))
        return redirect(hangout.get_absolute_url() + "#resources")
    if limit.exceeded:
        form.errors.pop("file", None)  # "choose the file": it was too large to keep
        form.add_error("file", too_large_message())
    status = 400 if request.method == "POST" else 200
    context = {"network": net, "hangout": hangout, "form": form, "max_mb": max_upload_mb()}
    return render(request, "library/resource_form.html", context, status=status)


@require_GET
def search_page(request: HttpRequest, network: str) -> HttpResponse:
    net = get_network(network)
    query = request.GET.get("q", "")[:200]
    results = search(net, query, members_only=can_see_members_only(request, net))
    return render(
        request,
        "library/search.html",
        {"network": net, "query": query, "results": results},
    )
