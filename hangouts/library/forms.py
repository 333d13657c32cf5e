"""Adding a resource to a hangout: slides (PDF or PPTX, checked by content), a recording or a
link (http/https), or notes (Markdown)."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from hangouts.library.filetypes import extension_of, name_for, sniff
from hangouts.library.models import PDF, PPTX, Resource

EMPTY = _("The file is empty: choose the slides file again.")
NOT_SLIDES = _(
    "This file is not a PDF or a PowerPoint (.pptx) presentation, whatever its name says. "
    "Save your slides as PDF and try again."
)
PPTX_NAMED_PDF = _(
    "This file is a PowerPoint presentation but its name ends in .pdf. Rename it to .pptx, "
    "or save it as PDF, and try again."
)
PDF_NAMED_PPTX = _(
    "This file is a PDF but its name ends in .pptx. Rename it to .pdf and try again."
)
MISLEADING = {(PPTX, ".pdf"): PPTX_NAMED_PDF, (PDF, ".pptx"): PDF_NAMED_PPTX}


def max_upload_mb() -> int:
    return int(settings.LIBRARY_MAX_UPLOAD_MB)


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


def too_large_message() -> str:
    return str(_("This file is larger than %(limit)s MB, the limit for slides.")) % {
        "limit": max_upload_mb()
    }


def clean_file_name(name: str) -> str:
    """The uploaded name without any folder, control characters or surrounding spaces."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    return kept[-150:] or "slides"


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you adding?"), choices=Resource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(
        label=_("Link (recording or page)"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    notes = forms.CharField(
        label=_("Notes (Markdown: *italics*, **bold**, lists, links)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Resource.Visibility.choices,
        initial=Resource.Visibility.PUBLIC,
    )
    # Last: fields after a file in the body would be lost when an upload is stopped as too large.
    file = forms.FileField(
        label=_("Slides (PDF or PowerPoint .pptx)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.pptx"}),
        error_messages={"empty": EMPTY},
    )

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.size:
            raise ValidationError(EMPTY)
        if upload.size > max_upload_bytes():
            raise ValidationError(too_large_message())
        content_type = sniff(upload)
        if not content_type:
            raise ValidationError(NOT_SLIDES)
        name = clean_file_name(upload.name or "")
        if message := MISLEADING.get((content_type, extension_of(name))):
            raise ValidationError(message)
        upload.content_type = content_type
        upload.name = name_for(name, content_type)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needs = {
            Resource.Kind.SLIDES: ("file", _("Choose the slides file.")),
            Resource.Kind.RECORDING: ("url", _("Give the recording's link.")),
            Resource.Kind.LINK: ("url", _("Give the link.")),
            Resource.Kind.NOTES: ("notes", _("Write the notes.")),
        }
        if kind in needs:
            field, message = needs[Resource.Kind(kind)]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data
