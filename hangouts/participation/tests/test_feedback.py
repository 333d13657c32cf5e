"""Feedback: the window, one answer per person, anonymity, the next topic on the board, and the
three ways in (personal link, phone identification, signed in)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.actions import issue_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.network.models import Member, Network
from hangouts.participation.feedback import (
    FeedbackClosed,
    ensure_feedback_open,
    feedback_summary,
    feedback_window,
    record_feedback,
)
from hangouts.participation.models import Feedback
from hangouts.participation.tests.test_attendance import in_english, make_hangout
from hangouts.programme.models import Hangout, Presenter, Topic, Vote

Via = Feedback.Via
KNOWN = {"name": "ສຸກສະຫວັນ", "phone": "020 5551 2345"}  # the `member` persona's phone
UNKNOWN = {"name": "Visitor", "phone": "020 5551 9876"}
ANSWER = {"rating": "4", "useful": "yes", "will_apply": "ກວດນ້ຳໜັກເດັກທຸກເດືອນ", "next_topic": ""}


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def held(network: Network) -> Hangout:
    """Held yesterday (ended 23 hours ago): the form is open for 6 more days."""
    return make_hangout(network, days_ago=1)


@pytest.fixture
def board_topic(network: Network) -> Topic:
    return Topic.objects.create(network=network, title="ນ້ຳສະອາດ", status=Topic.Status.PROPOSED)


def shared(hangout: Hangout) -> str:
    return reverse(
        "participation:feedback", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def personal(member: Member, hangout: Hangout) -> str:
    link = issue_personal_link(member, purpose=PersonalLink.Purpose.FEEDBACK, subject_id=hangout.pk)
    return reverse(
        "participation:feedback_personal",
        kwargs={"network": member.network.slug, "token": link.token},
    )


def summary_url(hangout: Hangout) -> str:
    return reverse(
        "participation:feedback_summary",
        kwargs={"network": hangout.network.slug, "pk": hangout.pk},
    )


# --- the window and the action -------------------------------------------------------------


@pytest.mark.django_db
def test_feedback_window_opens_at_the_end_and_closes_after_the_network_days(network, member):
    network.feedback_days = 3
    network.save()
    starts = timezone.now() + timedelta(days=1)
    hangout = make_hangout(network, starts_at=starts, ends_at=starts + timedelta(hours=1))
    opens, closes = feedback_window(hangout)
    assert (opens, closes) == (hangout.ends_at, hangout.ends_at + timedelta(days=3))

    for moment, is_open in [
        (opens - timedelta(seconds=1), False),
        (opens, True),
        (closes - timedelta(seconds=1), True),
        (closes, False),
    ]:
        if is_open:
            ensure_feedback_open(hangout, moment)
        else:
            with pytest.raises(FeedbackClosed):
                ensure_feedback_open(hangout, moment)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Hangout.Status.CANCELLED, Hangout.Status.DRAFT])
def test_record_feedback_refuses_a_cancelled_or_draft_hangout(network, member, status):
    hangout = make_hangout(network, days_ago=1, status=status)
    with pytest.raises(FeedbackClosed):
        record_feedback(hangout, via=Via.SIGNED_IN, rating=4, useful="yes", member=member)
    assert not Feedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6])
def test_record_feedback_refuses_a_rating_outside_1_to_5(held, member, rating):
    with pytest.raises(ValueError, match="rating"):
        record_feedback(held, via=Via.SIGNED_IN, rating=rating, useful="yes", member=member)
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_rating_outside_1_to_5(held, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(hangout=held, member=member, rating=6, useful="yes", via="phone")


@pytest.mark.django_db
def test_record_feedback_refuses_a_member_of_another_network(held, other_network):
    stranger = Member.objects.create(network=other_network, name="Sok")
    with pytest.raises(ValueError, match="another network"):
        record_feedback(held, via=Via.PHONE, rating=5, useful="yes", member=stranger)


@pytest.mark.django_db
def test_answering_again_corrects_the_one_answer(held, member):
    first = record_feedback(held, via=Via.PERSONAL_LINK, rating=2, useful="no", member=member)
    again = record_feedback(
        held, via=Via.SIGNED_IN, rating=5, useful="partly", will_apply=" ໃຊ້ ", member=member
    )
    assert again.pk == first.pk
    row = Feedback.objects.get()
    assert (row.rating, row.useful, row.will_apply, row.via) == (5, "partly", "ໃຊ້", "signed_in")


@pytest.mark.django_db
def test_an_answer_by_phone_never_overwrites_one_from_the_personal_link(held, member):
    record_feedback(held, via=Via.PERSONAL_LINK, rating=5, useful="yes", member=member)
    record_feedback(held, via=Via.PHONE, rating=1, useful="no", member=member)
    assert Feedback.objects.get().rating == 5
    record_feedback(held, via=Via.SIGNED_IN, rating=3, useful="no", member=member)
    assert Feedback.objects.get().rating == 3


@pytest.mark.django_db
def test_a_guest_answers_once_per_phone(held):
    for rating in (3, 4):
        record_feedback(
            held,
            via=Via.PHONE,
            rating=rating,
            useful="yes",
            guest_name="Visitor",
            guest_phone="+8562055519876",
        )
    row = Feedback.objects.get()
    assert (row.member, row.guest_name, row.rating) == (None, "Visitor", 4)


@pytest.mark.django_db
def test_a_vote_given_through_feedback_is_not_doubled(held, member, board_topic):
    Vote.objects.create(topic=board_topic, member=member)
    for _ in range(2):
        record_feedback(
            held,
            via=Via.PERSONAL_LINK,
            rating=4,
            useful="yes",
            next_topic_voted=board_topic,
            member=member,
        )
    assert Vote.objects.filter(topic=board_topic).count() == 1
    assert Feedback.objects.get().next_topic_voted == board_topic


@pytest.mark.django_db
def test_a_topic_that_left_the_board_keeps_the_answer_without_a_vote(held, member, board_topic):
    Topic.objects.filter(pk=board_topic.pk).update(status=Topic.Status.PARKED)
    board_topic.refresh_from_db()
    record_feedback(
        held,
        via=Via.SIGNED_IN,
        rating=4,
        useful="yes",
        next_topic_voted=board_topic,
        member=member,
    )
    assert Feedback.objects.get().next_topic_voted is None
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_record_feedback_refuses_a_topic_of_another_network_and_a_guest_without_phone(
    held, member, other_network
):
    elsewhere = Topic.objects.create(network=other_network, title="x")
    with pytest.raises(ValueError, match="another network"):
        record_feedback(
            held,
            via=Via.SIGNED_IN,
            rating=4,
            useful="yes",
            next_topic_voted=elsewhere,
            member=member,
        )
    with pytest.raises(ValueError, match="phone"):
        record_feedback(held, via=Via.PHONE, rating=4, useful="yes", guest_name="Visitor")
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_guest_vote_through_feedback_is_a_guest_vote(held, board_topic):
    record_feedback(
        held,
        via=Via.PHONE,
        rating=4,
        useful="yes",
        next_topic_voted=board_topic,
        guest_name="Visitor",
        guest_phone="+8562055519876",
    )
    vote = Vote.objects.get(topic=board_topic)
    assert (vote.member, vote.guest_phone) == (None, "+8562055519876")


@pytest.mark.django_db
def test_a_written_topic_is_proposed_once_by_the_member(held, member):
    for text in ("ການລ້ຽງລູກດ້ວຍນົມແມ່", "ການລ້ຽງລູກດ້ວຍນົມແມ່ ແລະ ອາຫານເສີມ"):
        record_feedback(
            held, via=Via.SIGNED_IN, rating=4, useful="yes", next_topic=text, member=member
        )
    topic = Topic.objects.get()
    assert (topic.title, topic.proposed_by) == ("ການລ້ຽງລູກດ້ວຍນົມແມ່", member)
    assert topic.status == Topic.Status.PROPOSED
    assert Feedback.objects.get().next_topic_proposal == topic


@pytest.mark.django_db
def test_an_anonymous_proposal_has_no_proposer_and_a_guest_wish_stays_in_the_feedback(held, member):
    record_feedback(
        held,
        via=Via.SIGNED_IN,
        rating=4,
        useful="yes",
        next_topic="ງົບປະມານ",
        anonymous=True,
        member=member,
    )
    record_feedback(
        held,
        via=Via.PHONE,
        rating=4,
        useful="yes",
        next_topic="ສື່ສັງຄົມ",
        guest_name="Visitor",
        guest_phone="+8562055519876",
    )
    assert list(Topic.objects.values_list("title", "proposed_by")) == [("ງົບປະມານ", None)]


@pytest.mark.django_db
def test_summary_counts_averages_and_hides_anonymous_names(held, make_member, member):
    other = make_member(name="ທ້າວ ບຸນມີ", name_latin="")
    record_feedback(held, via=Via.SIGNED_IN, rating=5, useful="yes", will_apply="A", member=member)
    record_feedback(
        held,
        via=Via.SIGNED_IN,
        rating=2,
        useful="partly",
        will_apply="B",
        anonymous=True,
        member=other,
    )
    record_feedback(
        held,
        via=Via.PHONE,
        rating=4,
        useful="no",
        will_apply="C",
        guest_name="Visitor",
        guest_phone="+8562055519876",
    )

    summary = feedback_summary(held)

    assert summary.answers == 3
    assert summary.average == 3.7
    assert {bar.rating: bar.count for bar in summary.ratings} == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}
    assert summary.useful == {"yes": 1, "partly": 1, "no": 1}
    lines = {line.will_apply: line for line in summary.lines}
    assert (lines["A"].name, lines["A"].is_guest) == (member.display_name, False)
    assert (lines["B"].name, lines["B"].organisation, lines["B"].anonymous) == ("", "", True)
    assert (lines["C"].name, lines["C"].is_guest) == ("Visitor", True)


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_personal_link_records_and_then_shows_the_answer_to_correct(client, held, member):
    url = personal(member, held)
    response = in_english(client).post(url, ANSWER, follow=True)
    assert "your feedback is saved" in response.content.decode()
    row = Feedback.objects.get()
    assert (row.member, row.rating, row.via) == (member, 4, "personal_link")
    page = client.get(url).content.decode()
    assert "You have answered" in page and "ກວດນ້ຳໜັກເດັກທຸກເດືອນ" in page


@pytest.mark.django_db
def test_personal_link_of_another_purpose_or_network_does_not_work(
    client, held, member, other_network
):
    rsvp = issue_personal_link(member, purpose=PersonalLink.Purpose.RSVP, subject_id=held.pk)
    wrong_purpose = reverse(
        "participation:feedback_personal", kwargs={"network": "sun-csa-lao", "token": rsvp.token}
    )
    wrong_network = personal(member, held).replace("sun-csa-lao", other_network.slug)
    assert client.get(wrong_purpose).status_code == 410
    assert client.get(wrong_network).status_code == 410


@pytest.mark.django_db
@pytest.mark.parametrize("rating", ["0", "6", ""])
def test_form_refuses_a_rating_outside_1_to_5(client, held, member, rating):
    response = client.post(personal(member, held), {**ANSWER, "rating": rating})
    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_form_before_the_end_and_after_the_window_says_so_and_records_nothing(
    client, network, member
):
    starts = timezone.now() + timedelta(days=2)
    hangout = make_hangout(network, starts_at=starts, ends_at=starts + timedelta(hours=1))
    hangout.status = Hangout.Status.SCHEDULED
    hangout.save()
    url = personal(member, hangout)
    early = in_english(client).post(url, ANSWER)
    assert "Feedback opens when the hangout ends" in early.content.decode()
    with time_machine.travel(hangout.ends_at + timedelta(days=8)):
        late = in_english(client).post(url, ANSWER)
    assert "Feedback for this hangout closed" in late.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_shared_link_member_and_guest_get_the_same_page(client, held, member):
    known = in_english(client).post(shared(held), {**KNOWN, **ANSWER})
    unknown = in_english(client).post(shared(held), {**UNKNOWN, **ANSWER})

    def lines(response: object) -> list[str]:
        text = response.content.decode()  # type: ignore[attr-defined]
        return [line for line in text.splitlines() if "csrf" not in line]

    assert "Thank you for your feedback" in known.content.decode()
    assert lines(known) == lines(unknown)
    rows = Feedback.objects.order_by("pk")
    assert [(r.member, r.guest_name, r.via) for r in rows] == [
        (member, "", "phone"),
        (None, "Visitor", "phone"),
    ]


@pytest.mark.django_db
def test_shared_link_of_another_networks_hangout_is_not_found(client, held, other_network):
    url = reverse("participation:feedback", kwargs={"network": other_network.slug, "pk": held.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {**UNKNOWN, **ANSWER}).status_code == 404


@pytest.mark.django_db
def test_signed_in_member_answers_without_a_phone(member_client, held, member):
    response = member_client.post(shared(held), ANSWER)
    assert response.status_code == 302
    assert Feedback.objects.get().via == "signed_in"


@pytest.mark.django_db
def test_shared_link_of_a_cancelled_hangout_shows_no_form(client, network):
    hangout = make_hangout(network, days_ago=1, status=Hangout.Status.CANCELLED)
    response = in_english(client).get(shared(hangout))
    assert "was cancelled" in response.content.decode()
    assert 'name="rating"' not in response.content.decode()


@pytest.mark.django_db
def test_summary_for_organisers_and_the_hangouts_presenters_only(
    client, organiser_client, outsider_client, member_client, held, member, make_member
):
    record_feedback(held, via=Via.SIGNED_IN, rating=5, useful="yes", will_apply="X", member=member)
    url = summary_url(held)

    assert organiser_client.get(url).status_code == 200
    assert member_client.get(url).status_code == 403  # a member, not presenting
    assert outsider_client.get(url).status_code == 403
    assert client.get(url).status_code == 403
    Presenter.objects.create(hangout=held, member=member)
    page = member_client.get(url)
    assert page.status_code == 200 and "X" in page.content.decode()


@pytest.mark.django_db
def test_anonymous_answer_is_never_shown_with_its_name(organiser_client, held, make_member):
    secret = make_member(name="ນາງ ລັບ ລັບ", name_latin="Secret Person")
    record_feedback(
        held,
        via=Via.SIGNED_IN,
        rating=1,
        useful="no",
        will_apply="ບໍ່ມີຫຍັງ",
        next_topic="ຫົວຂໍ້ລັບ",
        anonymous=True,
        member=secret,
    )
    look_back_url = reverse(
        "participation:look_back", kwargs={"network": held.network.slug, "pk": held.pk}
    )
    for url in (summary_url(held), look_back_url):
        page = in_english(organiser_client).get(url).content.decode()
        assert "ບໍ່ມີຫຍັງ" in page and "Anonymous" in page
        assert "Secret Person" not in page and "ນາງ ລັບ ລັບ" not in page


@pytest.mark.django_db
def test_summary_query_count_is_the_same_for_1_and_20_answers(
    organiser_client, held, make_member, django_assert_num_queries
):
    def answer(n: int) -> None:
        for i in range(n):
            record_feedback(
                held,
                via=Via.SIGNED_IN,
                rating=1 + i % 5,
                useful="yes",
                will_apply=f"c{i}",
                member=make_member(name=f"m{i}"),
            )

    answer(1)
    with django_assert_num_queries(7):
        organiser_client.get(summary_url(held))
    Feedback.objects.all().delete()
    answer(20)
    with django_assert_num_queries(7):
        organiser_client.get(summary_url(held))


@pytest.mark.django_db
def test_hangout_page_links_the_summary_for_organisers_and_presenters(
    organiser_client, member_client, held, member
):
    url = held.get_absolute_url()
    assert "feedback-summary-link" in organiser_client.get(url).content.decode()
    assert "look-back-link" in organiser_client.get(url).content.decode()
    assert "feedback-summary-link" not in member_client.get(url).content.decode()
    Presenter.objects.create(hangout=held, member=member)
    page = member_client.get(url).content.decode()
    assert "feedback-summary-link" in page and "look-back-link" not in page


@pytest.mark.django_db
def test_hangout_page_offers_the_form_only_while_it_is_open(client, held):
    url = held.get_absolute_url()
    assert "feedback-link" in client.get(url).content.decode()
    with time_machine.travel(held.ends_at + timedelta(days=7)):
        assert "feedback-link" not in client.get(url).content.decode()
