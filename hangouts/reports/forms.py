"""The reports' filters: a period (a shortcut or from–to dates) and a series, as a GET form."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Network
from hangouts.programme.models import Series
from hangouts.reports.queries import Filters, Period

ALL_TIME = "all"
LAST_12_MONTHS = "12m"
YEARS_OFFERED = 5
LANGUAGES = (("lo", "ລາວ"), ("en", "English"))


def today(network: Network) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(network.time_zone)).date()


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.none(),
        required=False,
        empty_label=_("All series"),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        this_year = today(network).year
        fields: dict[str, Any] = self.fields
        fields["period"].choices = [
            (ALL_TIME, _("All time")),
            (LAST_12_MONTHS, _("Last 12 months")),
            *((str(y), str(y)) for y in range(this_year, this_year - YEARS_OFFERED, -1)),
        ]
        fields["series"].queryset = Series.objects.filter(network=network)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(_("The period must end after it starts."))
        return cleaned

    def period_chosen(self) -> Period:
        """From–to dates when given (they win), else the shortcut; all time by default."""
        data = self.cleaned_data
        if data.get("start") or data.get("end"):
            return Period(data.get("start"), data.get("end"))
        choice = data.get("period") or ALL_TIME
        now = today(self.network)
        if choice == LAST_12_MONTHS:
            # This month and the eleven before it.
            months = now.year * 12 + now.month - 1 - 11
            return Period(date(months // 12, months % 12 + 1, 1), now)
        if choice.isdigit():
            year = int(choice)
            return Period(date(year, 1, 1), date(year, 12, 31))
        return Period()

    def filters(self) -> Filters:
        """The chosen filters; all time and every series when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        return Filters(period=self.period_chosen(), series=self.cleaned_data.get("series"))


class PdfForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGES)
