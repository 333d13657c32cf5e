"""Awards: the Volunteer of the Month, the nominations before it and the history of corrections."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network, in_english


class Kind(models.TextChoices):
    VOLUNTEER_OF_THE_MONTH = "volunteer_of_the_month", _("Volunteer of the Month")


class AwardQuerySet(models.QuerySet["Award"]):
    def for_network(self, network: Network) -> AwardQuerySet:
        return self.filter(network=network)

    def with_member(self) -> AwardQuerySet:
        return self.select_related("member__organisation")

    def in_year(self, year: int) -> AwardQuerySet:
        return self.filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))


class Award(models.Model):
    """One recognition: a member, a month, a citation. One per network, kind and month.

    A correction changes the row and keeps what it was in an AwardRevision (see actions).
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField(
        _("award"), max_length=30, choices=Kind.choices, default=Kind.VOLUNTEER_OF_THE_MONTH
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    # Members are never deleted (they are deactivated): their awards stay.
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="awards", verbose_name=_("member")
    )
    citation = models.TextField(_("citation"), max_length=600)
    citation_en = models.TextField(_("citation in English"), max_length=600, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering: ClassVar = ["-month"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "kind", "month"], name="one_award_per_network_kind_and_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%Y-%m}: {self.member}"

    def get_absolute_url(self) -> str:
        return reverse(
            "awards:volunteer_profile",
            kwargs={"network": self.network.slug, "member_pk": self.member_id},
        )

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("An award's month is its first day.")})

    @property
    def display_citation(self) -> str:
        return self.citation_en if in_english() and self.citation_en else self.citation


class AwardRevision(models.Model):
    """What an award was before a correction, who corrected it and when."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="revisions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    citation = models.TextField()
    citation_en = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("award correction")
        verbose_name_plural = _("award corrections")
        ordering: ClassVar = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.award_id} @ {self.changed_at:%Y-%m-%d}"


class Nomination(models.Model):
    """An organiser proposes a member for a month (besides that month's presenters)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField(
        max_length=30, choices=Kind.choices, default=Kind.VOLUNTEER_OF_THE_MONTH
    )
    month = models.DateField()
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("member")
    )
    reason = models.CharField(_("why"), max_length=300)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering: ClassVar = ["nominated_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "kind", "month", "member"], name="one_nomination_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"
