"""Forms of the network app: they validate and clean; they never write other models."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hangouts.lib.phones import PhoneError, normalize_phone
from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel

MAX_ROSTER_BYTES = 2 * 1024 * 1024


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = Member.ROSTER_FIELDS
        help_texts = {
            "phone": _("The number used for WhatsApp, e.g. 020 5555 1234."),
            "email": _("Optional. Several members may share one address."),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.network = network
        fields: dict[str, Any] = self.fields
        fields["organisation"].queryset = Organisation.objects.filter(network=network)
        fields["province"].queryset = Province.objects.filter(country=network.country)
        fields["staff_level"].queryset = StaffLevel.objects.filter(network=network)

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        if not raw:
            return ""
        try:
            return normalize_phone(raw, self.network.phone_region)
        except PhoneError:
            raise ValidationError(_("Enter a phone number, e.g. 020 5555 1234.")) from None

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All provinces"),
    )
    staff_level = forms.ModelChoiceField(
        label=_("Staff level"),
        queryset=StaffLevel.objects.none(),
        required=False,
        empty_label=_("All staff levels"),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["organisation"].queryset = Organisation.objects.filter(network=network)
        fields["province"].queryset = Province.objects.filter(country=network.country)
        fields["staff_level"].queryset = StaffLevel.objects.filter(network=network)


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_ROSTER_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Your email"))


class PhoneIdentificationForm(forms.Form):
    """Name and phone, for answering from a link shared with everyone."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Your phone number (WhatsApp)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["phone"], self.network.phone_region)
        except PhoneError:
            raise ValidationError(_("Enter a phone number, e.g. 020 5555 1234.")) from None


class NetworkSettingsForm(forms.ModelForm):
    """What organisers choose for their network (more settings will join here)."""

    class Meta:
        model = Network
        fields = ("feedback_days", "public_summary")
