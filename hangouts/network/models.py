"""Networks (the tenants), their organisations and the members on their rosters."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import available_timezones

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hangouts.lib.phones import PhoneError, normalize_phone


def in_english() -> bool:
    return (get_language() or "").startswith("en")


class NamedMixin(models.Model):
    """A name in the network's language, and in English for English readers."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if in_english() and self.name_en else self.name


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


class Network(NamedMixin):
    """A national alliance: the tenant. Everything else belongs to one network."""

    slug = models.SlugField(_("short name in addresses"), max_length=50, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. LA"))
    language = models.CharField(_("national language"), max_length=8, default="lo")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Vientiane", validators=[validate_time_zone]
    )
    logo = models.ImageField(_("logo"), upload_to="networks/", blank=True)
    email = models.EmailField(_("network email"), blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organised_networks",
        blank=True,
        verbose_name=_("organisers"),
    )
    # How long the feedback form stays open after a hangout ends (participation/feedback.py).
    feedback_days = models.PositiveSmallIntegerField(
        _("days to give feedback"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The feedback form opens when a hangout ends and closes this many days later."),
    )
    # The public summary of reach (/<network>/reach/) is off until the network chooses to show it.
    public_summary = models.BooleanField(
        _("show a public summary of our reach"),
        default=False,
        help_text=_("Hangouts held, participants, provinces and kinds of organisation reached."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering: ClassVar = ["slug"]

    def get_absolute_url(self) -> str:
        return reverse("network:home", kwargs={"network": self.slug})

    @property
    def phone_region(self) -> str:
        """Local phone numbers are read in the network's country."""
        return self.country

    def public_holidays(self, year: int) -> dict:
        """The country's public holidays ({date: name}) in the reader's language where known.

        Empty for a country the `holidays` package does not cover.
        """
        language = "en_US" if in_english() else self.language
        try:
            return dict(holidays.country_holidays(self.country, years=year, language=language))
        except NotImplementedError:
            return {}


class Province(models.Model):
    """A first-level division of a country (ISO 3166-2), shared by the networks of that country."""

    country = models.CharField(max_length=2)
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    is_capital = models.BooleanField(_("capital"), default=False)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering: ClassVar = ["country", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if in_english() else self.name


class StaffLevel(NamedMixin):
    """A network's own list of staff levels; forms and imports accept only these."""

    class Seniority(models.TextChoices):
        SENIOR = "senior", _("Senior")
        MIDDLE = "middle", _("Middle")
        JUNIOR = "junior", _("Junior")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="staff_levels")
    seniority = models.CharField(_("seniority"), max_length=10, choices=Seniority.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("staff level")
        verbose_name_plural = _("staff levels")
        ordering: ClassVar = ["network", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_staff_level_name")
        ]


class Organisation(NamedMixin):
    class Kind(models.TextChoices):
        CSO = "cso", _("Civil society organisation")
        INGO = "ingo", _("International NGO")
        UN = "un", _("UN agency")
        GOVERNMENT = "government", _("Government")
        ACADEMIC = "academic", _("Academic")
        PRIVATE = "private", _("Private sector")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        SMALL = "small", _("Small")
        LARGE = "large", _("Large")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="organisations")
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CSO)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_organisation_name")
        ]


class MemberQuerySet(models.QuerySet["Member"]):
    def for_network(self, network: Network) -> MemberQuerySet:
        return self.filter(network=network)

    def active(self) -> MemberQuerySet:
        return self.filter(is_active=True)

    def reachable_by_email(self) -> MemberQuerySet:
        """Active members with an email who agreed to be contacted and have not opted out."""
        return self.filter(
            is_active=True, consent_to_contact=True, email_opted_out_at__isnull=True
        ).exclude(email="")

    def for_directory(self) -> MemberQuerySet:
        return self.select_related("organisation", "province", "staff_level").order_by("name")


class Member(models.Model):
    """A person on a network's roster. Needs no password; email and phone are not unique."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name in Latin script"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    staff_level = models.ForeignKey(
        StaffLevel, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("staff level")
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone (WhatsApp)"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="lo"
    )
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    # Opt-outs are the member's own (an unsubscribe link, a reply); the roster import keeps them.
    email_opted_out_at = models.DateTimeField(_("opted out of email"), null=True, blank=True)
    # WhatsApp messages to a person (not the group) need their explicit opt-in (Meta's rule).
    whatsapp_opted_in_at = models.DateTimeField(_("opted in to WhatsApp"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    # The fields organisers edit, by hand or from a roster file.
    ROSTER_FIELDS = (
        "name",
        "name_latin",
        "organisation",
        "province",
        "staff_level",
        "gender",
        "phone",
        "email",
        "language",
        "consent_to_contact",
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering: ClassVar = ["name"]
        indexes: ClassVar = [
            models.Index(fields=["network", "phone"]),
            models.Index(fields=["network", "email"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(user__isnull=False),
                name="one_member_per_user_and_network",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse(
            "network:member_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )

    @property
    def display_name(self) -> str:
        return self.name_latin if in_english() and self.name_latin else self.name

    def clean(self) -> None:
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone, self.network.phone_region)
            except PhoneError:
                raise ValidationError(
                    {"phone": _("Enter a phone number, e.g. 020 5555 1234.")}
                ) from None
        self.email = self.email.strip().lower()

    def deactivate(self) -> None:
        """People with history are never deleted: they leave the roster but keep their record."""
        self.is_active = False
        self.save(update_fields=["is_active", "updated_at"])


class RosterImport(models.Model):
    """An uploaded roster file, kept between its preview and the organiser's confirmation."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return self.file_name
