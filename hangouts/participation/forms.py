"""Forms of the participation app: they validate and clean; the actions write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network, Organisation
from hangouts.participation.models import Feedback
from hangouts.participation.reports.common import MAX_BYTES
from hangouts.participation.reports.detect import TOO_LARGE
from hangouts.programme.models import Topic

# Larger than any real report (a 2,000-row Zoom export is ~300 KB); bigger files are refused.

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


class ReportUploadForm(forms.Form):
    """A meeting tool's participant report: Zoom, Google Meet, Microsoft Teams, or plain CSV."""

    file = forms.FileField(
        label=_("Participant report (CSV from Zoom, Google Meet or Microsoft Teams)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(TOO_LARGE)
        return upload


# "Name · Organisation #12": a roster entry as the review's list offers it.
ROSTER_ENTRY = re.compile(r"#(\d+)\s*$")


def roster_entry(member: Member) -> str:
    organisation = member.organisation
    label = member.display_name
    if organisation is not None:
        label += f" · {organisation.acronym or organisation.display_name}"
    return f"{label} #{member.pk}"


class ReviewForm(forms.Form):
    """An organiser's decision about one person of a report: who they are, or a guest."""

    person = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # A candidate member's id, "other" (a member from the roster list), "new" or "guest".
    choice = forms.CharField(max_length=20, required=False)
    other = forms.CharField(label=_("Another member"), max_length=300, required=False)
    name = forms.CharField(label=_("New member's name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network

    def member(self, pk: int) -> Member:
        found = Member.objects.filter(network=self.network, pk=pk).first()
        if found is None:
            raise ValidationError(_("Choose a member from the list."))
        return found

    def find_organisation(self, text: str) -> Organisation | None:
        text = text.strip()
        if not text:
            return None
        organisations = Organisation.objects.filter(network=self.network)
        found = organisations.filter(
            Q(name__iexact=text) | Q(name_en__iexact=text) | Q(acronym__iexact=text)
        ).first()
        if found is None:
            raise ValidationError(_("Unknown organisation: “%(value)s”.") % {"value": text})
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice", "")
        data["member"], data["organisation_found"] = None, None
        if choice == "guest":
            data["decision"] = "guest"
        elif choice == "new":
            if not (data.get("name") or "").strip():
                raise ValidationError(_("Give the new member's name."))
            data["decision"] = "new"
            data["organisation_found"] = self.find_organisation(data.get("organisation", ""))
        elif choice == "other":
            entry = ROSTER_ENTRY.search(data.get("other", ""))
            if entry is None:
                raise ValidationError(_("Choose a member from the list."))
            data["decision"], data["member"] = "member", self.member(int(entry[1]))
        elif choice.isdigit():
            data["decision"], data["member"] = "member", self.member(int(choice))
        else:
            raise ValidationError(_("Choose what to do with this person."))
        return data


class FeedbackForm(forms.Form):
    """The feedback form: a rating, was it useful, what you will apply, the next topic.

    The next topic is one of the board's topics (your vote) and/or one written in (a proposal).
    """

    rating = forms.TypedChoiceField(
        label=_("How was the hangout? (1 = poor, 5 = excellent)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    useful = forms.ChoiceField(
        label=_("Was it useful for your work?"),
        choices=Feedback.Useful.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    will_apply = forms.CharField(
        label=_("What will you apply in your work?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_topic_voted = forms.ModelChoiceField(
        label=_("Which topic on the board would you like next?"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Choosing one counts as your vote for it on the topic board."),
    )
    next_topic = forms.CharField(
        label=_("Or write the topic you would like next"),
        max_length=200,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Answer anonymously"),
        required=False,
        help_text=_(
            "Organisers and presenters then see your answer without your name. We keep who "
            "answered only so that you answer once and can correct your answer."
        ),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["next_topic_voted"].queryset = (
            Topic.objects.for_network(network).on_board().order_by("-created_at", "-pk")
        )

    @staticmethod
    def initial_from(feedback: Feedback | None) -> dict[str, Any]:
        """A person's earlier answer, to correct it (never after phone identification)."""
        if feedback is None:
            return {}
        return {
            "rating": str(feedback.rating),
            "useful": feedback.useful,
            "will_apply": feedback.will_apply,
            "next_topic_voted": feedback.next_topic_voted_id,
            "next_topic": feedback.next_topic,
            "anonymous": feedback.anonymous,
        }
