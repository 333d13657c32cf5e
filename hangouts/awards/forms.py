"""Forms of the organisers' month page: they validate and clean, never write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network


def member_label(member: Member) -> str:
    if member.organisation_id and member.organisation:
        return f"{member.display_name} ({member.organisation.display_name})"
    return member.display_name


class MemberChoiceField(forms.ModelChoiceField[Member]):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


class NominateForm(forms.Form):
    member = MemberChoiceField(queryset=Member.objects.none(), label=_("Member"))
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        help_text=_("What did they do for the network this month?"),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "nominate")
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, MemberChoiceField)
        field.queryset = Member.objects.for_network(network).active().select_related("organisation")


class AwardForm(forms.Form):
    """Choose (or correct) the month's volunteer: one of the candidates, and a citation."""

    member = MemberChoiceField(
        queryset=Member.objects.none(), label=_("Volunteer of the Month"), empty_label=None
    )
    citation = forms.CharField(
        label=_("Citation"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the network's language: what they did and why it mattered."),
    )
    citation_en = forms.CharField(
        label=_("Citation in English (optional)"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, members: Sequence[Member], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "award")
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, MemberChoiceField)
        field.queryset = Member.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "organisation"
        )
        # Keep the candidates' order (who did most first), not the roster's.
        field.choices = [(m.pk, member_label(m)) for m in members]
