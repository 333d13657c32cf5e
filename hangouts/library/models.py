"""The library: slides, recordings, notes and links of a network's hangouts.

A slides file is stored under a random name (`library/<network id>/<random>.<ext>`), never the
name it was uploaded with; `file_name` keeps that for display and as the download's name. Files
are never served from MEDIA_URL: `views.resource_file` checks who may see them first.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hangouts.lib.search import normalize_for_search
from hangouts.library.notes import render_notes
from hangouts.network.models import Network
from hangouts.programme.models import Hangout, with_search_text

PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EXTENSIONS = {PDF: ".pdf", PPTX: ".pptx"}


def random_file_name(resource: Resource, filename: str) -> str:
    """Where a file goes: nothing of the uploaded name, only the checked type's extension."""
    extension = EXTENSIONS.get(resource.content_type, "")
    return f"library/{resource.network_id}/{secrets.token_urlsafe(18)}{extension}"


class ResourceQuerySet(models.QuerySet["Resource"]):
    def for_network(self, network: Network) -> ResourceQuerySet:
        return self.filter(network=network)

    def visible(self, *, members_only: bool, drafts: bool = False) -> ResourceQuerySet:
        """What a visitor may see: a draft hangout's resources only with `drafts` (organisers,
        on the draft's own pages; never in the library or search); members-only resources only
        for the network's signed-in members and organisers (`members_only=True`)."""
        rows = self if drafts else self.exclude(hangout__status=Hangout.Status.DRAFT)
        if not members_only:
            rows = rows.filter(visibility=Resource.Visibility.PUBLIC)
        return rows


class Resource(models.Model):
    """Slides, recording, notes or link of a hangout."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        NOTES = "notes", _("Notes")
        LINK = "link", _("Link")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members of the network only")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources")
    hangout = models.ForeignKey(
        Hangout, on_delete=models.CASCADE, related_name="resources", verbose_name=_("hangout")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=random_file_name, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    visibility = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Search key of the title, the file name and the notes (lib/search.py); see save().
    search_text = models.TextField(default="", editable=False)

    objects = ResourceQuerySet.as_manager()

    SEARCH_SOURCES = ("title", "file_name", "notes")

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["network", "created_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(kind="slides") | ~Q(file=""), name="slides_have_a_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.search_key()
        super().save(*args, **with_search_text(kwargs, self.SEARCH_SOURCES))

    def get_absolute_url(self) -> str:
        return reverse(
            "library:resource_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )

    def file_url(self, network_slug: str) -> str:
        """The checked download address (never MEDIA_URL)."""
        return reverse(
            "library:resource_file",
            kwargs={"network": network_slug, "pk": self.pk, "file_name": self.file_name},
        )

    @property
    def notes_html(self) -> SafeString:
        return render_notes(self.notes)

    def search_key(self) -> str:
        return normalize_for_search(self.title, self.file_name, self.notes)
