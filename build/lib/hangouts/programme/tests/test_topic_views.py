"""Topic board pages: happy path, outsider refused, anonymous sent to sign in, bad input."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.programme.models import Theme, Topic, Vote
from hangouts.programme.tests.test_topics import make_theme, make_topic, make_voters


def english(client: Client) -> Client:
    """The page in English (the footer's language switch sets this cookie)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, network: Network, **kwargs: object) -> str:
    return reverse(f"programme:{name}", kwargs={"network": network.slug, **kwargs})


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def nutrition(network: Network) -> Theme:
    return make_theme(network, "Nutrition")


@pytest.fixture
def topic(network: Network, nutrition: Theme) -> Topic:
    topic = make_topic(
        network,
        title="breastfeeding policy (working)",
        public_title="Back to work, still breastfeeding",
        description="How offices make room for mothers.",
    )
    topic.themes.set([nutrition])
    return topic


def without_csrf(html: str) -> str:
    """CSRF tokens are masked afresh on every response; the rest must be identical."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# The board


@pytest.mark.django_db
def test_topic_list_shows_the_board_to_anonymous_visitors(
    client: Client, network: Network, topic: Topic, member: Member
) -> None:
    Vote.objects.create(topic=topic, member=member)
    page = english(client).get(url("topic_list", network)).text
    assert "Back to work, still breastfeeding" in page
    assert "breastfeeding policy (working)" not in page
    assert "Nutrition" in page
    assert "1 vote" in page
    assert "Niche: few organisations or one province" in page
    assert url("topic_vote_by_phone", network, pk=topic.pk) in page
    assert "Members: sign in to propose a topic" in page
    assert url("topic_vote", network, pk=topic.pk) not in page


@pytest.mark.django_db
def test_topic_list_gives_members_a_vote_or_withdraw_button(
    member_client: Client, network: Network, topic: Topic, member: Member
) -> None:
    other = make_topic(network, title="Advocacy with districts")
    Vote.objects.create(topic=topic, member=member)
    page = english(member_client).get(url("topic_list", network)).text
    assert page.count('name="action" value="withdraw"') == 1
    assert page.count('name="action" value="vote"') == 1
    assert url("topic_vote", network, pk=other.pk) in page
    assert url("topic_propose", network) in page


@pytest.mark.django_db
def test_topic_list_shows_organisers_working_titles_guests_and_topics_off_the_board(
    organiser_client: Client, network: Network, topic: Topic
) -> None:
    Vote.objects.create(topic=topic, guest_name="Noy", guest_phone="+8562055500001")
    make_topic(network, title="Held already", status=Topic.Status.HELD)
    page = english(organiser_client).get(url("topic_list", network)).text
    assert "Working title: breastfeeding policy (working)" in page
    assert "1 guest vote to review" in page
    assert "Off the board" in page and "Held already" in page


@pytest.mark.django_db
def test_topic_list_keeps_other_networks_topics_apart(
    outsider_client: Client, network: Network, other_network: Network, topic: Topic
) -> None:
    make_topic(other_network, title="Cambodian topic")
    page = english(outsider_client).get(url("topic_list", network)).text
    assert "Back to work, still breastfeeding" in page
    assert "Cambodian topic" not in page
    assert url("topic_vote", network, pk=topic.pk) not in page  # no vote button for outsiders


@pytest.mark.django_db
def test_topic_list_runs_a_fixed_number_of_queries(
    member_client: Client,
    network: Network,
    member: Member,
    nutrition: Theme,
    make_member: Callable[..., Member],
) -> None:
    voters = make_voters(make_member, network, 10)

    def add_topics(count: int) -> list[Topic]:
        topics = [make_topic(network, title=f"Topic {i}") for i in range(count)]
        for topic in topics:
            topic.themes.set([nutrition])
        return topics

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url("topic_list", network)).status_code == 200
        return len(queries)

    t0, t1, t2 = add_topics(3)
    pairs = [(t0, voters[0]), (t0, voters[1]), (t1, voters[2]), (t2, member), (t0, member)]
    Vote.objects.bulk_create(Vote(topic=t, member=m) for t, m in pairs)
    small = count()
    more = add_topics(17)
    Vote.objects.bulk_create(Vote(topic=t, member=m) for t in more for m in voters)
    Vote.objects.bulk_create(Vote(topic=t, member=member) for t in more[:5])
    Vote.objects.bulk_create(
        Vote(topic=t, guest_name="G", guest_phone=f"+85620555{i:05d}")
        for i, t in enumerate([t0, t1, t2, *more])
    )
    assert (Topic.objects.count(), Vote.objects.count()) == (20, 200)
    assert count() == small == 10


# Proposing


@pytest.mark.django_db
def test_topic_propose_by_a_member_puts_it_on_the_board(
    member_client: Client, network: Network, member: Member, nutrition: Theme
) -> None:
    response = member_client.post(
        url("topic_propose", network),
        {"title": "School gardens", "description": "Who grows what", "themes": [nutrition.pk]},
    )
    topic = Topic.objects.get(title="School gardens")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert (topic.proposed_by, list(topic.themes.all())) == (member, [nutrition])
    assert "School gardens" in member_client.get(url("topic_list", network)).text


@pytest.mark.django_db
def test_topic_propose_by_an_organiser_without_a_member_record(
    organiser_client: Client, network: Network
) -> None:
    assert organiser_client.get(url("topic_propose", network)).status_code == 200
    organiser_client.post(url("topic_propose", network), {"title": "Budget advocacy"})
    assert Topic.objects.get(title="Budget advocacy").proposed_by is None


@pytest.mark.django_db
def test_topic_propose_sends_anonymous_visitors_to_sign_in(
    client: Client, network: Network
) -> None:
    response = client.get(url("topic_propose", network))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("network:sign_in", args=[network.slug]))


@pytest.mark.django_db
def test_topic_propose_refuses_outsiders(outsider_client: Client, network: Network) -> None:
    response = outsider_client.post(url("topic_propose", network), {"title": "Sneaky"})
    assert response.status_code == 403
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_topic_propose_explains_bad_input(
    member_client: Client, network: Network, other_network: Network
) -> None:
    foreign = make_theme(other_network, "Elsewhere")
    response = english(member_client).post(
        url("topic_propose", network), {"title": "   ", "themes": [foreign.pk]}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "themes"}
    assert not Topic.objects.exists()


# The topic page and the organisers' forms


@pytest.mark.django_db
def test_topic_detail_shows_votes_and_how_attendance_was_expected(
    client: Client, network: Network, topic: Topic, member: Member
) -> None:
    Vote.objects.create(topic=topic, member=member)
    page = english(client).get(url("topic_detail", network, pk=topic.pk)).text
    assert "How offices make room for mothers." in page
    assert "1 member would attend" in page
    assert "No hangout has been held yet: there is no history to go by." in page
    assert "breastfeeding policy (working)" not in page
    assert 'name="public_title"' not in page


@pytest.mark.django_db
def test_topic_detail_gives_organisers_the_packaging_and_merge_forms(
    organiser_client: Client, network: Network, topic: Topic
) -> None:
    make_topic(network, title="Duplicate idea")
    Vote.objects.create(topic=topic, guest_name="Noy", guest_phone="+8562055500001")
    page = english(organiser_client).get(url("topic_detail", network, pk=topic.pk)).text
    assert "breastfeeding policy (working)" in page
    assert 'name="public_title"' in page and 'name="into"' in page
    assert "Duplicate idea" in page
    assert "Noy" in page  # guest votes to review
    assert "http://testserver" + url("topic_vote_by_phone", network, pk=topic.pk) in page


@pytest.mark.django_db
def test_topic_detail_of_another_networks_topic_is_not_found(
    client: Client, network: Network, other_network: Network
) -> None:
    elsewhere = make_topic(other_network)
    assert client.get(url("topic_detail", network, pk=elsewhere.pk)).status_code == 404


@pytest.mark.django_db
def test_topic_edit_lets_organisers_package_a_topic(
    organiser_client: Client, network: Network, topic: Topic
) -> None:
    advocacy = make_theme(network, "Advocacy")
    response = organiser_client.post(
        url("topic_edit", network, pk=topic.pk),
        {"public_title": "Mothers at work", "status": "shortlisted", "themes": [advocacy.pk]},
    )
    topic.refresh_from_db()
    assert response.status_code == 302
    assert (topic.display_title, topic.status) == ("Mothers at work", Topic.Status.SHORTLISTED)
    assert list(topic.themes.all()) == [advocacy]


@pytest.mark.django_db
def test_topic_edit_refuses_members_and_outsiders(
    member_client: Client, outsider_client: Client, network: Network, topic: Topic
) -> None:
    data = {"public_title": "Hijacked", "status": "parked"}
    assert member_client.post(url("topic_edit", network, pk=topic.pk), data).status_code == 403
    assert outsider_client.post(url("topic_edit", network, pk=topic.pk), data).status_code == 403
    topic.refresh_from_db()
    assert topic.public_title == "Back to work, still breastfeeding"


@pytest.mark.django_db
def test_topic_edit_rejects_an_unknown_status(
    organiser_client: Client, network: Network, topic: Topic
) -> None:
    response = organiser_client.post(
        url("topic_edit", network, pk=topic.pk), {"public_title": "X", "status": "forgotten"}
    )
    topic.refresh_from_db()
    assert response.status_code == 400 and "status" in response.context["edit_form"].errors
    assert topic.status == Topic.Status.PROPOSED


@pytest.mark.django_db
def test_topic_merge_moves_the_votes_to_the_chosen_topic(
    organiser_client: Client,
    network: Network,
    topic: Topic,
    make_member: Callable[..., Member],
) -> None:
    both, only_duplicate = make_voters(make_member, network, 2)
    duplicate = make_topic(network, title="Breastfeeding at the office")
    Vote.objects.bulk_create(
        [
            Vote(topic=topic, member=both),
            Vote(topic=duplicate, member=both),
            Vote(topic=duplicate, member=only_duplicate),
        ]
    )
    response = organiser_client.post(
        url("topic_merge", network, pk=duplicate.pk), {"into": topic.pk}
    )
    duplicate.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert duplicate.merged_into == topic
    assert sorted(topic.votes.values_list("member", flat=True)) == sorted(
        [both.pk, only_duplicate.pk]
    )


@pytest.mark.django_db
def test_topic_merge_refuses_a_target_off_the_board_or_elsewhere(
    organiser_client: Client, network: Network, other_network: Network, topic: Topic
) -> None:
    held = make_topic(network, title="Held", status=Topic.Status.HELD)
    elsewhere = make_topic(other_network)
    for target in (held, elsewhere, topic):
        response = organiser_client.post(
            url("topic_merge", network, pk=topic.pk), {"into": target.pk}
        )
        assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.merged_into is None


@pytest.mark.django_db
def test_topic_merge_refuses_outsiders(
    outsider_client: Client, network: Network, topic: Topic
) -> None:
    other = make_topic(network, title="Other")
    response = outsider_client.post(url("topic_merge", network, pk=topic.pk), {"into": other.pk})
    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.merged_into is None


# Voting, signed in


@pytest.mark.django_db
def test_topic_vote_records_and_withdraws_the_members_vote(
    member_client: Client, network: Network, topic: Topic, member: Member
) -> None:
    board = url("topic_list", network)
    response = member_client.post(
        url("topic_vote", network, pk=topic.pk), {"action": "vote", "next": board}
    )
    assert response.status_code == 302 and response["Location"] == board
    member_client.post(url("topic_vote", network, pk=topic.pk), {"action": "vote"})
    assert list(topic.votes.values_list("member", flat=True)) == [member.pk]
    member_client.post(url("topic_vote", network, pk=topic.pk), {"action": "withdraw"})
    assert not topic.votes.exists()


@pytest.mark.django_db
def test_topic_vote_sends_anonymous_visitors_to_sign_in(
    client: Client, network: Network, topic: Topic
) -> None:
    response = client.post(url("topic_vote", network, pk=topic.pk), {"action": "vote"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("network:sign_in", args=[network.slug]))
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_topic_vote_refuses_outsiders_and_member_less_organisers(
    outsider_client: Client, organiser_client: Client, network: Network, topic: Topic
) -> None:
    for visitor in (outsider_client, organiser_client):
        response = visitor.post(url("topic_vote", network, pk=topic.pk), {"action": "vote"})
        assert response.status_code == 403
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_topic_vote_rejects_bad_input_and_closed_topics(
    member_client: Client, network: Network, topic: Topic
) -> None:
    bad = member_client.post(url("topic_vote", network, pk=topic.pk), {"action": "twice"})
    held = make_topic(network, title="Held", status=Topic.Status.HELD)
    closed = member_client.post(url("topic_vote", network, pk=held.pk), {"action": "vote"})
    assert bad.status_code == 400
    assert closed.status_code == 302
    assert member_client.get(url("topic_vote", network, pk=topic.pk)).status_code == 405
    assert not Vote.objects.exists()


# Voting by phone identification, from the link shared in the WhatsApp group


@pytest.mark.django_db
def test_topic_vote_by_phone_records_a_roster_members_vote(
    client: Client, network: Network, topic: Topic, member: Member
) -> None:
    page = english(client).get(url("topic_vote_by_phone", network, pk=topic.pk)).text
    assert "Back to work, still breastfeeding" in page and 'name="phone"' in page
    response = client.post(
        url("topic_vote_by_phone", network, pk=topic.pk),
        {"name": "ສຸກສະຫວັນ", "phone": "020 5551 2345"},
    )
    assert "Thank you: your vote is recorded." in response.text
    assert list(topic.votes.values_list("member", flat=True)) == [member.pk]


@pytest.mark.django_db
def test_topic_vote_by_phone_records_a_guest_vote_for_an_unknown_number(
    client: Client, network: Network, topic: Topic, member: Member
) -> None:
    client.post(
        url("topic_vote_by_phone", network, pk=topic.pk),
        {"name": "Noy", "phone": "020 5551 0000"},
    )
    guest = topic.votes.get()
    assert (guest.member, guest.guest_name, guest.guest_phone) == (None, "Noy", "+8562055510000")


@pytest.mark.django_db
def test_topic_vote_by_phone_never_reveals_whether_a_number_is_on_the_roster(
    network: Network, topic: Topic, member: Member
) -> None:
    def answer(phone: str) -> tuple[int, str]:
        response = Client().post(
            url("topic_vote_by_phone", network, pk=topic.pk), {"name": "Noy", "phone": phone}
        )
        return response.status_code, without_csrf(response.text)

    on_roster = answer("020 5551 2345")
    unknown = answer("020 5551 0000")
    assert on_roster == unknown
    assert topic.votes.filter(member=member).exists()
    assert topic.votes.filter(member=None).exists()


@pytest.mark.django_db
def test_topic_vote_by_phone_explains_a_bad_number(
    client: Client, network: Network, topic: Topic
) -> None:
    response = client.post(
        url("topic_vote_by_phone", network, pk=topic.pk), {"name": "Noy", "phone": "abc"}
    )
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_topic_vote_by_phone_is_rate_limited(
    client: Client, network: Network, topic: Topic, settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "phone_identification": (2, 60)}
    statuses = [
        client.post(
            url("topic_vote_by_phone", network, pk=topic.pk),
            {"name": "Noy", "phone": f"020 5551 000{i}"},
        ).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert topic.votes.count() == 2


@pytest.mark.django_db
def test_topic_vote_by_phone_shows_no_form_once_voting_closed(
    client: Client, network: Network
) -> None:
    held = make_topic(network, title="Held", status=Topic.Status.HELD)
    page = english(client).get(url("topic_vote_by_phone", network, pk=held.pk)).text
    client.post(
        url("topic_vote_by_phone", network, pk=held.pk), {"name": "Noy", "phone": "020 5551 0000"}
    )
    assert "Voting on this topic is closed." in page and 'name="phone"' not in page
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_topic_vote_by_phone_follows_a_merge_and_stays_in_its_network(
    client: Client, network: Network, other_network: Network, topic: Topic
) -> None:
    duplicate = make_topic(network, title="Old duplicate")
    duplicate.merged_into, duplicate.status = topic, Topic.Status.PARKED
    duplicate.save()
    page = client.get(url("topic_vote_by_phone", network, pk=duplicate.pk)).text
    assert "Back to work, still breastfeeding" in page
    elsewhere = make_topic(other_network)
    response = client.get(url("topic_vote_by_phone", network, pk=elsewhere.pk))
    assert response.status_code == 404


@pytest.mark.django_db
def test_topic_pages_need_no_account_for_organisers_of_the_network(
    network: Network, organiser: User, topic: Topic
) -> None:
    """An organiser is not a member: they read and manage the board but do not vote."""
    client = Client()
    client.force_login(organiser)
    page = english(client).get(url("topic_list", network)).text
    assert url("topic_vote", network, pk=topic.pk) not in page
    assert url("topic_propose", network) in page
