"""Outreach forms: a network's own wording of one kind of message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hangouts.outreach import messages


class MessageTemplateForm(forms.Form):
    """Subject (email kinds only) and text, checked against the kind's placeholders."""

    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Placeholders in curly brackets, e.g. {title}, are filled in when sent."),
    )

    def __init__(self, *args: Any, kind: messages.MessageKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.channel != messages.Channel.EMAIL:
            del self.fields["subject"]
        else:
            self.fields["subject"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = [cleaned.get("subject") or "", cleaned.get("body") or ""]
        try:
            messages.check_template(self.kind, *texts)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned
