"""The demo: awards for the past months of its last year, and the annual list agrees."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import signed_in
from hangouts.accounts.models import User
from hangouts.awards.demo import last_year
from hangouts.awards.models import Award
from hangouts.awards.queries import candidates, next_month
from hangouts.network.demo import seed_demo
from hangouts.network.models import Network


@pytest.fixture
def lao(db):
    seed_demo()
    return Network.objects.get(slug="sun-csa-lao")


@pytest.mark.django_db
def test_demo_awards_go_to_presenters_of_their_month_with_one_month_left_open(lao):
    awards = list(Award.objects.filter(network=lao).order_by("month"))
    assert len(awards) >= 6
    assert {award.month.year for award in awards} == {last_year()}
    for award in awards:
        assert award.member in [c.member for c in candidates(lao, award.month)]
        assert award.citation and award.citation_en and award.chosen_by is not None
    # The month after the last award had a hangout: its volunteer is for an organiser to choose.
    after = next_month(awards[-1].month)
    assert candidates(lao, after)
    assert not Award.objects.filter(network=lao, month=after).exists()


@pytest.mark.django_db
def test_demo_annual_list_for_the_last_year_matches_the_demo_awards(lao):
    organiser = User.objects.get(email="organiser@sun-csa-lao.example.org")
    response = signed_in(organiser).get(
        reverse("awards:annual_csv", kwargs={"network": lao.slug, "year": last_year()})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    listed = [(row[0], row[2]) for row in rows if row[6]]
    expected = [
        (f"{award.month:%Y-%m}", award.member.name)
        for award in Award.objects.filter(network=lao, month__year=last_year()).order_by("month")
    ]
    assert listed == expected and expected


@pytest.mark.django_db
def test_demo_reset_recreates_the_same_awards(lao):
    before = list(
        Award.objects.order_by("network__slug", "month").values_list(
            "month", "member__name", "citation"
        )
    )
    seed_demo(reset=True)
    after = list(
        Award.objects.order_by("network__slug", "month").values_list(
            "month", "member__name", "citation"
        )
    )
    assert before == after
