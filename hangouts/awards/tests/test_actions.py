import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hangouts.awards.actions import choose_volunteer, correct_award, nominate
from hangouts.awards.models import Award, AwardRevision, Nomination
from hangouts.awards.tests.conftest import CITATION, MARCH


@pytest.mark.django_db
def test_choose_volunteer_keeps_one_award_per_month(award, network, make_member, organiser):
    other = make_member(name="ທ້າວ ບຸນມີ")
    with pytest.raises(ValidationError) as error:
        choose_volunteer(
            network, month=MARCH.replace(day=15), member=other, citation="x", by=organiser
        )
    assert error.value.code == "exists"
    assert Award.objects.get(network=network).member == award.member


@pytest.mark.django_db
def test_award_constraint_refuses_a_second_award_for_the_month(award, network, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(network=network, month=MARCH, member=member, citation="again")


@pytest.mark.django_db
def test_choose_volunteer_refuses_a_member_of_another_network(network, other_network, organiser):
    from hangouts.network.models import Member

    stranger = Member.objects.create(network=other_network, name="Sok")
    with pytest.raises(ValidationError):
        choose_volunteer(network, month=MARCH, member=stranger, citation="x", by=organiser)
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_correct_award_keeps_what_it_was_who_corrected_and_when(award, make_member, organiser):
    other = make_member(name="ທ້າວ ບຸນມີ ແສງສະຫວ່າງ")
    correct_award(award, member=other, citation="ຂອບໃຈ", citation_en="", by=organiser)
    award.refresh_from_db()
    assert (award.member, award.citation, award.citation_en) == (other, "ຂອບໃຈ", "")
    revision = AwardRevision.objects.get(award=award)
    assert revision.member.name == "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ"
    assert revision.citation == CITATION
    assert revision.citation_en == "For presenting on complementary feeding."
    assert revision.changed_by == organiser


@pytest.mark.django_db
def test_correct_award_without_a_change_writes_no_history(award, member, organiser):
    correct_award(
        award,
        member=member,
        citation=f" {award.citation} ",
        citation_en=award.citation_en,
        by=organiser,
    )
    assert not AwardRevision.objects.exists()


@pytest.mark.django_db
def test_nominate_twice_updates_the_reason(network, member, organiser):
    nominate(network, month=MARCH, member=member, reason="helped", by=organiser)
    nominate(network, month=MARCH.replace(day=9), member=member, reason="interpreted", by=organiser)
    assert list(Nomination.objects.values_list("month", "reason")) == [(MARCH, "interpreted")]
