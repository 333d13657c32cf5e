"""Presenters: offers, profiles, and the presenter mix on a small roster worked out by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from hangouts.network.models import Organisation, Province, StaffLevel
from hangouts.programme.models import Hangout, PresentationOffer, Presenter, Topic, Vote
from hangouts.programme.presenters import (
    invite_to_present,
    offer_to_present,
    open_offers,
    presentations_of,
    presenter_mix,
)


def level(network, seniority):
    return StaffLevel.objects.filter(network=network, seniority=seniority).first()


def held_hangout(network, days_ago, status=Hangout.Status.HELD):
    starts_at = timezone.now() - timedelta(days=days_ago)
    return Hangout.objects.create(
        network=network,
        title=f"Hangout {days_ago}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        status=status,
    )


@pytest.fixture
def roster(network, organisation, make_member):
    """Four active members and one who left:

    name       organisation  place     level   gender  presented (held)   offered/voted
    Anousone   small         capital   junior  woman   1                  voted twice
    Bounmy     large         capital   senior  man     2                  voted once
    Chanthaly  small         province  middle  woman   0 (facilitated)    voted once
    Dara       large         province  junior  man     0                  offered
    Eng (left) large         capital   senior  man     0                  voted
    """
    large = Organisation.objects.create(
        network=network,
        name="Large INGO",
        size=Organisation.Size.LARGE,
        province=Province.objects.get(code="LA-VT"),
    )
    capital = Province.objects.get(code="LA-VT")
    provinces = Province.objects.get(code="LA-LP")
    junior, middle, senior = (level(network, s) for s in ("junior", "middle", "senior"))
    members = {
        "A": make_member(
            name="Anousone",
            organisation=organisation,
            province=capital,
            staff_level=junior,
            gender="female",
        ),
        "B": make_member(
            name="Bounmy", organisation=large, province=capital, staff_level=senior, gender="male"
        ),
        "C": make_member(
            name="Chanthaly",
            organisation=organisation,
            province=provinces,
            staff_level=middle,
            gender="female",
        ),
        "D": make_member(
            name="Dara", organisation=large, province=provinces, staff_level=junior, gender="male"
        ),
        "E": make_member(
            name="Eng",
            organisation=large,
            province=capital,
            staff_level=senior,
            gender="male",
            is_active=False,
        ),
    }
    first, second, third = (held_hangout(network, days) for days in (90, 60, 30))
    upcoming = held_hangout(network, -10, status=Hangout.Status.SCHEDULED)
    Presenter.objects.create(hangout=first, member=members["B"])
    Presenter.objects.create(hangout=second, member=members["B"])
    Presenter.objects.create(hangout=third, member=members["A"])
    Presenter.objects.create(hangout=third, member=members["C"], role="facilitator")
    Presenter.objects.create(hangout=upcoming, member=members["D"])
    topics = [Topic.objects.create(network=network, title=f"Topic {i}") for i in range(2)]
    for key, count in (("A", 2), ("B", 1), ("C", 1), ("E", 1)):
        for topic in topics[:count]:
            Vote.objects.create(topic=topic, member=members[key])
    offer_to_present(members["D"], subject="Rice fortification")
    closed = offer_to_present(members["B"], subject="Old offer")
    closed.status = PresentationOffer.Status.ACCEPTED
    closed.save()
    return members


@pytest.mark.django_db
def test_presenter_mix_compares_past_presentations_with_the_roster(network, roster):
    mix = presenter_mix(network)

    assert (mix.presentations, mix.roster) == (3, 4)
    table = {
        d.key: {
            s.group: (s.presented, s.presented_percent, s.roster, s.roster_percent, s.under)
            for s in d.shares
        }
        for d in mix.dimensions
    }
    assert table["size"] == {"small": (1, 33, 2, 50, True), "large": (2, 67, 2, 50, False)}
    assert table["place"] == {"capital": (3, 100, 2, 50, False), "province": (0, 0, 2, 50, True)}
    assert table["seniority"] == {
        "senior": (2, 67, 1, 25, False),
        "middle": (0, 0, 1, 25, True),
        "junior": (1, 33, 2, 50, True),
    }
    assert table["gender"] == {
        "female": (1, 33, 2, 50, True),
        "male": (2, 67, 2, 50, False),
        "other": (0, 0, 0, 0, False),
    }


@pytest.mark.django_db
def test_presenter_mix_lists_who_never_presented(network, roster):
    mix = presenter_mix(network)

    assert [m.name for m in mix.never_presented] == ["Chanthaly", "Dara"]


@pytest.mark.django_db
def test_presenter_mix_suggests_under_represented_members_who_offered_or_voted(network, roster):
    with translation.override("en"):
        suggestions = presenter_mix(network).suggestions

    assert [(s.member.name, s.reasons) for s in suggestions] == [
        (
            "Chanthaly",
            ["small organisation", "works in a province", "woman", "has never presented"],
        ),
        ("Anousone", ["small organisation", "junior staff", "woman"]),
        ("Dara", ["works in a province", "junior staff", "has never presented"]),
    ]
    assert [o.subject for o in suggestions[2].offers] == ["Rice fortification"]
    assert suggestions[1].votes == 2


@pytest.mark.django_db
def test_presenter_mix_of_an_empty_network_has_no_shares(network):
    mix = presenter_mix(network)

    assert (mix.presentations, mix.roster, mix.suggestions, mix.never_presented) == (0, 0, [], [])
    assert all(s.presented_percent == 0 and not s.under for d in mix.dimensions for s in d.shares)


@pytest.mark.django_db
def test_presenter_mix_runs_three_queries_whatever_the_roster(
    network, roster, make_member, django_assert_num_queries
):
    with django_assert_num_queries(3):
        presenter_mix(network)
    topic = Topic.objects.create(network=network, title="More")
    for i in range(15):
        extra = make_member(name=f"Extra {i}", gender="female")
        Vote.objects.create(topic=topic, member=extra)
        offer_to_present(extra, subject=f"Subject {i}")
    with django_assert_num_queries(3):
        presenter_mix(network)


@pytest.mark.django_db
def test_presentations_of_lists_public_hangouts_only(network, roster):
    cancelled = held_hangout(network, 5, status=Hangout.Status.CANCELLED)
    Presenter.objects.create(hangout=cancelled, member=roster["B"])

    titles = [p.hangout.title for p in presentations_of(roster["B"])]

    assert titles == ["Hangout 60", "Hangout 90"]
    assert [p.role for p in presentations_of(roster["C"])] == ["facilitator"]


@pytest.mark.django_db
def test_invite_to_present_is_an_open_offer_marked_with_the_organiser(network, roster, organiser):
    invitation = invite_to_present(roster["C"], by=organiser, subject="School gardens")

    offers = list(open_offers(network))

    assert invitation in offers and offers[0] == invitation
    assert invitation.invited_by == organiser
    assert [o.subject for o in offers] == ["School gardens", "Rice fortification"]
