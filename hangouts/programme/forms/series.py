"""The series form: a rule, a language, a capacity and a meeting provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Network
from hangouts.programme.meetings import JITSI_MODERATOR_NOTE
from hangouts.programme.models import Series, Topic, default_reminder_hours

# Reminders before each hangout of a series (outreach/announcements.py): two weeks at most.
MAX_REMINDERS = 3
MAX_REMINDER_HOURS = 336


def language_choices(network: Network) -> list[tuple[str, str]]:
    """The network's national language first, then the languages of the interface."""
    codes = [network.language, *(code for code, _name in settings.LANGUAGES)]
    choices = []
    for code in dict.fromkeys(codes):
        try:
            name = str(get_language_info(code)["name_translated"])
        except KeyError:
            name = code
        choices.append((code, name))
    return choices


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = (
            "name",
            "name_en",
            "week",
            "weekday",
            "start_time",
            "duration_minutes",
            "language",
            "capacity",
            "provider",
            "jitsi_base_url",
            "reminder_hours",
        )
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {"jitsi_base_url": JITSI_MODERATOR_NOTE}

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        fields: dict[str, Any] = self.fields
        fields["language"] = forms.ChoiceField(
            label=_("language"), choices=language_choices(network), initial=network.language
        )
        fields["duration_minutes"].validators += [MinValueValidator(15), MaxValueValidator(480)]
        fields["capacity"].validators.append(MinValueValidator(1))
        fields["reminder_hours"] = forms.CharField(
            label=_("Reminders (hours before)"),
            required=False,
            help_text=_(
                "E.g. 24, 1: a day and an hour before (the default, when left empty). Up to "
                "%(count)s, each 1 to %(most)s hours."
            )
            % {"count": MAX_REMINDERS, "most": MAX_REMINDER_HOURS},
        )
        hours = self.initial.get("reminder_hours")
        if isinstance(hours, list):
            self.initial["reminder_hours"] = ", ".join(str(h) for h in hours)

    def clean_reminder_hours(self) -> list[int]:
        """ "24, 1" → [24, 1]: whole hours, 1 to two weeks, at most three, latest first;
        empty: the default (a day and an hour before)."""
        text = self.cleaned_data.get("reminder_hours") or ""
        parts = [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
        try:
            hours = sorted({int(part) for part in parts}, reverse=True)
        except ValueError:
            raise ValidationError(_("Write whole hours separated by commas, e.g. 24, 1.")) from None
        if any(not 1 <= h <= MAX_REMINDER_HOURS for h in hours):
            raise ValidationError(
                _("Each reminder is 1 to %(most)s hours before.") % {"most": MAX_REMINDER_HOURS}
            )
        if not hours:
            return default_reminder_hours()
        if len(hours) > MAX_REMINDERS:
            raise ValidationError(_("At most %(count)s reminders.") % {"count": MAX_REMINDERS})
        return hours

    def clean_jitsi_base_url(self) -> str:
        url = (self.cleaned_data.get("jitsi_base_url") or "").rstrip("/")
        if not url.startswith("https://"):
            raise ValidationError(_("Enter the Jitsi server's https:// address."))
        return url


class PlanStartForm(forms.Form):
    """A date from "Plan the next six" and the topic to schedule on it."""

    starts_at = forms.DateTimeField(widget=forms.HiddenInput)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["topic"].queryset = Topic.objects.for_network(network).filter(
            merged_into__isnull=True
        )
