"""Demo programme: three years of held hangouts, a live topic board and the next hangout.

Called by `hangouts.network.demo.seed_demo` inside its transaction, with its random generator,
after the rosters exist. Everything is written with one bulk insert per table.

Dates: the history is laid out before a fixed reference date (REFERENCE), not the clock, so that
every run agrees. The next hangout is different: pages call a hangout "upcoming" against the real
clock, so it falls on the first last-Friday-at-14:00 after both the reference date and the moment
of seeding (always in the future when the demo is seeded). The board's votes and the RSVPs are
dated just before that moment, to the day, so two runs on the same day agree.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from hangouts.network.models import Member, Network
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.models import (
    DEFAULT_AGENDA,
    Hangout,
    HangoutChange,
    PresentationOffer,
    Presenter,
    Series,
    Theme,
    Topic,
    Vote,
)

REFERENCE = datetime(2026, 11, 1, tzinfo=UTC)  # the history's "today"
HANGOUT_MINUTES = 60
CAPACITY = 100
# Topics proposed on the board before 2025 were collected in the WhatsApp group, without votes.
VOTES_SINCE = date(2025, 1, 1)

# key, Lao name, English name. The key only ties the tables below together.
LAO_THEMES = (
    ("nutrition", "ໂພຊະນາການ", "Nutrition"),
    ("health", "ສຸຂະພາບ", "Health"),
    ("advocacy", "ການສົ່ງເສີມນະໂຍບາຍ", "Advocacy"),
    ("gender", "ບົດບາດຍິງຊາຍ", "Gender"),
    ("orgdev", "ການພັດທະນາອົງການ", "Organisational development"),
    ("communication", "ການສື່ສານ", "Communication"),
    ("agriculture", "ກະສິກຳ", "Agriculture"),
    ("wash", "ນ້ຳສະອາດ ແລະ ອະນາໄມ", "Water, sanitation and hygiene"),
    ("climate", "ການປ່ຽນແປງດິນຟ້າອາກາດ", "Climate change"),
    ("digital", "ເຄື່ອງມືດິຈິຕອນ", "Digital tools"),
)
# Our pages have no Khmer: the Cambodian network gets a few themes in English, nothing more.
CAMBODIA_THEMES = ("Nutrition", "Health", "Advocacy", "Agriculture", "WASH")

# How many came, by how broad the topic is: broad ones draw many, niche ones few.
ATTENDANCE = {"B": (32, 45), "M": (22, 34), "N": (15, 24)}

# month, breadth (see ATTENDANCE), themes, presenting organisations | English title; then, indented,
# the working title and the public title. Early presenters come from large organisations in the
# capital; the network then made room for small and provincial ones, as the seed brief asked.
HELD = """
2023-06 B health,wash CHDA | COVID-19 prevention in communities
    ການປ້ອງກັນພະຍາດໂຄວິດ-19 ໃນຊຸມຊົນ
    ບົດຮຽນຈາກໂຄວິດ-19: ປ້ອງກັນພະຍາດໃນບ້ານ ແລະ ຊຸມຊົນ
2023-07 B nutrition,health GCNP,CNPA | Nutrition in the first 1,000 days
    ໂພຊະນາການ 1,000 ວັນທຳອິດ
    1,000 ວັນທຳອິດຂອງຊີວິດ: ແມ່ ແລະ ເດັກກິນຫຍັງດີ?
2023-08 M advocacy CNPA | Advocacy with local authorities
    ການເຮັດວຽກຮ່ວມກັບອຳນາດການປົກຄອງທ້ອງຖິ່ນ
    ເຮັດແນວໃດໃຫ້ເມືອງ ແລະ ບ້ານ ຮັບຟັງສຽງຂອງພວກເຮົາ?
2023-09 M orgdev MFA | Writing a good project proposal
    ການຂຽນບົດສະເໜີໂຄງການ
    ຂຽນບົດສະເໜີໂຄງການໃຫ້ໄດ້ທຶນ: ເຄັດລັບຈາກຜູ້ທີ່ເຄີຍໄດ້ຮັບ
2023-10 M communication,digital YDC | Using WhatsApp for community outreach
    ການນຳໃຊ້ WhatsApp ເພື່ອເຂົ້າຫາຊຸມຊົນ
    WhatsApp ສຳລັບວຽກຊຸມຊົນ: ກຸ່ມ, ຂໍ້ຄວາມສຽງ ແລະ ຮູບພາບ
2023-11 M agriculture,nutrition HGA,FMC | School gardens
    ສວນຄົວໂຮງຮຽນ
    ສວນຄົວໂຮງຮຽນ: ຈາກແປງຜັກສູ່ຖາດອາຫານ
2024-01 B nutrition,health FMC | Breastfeeding support
    ການສະໜັບສະໜູນການລ້ຽງລູກດ້ວຍນົມແມ່
    ລ້ຽງລູກດ້ວຍນົມແມ່: ຊ່ວຍແມ່ໃໝ່ແນວໃດໃນຊຸມຊົນ
2024-02 M wash,health WEI | Clean water in rural areas
    ນ້ຳສະອາດໃນເຂດຊົນນະບົດ
    ນ້ຳສະອາດທຸກຄົວເຮືອນ: ວິທີງ່າຍໆທີ່ໄດ້ຜົນ
2024-03 M gender,nutrition AWE,GCNP | Gender in nutrition programmes
    ບົດບາດຍິງຊາຍໃນໂຄງການໂພຊະນາການ
    ຜູ້ຊາຍກໍ່ລ້ຽງລູກໄດ້: ບົດບາດຍິງຊາຍໃນໂພຊະນາການ
2024-04 N orgdev IFNR | Monitoring and evaluation basics
    ພື້ນຖານການຕິດຕາມ ແລະ ປະເມີນຜົນ
    ຕິດຕາມ ແລະ ປະເມີນຜົນແບບງ່າຍໆ ສຳລັບອົງການນ້ອຍ
2024-05 N communication,digital SVN | Social media for CSOs
    ສື່ສັງຄົມອອນລາຍສຳລັບອົງການຈັດຕັ້ງທາງສັງຄົມ
    Facebook ແລະ TikTok ສຳລັບອົງການຂອງພວກເຮົາ
2024-06 N orgdev MFA,LPCDA | Financial management for small organisations
    ການຄຸ້ມຄອງການເງິນສຳລັບອົງການນ້ອຍ
    ການເງິນອົງການນ້ອຍ: ບັນຊີ, ໃບບິນ ແລະ ການລາຍງານ
2024-07 M agriculture,climate SAA,UNFSP | Climate-smart agriculture
    ກະສິກຳທີ່ປັບຕົວເຂົ້າກັບດິນຟ້າອາກາດ
    ປູກຝັງແນວໃດ ເມື່ອຝົນບໍ່ຕົກຕາມລະດູ
2024-08 B nutrition,health SFMA,NSF | Safe food in markets
    ອາຫານປອດໄພໃນຕະຫຼາດ
    ຊື້ອາຫານປອດໄພຢູ່ຕະຫຼາດ: ແມ່ຄ້າ ແລະ ຜູ້ຊື້ຮ່ວມມືກັນ
2024-10 B nutrition,health SNPA,CHDA | Undernutrition in children under five
    ການຂາດສານອາຫານໃນເດັກອາຍຸຕ່ຳກວ່າ 5 ປີ
    ເດັກເຕ້ຍ ແລະ ຈ່ອຍ: ກວດ, ຮູ້ ແລະ ຊ່ວຍແຕ່ເນີ່ນໆ
2024-11 M advocacy,nutrition UNNCO,XCNU | Using data for advocacy
    ການນຳໃຊ້ຂໍ້ມູນເພື່ອສົ່ງເສີມນະໂຍບາຍ
    ຕົວເລກທີ່ເວົ້າໄດ້: ໃຊ້ຂໍ້ມູນໃນການສົ່ງເສີມນະໂຍບາຍ
2025-01 M wash,health RWSA,PCWA | Handwashing and hygiene in schools
    ການລ້າງມືດ້ວຍສະບູ ແລະ ອະນາໄມໃນໂຮງຮຽນ
    ລ້າງມືໃຫ້ເປັນນິໄສ: ວຽກອະນາໄມໃນໂຮງຮຽນ
2025-02 N gender,orgdev SFC | Safeguarding (PSEA) in small organisations
    ການປ້ອງກັນການຂູດຮີດ ແລະ ການລ່ວງລະເມີດທາງເພດ (PSEA)
    PSEA ໃນອົງການນ້ອຍ: ເລີ່ມຕົ້ນຈາກໃສ?
2025-03 M nutrition,agriculture BFFA,HGA | Wild vegetables and local foods
    ອາຫານພື້ນເມືອງ ແລະ ຜັກປ່າ
    ຜັກປ່າ ແລະ ອາຫານພື້ນເມືອງ: ຄຸນຄ່າທີ່ເຮົາລືມ
2025-05 N digital,orgdev SCFCR | Collecting data with KoboToolbox
    ການນຳໃຊ້ KoboToolbox ເກັບກຳຂໍ້ມູນ
    ເກັບຂໍ້ມູນດ້ວຍໂທລະສັບ: KoboToolbox ເທື່ອທຳອິດ
2025-06 B nutrition,health LNEHA,FMC | Nutrition in pregnancy
    ໂພຊະນາການສຳລັບແມ່ຍິງຖືພາ
    ແມ່ຖືພາກິນດີ ລູກແຂງແຮງ: ຄວາມເຊື່ອ ແລະ ຄວາມຈິງ
2025-07 M climate,wash XYVA,MCF | Preparing for floods
    ການກະກຽມຮັບມືໄພພິບັດ ແລະ ນ້ຳຖ້ວມ
    ກຽມພ້ອມກ່ອນນ້ຳຖ້ວມ: ບົດຮຽນຈາກແຂວງພາກເໜືອ
2025-08 M advocacy,orgdev OCDA,ONPC | Working as a network
    ການເຮັດວຽກເປັນເຄືອຂ່າຍ
    ເຄືອຂ່າຍເຂັ້ມແຂງ: ແບ່ງປັນວຽກ ແລະ ສຽງຮ່ວມກັນ
2025-09 N communication HWDG | Writing success stories
    ການຂຽນເລື່ອງລາວຄວາມສຳເລັດ
    ຂຽນເລື່ອງເລົ່າຈາກພາກສະໜາມໃຫ້ຄົນຢາກອ່ານ
2025-10 M nutrition,agriculture XLA,HFA | Poultry and eggs for child nutrition
    ການລ້ຽງສັດປີກເພື່ອໂພຊະນາການເດັກ
    ໄຂ່ມື້ລະໜ່ວຍ: ລ້ຽງໄກ່ເພື່ອໂພຊະນາການເດັກ
2025-11 M health,gender DFA,CHDA | Mental health of field staff
    ສຸຂະພາບຈິດຂອງພະນັກງານພາກສະໜາມ
    ດູແລໃຈຕົນເອງ: ສຸຂະພາບຈິດຂອງພະນັກງານພາກສະໜາມ
2025-12 N orgdev,communication SRDA | Reporting to donors
    ການລາຍງານຕໍ່ຜູ້ໃຫ້ທຶນ
    ລາຍງານໃຫ້ຜູ້ໃຫ້ທຶນ: ສັ້ນ, ຊັດເຈນ, ມີຫຼັກຖານ
2026-01 N digital,communication YDC,SVN | Using AI tools at work
    ການໃຊ້ AI ໃນວຽກຂອງອົງການ
    AI ຊ່ວຍວຽກເຮົາໄດ້ບໍ? ລອງໃຊ້ຢ່າງປອດໄພ
2026-02 M advocacy,nutrition SCDA,CNPA | District budgets for nutrition
    ງົບປະມານສຳລັບໂພຊະນາການຂັ້ນເມືອງ
    ຕິດຕາມງົບປະມານໂພຊະນາການຢູ່ເມືອງຂອງທ່ານ
2026-03 B nutrition,health CFFA,VHI | Complementary feeding, 6–23 months
    ການໃຫ້ອາຫານເສີມແກ່ເດັກອາຍຸ 6–23 ເດືອນ
    ອາຫານເສີມສຳລັບເດັກ 6–23 ເດືອນ: ເຮັດເອງໄດ້ຢູ່ບ້ານ
2026-04 M wash,climate KSFA | Managing waste in communities
    ການຄຸ້ມຄອງຂີ້ເຫຍື້ອໃນຊຸມຊົນ
    ຂີ້ເຫຍື້ອພລາສຕິກໃນບ້ານ: ຈັດການແນວໃດ?
2026-05 M gender,advocacy HWDG,AWE | Women in village decision-making
    ການມີສ່ວນຮ່ວມຂອງແມ່ຍິງໃນການຕັດສິນໃຈຂັ້ນບ້ານ
    ສຽງຂອງແມ່ຍິງໃນກອງປະຊຸມບ້ານ
2026-06 B health,wash LPCDA,CHDA | Preventing dengue in the rainy season
    ການປ້ອງກັນພະຍາດໄຂ້ຍຸງລາຍ
    ໄຂ້ຍຸງລາຍມາກັບລະດູຝົນ: ປ້ອງກັນແນວໃດ?
2026-07 N agriculture,climate ACDA | Making compost
    ການເຮັດຝຸ່ນບົ່ມ
    ຝຸ່ນບົ່ມເຮັດເອງ: ດິນດີ ຜັກງາມ
2026-08 M digital,orgdev REF,YDC | Online safety and scams
    ຄວາມປອດໄພທາງອອນລາຍ
    ລະວັງການຫຼອກລວງທາງອອນລາຍ: ປົກປ້ອງບັນຊີຂອງອົງການ
2026-09 M nutrition,advocacy ONPC,UNNCO | Iodised salt and food fortification
    ເກືອໄອໂອດີນ ແລະ ການເສີມທາດອາຫານ
    ເກືອໄອໂອດີນ ແລະ ອາຫານເສີມທາດ: ຮູ້ແລ້ວບອກຕໍ່
2026-10 B nutrition,gender,health SNPA,AWE | Nutrition of adolescent girls
    ໂພຊະນາການຂອງໄວໜຸ່ມຍິງ
    ໄວໜຸ່ມຍິງກິນດີ: ລົງທຶນເພື່ອອະນາຄົດ
"""
# The month whose hangout was cancelled (floods in the north); its topic was held a month later.
CANCELLED_MONTH = (2024, 9, "2024-10")
CANCELLED_NOTE = "ເລື່ອນໄປເດືອນໜ້າ ຍ້ອນນ້ຳຖ້ວມຢູ່ແຂວງພາກເໜືອ"

# status (P proposed, S shortlisted), votes, themes, voters' organisations ("-": anyone); then,
# indented, the working title, the public title ("-": none yet) and the description.
BOARD = """
S 34 nutrition,health -
    ນ້ຳຫວານ ແລະ ອາຫານຂະໜົມກັບເດັກ
    ນ້ຳຫວານ ແລະ ຂະໜົມຖົງ: ໄພງຽບຂອງເດັກນ້ອຍ
    ເດັກນ້ອຍກິນເຂົ້າໜົມ ແລະ ດື່ມນ້ຳຫວານຫຼາຍຂຶ້ນ. ພໍ່ແມ່ ແລະ ໂຮງຮຽນຊ່ວຍໄດ້ແນວໃດ?
P 24 advocacy,nutrition -
    ແຜນຍຸດທະສາດໂພຊະນາການແຫ່ງຊາດສະບັບໃໝ່
    -
    ອົງການຈັດຕັ້ງທາງສັງຄົມປະກອບສ່ວນໃນການກະກຽມແຜນສະບັບໃໝ່ໄດ້ແນວໃດ?
S 13 wash,climate -
    ນ້ຳດື່ມໃນລະດູແລ້ງ
    ບໍ່ມີນ້ຳໃນລະດູແລ້ງ: ຊຸມຊົນກຽມຕົວແນວໃດ?
    ປະສົບການເກັບນ້ຳຝົນ ແລະ ຮັກສາແຫຼ່ງນ້ຳ.
P 11 orgdev -
    ການຫາທຶນຈາກແຫຼ່ງທຶນພາຍໃນປະເທດ
    -
    ທຶນຈາກທຸລະກິດ ແລະ ຊຸມຊົນພາຍໃນ ແທນທຶນຈາກຕ່າງປະເທດ.
P 15 gender,health -
    ການປ້ອງກັນຄວາມຮຸນແຮງໃນຄອບຄົວ
    -
    ພະນັກງານພາກສະໜາມຄວນເຮັດແນວໃດ ເມື່ອພົບເຫັນຄວາມຮຸນແຮງ?
S 12 communication,digital -
    ການເຮັດວິດີໂອສັ້ນດ້ວຍໂທລະສັບ
    ວິດີໂອສັ້ນດ້ວຍໂທລະສັບ: ເລົ່າວຽກຂອງເຮົາໃຫ້ຄົນເບິ່ງ
    ຖ່າຍ, ຕັດຕໍ່ ແລະ ແບ່ງປັນ ດ້ວຍໂທລະສັບເຄື່ອງດຽວ.
P 9 health,nutrition -
    ສຸຂະພາບແມ່ ແລະ ເດັກໃນຊຸມຊົນຊົນເຜົ່າ
    -
    ສື່ສານເປັນພາສາທ້ອງຖິ່ນ ແລະ ເຄົາລົບຮີດຄອງປະເພນີ.
P 6 orgdev -
    ນະໂຍບາຍບຸກຄະລາກອນຂອງອົງການນ້ອຍ
    -
    ສັນຍາຈ້າງ, ວັນພັກ ແລະ ປະກັນສັງຄົມ ສຳລັບອົງການທີ່ມີພະນັກງານໜ້ອຍ.
P 4 digital YDC,SVN
    ການໃຊ້ Canva ອອກແບບໂປສເຕີ
    -
    ອອກແບບໂປສເຕີ ແລະ ຮູບສຳລັບ Facebook ແບບບໍ່ເສຍເງິນ.
P 3 agriculture CFFA
    ການລ້ຽງປາໃນນາເຂົ້າ
    -
    ປະສົບການຂອງກຸ່ມກະສິກອນ ແຂວງຈຳປາສັກ.
"""
# A duplicate of the first board topic, merged into it (its votes were carried over).
DUPLICATE = ("ເຄື່ອງດື່ມມີນ້ຳຕານ ແລະ ສຸຂະພາບເດັກ", "ຄວນມີກົດລະບຽບກ່ຽວກັບນ້ຳຫວານໃນໂຮງຮຽນບໍ?")
# The next hangout's topic: themes, votes, presenters' organisations (the first provincial).
NEXT = (
    ("nutrition", "agriculture"),
    26,
    ("XLA", "OCDA", "HWDG", "LNEHA"),
    ("REF",),
    "ອາຫານທ່ຽງໃນໂຮງຮຽນ",
    "ອາຫານທ່ຽງໂຮງຮຽນ: ຊຸມຊົນຊ່ວຍກັນແນວໃດ?",
    "ບ້ານ, ພໍ່ແມ່ ແລະ ຄູ ຮ່ວມກັນແນວໃດ ເພື່ອໃຫ້ເດັກນັກຮຽນໄດ້ກິນອາຫານທ່ຽງທີ່ມີຄຸນຄ່າ.",
)
# member's organisation, topic (index on the board, None: none) | "I can present on…"
OFFERS = """
HGA 0 | ປະສົບການສອນພໍ່ແມ່ເຮັດອາຫານຫວ່າງທີ່ມີປະໂຫຍດ
CFFA 9 | ການລ້ຽງປາໃນນາເຂົ້າ ແລະ ລາຍຮັບຂອງກຸ່ມກະສິກອນ
SVN 8 | ອອກແບບໂປສເຕີດ້ວຍ Canva ພາຍໃນ 15 ນາທີ
LNEHA 6 | ການສື່ສານກັບແມ່ຊົນເຜົ່າດ້ວຍພາສາທ້ອງຖິ່ນ
PCWA - | ການຮັກສາລະບົບນ້ຳລິນໃນບ້ານຫ່າງໄກ
"""
# Zoom display names that the organisers could not match to anyone on the roster.
GUESTS = (
    "Samsung Galaxy A12",
    "iPhone",
    "ນ້ອຍ",
    "Dr. Keo – Provincial Health Office",
    "ແຂກ ບ້ານໂພນສະຫວາດ",
    "Intern UNFSP",
    "OPPO A57",
    "ທ່ານ ບຸນມາ",
)


@dataclass
class Plan:
    """The unsaved rows, saved table by table once everything is drawn."""

    topics: list[Topic] = field(default_factory=list)
    topic_themes: list[tuple[Topic, Theme]] = field(default_factory=list)
    hangouts: list[Hangout] = field(default_factory=list)
    presenters: list[Presenter] = field(default_factory=list)
    attendances: list[Attendance] = field(default_factory=list)
    changes: list[HangoutChange] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    rsvps: list[RSVP] = field(default_factory=list)
    offers: list[PresentationOffer] = field(default_factory=list)
    presented: set[int] = field(default_factory=set)  # members who presented already


@dataclass(frozen=True)
class Roster:
    members: list[Member]
    propensity: dict[int, float]  # how often each member comes: a few regulars, many occasional

    def joined_by(self, moment: datetime) -> list[Member]:
        return [m for m in self.members if m.created_at <= moment]

    def of(self, acronyms: Iterable[str]) -> list[Member]:
        wanted = set(acronyms)
        return [m for m in self.members if _acronym(m) in wanted]


def records(table: str) -> list[list[str]]:
    """Read a table whose records start at the margin and go on in indented lines."""
    rows: list[list[str]] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            rows[-1].append(line.strip())
        else:
            rows.append([line])
    return rows


def _acronym(member: Member) -> str:
    return member.organisation.acronym if member.organisation else ""


def _profile(member: Member) -> tuple[str, bool]:
    size = member.organisation.size if member.organisation else ""
    province = member.organisation.province if member.organisation else None
    return size, province is not None and province.is_capital


def _is_capital(member: Member) -> bool:
    return member.province is not None and member.province.is_capital


def last_friday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - calendar.FRIDAY) % 7)


def starts_at(day: date, zone: ZoneInfo) -> datetime:
    """14:00 in the network's time zone, stored in UTC (07:00Z in Vientiane)."""
    return datetime.combine(day, time(14, 0), tzinfo=zone).astimezone(UTC)


def next_hangout_start(now: datetime, zone: ZoneInfo) -> datetime:
    """The first last-Friday 14:00 after both the reference date and now."""
    after = max(now, REFERENCE)
    year, month = after.astimezone(zone).year, after.astimezone(zone).month
    while (start := starts_at(last_friday(year, month), zone)) <= after:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start


def weighted_sample[T](
    rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int
) -> list[T]:
    """k distinct items, likelier the heavier (Efraimidis–Spirakis keys)."""
    keys = sorted(((rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keys[:k]]


def meeting_link(rng: random.Random) -> tuple[str, str, str]:
    """A Zoom-like link with fake digits: (url, meeting id, passcode)."""
    meeting_id = "8" + "".join(rng.choice("0123456789") for _ in range(10))
    return f"https://zoom.us/j/{meeting_id}", meeting_id, f"{rng.randrange(10**6):06d}"


def create_themes(network: Network) -> dict[str, Theme]:
    if network.country == "LA":
        rows = [(key, lo, en) for key, lo, en in LAO_THEMES]
    else:
        rows = [(en.lower(), en, en) for en in CAMBODIA_THEMES]
    themes = Theme.objects.bulk_create(
        Theme(network=network, name=name, name_en=en, position=i)
        for i, (_, name, en) in enumerate(rows)
    )
    return {key: theme for (key, _, _), theme in zip(rows, themes, strict=True)}


def add_topic(plan: Plan, topic: Topic, themes: Iterable[Theme]) -> Topic:
    plan.topics.append(topic)
    plan.topic_themes.extend((topic, theme) for theme in themes)
    return topic


def pick_presenter(
    rng: random.Random, roster: Roster, acronym: str, when: datetime, plan: Plan
) -> Member:
    """A member of the organisation on the roster by then, favouring those who never presented.

    When none of its staff had joined yet, someone from a like organisation (same size, same
    side of the capital/provinces line) stands in.
    """
    staff = [m for m in roster.of([acronym]) if m.created_at <= when]
    if not staff:
        like = {_profile(m) for m in roster.of([acronym])}
        staff = [m for m in roster.joined_by(when) if _profile(m) in like]
    fresh = [m for m in staff if m.pk not in plan.presented] or staff
    member = rng.choice(fresh)
    plan.presented.add(member.pk)
    return member


def add_team(
    rng: random.Random, plan: Plan, roster: Roster, hangout: Hangout, acronyms: Sequence[str]
) -> list[Member]:
    """Presenters from the given organisations; sometimes a facilitator and a note-taker."""
    when = hangout.starts_at - timedelta(days=14)
    team = [
        (pick_presenter(rng, roster, a, when, plan), Presenter.Role.PRESENTER) for a in acronyms
    ]
    others = [m for m in roster.joined_by(when) if m not in {p for p, _ in team}]
    if rng.random() < 0.4:
        team.append((rng.choice(others), Presenter.Role.FACILITATOR))
    if rng.random() < 0.3:
        juniors = [m for m in others if m.staff_level and m.staff_level.seniority == "junior"]
        team.append((rng.choice(juniors or others), Presenter.Role.NOTE_TAKER))
    plan.presenters.extend(Presenter(hangout=hangout, member=m, role=role) for m, role in team)
    return list(dict.fromkeys(m for m, _ in team))


def add_attendance(
    rng: random.Random,
    plan: Plan,
    roster: Roster,
    hangout: Hangout,
    team: list[Member],
    *,
    size: str,
    progress: float,
) -> list[Member]:
    """Who came: the team and a weighted draw of the roster; provincial members more over time."""
    low, high = ATTENDANCE[size]
    candidates = [m for m in roster.joined_by(hangout.starts_at) if m not in team]
    weights = [
        roster.propensity[m.pk] * (1 if _is_capital(m) else 0.5 + 0.5 * progress)
        for m in candidates
    ]
    came = team + weighted_sample(rng, candidates, weights, rng.randint(low, high) - len(team))
    source = (
        Attendance.Source.IMPORT
        if hangout.starts_at.date() >= VOTES_SINCE
        else Attendance.Source.MANUAL
    )
    guests = rng.sample(GUESTS, rng.randint(0, 3))
    for member, guest in [(m, "") for m in came] + [(None, g) for g in guests]:
        minutes = HANGOUT_MINUTES if member in team else rng.randint(20, HANGOUT_MINUTES)
        plan.attendances.append(
            Attendance(
                hangout=hangout,
                member=member,
                guest_name=guest,
                minutes=minutes,
                first_join=hangout.starts_at + timedelta(minutes=rng.randint(0, 60 - minutes)),
                source=source,
                recorded_at=hangout.ends_at + timedelta(days=1),
            )
        )
    return came


def add_votes(
    rng: random.Random, plan: Plan, topic: Topic, voters: Sequence[Member], until: datetime
) -> None:
    for member in voters:
        seconds = (until - topic.created_at).total_seconds()
        # Nobody votes before joining the roster.
        at = max(topic.created_at + timedelta(seconds=rng.uniform(0, seconds)), member.created_at)
        plan.votes.append(Vote(topic=topic, member=member, created_at=at))


def new_hangout(
    rng: random.Random, network: Network, series: Series, topic: Topic, start: datetime, status: str
) -> Hangout:
    url, meeting_id, passcode = meeting_link(rng)
    return Hangout(
        network=network,
        series=series,
        topic=topic,
        title=topic.display_title,
        starts_at=start,
        ends_at=start + timedelta(minutes=HANGOUT_MINUTES),
        language=network.language,
        capacity=CAPACITY,
        status=status,
        agenda=[list(part) for part in DEFAULT_AGENDA],
        meeting_url=url,
        meeting_id=meeting_id,
        meeting_passcode=passcode,
        created_at=start - timedelta(days=rng.randint(18, 30)),
    )


def plan_history(
    rng: random.Random,
    plan: Plan,
    network: Network,
    series: Series,
    roster: Roster,
    themes: dict[str, Theme],
) -> None:
    """About 37 held hangouts, one a month with a few gaps, and one cancelled for floods."""
    zone = ZoneInfo(network.time_zone)
    rows = records(HELD)
    for i, (head, title, public_title) in enumerate(rows):
        head, english = head.split(" | ")
        month, size, theme_keys, acronyms = head.split()
        start = starts_at(last_friday(int(month[:4]), int(month[5:])), zone)
        proposed = start - timedelta(days=rng.randint(60, 120))
        topic = Topic(
            network=network,
            title=title,
            public_title=public_title,
            description=english,
            status=Topic.Status.HELD,
            proposed_by=rng.choice(roster.joined_by(proposed)),
            created_at=proposed,
        )
        add_topic(plan, topic, [themes[k] for k in theme_keys.split(",")])
        hangout = new_hangout(rng, network, series, topic, start, Hangout.Status.HELD)
        plan.hangouts.append(hangout)
        team = add_team(rng, plan, roster, hangout, acronyms.split(","))
        came = add_attendance(
            rng, plan, roster, hangout, team, size=size, progress=i / (len(rows) - 1)
        )
        if start.date() >= VOTES_SINCE:  # most who voted came; a few who voted did not
            absent = [m for m in roster.joined_by(hangout.created_at) if m not in came]
            voters = rng.sample(came, len(came) * 2 // 3) + rng.sample(absent, len(came) // 6)
            add_votes(rng, plan, topic, voters, hangout.created_at)
        plan.changes += [
            HangoutChange(
                hangout=hangout,
                kind=HangoutChange.Kind.SCHEDULED,
                new_starts_at=start,
                at=hangout.created_at,
            ),
            HangoutChange(
                hangout=hangout,
                kind=HangoutChange.Kind.HELD,
                new_starts_at=start,
                at=hangout.ends_at,
            ),
        ]
        if month == CANCELLED_MONTH[2]:
            plan_cancelled(rng, plan, network, series, topic, zone)


def plan_cancelled(
    rng: random.Random, plan: Plan, network: Network, series: Series, topic: Topic, zone: ZoneInfo
) -> None:
    year, month, _ = CANCELLED_MONTH
    start = starts_at(last_friday(year, month), zone)
    hangout = new_hangout(rng, network, series, topic, start, Hangout.Status.CANCELLED)
    plan.hangouts.append(hangout)
    plan.changes += [
        HangoutChange(
            hangout=hangout,
            kind=HangoutChange.Kind.SCHEDULED,
            new_starts_at=start,
            at=hangout.created_at,
        ),
        HangoutChange(
            hangout=hangout,
            kind=HangoutChange.Kind.CANCELLED,
            old_starts_at=start,
            note=CANCELLED_NOTE,
            at=start - timedelta(days=3),
        ),
    ]


def plan_board(
    rng: random.Random,
    plan: Plan,
    network: Network,
    roster: Roster,
    themes: dict[str, Theme],
    today: datetime,
) -> list[Topic]:
    """The live board: broad topics with many votes, niche ones from one or two organisations."""
    board = []
    for head, title, public_title, description in records(BOARD):
        status, votes, theme_keys, voter_orgs = head.split()
        pool = roster.members if voter_orgs == "-" else roster.of(voter_orgs.split(","))
        created = today - timedelta(days=rng.randint(20, 110))
        topic = Topic(
            network=network,
            title=title,
            public_title="" if public_title == "-" else public_title,
            description=description,
            status=Topic.Status.SHORTLISTED if status == "S" else Topic.Status.PROPOSED,
            proposed_by=rng.choice(pool),
            created_at=created,
        )
        board.append(add_topic(plan, topic, [themes[k] for k in theme_keys.split(",")]))
        add_votes(rng, plan, topic, rng.sample(pool, min(int(votes), len(pool))), today)
    # A member's vote by phone from a number not on the roster: kept for review, not counted.
    phones = {m.phone for m in roster.members}
    guest_phone = next(p for p in (f"+856205550{n:04d}" for n in range(10**4)) if p not in phones)
    plan.votes.append(
        Vote(topic=board[0], guest_name="ນາງ ແສງ", guest_phone=guest_phone, created_at=today)
    )
    return board


def plan_next(
    rng: random.Random,
    plan: Plan,
    network: Network,
    series: Series,
    roster: Roster,
    themes: dict[str, Theme],
    today: datetime,
) -> Hangout:
    """The next hangout, scheduled with two presenters (one provincial) and RSVPs."""
    theme_keys, votes, provincial, capital, title, public_title, description = NEXT
    zone = ZoneInfo(network.time_zone)
    start = next_hangout_start(timezone.now(), zone)
    topic = Topic(
        network=network,
        title=title,
        public_title=public_title,
        description=description,
        status=Topic.Status.SCHEDULED,
        proposed_by=rng.choice(roster.members),
        created_at=today - timedelta(days=90),
    )
    add_topic(plan, topic, [themes[k] for k in theme_keys])
    hangout = new_hangout(rng, network, series, topic, start, Hangout.Status.SCHEDULED)
    hangout.created_at = today - timedelta(days=10)
    plan.hangouts.append(hangout)
    # A small provincial organisation whose staff have not presented yet, if there is one.
    fresh = [m for m in roster.of(provincial) if m.pk not in plan.presented]
    first = rng.choice(fresh or roster.of(provincial))
    plan.presented.add(first.pk)
    second = pick_presenter(rng, roster, capital[0], today, plan)
    team = [first, second]
    plan.presenters += [Presenter(hangout=hangout, member=m) for m in team]
    add_votes(rng, plan, topic, rng.sample(roster.members, votes), hangout.created_at)
    plan.changes.append(
        HangoutChange(
            hangout=hangout,
            kind=HangoutChange.Kind.SCHEDULED,
            new_starts_at=start,
            at=hangout.created_at,
        )
    )
    plan.offers.append(
        PresentationOffer(
            network=network,
            member=first,
            topic=topic,
            subject=public_title,
            status=PresentationOffer.Status.ACCEPTED,
            created_at=today - timedelta(days=40),
        )
    )
    plan_rsvps(rng, plan, roster, hangout, team, today)
    return hangout


def plan_rsvps(
    rng: random.Random,
    plan: Plan,
    roster: Roster,
    hangout: Hangout,
    team: list[Member],
    today: datetime,
) -> None:
    """About 30 going (the presenters, members, one guest by phone) and two who cancelled."""
    others = [m for m in roster.members if m not in team]
    answered = weighted_sample(rng, others, [roster.propensity[m.pk] for m in others], 30)
    going, cancelled = team + answered[:-2], answered[-2:]
    via = [RSVP.Via.SIGNED_IN, RSVP.Via.PERSONAL_LINK, RSVP.Via.PHONE, RSVP.Via.PHONE]
    since = hangout.created_at
    for member, status in [(m, RSVP.Status.GOING) for m in going] + [
        (m, RSVP.Status.CANCELLED) for m in cancelled
    ]:
        at = since + timedelta(seconds=rng.uniform(0, (today - since).total_seconds()))
        plan.rsvps.append(
            RSVP(hangout=hangout, member=member, status=status, via=rng.choice(via), answered_at=at)
        )
    plan.rsvps.append(
        RSVP(
            hangout=hangout,
            guest_name="ທ້າວ ບຸນມາ",
            guest_phone="+8562055509999",
            status=RSVP.Status.GOING,
            via=RSVP.Via.PHONE,
            answered_at=today,
        )
    )
    hangout.going_count = sum(
        r.status == RSVP.Status.GOING for r in plan.rsvps if r.hangout is hangout
    )


def plan_offers(
    rng: random.Random,
    plan: Plan,
    network: Network,
    roster: Roster,
    board: list[Topic],
    today: datetime,
) -> None:
    for line in OFFERS.strip().splitlines():
        head, subject = line.split(" | ")
        acronym, index = head.split()
        plan.offers.append(
            PresentationOffer(
                network=network,
                member=rng.choice(roster.of([acronym])),
                topic=None if index == "-" else board[int(index)],
                subject=subject,
                created_at=today - timedelta(days=rng.randint(3, 60)),
            )
        )


def save(plan: Plan, merged: Topic) -> None:
    """One insert per table, parents first (their primary keys come back from the insert)."""
    rows: list[Topic | Hangout] = [*plan.topics, merged, *plan.hangouts]
    for row in rows:
        row.search_text = row.search_key()  # bulk_create does not call save()
    Topic.objects.bulk_create(plan.topics)
    Topic.objects.bulk_create([merged])
    Topic.themes.through.objects.bulk_create(
        Topic.themes.through(topic=topic, theme=theme) for topic, theme in plan.topic_themes
    )
    Hangout.objects.bulk_create(plan.hangouts)
    Presenter.objects.bulk_create(plan.presenters)
    Attendance.objects.bulk_create(plan.attendances)
    HangoutChange.objects.bulk_create(plan.changes)
    Vote.objects.bulk_create(plan.votes)
    RSVP.objects.bulk_create(plan.rsvps)
    PresentationOffer.objects.bulk_create(plan.offers)


def load_roster(rng: random.Random, network: Network) -> Roster:
    members = list(
        Member.objects.filter(network=network, is_active=True)
        .select_related("organisation__province", "province", "staff_level")
        .order_by("pk")
    )
    propensity = {m.pk: rng.choice((0.3, 0.6, 1.0, 1.0, 2.0, 3.0)) for m in members}
    return Roster(members, propensity)


def create_series(network: Network) -> Series:
    return Series.objects.create(
        network=network,
        name="ກອງປະຊຸມແລກປ່ຽນວັນສຸກ",
        name_en="Friday hangouts",
        week=Series.Week.LAST,
        weekday=Series.Weekday.FRIDAY,
        start_time=time(14, 0),
        duration_minutes=HANGOUT_MINUTES,
        language=network.language,
        capacity=CAPACITY,
        provider=Series.Provider.URL,
    )


def seed_programme(network: Network, rng: random.Random) -> dict[str, int]:
    """Themes for every network; for the Lao one also a series, history, board and next hangout.

    Side effects: Theme, Series, Topic (and their themes), Vote, Hangout, Presenter,
    HangoutChange, Attendance, RSVP and PresentationOffer rows, one bulk insert per table.
    """
    themes = create_themes(network)
    if network.country != "LA":
        return {"themes": len(themes)}
    roster = load_roster(rng, network)
    series = create_series(network)
    today = max(REFERENCE, timezone.now().replace(hour=0, minute=0, second=0, microsecond=0))
    plan = Plan()
    plan_history(rng, plan, network, series, roster, themes)
    board = plan_board(rng, plan, network, roster, themes, today)
    plan_next(rng, plan, network, series, roster, themes, today)
    plan_offers(rng, plan, network, roster, board, today)
    title, description = DUPLICATE
    merged = Topic(
        network=network,
        title=title,
        description=description,
        status=Topic.Status.PARKED,
        merged_into=board[0],
        proposed_by=rng.choice(roster.members),
        created_at=board[0].created_at + timedelta(days=5),
    )
    save(plan, merged)
    return counts(plan, themes)


def counts(plan: Plan, themes: dict[str, Theme]) -> dict[str, int]:
    by_status = Counter(h.status for h in plan.hangouts)
    return {
        "themes": len(themes),
        "series": 1,
        "topics": len(plan.topics) + 1,
        "votes": len(plan.votes),
        "held_hangouts": by_status[Hangout.Status.HELD],
        "scheduled_hangouts": by_status[Hangout.Status.SCHEDULED],
        "presenters": len(plan.presenters),
        "attendances": len(plan.attendances),
        "rsvps": len(plan.rsvps),
        "presentation_offers": len(plan.offers),
    }


def seed_demo_programme(networks: Sequence[Network], rng: random.Random) -> dict[str, int]:
    """seed_programme for each demo network, counts added up."""
    total: Counter[str] = Counter()
    for network in networks:
        total.update(seed_programme(network, rng))
    return dict(total)


def reset_programme(networks: QuerySet[Network]) -> None:
    """Delete the demo networks' programme before their members.

    Presenter and Attendance rows PROTECT their member; deleting hangouts first removes them.
    """
    Hangout.objects.filter(network__in=networks).delete()
    Topic.objects.filter(network__in=networks).delete()
    Theme.objects.filter(network__in=networks).delete()
    Series.objects.filter(network__in=networks).delete()
