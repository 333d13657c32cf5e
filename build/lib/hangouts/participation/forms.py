"""Forms of the participation app: they validate and clean; the actions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network

# The longest a hangout could run; a larger number of minutes is a typing mistake.
MAX_ATTENDED_MINUTES = 12 * 60


def is_yes(value: str) -> bool:
    return value == "yes"


class RsvpForm(forms.Form):
    """ "going" = "yes" or "no": the two buttons of the hangout page and the personal link."""

    going = forms.TypedChoiceField(
        label=_("Will you come?"),
        choices=[("yes", _("I am going")), ("no", _("I cannot come"))],
        coerce=is_yes,
        widget=forms.RadioSelect,
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        organisation = obj.organisation
        if organisation is None:
            return obj.display_name
        return f"{obj.display_name} · {organisation.acronym or organisation.display_name}"


class AttendanceForm(forms.Form):
    """Who attended: a member chosen from the roster, or a guest's name; and for how long."""

    member = MemberChoiceField(
        label=_("Member"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("— a guest, not on the roster —"),
    )
    guest_name = forms.CharField(
        label=_("Or a guest's name"),
        max_length=200,
        required=False,
        help_text=_("Someone who is not on the roster."),
    )
    minutes = forms.IntegerField(
        label=_("Minutes attended"), min_value=0, max_value=MAX_ATTENDED_MINUTES, initial=60
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["member"].queryset = (
            Member.objects.for_network(network)
            .active()
            .select_related("organisation")
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        member, guest = data.get("member"), (data.get("guest_name") or "").strip()
        if member is None and not guest:
            raise ValidationError(_("Choose a member, or give a guest's name."))
        if member is not None and guest:
            raise ValidationError(_("Choose a member or give a guest's name, not both."))
        data["guest_name"] = guest
        return data
