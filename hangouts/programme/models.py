"""The programme: topics and votes, series, hangouts and their presenters."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangouts.lib.search import normalize_for_search
from hangouts.network.models import Member, NamedMixin, Network

# Minutes of each part of a hangout; the talk should stay between 10 and 20 (the seed brief).
DEFAULT_AGENDA: list[list[str | int]] = [
    ["welcome", 5],
    ["talk", 15],
    ["discussion", 35],
    ["wrap_up", 5],
]
TALK_MINUTES = (10, 20)


def with_search_text(kwargs: dict[str, Any], sources: tuple[str, ...]) -> dict[str, Any]:
    """save() arguments that also write `search_text` when a partial save changes its sources.

    `search_text` is the normalised key of what the public pages show (lib/search.py), kept
    current in save(); querysets' update() never touches these text fields (checked: only
    status, topic, merged_into and going_count are updated in bulk), and bulk_create callers
    (the demo, the benchmark) set it themselves with `search_key()`.
    """
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) & set(sources):
        kwargs["update_fields"] = {*fields, "search_text"}
    return kwargs


class Theme(NamedMixin):
    """A network's own short list of themes (nutrition, advocacy…); topics carry several."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering: ClassVar = ["network", "position", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_theme_name")
        ]


class TopicQuerySet(models.QuerySet["Topic"]):
    def for_network(self, network: Network) -> TopicQuerySet:
        return self.filter(network=network)

    def on_board(self) -> TopicQuerySet:
        """Topics members can still vote for (not merged, not held, not parked)."""
        return self.filter(
            status__in=[Topic.Status.PROPOSED, Topic.Status.SHORTLISTED], merged_into__isnull=True
        )


class Topic(models.Model):
    """An idea for a hangout, proposed by a member; organisers give it a public title."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        PARKED = "parked", _("Parked")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("working title"), max_length=200)
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_("A title that appeals to many; shown to members instead of the working title."),
    )
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="topics", verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_topics",
        verbose_name=_("proposed by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_topics",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Search key of the public title (else the title) and the description; see save().
    search_text = models.TextField(default="", editable=False)

    objects = TopicQuerySet.as_manager()

    SEARCH_SOURCES = ("title", "public_title", "description")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering: ClassVar = ["-created_at"]
        # Search results, newest first, stop early (library/search.py).
        indexes: ClassVar = [models.Index(fields=["network", "created_at"])]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.search_key()
        super().save(*args, **with_search_text(kwargs, self.SEARCH_SOURCES))

    def get_absolute_url(self) -> str:
        return reverse(
            "programme:topic_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )

    @property
    def display_title(self) -> str:
        """What members see: the public title once organisers gave one."""
        return self.public_title or self.title

    def search_key(self) -> str:
        """Only what everyone sees: the working title stays with organisers once replaced."""
        return normalize_for_search(self.display_title, self.description)


class Vote(models.Model):
    """ "I would attend": one per member and topic, withdrawn by deleting it.

    A vote given by phone identification from a number not on the roster is a guest vote
    (no member), kept for organisers to review and not counted in the appeal.
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    guest_name = models.CharField(max_length=200, blank=True)
    guest_phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["topic", "member"],
                condition=Q(member__isnull=False),
                name="one_vote_per_member_and_topic",
            ),
            models.UniqueConstraint(
                fields=["topic", "guest_phone"],
                condition=Q(member__isnull=True),
                name="one_vote_per_guest_phone_and_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} · {self.member_id or self.guest_name}"


class PresentationOffer(models.Model):
    """ "I can present on…": a member offers, or an organiser invites a member to present."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="offers")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="offers")
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    subject = models.CharField(_("I can present on"), max_length=300)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="set when an organiser invited the member",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offer to present")
        verbose_name_plural = _("offers to present")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def settle(self, status: PresentationOffer.Status) -> None:
        """Organisers accept or decline an open offer; it then leaves the open list."""
        self.status = status
        self.save(update_fields=["status"])


def default_reminder_hours() -> list[int]:
    """A day before and an hour before."""
    return [24, 1]


class Series(NamedMixin):
    """A recurring programme, e.g. "Friday hangouts": last Friday of the month, 14:00, 60 min."""

    class Provider(models.TextChoices):
        URL = "url", _("Any meeting link (Zoom, Google Meet, Teams…)")
        JITSI = "jitsi", _("Jitsi (a new room for each hangout)")
        ZOOM = "zoom", _("Zoom, created through its API")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class Week(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = -1, _("last")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="series")
    week = models.SmallIntegerField(_("week of the month"), choices=Week.choices, default=Week.LAST)
    weekday = models.SmallIntegerField(_("day"), choices=Weekday.choices, default=Weekday.FRIDAY)
    start_time = models.TimeField(_("start time"), default=time(14, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    language = models.CharField(_("language"), max_length=8, default="lo")
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places, e.g. 100 on a Zoom plan.")
    )
    provider = models.CharField(
        _("meeting provider"), max_length=8, choices=Provider.choices, default=Provider.URL
    )
    jitsi_base_url = models.URLField(
        _("Jitsi server"),
        default="https://meet.jit.si",
        help_text=_("meet.jit.si, or your own Jitsi server's address."),
    )
    # Zoom: one recurring meeting for the series, so the link never changes (optional).
    # Reminders before each hangout of the series, in hours (hangouts/outreach/announcements.py).
    reminder_hours = models.JSONField(_("reminders (hours before)"), default=default_reminder_hours)
    zoom_meeting_id = models.CharField(max_length=32, blank=True)
    zoom_join_url = models.URLField(max_length=500, blank=True)
    zoom_passcode = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering: ClassVar = ["network", "name"]


class HangoutQuerySet(models.QuerySet["Hangout"]):
    def for_network(self, network: Network) -> HangoutQuerySet:
        return self.filter(network=network)

    def upcoming(self) -> HangoutQuerySet:
        return self.filter(status=Hangout.Status.SCHEDULED, ends_at__gte=timezone.now()).order_by(
            "starts_at"
        )

    def past(self) -> HangoutQuerySet:
        return self.filter(status=Hangout.Status.HELD).order_by("-starts_at")


class Hangout(models.Model):
    """One session. Never "Session" in code: that word belongs to HTTP sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="hangouts")
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hangouts",
        verbose_name=_("series"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hangouts",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    language = models.CharField(_("language"), max_length=8, default="lo")
    interpretation = models.CharField(
        _("interpretation"),
        max_length=300,
        blank=True,
        help_text=_("When the hangout is not in the national language: how is it interpreted?"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    agenda = models.JSONField(_("agenda"), default=list, blank=True)
    meeting_provider = models.CharField(
        _("meeting provider"),
        max_length=8,
        choices=Series.Provider.choices,
        default=Series.Provider.URL,
    )
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    meeting_id = models.CharField(_("meeting ID"), max_length=64, blank=True)
    meeting_passcode = models.CharField(_("passcode"), max_length=64, blank=True)
    # Seats taken by "going" answers; changed only by conditional updates (no overbooking).
    going_count = models.PositiveIntegerField(default=0, editable=False)
    # Raised on every change that calendars must see (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Search key of the title and description; see save().
    search_text = models.TextField(default="", editable=False)

    objects = HangoutQuerySet.as_manager()

    SEARCH_SOURCES = ("title", "description")

    class Meta:
        verbose_name = _("hangout")
        verbose_name_plural = _("hangouts")
        ordering: ClassVar = ["-starts_at"]
        indexes: ClassVar = [
            models.Index(fields=["network", "status", "starts_at"]),
            # Search results (any status but draft), newest first (library/search.py).
            models.Index(fields=["network", "starts_at"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(going_count__lte=models.F("capacity")),
                name="hangout_never_overbooked",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="hangout_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.search_key()
        super().save(*args, **with_search_text(kwargs, self.SEARCH_SOURCES))

    def get_absolute_url(self) -> str:
        return reverse(
            "programme:hangout_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )

    def search_key(self) -> str:
        return normalize_for_search(self.title, self.description)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def talk_minutes(self) -> int | None:
        for part, minutes in self.agenda:
            if part == "talk":
                return int(minutes)
        return None

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity


class Presenter(models.Model):
    class Role(models.TextChoices):
        PRESENTER = "presenter", _("Presenter")
        FACILITATOR = "facilitator", _("Facilitator")
        NOTE_TAKER = "note_taker", _("Note-taker")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="presenters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="presentations")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PRESENTER)

    class Meta:
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "member", "role"], name="unique_presenter_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


class HangoutChange(models.Model):
    """The history of a hangout: rescheduled, cancelled… (who, when, from what to what)."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hangout change")
        verbose_name_plural = _("hangout changes")
        ordering: ClassVar = ["at"]

    def __str__(self) -> str:
        return f"{self.hangout_id} {self.kind} {self.at:%Y-%m-%d}"


def hangout_end(starts_at: datetime, minutes: int) -> datetime:
    return starts_at + timedelta(minutes=minutes)
