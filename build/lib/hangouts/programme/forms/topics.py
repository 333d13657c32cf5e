"""Forms of the topic board: they validate and clean; the actions in `actions.topics` write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Network
from hangouts.programme.models import Theme, Topic


def themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TopicProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Topic"),
        max_length=200,
        help_text=_("What would you like to learn about or discuss?"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: why it matters, what you would like to hear."),
    )
    themes = themes_field()

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["themes"].queryset = Theme.objects.filter(network=network)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the topic a title."))
        return title


class TopicEditForm(forms.Form):
    """An organiser's packaging of a topic."""

    public_title = forms.CharField(
        label=_("Public title"),
        max_length=200,
        required=False,
        help_text=_("A title that appeals to many; members see it instead of the working title."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Topic.Status.choices)
    themes = themes_field()

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["themes"].queryset = Theme.objects.filter(network=network)

    @classmethod
    def for_topic(cls, topic: Topic) -> TopicEditForm:
        initial = {
            "public_title": topic.public_title,
            "status": topic.status,
            "themes": list(topic.themes.all()),
        }
        return cls(initial=initial, network=topic.network)


class TopicMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.none(),
        help_text=_("Its votes move there; a member who voted for both counts once."),
    )

    def __init__(self, *args: Any, topic: Topic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["into"].queryset = (
            Topic.objects.for_network(topic.network).on_board().exclude(pk=topic.pk)
        )


class VoteForm(forms.Form):
    action = forms.ChoiceField(choices=[("vote", "vote"), ("withdraw", "withdraw")])
