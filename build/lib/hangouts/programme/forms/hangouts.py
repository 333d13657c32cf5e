"""Forms for scheduling and managing hangouts: they validate and clean, never write."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network
from hangouts.programme.forms.series import language_choices
from hangouts.programme.meetings import JITSI_MODERATOR_NOTE
from hangouts.programme.models import (
    DEFAULT_AGENDA,
    TALK_MINUTES,
    Hangout,
    PresentationOffer,
    Presenter,
    Series,
    Topic,
)

AGENDA_LABELS = {
    "welcome": _("Welcome (minutes)"),
    "talk": _("Talk (minutes)"),
    "discussion": _("Discussion (minutes)"),
    "wrap_up": _("Wrap-up (minutes)"),
}
# The agenda's parts in order, with their default minutes.
AGENDA_DEFAULTS: dict[str, int] = {str(part): int(minutes) for part, minutes in DEFAULT_AGENDA}
ROLE_FIELDS = {
    "presenters": Presenter.Role.PRESENTER,
    "facilitators": Presenter.Role.FACILITATOR,
    "note_takers": Presenter.Role.NOTE_TAKER,
}


class LocalDateTimeField(forms.DateTimeField):
    """A date and time read and shown in the network's time zone, not the server's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, time_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.time_zone = time_zone

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(ZoneInfo(self.time_zone)):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(ZoneInfo(self.time_zone)):
            return super().prepare_value(value)


def member_label(member: Member) -> str:
    """ "Name – Organisation": two members may share a name, rarely an organisation too."""
    organisation = member.organisation.display_name if member.organisation else ""
    return f"{member.display_name} – {organisation}" if organisation else member.display_name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


def active_members(network: Network) -> QuerySet[Member]:
    return Member.objects.for_network(network).active().select_related("organisation")


def future(value: datetime) -> datetime:
    if value <= timezone.now():
        raise ValidationError(_("Choose a time in the future."))
    return value


def prefill(network: Network, query: QueryDict) -> tuple[Series | None, datetime | None]:
    """The series and start time passed by the planning page (?series=…&starts_at=…), if valid."""
    try:
        starts_at = parse_datetime(query.get("starts_at", ""))
    except ValueError:  # well formed but not a date (e.g. month 13): no prefill
        starts_at = None
    if starts_at is not None and timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, ZoneInfo(network.time_zone))
    series_pk = query.get("series", "")
    series = (
        Series.objects.filter(network=network, pk=series_pk).first()
        if series_pk.isdigit()
        else None
    )
    return series, starts_at


def hangout_initial(
    topic: Topic, *, series: Series | None, starts_at: datetime | None
) -> dict[str, Any]:
    network = topic.network
    initial: dict[str, Any] = {
        "title": topic.display_title,
        "description": topic.description,
        "starts_at": starts_at,
        "language": series.language if series else network.language,
        "minutes": series.duration_minutes if series else 60,
        "series": series,
        "capacity": series.capacity if series else None,
        "provider": series.provider if series else Series.Provider.URL,
        **AGENDA_DEFAULTS,
    }
    return initial


class HangoutForm(forms.Form):
    """Everything organisers decide when scheduling a hangout from a topic."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    series = forms.ModelChoiceField(
        label=_("Series"), queryset=Series.objects.none(), required=False
    )
    starts_at = LocalDateTimeField(label=_("Starts at"))
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=480, initial=60
    )
    welcome = forms.IntegerField(label=AGENDA_LABELS["welcome"], min_value=0, max_value=240)
    talk = forms.IntegerField(label=AGENDA_LABELS["talk"], min_value=0, max_value=240)
    keep_talk_length = forms.BooleanField(
        label=_("Keep this talk length"),
        required=False,
        help_text=_("Only needed for a talk shorter than 10 or longer than 20 minutes."),
    )
    discussion = forms.IntegerField(label=AGENDA_LABELS["discussion"], min_value=0, max_value=240)
    wrap_up = forms.IntegerField(label=AGENDA_LABELS["wrap_up"], min_value=0, max_value=240)
    language = forms.ChoiceField(label=_("Language"))
    interpretation = forms.CharField(
        label=_("Interpretation"),
        max_length=300,
        required=False,
        help_text=_("When the hangout is not in the national language: how is it interpreted?"),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Optional: places, e.g. 100 on a Zoom plan."),
    )
    presenters = MembersChoiceField(label=_("Presenters"), queryset=Member.objects.none())
    facilitators = MembersChoiceField(
        label=_("Facilitators"), queryset=Member.objects.none(), required=False
    )
    note_takers = MembersChoiceField(
        label=_("Note-takers"), queryset=Member.objects.none(), required=False
    )
    provider = forms.ChoiceField(
        label=_("Meeting provider"), choices=Series.Provider.choices, help_text=JITSI_MODERATOR_NOTE
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For “any meeting link”: paste the Zoom, Google Meet or Teams address."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        fields: dict[str, Any] = self.fields
        fields["starts_at"].time_zone = network.time_zone
        fields["series"].queryset = Series.objects.filter(network=network)
        fields["language"].choices = language_choices(network)
        for name in ROLE_FIELDS:
            fields[name].queryset = active_members(network)

    def clean_starts_at(self) -> datetime:
        return future(self.cleaned_data["starts_at"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_agenda(data)
        language = data.get("language")
        if language and language != self.network.language and not data.get("interpretation"):
            self.add_error("interpretation", _("How is interpretation arranged?"))
        pasted = data.get("meeting_url") or "meeting_url" in self.errors
        if data.get("provider") == Series.Provider.URL and not pasted:
            self.add_error("meeting_url", _("Paste the meeting link."))
        return data

    def _check_agenda(self, data: dict[str, Any]) -> None:
        talk = data.get("talk")
        low, high = TALK_MINUTES
        if talk is not None and not low <= talk <= high and not data.get("keep_talk_length"):
            self.add_error(
                "talk",
                _(
                    "A talk of %(minutes)d minutes is outside the %(low)d–%(high)d minutes that "
                    "keep a hangout lively. Shorten it, or tick “Keep this talk length”."
                )
                % {"minutes": talk, "low": low, "high": high},
            )
        parts: list[int] = [data[part] for part in AGENDA_DEFAULTS if data.get(part) is not None]
        minutes = data.get("minutes")
        if minutes is not None and len(parts) == len(AGENDA_DEFAULTS) and sum(parts) != minutes:
            self.add_error(
                None,
                _("The agenda adds up to %(total)d minutes, but the hangout lasts %(minutes)d.")
                % {"total": sum(parts), "minutes": minutes},
            )

    def agenda(self) -> list[list[str | int]]:
        return [[part, self.cleaned_data[part]] for part in AGENDA_DEFAULTS]

    def presenter_roles(self) -> list[tuple[Member, str]]:
        return [
            (member, str(role))
            for name, role in ROLE_FIELDS.items()
            for member in self.cleaned_data.get(name, [])
        ]

    def schedule_arguments(self) -> dict[str, Any]:
        """The keyword arguments of actions.hangouts.schedule_hangout."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "minutes": data["minutes"],
            "title": data["title"],
            "description": data["description"],
            "series": data["series"],
            "language": data["language"],
            "interpretation": data["interpretation"],
            "capacity": data["capacity"],
            "agenda": self.agenda(),
            "presenters": self.presenter_roles(),
            "meeting_url": data["meeting_url"] if data["provider"] == Series.Provider.URL else "",
            "provider": data["provider"],
        }


class HangoutStepForm(forms.Form):
    """A step on a hangout (reschedule, cancel, mark held), checked against its status."""

    allowed: tuple[str, ...] = (Hangout.Status.DRAFT, Hangout.Status.SCHEDULED)
    refused = _("This hangout can no longer be changed.")

    def __init__(self, *args: Any, hangout: Hangout, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hangout = hangout

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.hangout.status not in self.allowed:
            raise ValidationError(self.refused)
        return data


class RescheduleForm(HangoutStepForm):
    starts_at = LocalDateTimeField(label=_("New start"))
    note = forms.CharField(label=_("Note (why it moved)"), max_length=300, required=False)

    def __init__(self, *args: Any, hangout: Hangout, **kwargs: Any) -> None:
        super().__init__(*args, hangout=hangout, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["starts_at"].time_zone = hangout.network.time_zone
        fields["starts_at"].initial = hangout.starts_at

    def clean_starts_at(self) -> datetime:
        starts_at = future(self.cleaned_data["starts_at"])
        if starts_at == self.hangout.starts_at:
            raise ValidationError(_("The hangout already starts then."))
        return starts_at


class CancelForm(HangoutStepForm):
    note = forms.CharField(label=_("Why is it cancelled?"), max_length=300)


class HeldForm(HangoutStepForm):
    allowed = (Hangout.Status.SCHEDULED,)
    refused = _("Only a scheduled hangout can be marked as held.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.hangout.starts_at > timezone.now():
            raise ValidationError(_("A hangout can be marked as held once it has started."))
        return data


class OfferForm(forms.ModelForm):
    """A member's "I can present on…"."""

    class Meta:
        model = PresentationOffer
        fields = ("subject", "topic")
        labels = {"topic": _("On a topic of the board (optional)")}

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["topic"].queryset = Topic.objects.for_network(network).on_board()


class InviteForm(forms.Form):
    """An organiser asks a member to present."""

    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none())
    subject = forms.CharField(label=_("Present on"), max_length=300)
    topic = forms.ModelChoiceField(
        label=_("On a topic of the board (optional)"), queryset=Topic.objects.none(), required=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["member"].queryset = active_members(network).order_by("name")
        fields["topic"].queryset = Topic.objects.for_network(network).on_board()
