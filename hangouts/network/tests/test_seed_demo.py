from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from hangouts.accounts.actions import ensure_member_user
from hangouts.accounts.models import User
from hangouts.lib.phones import normalize_phone
from hangouts.network.demo import DEMO_PASSWORD, seed_demo
from hangouts.network.models import Member, Network, Organisation

ORGANISERS = ("organiser@sun-csa-lao.example.org", "coordinator@sun-csa-lao.example.org")


@pytest.fixture
def lao(db: None) -> Network:
    seed_demo()
    return Network.objects.get(slug="sun-csa-lao")


def snapshot() -> dict[str, list[tuple]]:
    """Everything the demo wrote, without ids, so two runs can be compared."""
    return {
        "networks": list(Network.objects.values_list("slug", "name", "country", "language")),
        "organisations": list(
            Organisation.objects.order_by("network__slug", "name").values_list(
                "network__slug", "name", "name_en", "acronym", "kind", "size", "province__code"
            )
        ),
        "members": list(
            Member.objects.order_by("network__slug", "name").values_list(
                "network__slug",
                "name",
                "name_latin",
                "organisation__acronym",
                "province__code",
                "staff_level__name_en",
                "gender",
                "phone",
                "email",
                "language",
                "consent_to_contact",
                "created_at",
            )
        ),
        "users": list(User.objects.order_by("email").values_list("email", "name", "is_superuser")),
        "organisers": list(
            Network.objects.order_by("slug", "organisers__email").values_list(
                "slug", "organisers__email"
            )
        ),
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_lao_network_as_specified(lao):
    assert (lao.name, lao.name_en) == (
        "ພັນທະມິດອົງການຈັດຕັ້ງທາງສັງຄົມເພື່ອໂພຊະນາການ ສປປ ລາວ",
        "SUN Civil Society Alliance Lao PDR",
    )
    assert (lao.country, lao.language, lao.time_zone, lao.email) == (
        "LA",
        "lo",
        "Asia/Vientiane",
        "hangouts@sun-csa-lao.example.org",
    )
    assert 35 <= lao.organisations.count() <= 45
    assert 120 <= lao.members.count() <= 140
    # The brief's network has ~40 member organisations and ~125 staff in its WhatsApp group.
    assert lao.staff_levels.count() == 4


@pytest.mark.django_db
def test_seed_demo_organisations_vary_in_kind_size_and_province(lao):
    organisations = Organisation.objects.filter(network=lao)
    kinds = Counter(organisations.values_list("kind", flat=True))
    assert set(kinds) >= {"cso", "ingo", "un", "government", "academic", "private"}
    assert kinds["cso"] > sum(kinds.values()) / 2
    sizes = Counter(organisations.values_list("size", flat=True))
    assert sizes["small"] > sizes["large"] > 0
    assert sizes[""] > 0  # some sizes are not known
    provinces = Counter(organisations.values_list("province__code", flat=True))
    assert len(provinces) >= 8
    assert provinces.most_common(1)[0][0] == "LA-VT"
    assert provinces["LA-VT"] < organisations.count() * 0.75  # many are in the provinces
    assert len(set(organisations.values_list("acronym", flat=True))) == organisations.count()


@pytest.mark.django_db
def test_seed_demo_members_have_titled_lao_names_matching_their_gender(lao):
    members = Member.objects.filter(network=lao)
    genders = Counter(members.values_list("gender", flat=True))
    assert genders["female"] > genders["male"] > 0
    for member in members:
        title = {"female": "ນາງ", "male": "ທ້າວ"}[member.gender]
        assert member.name.startswith(f"{title} ")
        assert member.name_latin.isascii()
        assert len(member.name_latin.split()) == 2
    assert members.values("name").distinct().count() == members.count()
    assert not members.filter(name__in=["ນາງ ວັນນະພອນ ແກ້ວມະນີ", "ທ້າວ ສົມພອນ ໄຊຍະວົງ"]).exists()


@pytest.mark.django_db
def test_seed_demo_mixes_staff_levels_with_many_juniors(lao):
    seniorities = Counter(
        Member.objects.filter(network=lao).values_list("staff_level__seniority", flat=True)
    )
    assert set(seniorities) == {"senior", "middle", "junior"}
    assert seniorities["junior"] > seniorities["senior"]
    assert not Member.objects.filter(network=lao, staff_level=None).exists()


@pytest.mark.django_db
def test_seed_demo_leaves_some_members_reachable_on_whatsapp_only(lao):
    members = Member.objects.filter(network=lao)
    without_email = members.filter(email="")
    assert 15 <= without_email.count() <= 25
    assert not without_email.filter(phone="").exists()  # WhatsApp is how they are reached
    for email in members.exclude(email="").values_list("email", flat=True):
        assert email == email.lower()
        assert email.endswith("example.org")


@pytest.mark.django_db
def test_seed_demo_has_exactly_one_phone_shared_by_two_members_of_a_small_organisation(lao):
    shared = list(
        Member.objects.filter(network=lao)
        .exclude(phone="")
        .values("phone")
        .annotate(people=Count("id"))
        .filter(people__gt=1)
    )
    assert len(shared) == 1
    assert shared[0]["people"] == 2
    pair = Member.objects.filter(network=lao, phone=shared[0]["phone"])
    organisations = {member.organisation for member in pair}
    assert len(organisations) == 1
    assert organisations.pop().size == Organisation.Size.SMALL


@pytest.mark.django_db
def test_seed_demo_phones_are_valid_e164_for_their_network_country(lao):
    members = Member.objects.exclude(phone="").select_related("network")
    assert {member.network.country for member in members} == {"LA", "KH"}
    for member in members:
        assert normalize_phone(member.phone, member.network.country) == member.phone
        if member.network.country == "LA":
            assert member.phone[:6] == "+85620"
            assert member.phone[6] in "2579"
            assert len(member.phone) == 14


@pytest.mark.django_db
def test_seed_demo_members_belong_to_organisations_of_their_own_network(lao):
    members = Member.objects.select_related("organisation")
    assert not members.filter(organisation=None).exists()
    for member in members:
        assert member.organisation.network_id == member.network_id
    # Every organisation has someone on the roster.
    assert not Organisation.objects.filter(members=None).exists()


@pytest.mark.django_db
def test_seed_demo_members_mostly_live_where_their_organisation_is(lao):
    members = Member.objects.filter(network=lao).select_related("organisation")
    at_home = sum(member.province_id == member.organisation.province_id for member in members)
    assert at_home > members.count() * 0.8
    # Mostly Lao speakers who agree to be contacted, with a few exceptions of each.
    languages = Counter(members.values_list("language", flat=True))
    assert languages["lo"] > languages["en"] > 0
    consent = Counter(members.values_list("consent_to_contact", flat=True))
    assert consent[True] > consent[False] > 0


@pytest.mark.django_db
def test_seed_demo_organisers_and_admin_sign_in_with_the_demo_password(lao):
    assert set(lao.organisers.values_list("email", flat=True)) == set(ORGANISERS)
    for email in ORGANISERS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert (user.language, user.is_staff) == ("lo", False)
    assert User.objects.get(email="organiser@sun-csa-lao.example.org").name == (
        "ນາງ ວັນນະພອນ ແກ້ວມະນີ"
    )
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_seed_demo_second_network_has_its_own_organiser_not_the_lao_ones(lao):
    cambodia = Network.objects.get(slug="sun-csa-cambodia")
    assert (cambodia.country, cambodia.language, cambodia.time_zone) == (
        "KH",
        "km",
        "Asia/Phnom_Penh",
    )
    assert 4 <= cambodia.organisations.count() <= 6
    assert 10 <= cambodia.members.count() <= 14
    organiser = User.objects.get(email="organiser@sun-csa-cambodia.example.org")
    assert list(cambodia.organisers.all()) == [organiser]
    assert not lao.organisers.filter(pk=organiser.pk).exists()
    assert not cambodia.organisers.filter(email__in=ORGANISERS).exists()
    for member in cambodia.members.all():
        assert member.name.isascii()
        assert member.language == "en"  # no Khmer pages: English


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(lao):
    before = snapshot()
    assert seed_demo() == {}
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already there" in out.getvalue()
    assert snapshot() == before


@pytest.mark.django_db
def test_seed_demo_gives_the_same_data_on_every_run(lao):
    before = snapshot()
    seed_demo(reset=True)
    assert snapshot() == before


@pytest.mark.django_db
def test_seed_demo_reset_removes_member_accounts_and_keeps_other_data(lao):
    other = User.objects.create_user("someone@example.org", "x" * 20)
    member = Member.objects.filter(network=lao).first()
    ensure_member_user(member)
    users_before = User.objects.count()
    out = StringIO()
    call_command("seed_demo", "--reset", stdout=out)
    assert "Demo data created." in out.getvalue()
    assert User.objects.count() == users_before - 1  # the member's account went with the member
    assert User.objects.filter(pk=other.pk).exists()
    assert Network.objects.filter(slug="sun-csa-lao").count() == 1


@pytest.mark.django_db
def test_seed_demo_writes_rows_in_bulk():
    with CaptureQueriesContext(connection) as queries:
        seed_demo()
    # A query per member or organisation would be well over 150. The two demo participant
    # reports add a fixed ~30 (stored and imported as an upload is: about 15 queries each).
    assert len(queries) < 100


@pytest.mark.django_db
def test_seed_demo_command_prints_counts_and_the_demo_sign_in():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    members = Member.objects.count()
    assert f"members: {members}" in text
    assert f"members without email: {Member.objects.filter(email='').count()}" in text
    assert f"organisations: {Organisation.objects.count()}" in text
    assert "networks: 2" in text
    assert "organisers: 3" in text
    for email in ORGANISERS:
        assert email in text
    assert DEMO_PASSWORD in text
