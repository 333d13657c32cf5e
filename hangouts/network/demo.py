"""Demo data: a Lao network with a believable roster, and a small second network in Cambodia.

Everything is fictional: organisations are invented (no real organisation's exact name) and
people are combinations of common given and family names. A fixed seed makes every run give the
same rows, so screenshots, bug reports and browser journeys can point at the same people.

The demo password below is for demo data only; it is printed by `seed_demo` on purpose.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from hangouts.accounts.models import User
from hangouts.awards.demo import reset_awards, seed_demo_awards
from hangouts.lib.phones import PhoneError, normalize_phone
from hangouts.library.demo import seed_demo_library
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel
from hangouts.participation.demo import seed_demo_imports
from hangouts.programme.demo import GUESTS, reset_programme, seed_demo_programme

DEMO_PASSWORD = "hangouts-demo-2026"  # noqa: S105 - demo only, documented in the README
LAO_SLUG = "sun-csa-lao"
CAMBODIA_SLUG = "sun-csa-cambodia"
DEMO_SLUGS = (LAO_SLUG, CAMBODIA_SLUG)
ADMIN_EMAIL = "admin@example.org"
# (email, name, language) of each network's organisers.
LAO_ORGANISERS = (
    ("organiser@sun-csa-lao.example.org", "ນາງ ວັນນະພອນ ແກ້ວມະນີ", "lo"),
    ("coordinator@sun-csa-lao.example.org", "ທ້າວ ສົມພອນ ໄຊຍະວົງ", "lo"),
)
# Our pages have no Khmer, so the Cambodian organiser reads them in English.
CAMBODIA_ORGANISERS = (("organiser@sun-csa-cambodia.example.org", "Sok Channary", "en"),)
DEMO_USER_EMAILS = (
    *(email for email, _, _ in LAO_ORGANISERS + CAMBODIA_ORGANISERS),
    ADMIN_EMAIL,
)

SEED = 2020  # the year the hangouts started
LAO_MEMBERS = 130  # the WhatsApp group had 125 members
LAO_WITHOUT_EMAIL = 20
CAMBODIA_MEMBERS = 12
# Members join between the first hangout and the demo's "today"; fixed, so runs agree.
FIRST_JOINED = datetime(2020, 4, 3, 2, 0, tzinfo=UTC)
LAST_JOINED = datetime(2026, 1, 30, 2, 0, tzinfo=UTC)

# kind (see KINDS), size (Small, Large, "-": not known), province code without the country, acronym,
# name | English name (when it differs).
# Most members sit in the capital, but the brief's point is the provincial and small ones.
LAO_ORGANISATIONS = """
cso  L VT CNPA  ສະມາຄົມສົ່ງເສີມໂພຊະນາການຊຸມຊົນ | Community Nutrition Promotion Association
cso  L VT FMC   ມູນນິທິເພື່ອແມ່ ແລະ ເດັກ | Foundation for Mothers and Children
cso  S VT RWSA  ສະມາຄົມນ້ຳສະອາດ ແລະ ອະນາໄມຊົນນະບົດ | Rural Water and Sanitation Association
cso  S VT SAA   ສະມາຄົມກະສິກຳແບບຍືນຍົງ | Sustainable Agriculture Association
cso  S VT YDC   ສູນພັດທະນາຊາວໜຸ່ມ | Youth Development Centre
cso  S VT AWE   ສະມາຄົມສົ່ງເສີມບົດບາດແມ່ຍິງ | Association for Women's Empowerment
cso  S VT SFMA  ສະມາຄົມອາຫານປອດໄພ ແລະ ຕະຫຼາດຊຸມຊົນ | Safe Food and Community Markets Association
cso  S VT REF   ມູນນິທິສົ່ງເສີມການສຶກສາຊົນນະບົດ | Rural Education Foundation
cso  - VT LDC   ສູນການຮຽນຮູ້ເພື່ອການພັດທະນາ | Learning for Development Centre
cso  S VT HGA   ສະມາຄົມສວນຄົວ ແລະ ອາຫານພື້ນເມືອງ | Home Gardens and Local Foods Association
cso  L VT CHDA  ສະມາຄົມພັດທະນາສຸຂະພາບຊຸມຊົນ | Community Health Development Association
cso  S VT SVN   ກຸ່ມອາສາສະໝັກນັກສຶກສາເພື່ອໂພຊະນາການ | Student Volunteers for Nutrition
cso  S VT DFA   ສະມາຄົມຄົນພິການ ແລະ ຄອບຄົວ | Disability and Family Association
cso  S LP LPCDA ສະມາຄົມພັດທະນາຊຸມຊົນ ແຂວງຫຼວງພະບາງ | Luang Prabang Community Development Association
cso  S LP MCF   ມູນນິທິສາຍນ້ຳຂອງ | Mekong Current Foundation
cso  L SV SNPA  ສະມາຄົມສົ່ງເສີມໂພຊະນາການ ແຂວງສະຫວັນນະເຂດ | Savannakhet Nutrition Promotion Association
cso  S SV SRDA  ສະມາຄົມພັດທະນາຊົນນະບົດ ແຂວງສະຫວັນນະເຂດ | Savannakhet Rural Development Association
cso  S CH CFFA  ສະມາຄົມກະສິກອນ ແລະ ອາຫານ ແຂວງຈຳປາສັກ | Champasak Farmers and Food Association
cso  S OU OCDA  ສະມາຄົມພັດທະນາຊຸມຊົນ ແຂວງອຸດົມໄຊ | Oudomxay Community Development Association
cso  S XI XLA   ສະມາຄົມສົ່ງເສີມອາຊີບ ແຂວງຊຽງຂວາງ | Xiengkhouang Livelihoods Association
cso  S HO HWDG  ກຸ່ມແມ່ຍິງພັດທະນາ ແຂວງຫົວພັນ | Houaphanh Women's Development Group
cso  S PH PCWA  ສະມາຄົມນ້ຳສະອາດ ແຂວງຜົ້ງສາລີ | Phongsaly Clean Water Association
cso  - SL SCDA  ສະມາຄົມພັດທະນາຊຸມຊົນ ແຂວງສາລະວັນ | Salavan Community Development Association
cso  S LM LNEHA ສະມາຄົມສຸຂະພາບຊົນເຜົ່າ ແຂວງຫຼວງນ້ຳທາ | Luang Namtha Ethnic Health Association
cso  S KH KSFA  ສະມາຄົມກະສິກຳຍືນຍົງ ແຂວງຄຳມ່ວນ | Khammouane Sustainable Farming Association
cso  S XA XYVA  ສະມາຄົມຊາວໜຸ່ມອາສາ ແຂວງໄຊຍະບູລີ | Xayabouly Youth Volunteers Association
cso  - AT ACDA  ສະມາຄົມພັດທະນາຊຸມຊົນ ແຂວງອັດຕະປື | Attapeu Community Development Association
cso  S BK BFFA  ສະມາຄົມອາຫານ ແລະ ປ່າໄມ້ ແຂວງບໍ່ແກ້ວ | Bokeo Forest Foods Association
ingo L VT GCNP  ອົງການ ຄູ່ຮ່ວມໂພຊະນາການເດັກສາກົນ | Global Child Nutrition Partners
ingo L VT MFA   ອົງການ ຊ່ວຍເຫຼືອຄອບຄົວແມ່ນ້ຳຂອງ | Mekong Family Aid
ingo L VT WEI   ອົງການ ນ້ຳສະອາດເພື່ອທຸກຄົນ | Water for Everyone International
ingo S SV HFA   ອົງການ ເກັບກ່ຽວເພື່ອທຸກຄົນ | Harvest for All
ingo L LP VHI   ອົງການ ສຸຂະພາບໝູ່ບ້ານສາກົນ | Village Health International
ingo S VT SFC   ອົງການ ແສງຕາເວັນເພື່ອເດັກ | Sunrise for Children
un   L VT UNNCO ຫ້ອງການປະສານງານໂພຊະນາການ ສະຫະປະຊາຊາດ | UN Nutrition Coordination Office
un   L VT UNFSP ໂຄງການລະບົບອາຫານ ສະຫະປະຊາຊາດ | UN Food Systems Programme
gov  S VT XCNU  ໜ່ວຍງານໂພຊະນາການຊຸມຊົນ ເມືອງໄຊທານີ | Xaythany District Community Nutrition Unit
gov  - OU ONPC  ຄະນະກຳມະການສົ່ງເສີມໂພຊະນາການ ແຂວງອຸດົມໄຊ | Oudomxay Nutrition Promotion Committee
acad L VT IFNR  ສະຖາບັນຄົ້ນຄວ້າອາຫານ ແລະ ໂພຊະນາການ | Food and Nutrition Research Institute
acad S CH SCFCR ສູນຄົ້ນຄວ້າອາຫານ ແລະ ຊຸມຊົນ ພາກໃຕ້ | Southern Food and Community Research Centre
priv S VT NSF   ບໍລິສັດ ນາຄຳ ອາຫານປອດໄພ ຈຳກັດ | Nakham Safe Food Co., Ltd.
"""
# Two of its staff share the office phone: the roster must cope with a shared number.
LAO_SHARED_PHONE_ORGANISATION = "HWDG"

# The Cambodian network's language is Khmer, which our pages do not have: names in English.
CAMBODIA_ORGANISATIONS = """
cso  S 12 MNA    Mekong Nutrition Association
cso  S 17 SRFHG  Siem Reap Family Health Group
cso  - 2  BFF    Battambang Farmers for Food
ingo L 12 GCNPKH Global Child Nutrition Partners Cambodia
acad L 12 PPIFS  Phnom Penh Institute of Food Studies
"""

# "Lao:Latin" pairs; the Latin spellings are the ones people use in passports and email.
LAO_WOMEN = (
    "ສຸກສະຫວັນ:Souksavanh ມະນີວອນ:Manivone ພອນທິບ:Phonethip ແສງເດືອນ:Sengdeuane "
    "ບົວພັນ:Bouaphanh ວິໄລວອນ:Vilayvone ສີດາ:Sida ຈັນທະວີ:Chanthavy ອາລຸນນີ:Alounny "
    "ທິບພະວັນ:Thipphavanh ມາລີ:Mali ປານີ:Pany ສຸລິຍາ:Souliya ດວງດາລາ:Douangdala "
    "ເພັດສະໝອນ:Phetsamone ແກ້ວກັນຍາ:Keokanya ນາລີ:Naly ອຳໄພ:Amphay ລັດດາວັນ:Laddavanh "
    "ນ້ອຍ:Noy ບົວໄລ:Boualay ແພງສີ:Phengsy ສົມຈິດ:Somchit ຄຳຜຸຍ:Khamphouy"
)
LAO_MEN = (
    "ບຸນມີ:Bounmy ສົມສັກ:Somsack ຄຳພອນ:Khamphone ວິໄລ:Vilay ສີສະຫວາດ:Sisavath "
    "ບຸນເຫຼືອ:Bounleua ທອງສະຫວັນ:Thongsavanh ພູວົງ:Phouvong ອານຸສອນ:Anousone "
    "ແສງທອງ:Sengthong ສຸລິວົງ:Soulivong ບຸນທັນ:Bounthanh ວົງສະຫວັນ:Vongsavanh ຄຳຫຼ້າ:Khamla "
    "ສົມບັດ:Sombath ທອງໃສ:Thongsay ເພັດສະຫວັນ:Phetsavanh ອຸ່ນແກ້ວ:Ounkeo ໄຊຍະສິດ:Xayasith "
    "ວັນໄຊ:Vanxay ຈັນທອນ:Chanthone"
)
LAO_FAMILIES = (
    "ພົມມະຈັນ:Phommachanh ສີຫາລາດ:Sihalath ພົມມະວົງ:Phommavong ສຸລິຍະວົງ:Souliyavong "
    "ວົງສາ:Vongsa ສີສຸລາດ:Sisoulath ອິນທະວົງ:Inthavong ແສງອາລຸນ:Sengaloun "
    "ຈັນທະວົງ:Chanthavong ພິລາວົງ:Philavong ຄຳວົງສາ:Khamvongsa ບຸບຜາ:Bouppha "
    "ສີປະເສີດ:Sipaseuth ລັດຕະນະວົງ:Lattanavong ທຳມະວົງ:Thammavong ດວງມະນີ:Douangmany "
    "ແກ້ວວົງສາ:Keovongsa ສຸວັນນະວົງ:Souvannavong ໄຊຍະສານ:Xayasane ສີວິໄລ:Sivilay "
    "ຄຳມະນີ:Khammany ບົວລະພັນ:Boualaphanh ອຸດົມສຸກ:Oudomsouk ພອນປະເສີດ:Phonepaseuth "
    "ແກ້ວມະນີ:Keomany ໄຊຍະວົງ:Xayavong ວົງພະຈັນ:Vongphachanh ສີລາວົງ:Silavong"
)
# Polite titles written before a Lao name.
LAO_TITLES = {Member.Gender.FEMALE: "ນາງ", Member.Gender.MALE: "ທ້າວ"}

CAMBODIA_WOMEN = "Sophea Chenda Bopha Sreymom Pisey Channary Phalla Sokunthea"
CAMBODIA_MEN = "Dara Rithy Kosal Vuthy Sothea Visal"
CAMBODIA_FAMILIES = "Chan Sok Keo Meas Heng Chea Ly Pich Sam Nhem Ouk Touch"

# Weights by seniority (senior → junior): the online hangouts reach juniors most of all.
STAFF_LEVEL_WEIGHTS = (1, 2, 4, 5)
# How many more staff a large organisation has on the roster than a small or unknown one.
SIZE_WEIGHTS = {Organisation.Size.LARGE: 5, Organisation.Size.SMALL: 2, "": 1}
LAO_MOBILE_PREFIX = "+85620"
LAO_MOBILE_FIRST_DIGITS = "2579"  # 020 2x, 5x, 7x, 9x: the Lao mobile operators
CAMBODIA_MOBILE_PREFIXES = ("12", "17", "77", "89", "92", "97", "10", "15")


@dataclass(frozen=True)
class OrganisationRow:
    kind: str
    size: str
    province: str
    acronym: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Person:
    name: str
    name_latin: str
    gender: str
    given_latin: str
    family_latin: str


KINDS = {
    "cso": Organisation.Kind.CSO,
    "ingo": Organisation.Kind.INGO,
    "un": Organisation.Kind.UN,
    "gov": Organisation.Kind.GOVERNMENT,
    "acad": Organisation.Kind.ACADEMIC,
    "priv": Organisation.Kind.PRIVATE,
}
SIZES = {"S": Organisation.Size.SMALL, "L": Organisation.Size.LARGE, "-": ""}


def parse_organisations(table: str, country: str) -> list[OrganisationRow]:
    """Read a table like LAO_ORGANISATIONS."""
    rows = []
    for line in table.strip().splitlines():
        kind, size, province, acronym, names = line.split(maxsplit=4)
        name, _, name_en = (part.strip() for part in names.partition(" | "))
        rows.append(
            OrganisationRow(
                kind=KINDS[kind],
                size=SIZES[size],
                province=f"{country}-{province}",
                acronym=acronym,
                name=name,
                name_en=name_en or name,
            )
        )
    return rows


def _pairs(text: str) -> list[tuple[str, str]]:
    """Split a "ລາວ:Latin ລາວ:Latin" list into (Lao, Latin) pairs."""
    pairs = []
    for pair in text.split():
        lao, latin = pair.split(":")
        pairs.append((lao, latin))
    return pairs


def lao_people(rng: random.Random, count: int) -> list[Person]:
    """Distinct people, about three women for every two men, titled as Lao names are written."""
    women, men, families = _pairs(LAO_WOMEN), _pairs(LAO_MEN), _pairs(LAO_FAMILIES)
    # The organisers are people too: nobody on the roster gets their exact name.
    taken = {name for _, name, _ in LAO_ORGANISERS}
    people: list[Person] = []
    while len(people) < count:
        gender = Member.Gender.FEMALE if rng.random() < 0.6 else Member.Gender.MALE
        given_lo, given = rng.choice(women if gender == Member.Gender.FEMALE else men)
        family_lo, family = rng.choice(families)
        name = f"{LAO_TITLES[gender]} {given_lo} {family_lo}"
        if name in taken:
            continue
        taken.add(name)
        people.append(Person(name, f"{given} {family}", gender, given, family))
    return people


def cambodian_people(rng: random.Random, count: int) -> list[Person]:
    """Khmer names are written family name first, e.g. "Chan Sophea"."""
    women, men = CAMBODIA_WOMEN.split(), CAMBODIA_MEN.split()
    families = CAMBODIA_FAMILIES.split()
    taken = {name for _, name, _ in CAMBODIA_ORGANISERS}
    people: list[Person] = []
    while len(people) < count:
        gender = Member.Gender.FEMALE if rng.random() < 0.6 else Member.Gender.MALE
        given = rng.choice(women if gender == Member.Gender.FEMALE else men)
        family = rng.choice(families)
        name = f"{family} {given}"
        if name in taken:
            continue
        taken.add(name)
        people.append(Person(name, name, gender, given, family))
    return people


def mobile_numbers(rng: random.Random, count: int, country: str) -> list[str]:
    """Distinct mobile numbers in E.164 that the phone library accepts for the country."""
    numbers: list[str] = []
    while len(numbers) < count:
        if country == "LA":
            digits = rng.choice(LAO_MOBILE_FIRST_DIGITS) + f"{rng.randrange(10**7):07d}"
            raw = LAO_MOBILE_PREFIX + digits
        else:
            raw = f"+855{rng.choice(CAMBODIA_MOBILE_PREFIXES)}{rng.randrange(10**6):06d}"
        try:
            number = normalize_phone(raw, country)
        except PhoneError:  # a block the operators do not use: draw again
            continue
        if number not in numbers:
            numbers.append(number)
    return numbers


def create_organisations(network: Network, rows: Sequence[OrganisationRow]) -> list[Organisation]:
    provinces = {p.code: p for p in Province.objects.filter(country=network.country)}
    return Organisation.objects.bulk_create(
        Organisation(
            network=network,
            name=row.name,
            name_en=row.name_en,
            acronym=row.acronym,
            kind=row.kind,
            size=row.size,
            province=provinces[row.province],
        )
        for row in rows
    )


def staff_of(
    rng: random.Random,
    organisations: Sequence[Organisation],
    count: int,
    *,
    at_least: int = 1,
    also: Sequence[Organisation] = (),
) -> list[Organisation]:
    """Each member's organisation: every one has staff on the roster, large ones more.

    `also` lists organisations that need one more person each than `at_least`.
    """
    chosen = [org for org in organisations for _ in range(at_least)] + list(also)
    weights = [SIZE_WEIGHTS[org.size] for org in organisations]
    chosen += rng.choices(organisations, weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def joined_at(rng: random.Random) -> datetime:
    span = (LAST_JOINED - FIRST_JOINED).total_seconds()
    return FIRST_JOINED + timedelta(seconds=rng.uniform(0, span))


def email_for(person: Person, organisation: Organisation, rng: random.Random) -> str:
    """A work address at the organisation, or for some a personal one."""
    local = f"{person.given_latin}.{person.family_latin}".lower()
    if rng.random() < 0.75:
        return f"{local}@{organisation.acronym.lower()}.example.org"
    return f"{person.given_latin.lower()}{rng.randrange(10, 99)}@mail.example.org"


def seed_lao(rng: random.Random) -> Network:
    network = create_network(
        slug=LAO_SLUG,
        name="ພັນທະມິດອົງການຈັດຕັ້ງທາງສັງຄົມເພື່ອໂພຊະນາການ ສປປ ລາວ",
        name_en="SUN Civil Society Alliance Lao PDR",
        country="LA",
        language="lo",
        time_zone="Asia/Vientiane",
        email="hangouts@sun-csa-lao.example.org",
    )
    organisations = create_organisations(network, parse_organisations(LAO_ORGANISATIONS, "LA"))
    shared_office = next(o for o in organisations if o.acronym == LAO_SHARED_PHONE_ORGANISATION)
    # The shared phone needs two people at the same small organisation.
    employers = staff_of(rng, organisations, LAO_MEMBERS, also=[shared_office])
    people = lao_people(rng, LAO_MEMBERS)
    phones = mobile_numbers(rng, LAO_MEMBERS, "LA")
    sharing = [i for i, org in enumerate(employers) if org == shared_office][:2]
    phones[sharing[1]] = phones[sharing[0]]
    # The two on the office phone have no email either: the WhatsApp-only case at its plainest.
    others = [i for i in range(LAO_MEMBERS) if i not in sharing]
    without_email = set(sharing) | set(rng.sample(others, LAO_WITHOUT_EMAIL - len(sharing)))
    # A few people with an email address have given no phone number.
    without_phone = set(rng.sample([i for i in others if i not in without_email], 4))
    international = [i for i, org in enumerate(employers) if org.kind in ("ingo", "un")]
    in_english = set(rng.sample(international, min(4, len(international))))
    levels = list(StaffLevel.objects.filter(network=network).order_by("position"))
    all_provinces = list(Province.objects.filter(country="LA"))
    members = []
    for i, (person, organisation) in enumerate(zip(people, employers, strict=True)):
        # Mostly where the organisation is; some work from a field office elsewhere.
        province = organisation.province
        if rng.random() < 0.1:
            province = rng.choice(all_provinces)
        members.append(
            Member(
                network=network,
                name=person.name,
                name_latin=person.name_latin,
                organisation=organisation,
                province=province,
                staff_level=rng.choices(levels, weights=STAFF_LEVEL_WEIGHTS)[0],
                gender=person.gender,
                phone="" if i in without_phone else phones[i],
                email="" if i in without_email else email_for(person, organisation, rng),
                language="en" if i in in_english else "lo",
                consent_to_contact=rng.random() > 0.05,
                created_at=joined_at(rng),
            )
        )
    Member.objects.bulk_create(members)
    return network


def seed_cambodia(rng: random.Random) -> Network:
    network = create_network(
        slug=CAMBODIA_SLUG,
        name="SUN CSA Cambodia",
        name_en="SUN CSA Cambodia",
        country="KH",
        language="km",
        time_zone="Asia/Phnom_Penh",
        email="hangouts@sun-csa-cambodia.example.org",
    )
    organisations = create_organisations(network, parse_organisations(CAMBODIA_ORGANISATIONS, "KH"))
    employers = staff_of(rng, organisations, CAMBODIA_MEMBERS, at_least=2)
    people = cambodian_people(rng, CAMBODIA_MEMBERS)
    phones = mobile_numbers(rng, CAMBODIA_MEMBERS, "KH")
    levels = list(StaffLevel.objects.filter(network=network).order_by("position"))
    Member.objects.bulk_create(
        Member(
            network=network,
            name=person.name,
            name_latin=person.name_latin,
            organisation=organisation,
            province=organisation.province,
            staff_level=rng.choices(levels, weights=STAFF_LEVEL_WEIGHTS)[0],
            gender=person.gender,
            phone=phone,
            email="" if i % 6 == 5 else email_for(person, organisation, rng),
            language="en",  # no Khmer pages yet
            consent_to_contact=True,
            created_at=joined_at(rng),
        )
        for i, (person, organisation, phone) in enumerate(
            zip(people, employers, phones, strict=True)
        )
    )
    return network


def demo_user(email: str, name: str, language: str, *, superuser: bool = False) -> User:
    """The demo account, made once; an existing account keeps its password."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    if superuser:
        return User.objects.create_superuser(email, DEMO_PASSWORD, name=name, language=language)
    return User.objects.create_user(email, DEMO_PASSWORD, name=name, language=language)


def reset_demo() -> None:
    """Remove both demo networks, their rosters and the demo accounts.

    Members first: their organisation, staff level and province are PROTECTed foreign keys.
    """
    networks = Network.objects.filter(slug__in=DEMO_SLUGS)
    members = Member.objects.filter(network__in=networks)
    # Members' own login accounts (made on first sign-in) go with them.
    member_users = list(members.exclude(user=None).values_list("user_id", flat=True))
    reset_awards(networks)  # awards and nominations PROTECT their member
    reset_programme(networks)  # presenters and attendance PROTECT their member
    members.delete()
    Organisation.objects.filter(network__in=networks).delete()
    networks.delete()
    User.objects.filter(pk__in=member_users, memberships=None).delete()
    User.objects.filter(email__in=DEMO_USER_EMAILS).delete()


def demo_counts() -> dict[str, int]:
    """What the demo networks hold now."""
    networks = Network.objects.filter(slug__in=DEMO_SLUGS)
    members = Member.objects.filter(network__in=networks)
    return {
        "networks": networks.count(),
        "organisations": Organisation.objects.filter(network__in=networks).count(),
        "members": members.count(),
        "members_without_email": members.filter(email="").count(),
        "organisers": User.objects.filter(organised_networks__in=networks).distinct().count(),
    }


@transaction.atomic
def seed_demo(*, reset: bool = False) -> dict[str, int]:
    """Create the demo data; returns its counts, or {} when the demo was already there.

    Side effects: two networks with provinces, staff levels, organisations and members; the
    organiser accounts and a superuser, all with the demo password; the programme, awards and
    the Zoom reports of the latest hangouts, imported with their uncertain people left for the
    review (participation/demo.py); slides, recordings and notes on the latest held hangouts
    (library/demo.py). With `reset`, the demo networks and accounts are deleted
    first.
    """
    if reset:
        reset_demo()
    if Network.objects.filter(slug__in=DEMO_SLUGS).exists():
        return {}
    rng = random.Random(SEED)
    lao = seed_lao(rng)
    cambodia = seed_cambodia(rng)
    choosers: dict[int, User] = {}
    for network, organisers in ((lao, LAO_ORGANISERS), (cambodia, CAMBODIA_ORGANISERS)):
        users = [demo_user(*organiser) for organiser in organisers]
        network.organisers.add(*users)
        choosers[network.pk] = users[0]
    demo_user(ADMIN_EMAIL, "Demo admin", "en", superuser=True)
    programme = seed_demo_programme([lao, cambodia], rng)
    awards = seed_demo_awards([lao, cambodia], choosers)
    imports = seed_demo_imports(lao, rng, by=choosers[lao.pk], guests=GUESTS)
    library = seed_demo_library(lao, by=choosers[lao.pk])
    # The imports replaced those hangouts' attendance, leaving out the people to review.
    programme["attendances"] += imports.pop("attendances")
    return {**demo_counts(), **programme, **awards, **imports, **library}
