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
from hangouts.programme.models import Series, Topic


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
