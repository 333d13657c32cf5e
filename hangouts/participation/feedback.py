"""Feedback after a hangout: its window, recording an answer, and the summary people read.

Decisions (the lead's, issue 6):
- The form opens when the hangout ends (`ends_at`) and closes `Network.feedback_days` days
  later (default 7). Before and after, the pages say when it opens or that it closed; a draft
  or cancelled hangout takes no feedback.
- One answer per member (or guest phone) and hangout; answering again updates it, except that
  an answer by phone identification never overwrites one given through the member's personal
  link or signed in (a phone number is known to others; the page thanks them all the same).
- Anonymous: the member is kept only so that a person answers once and can correct it. Pages
  and exports read answers through `FeedbackLine`, whose `name` is "" for an anonymous answer:
  organisers and presenters never see who gave it.
- Next topic: a topic chosen from the board becomes the person's vote through the board's own
  actions (an existing vote is not doubled; an unknown phone gives a guest vote, shown to
  organisers and not counted, like every guest vote). A topic written in is proposed on the
  board once per answer, by the member, or without a proposer when the answer is anonymous
  (the board shows proposers' names); a guest's wish stays in the feedback for organisers,
  because proposing a topic needs an identified member today. An anonymous answer's vote is
  recorded as the member's: the board shows counts only, never voters.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangouts.lib.dates import format_datetime
from hangouts.network.models import Member
from hangouts.participation.models import Feedback
from hangouts.programme.actions.topics import VotingClosed, propose_topic, vote, vote_as_guest
from hangouts.programme.models import Hangout, Topic


class FeedbackClosed(Exception):
    """The hangout takes no feedback now: not over yet, window closed, draft or cancelled."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def feedback_window(hangout: Hangout) -> tuple[datetime, datetime]:
    """When the form opens (the hangout's end) and closes (`feedback_days` later)."""
    return hangout.ends_at, hangout.ends_at + timedelta(days=hangout.network.feedback_days)


def is_feedback_open(hangout: Hangout, now: datetime | None = None) -> bool:
    """Does the hangout take feedback now? (Scheduled or held, and inside its window.)"""
    if hangout.status not in (Hangout.Status.SCHEDULED, Hangout.Status.HELD):
        return False
    opens, closes = feedback_window(hangout)
    return opens <= (now or timezone.now()) < closes


def ensure_feedback_open(hangout: Hangout, now: datetime | None = None) -> None:
    """Raise FeedbackClosed, with a message for the person, unless the form is open."""
    now = now or timezone.now()
    if hangout.status == Hangout.Status.CANCELLED:
        raise FeedbackClosed(gettext_lazy("This hangout was cancelled: there is nothing to rate."))
    if hangout.status == Hangout.Status.DRAFT:
        raise FeedbackClosed(gettext_lazy("This hangout is not scheduled yet."))
    opens, closes = feedback_window(hangout)
    zone = hangout.network.time_zone
    if now < opens:
        raise FeedbackClosed(
            _("Feedback opens when the hangout ends, on %(when)s. Come back then.")
            % {"when": format_datetime(opens, time_zone=zone, length="full")}
        )
    if now >= closes:
        raise FeedbackClosed(
            _("Feedback for this hangout closed on %(when)s. Thank you!")
            % {"when": format_datetime(closes, time_zone=zone, length="full")}
        )


def closed_reason(hangout: Hangout) -> str:
    """Why the hangout takes no feedback now, or "" while it does."""
    try:
        ensure_feedback_open(hangout)
    except FeedbackClosed as closed:
        return str(closed.message)
    return ""


def existing_feedback(
    hangout: Hangout, member: Member | None, guest_phone: str = ""
) -> Feedback | None:
    """The person's answer (for a member's own pages: never after phone identification)."""
    rows = Feedback.objects.filter(hangout=hangout)
    if member is not None:
        return rows.filter(member=member).first()
    return rows.filter(member__isnull=True, guest_phone=guest_phone).first()


def save_answer(
    hangout: Hangout,
    *,
    member: Member | None,
    guest_phone: str,
    values: dict[str, object],
    now: datetime,
) -> Feedback:
    rows = Feedback.objects.select_for_update().filter(hangout=hangout)
    if member is not None:
        found = rows.filter(member=member).first()
    else:
        found = rows.filter(member__isnull=True, guest_phone=guest_phone).first()
    if found is None:
        return Feedback.objects.create(
            hangout=hangout,
            member=member,
            guest_phone="" if member is not None else guest_phone,
            created_at=now,
            updated_at=now,
            **values,
        )
    if values["via"] == Feedback.Via.PHONE and found.via != Feedback.Via.PHONE:
        # A phone number is no proof of identity: it never overwrites what the member gave
        # through their personal link or signed in (the page answers the same either way).
        return found
    for name, value in values.items():
        setattr(found, name, value)
    found.updated_at = now
    found.save()
    return found


def vote_for_next(
    topic: Topic, *, member: Member | None, guest_name: str, guest_phone: str
) -> Topic | None:
    """The board's vote for the wished topic; None when the topic left the board meanwhile."""
    try:
        if member is not None:
            return vote(topic, member=member).topic
        return vote_as_guest(topic, name=guest_name, phone=guest_phone).topic
    except VotingClosed:
        return None


def propose_next(feedback: Feedback, hangout: Hangout) -> None:
    """Put a written-in wish on the board once per answer (members only; see the docstring)."""
    title = feedback.next_topic.strip()
    member = feedback.member
    if not title or member is None or feedback.next_topic_proposal_id is not None:
        return
    feedback.next_topic_proposal = propose_topic(
        hangout.network,
        member=None if feedback.anonymous else member,
        title=title,
        description=_("Wished for in the feedback after “%(title)s”.") % {"title": hangout.title},
    )
    feedback.save(update_fields=["next_topic_proposal"])


@transaction.atomic
def record_feedback(
    hangout: Hangout,
    *,
    via: Feedback.Via,
    rating: int,
    useful: str,
    will_apply: str = "",
    next_topic: str = "",
    next_topic_voted: Topic | None = None,
    anonymous: bool = False,
    member: Member | None = None,
    guest_name: str = "",
    guest_phone: str = "",
    now: datetime | None = None,
) -> Feedback:
    """Record (or correct) a member's or a guest's feedback on a hangout.

    Raises FeedbackClosed outside the window or for a draft or cancelled hangout; ValueError
    for a rating outside 1–5, a member or topic of another network, or a guest without a phone.
    Side effects: one Feedback row created or updated; a Vote for `next_topic_voted` (not
    doubled: an existing vote is kept); a Topic proposed from `next_topic` the first time a
    member's answer carries one (without proposer when anonymous).
    """
    now = now or timezone.now()
    ensure_feedback_open(hangout, now)
    if not 1 <= rating <= 5:
        raise ValueError("A rating is from 1 to 5.")
    if member is not None and member.network_id != hangout.network_id:
        raise ValueError("The member belongs to another network.")
    if member is None and not guest_phone:
        raise ValueError("A guest's feedback needs their phone number.")
    if next_topic_voted is not None and next_topic_voted.network_id != hangout.network_id:
        raise ValueError("The topic belongs to another network.")
    voted = (
        vote_for_next(
            next_topic_voted, member=member, guest_name=guest_name, guest_phone=guest_phone
        )
        if next_topic_voted is not None
        else None
    )
    values: dict[str, object] = {
        "rating": rating,
        "useful": Feedback.Useful(useful),
        "will_apply": will_apply.strip(),
        "next_topic": next_topic.strip()[:200],
        "next_topic_voted": voted,
        "anonymous": anonymous,
        "via": via,
        "guest_name": "" if member is not None else guest_name.strip()[:200],
    }
    attempt = partial(
        save_answer, hangout, member=member, guest_phone=guest_phone, values=values, now=now
    )
    try:
        with transaction.atomic():
            feedback = attempt()
    except IntegrityError:
        # The same person answered at the same moment in another request: update that row.
        feedback = attempt()
    propose_next(feedback, hangout)
    return feedback


# The summary organisers and presenters read ---------------------------------------------------


@dataclass(frozen=True)
class FeedbackLine:
    """One answer as pages and exports show it: `name` is "" when the answer is anonymous."""

    name: str
    organisation: str
    is_guest: bool
    anonymous: bool
    rating: int
    useful: str
    useful_label: str
    will_apply: str
    next_topic: str
    voted_topic: str


@dataclass(frozen=True)
class RatingBar:
    rating: int
    count: int
    percent: int


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    average: float | None
    ratings: list[RatingBar]
    useful: dict[str, int]
    lines: list[FeedbackLine]

    @property
    def comments(self) -> list[FeedbackLine]:
        return [line for line in self.lines if line.will_apply]

    @property
    def wishes(self) -> list[FeedbackLine]:
        return [line for line in self.lines if line.next_topic or line.voted_topic]


def feedback_line(row: Feedback) -> FeedbackLine:
    """No name, organisation or guest mark for an anonymous answer."""
    member = row.member
    hidden = row.anonymous
    name = ""
    organisation = ""
    if not hidden:
        name = member.display_name if member is not None else row.guest_name
        if member is not None and member.organisation is not None:
            organisation = member.organisation.acronym or member.organisation.display_name
    voted = row.next_topic_voted
    return FeedbackLine(
        name=name,
        organisation=organisation,
        is_guest=member is None and not hidden,
        anonymous=hidden,
        rating=row.rating,
        useful=row.useful,
        useful_label=str(Feedback.Useful(row.useful).label),
        will_apply=row.will_apply,
        next_topic=row.next_topic,
        voted_topic=voted.display_title if voted is not None else "",
    )


def summarise(rows: list[Feedback]) -> FeedbackSummary:
    """Counts, average and distribution of a hangout's answers (no query)."""
    answers = len(rows)
    counts = {rating: 0 for rating in range(1, 6)}
    useful = {choice: 0 for choice in Feedback.Useful.values}
    for row in rows:
        counts[row.rating] += 1
        useful[row.useful] += 1
    average = round(statistics.fmean(row.rating for row in rows), 1) if rows else None
    bars = [
        RatingBar(rating, count, round(100 * count / answers) if answers else 0)
        for rating, count in sorted(counts.items(), reverse=True)
    ]
    return FeedbackSummary(
        answers=answers,
        average=average,
        ratings=bars,
        useful=useful,
        lines=[feedback_line(row) for row in rows],
    )


def feedback_summary(hangout: Hangout) -> FeedbackSummary:
    """The hangout's feedback summary: one query, whatever the number of answers."""
    rows = list(
        Feedback.objects.filter(hangout=hangout)
        .select_related("member__organisation", "next_topic_voted")
        .order_by("created_at", "pk")
    )
    return summarise(rows)
