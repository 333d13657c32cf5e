"""HTTP for reports: the organisers' dashboard and exports, and the public summary.

The dashboard and the exports are for the network's organisers (members and outsiders are
refused, like other organiser pages); the public summary exists only when the network chose to
show it (Network.public_summary), with every count under five written "< 5".
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hangouts.network.models import Network
from hangouts.network.permissions import get_network, get_network_for_organiser
from hangouts.reports import exports
from hangouts.reports.charts import draw
from hangouts.reports.forms import PdfForm, ReportFilterForm
from hangouts.reports.queries import reach

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _form(request: HttpRequest, network: Network) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, network=network)


@require_GET
def dashboard(request: HttpRequest, network: str) -> HttpResponse:
    """Organisers: every figure for a period and series, charts with their numbers as tables."""
    net = get_network_for_organiser(request, network)
    form = _form(request, net)
    figures = reach(net, form.filters())
    context = {
        "network": net,
        "form": form,
        "figures": figures,
        "charts": draw(figures),
        "period": exports.period_text(figures),
        "query": request.GET.urlencode(),
        "pdf_form": PdfForm(initial={"language": net.language}),
    }
    return render(request, "reports/dashboard.html", context)


@require_GET
def public_summary(request: HttpRequest, network: str) -> HttpResponse:
    """Everyone, when the network shows it: held, participants, provinces, kinds, trend."""
    net = get_network(network)
    if not net.public_summary:
        raise Http404
    form = _form(request, net)
    figures = reach(net, form.filters())
    context = {
        "network": net,
        "form": form,
        "figures": figures,
        "charts": draw(figures, public=True),
        "period": exports.period_text(figures),
    }
    return render(request, "reports/public_summary.html", context)


@require_GET
def export(request: HttpRequest, network: str, table: str, fmt: str) -> HttpResponse:
    """Organisers: hangouts, attendance (with names) or the reach tables, as CSV or XLSX."""
    net = get_network_for_organiser(request, network)
    if table not in exports.TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    content = exports.export(table, fmt, net, _form(request, net).filters())
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table}-{net.slug}.{fmt}"'
    return response


@require_GET
def report_pdf(request: HttpRequest, network: str) -> HttpResponse:
    """Organisers: the printable report, in Lao or English (the form's choice)."""
    net = get_network_for_organiser(request, network)
    choice = PdfForm(request.GET)
    language = choice.cleaned_data["language"] if choice.is_valid() else "lo"
    content = exports.report_pdf(net, _form(request, net).filters(), language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="reach-{net.slug}-{language}.pdf"'
    return response
