"""Matching a participant report's people to the network's roster, each with a confidence.

Order: a remembered alias (an organiser's earlier decision), then the email (exact, 1.0), then
a display name that is a phone number (0.95), then the name (Lao or Latin script, scored with
rapidfuzz after folding both sides). Rules (issue 5):
- an email or phone shared by several members (small offices share them) is narrowed by name;
  if that leaves not exactly one, the person goes to review;
- a name-only match is accepted without review only when it is the single candidate at or
  above ACCEPT; two members with the same name therefore always go to review;
- an organisation hint ("Noy (CDA)", "Noy - CDA") adds ORGANISATION_BONUS to members of that
  organisation: a name alone scores at most 0.95, with a matching organisation 0.99; only
  an alias or an email is certain.

Everything is loaded once per report (members with their organisations, then aliases): `Roster`
costs the same 2 queries for 10 or 2,000 participants.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations, islice

from rapidfuzz import fuzz, process

from hangouts.lib.phones import PhoneError, normalize_phone
from hangouts.lib.search import ZERO_WIDTH, fold_lao
from hangouts.network.models import Member, Network
from hangouts.participation.models import MemberAlias
from hangouts.participation.reports import Participant

ACCEPT = 0.85  # a name candidate at or above this is "above the threshold"
SHOWN = 0.60  # weaker candidates are not offered in the review
EMAIL = 1.0
EMAIL_NARROWED = 0.97  # a shared email, told apart by the name
PHONE = 0.95
PHONE_NARROWED = 0.93
ALIAS = 1.0
NAME_CAP = 0.95  # the same name, but names are not unique: a name alone is never certain
ORGANISATION_BONUS = 0.04
HINTED_CAP = 0.99
SUBSET = 0.92  # "Noy Phommachanh" for "Noy Somsack Phommachanh"
GIVEN_NAME = 0.87  # "Noy" alone, the member's first name
OTHER_TOKEN = 0.70  # "Phommachanh" alone: a family name, never enough by itself
INITIALS_CHECKED = 200  # "Noy P.": members named Noy looked at one by one, at most
MAX_CANDIDATES = 8  # offered in the review, best first
# Looked at per name and rule: more members than this all alike means review anyway.
FUZZY_HITS = 50

# "015_Noy", "3. Noy", "#3 Noy", "12) Noy", "໑. ນ້ອຍ"
NUMBERING = re.compile(r"^\s*#?[0-9\u0ed0-\u0ed9]{1,4}\s*[_.):\-]*\s*(?=\S)")
PARENTHESES = re.compile(r"^(?P<outer>[^()\[\]]*?)\s*[(\[](?P<inner>[^()\[\]]+)[)\]]\s*$")
# "name - org", "name – org", "name — org", "name | org", "name / org"
SEPARATOR = re.compile(r"\s+[-/]\s+|\s*[\u2013\u2014|]\s*")
PHONE_IN_NAME = re.compile(r"\+?[0-9\u0ed0-\u0ed9][0-9\u0ed0-\u0ed9 ().\-]{6,}[0-9\u0ed0-\u0ed9]")
HONORIFICS_RAW = ("mr", "mrs", "ms", "miss", "dr", "ທ້າວ", "ນາງ", "ທ່ານ", "ທ່ານນາງ", "ທ", "ນ")


def fold(text: str) -> str:
    """The matching form of a name (lao.md §3.5): NFKC, ຫລ→ຫຼ, tone mark after its vowel,
    no zero-width characters, Latin accents and case folded, punctuation as spaces.
    """
    text = unicodedata.normalize("NFKD", (text or "").translate(ZERO_WIDTH))
    # Drop Latin accents; Lao vowel signs and tone marks are letters of the name.
    text = "".join(c for c in text if not unicodedata.combining(c) or "\u0e80" <= c <= "\u0eff")
    text = fold_lao(text).casefold()  # NFKC, ຫລ→ຫຼ, tone marks after their vowel (lib/search)
    text = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    return " ".join(text.split())


HONORIFICS = frozenset(fold(word) for word in HONORIFICS_RAW)


def tokens(folded: str) -> tuple[str, ...]:
    """The words of a folded name, without a leading title (Mr, ນາງ, ທ້າວ…)."""
    words = folded.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return tuple(words)


def without_numbering(display: str) -> str:
    return NUMBERING.sub("", display, count=1).strip()


@dataclass(frozen=True)
class DisplayName:
    """What a display name says: name variants to try, organisation hints, a phone number."""

    key: str  # the alias key: the E.164 phone, else the folded name without numbering
    variants: tuple[tuple[str, ...], ...]
    hints: tuple[str, ...] = ()
    phone: str = ""


def read_display_name(display: str, region: str) -> DisplayName:
    text = display.strip()
    phone = ""
    if found := PHONE_IN_NAME.search(text):
        try:
            phone = normalize_phone(found.group(), region)
        except PhoneError:
            phone = ""
        else:
            text = (text[: found.start()] + " " + text[found.end() :]).strip()
    text = without_numbering(text)
    names: list[str] = [text]
    hints: list[str] = []
    if parts := PARENTHESES.match(text):
        # "Display (Full Name)" or "name (organisation)": try the inner part both ways.
        outer, inner = parts["outer"], parts["inner"]
        names = [without_numbering(outer), inner]
        hints.append(inner)
    for name in list(names):
        pieces = [p for p in SEPARATOR.split(name) if p.strip()]
        if len(pieces) == 2:
            names.remove(name)
            names.append(pieces[0])
            hints.append(pieces[1])
    for name in list(names):
        if name.count(",") == 1:  # "Last, First" -> "First Last"
            last, first = name.split(",")
            names.append(f"{first} {last}")
    variants: list[tuple[str, ...]] = []
    for name in names:
        words = tokens(fold(name))
        if words and words not in variants:
            variants.append(words)
    folded_hints = tuple(h for h in (fold(hint) for hint in hints) if h)
    key = phone or fold(text)
    return DisplayName(key=key[:200], variants=tuple(variants), hints=folded_hints, phone=phone)


@dataclass(frozen=True)
class Candidate:
    member: Member
    confidence: float
    how: str  # "alias", "email", "phone", "name"


@dataclass
class Match:
    participant: Participant
    key: str
    candidates: list[Candidate] = field(default_factory=list)  # best first
    member: Member | None = None  # accepted without review
    guest: bool = False  # an alias says: not on the roster
    how: str = ""

    @property
    def needs_review(self) -> bool:
        return self.member is None and not self.guest

    @property
    def confidence(self) -> float:
        if self.member is None:
            return 0.0
        return next((c.confidence for c in self.candidates if c.member.pk == self.member.pk), ALIAS)


class Roster:
    """The network's members, organisations and aliases, loaded once (2 queries)."""

    def __init__(self, network: Network) -> None:
        self.network = network
        members = list(
            Member.objects.filter(network=network, is_active=True).select_related("organisation")
        )
        self.by_email: dict[str, list[Member]] = defaultdict(list)
        self.by_phone: dict[str, list[Member]] = defaultdict(list)
        self.names: dict[int, list[tuple[str, ...]]] = {}
        self.organisation_of: dict[int, int | None] = {}
        self.organisation_names: dict[int, set[str]] = {}
        self.by_id: dict[int, Member] = {}
        choices: list[tuple[str, ...]] = []  # one entry per (member, script)
        self.choice_member: list[int] = []
        self.by_first_word: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        self.by_single_name: dict[str, set[int]] = defaultdict(set)  # the roster has "Noy"
        for member in members:
            self.by_id[member.pk] = member
            if member.email:
                self.by_email[member.email.lower()].append(member)
            if member.phone:
                self.by_phone[member.phone].append(member)
            names = [w for w in (tokens(fold(member.name)), tokens(fold(member.name_latin))) if w]
            self.names[member.pk] = names
            for words in names:
                choices.append(words)
                self.choice_member.append(member.pk)
                self.by_first_word[words[0]].add(member.pk)
                if len(words) == 1:
                    self.by_single_name[words[0]].add(member.pk)
                for word in words:
                    self.by_word[word].add(member.pk)
            organisation = member.organisation
            self.organisation_of[member.pk] = member.organisation_id
            if organisation is not None and organisation.pk not in self.organisation_names:
                self.organisation_names[organisation.pk] = {
                    fold(text)
                    for text in (organisation.name, organisation.name_en, organisation.acronym)
                    if text
                }
        self.squeezed = ["".join(words) for words in choices]
        self.sorted_squeezed = ["".join(sorted(words)) for words in choices]
        self.alias_by_email: dict[str, MemberAlias] = {}
        self.alias_by_key: dict[str, list[MemberAlias]] = defaultdict(list)
        aliases = MemberAlias.objects.filter(network=network).select_related("member__organisation")
        for alias in aliases:
            if alias.email:
                self.alias_by_email[alias.email] = alias
            self.alias_by_key[alias.key].append(alias)

    # --- one participant -----------------------------------------------------------------

    def match(self, participant: Participant) -> Match:
        display = read_display_name(participant.name, self.network.phone_region)
        found = Match(participant=participant, key=display.key)
        if self.use_alias(found, participant.email, display.key):
            return found
        email = participant.email.lower()
        if email and (by_email := self.by_email.get(email)):
            self.narrow(found, by_email, display, how="email", sure=EMAIL, told=EMAIL_NARROWED)
            return found
        if display.phone and (by_phone := self.by_phone.get(display.phone)):
            self.narrow(found, by_phone, display, how="phone", sure=PHONE, told=PHONE_NARROWED)
            return found
        candidates = self.by_name(display)
        above = [c for c in candidates if c.confidence >= ACCEPT]
        if len(above) == 1:
            found.member, found.how = above[0].member, "name"
        found.candidates = candidates[:MAX_CANDIDATES]
        return found

    def use_alias(self, found: Match, email: str, key: str) -> bool:
        alias = self.alias_by_email.get(email.lower()) if email else None
        if alias is None:
            same_key = self.alias_by_key.get(key, [])
            targets = {(a.member_id, a.is_guest) for a in same_key}
            if len(targets) != 1:  # none, or organisers decided differently for emails
                return False
            alias = same_key[0]
        if alias.is_guest:
            found.guest, found.how = True, "alias"
            return True
        member = alias.member
        assert member is not None  # the check constraint: a member or a guest
        found.member, found.how = member, "alias"
        found.candidates = [Candidate(member, ALIAS, "alias")]
        return True

    def narrow(
        self,
        found: Match,
        members: list[Member],
        display: DisplayName,
        *,
        how: str,
        sure: float,
        told: float,
    ) -> None:
        """One member with this email/phone: accepted; several: the name must tell them apart."""
        if len(members) == 1:
            found.member, found.how = members[0], how
            found.candidates = [Candidate(members[0], sure, how)]
            return
        scored = sorted(
            ((self.name_score(m.pk, display), m) for m in members),
            key=lambda pair: -pair[0],
        )
        above = [m for score, m in scored if score >= ACCEPT]
        if len(above) == 1:
            found.member, found.how = above[0], how
        found.candidates = [
            Candidate(m, told if m in above else round(sure * max(score, SHOWN), 2), how)
            for score, m in scored
        ]

    def by_name(self, display: DisplayName) -> list[Candidate]:
        """Scored in bulk: rapidfuzz over every roster name (in C), the word rules by set
        lookups; Python looks only at the members that come out above SHOWN.
        """
        scores: dict[int, float] = {}
        for variant in display.variants:
            for pk, score in self.variant_scores(variant).items():
                scores[pk] = max(scores.get(pk, 0.0), score)
        hinted = self.hinted_organisations(display.hints)
        scored: list[tuple[float, int]] = []
        for pk, raw in scores.items():
            score = min(raw, NAME_CAP)
            if hinted and self.organisation_of.get(pk) in hinted:
                score = min(HINTED_CAP, score + ORGANISATION_BONUS)
            if score >= SHOWN:
                scored.append((round(score, 2), pk))
        scored.sort(key=lambda pair: (-pair[0], self.by_id[pair[1]].name, pair[1]))
        return [Candidate(self.by_id[pk], score, "name") for score, pk in scored]

    def variant_scores(self, variant: tuple[str, ...]) -> dict[int, float]:
        """The same rules as `word_score`, for the whole roster at once."""
        found: dict[int, float] = {}

        def offer(pks: Iterable[int], score: float) -> None:
            for pk in pks:
                if score > found.get(pk, 0.0):
                    found[pk] = score

        # Letters compared without spaces (Lao is often typed unspaced), and once more with
        # the words sorted (word order); fuzz.ratio in C over the whole roster, ~2 ms/10,000.
        searches = [(self.squeezed, "".join(variant))]
        if len(variant) > 1:
            searches.append((self.sorted_squeezed, "".join(sorted(variant))))
        for choices, query in searches:
            hits = process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=SHOWN * 100, limit=FUZZY_HITS
            )
            for _choice, score, index in hits:
                offer([self.choice_member[index]], score / 100)
        words = [word for word in variant if len(word) > 1]
        if len(variant) == 1:
            word = variant[0]
            first = self.by_first_word.get(word, set())
            family = self.by_word.get(word, set()) - first
            for pk in [pk for pk in found if pk in family]:
                found[pk] = OTHER_TOKEN  # a family name alone, however alike its letters
            offer(islice(family, FUZZY_HITS), OTHER_TOKEN)
            offer(islice(first, FUZZY_HITS), GIVEN_NAME)
            return found
        offer(self.by_single_name.get(variant[0], ()), GIVEN_NAME)
        if len(words) < len(variant):  # initials: check the few members with the other words
            common = set.intersection(*(self.by_word.get(w, set()) for w in words or [""]))
            if len(common) <= INITIALS_CHECKED:
                offer(
                    (
                        pk
                        for pk in common
                        if any(word_score(variant, name) >= SUBSET for name in self.names[pk])
                    ),
                    SUBSET,
                )
        elif len(words) >= 2:
            # Every word of the report in the member's name (a middle name left out)...
            offer(set.intersection(*(self.by_word.get(w, set()) for w in words)), SUBSET)
            # ...or every word of the member's name in the report (a middle name added).
            for a, b in combinations(words, 2):
                for pk in self.by_word.get(a, set()) & self.by_word.get(b, set()):
                    if any(len(n) >= 2 and set(n) <= set(words) for n in self.names[pk]):
                        offer([pk], SUBSET)
        return found

    def hinted_organisations(self, hints: tuple[str, ...]) -> set[int]:
        if not hints:
            return set()
        return {
            pk
            for pk, names in self.organisation_names.items()
            if any(
                hint in names or any(fuzz.token_set_ratio(hint, name) >= 90 for name in names)
                for hint in hints
            )
        }

    def name_score(self, pk: int, display: DisplayName) -> float:
        """One member's name score (for telling apart members who share an email or phone)."""
        best = 0.0
        for variant in display.variants:
            for words in self.names.get(pk, []):
                best = max(best, word_score(variant, words))
        best = min(best, NAME_CAP)
        hinted = self.hinted_organisations(display.hints)
        if best and self.organisation_of.get(pk) in hinted:
            best = min(HINTED_CAP, best + ORGANISATION_BONUS)
        return best


def expand_initials(variant: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    """ "joe m" against "joe mensah" reads as "joe mensah": an initial stands for a word."""
    if len(variant) < 2 or all(len(word) > 1 for word in variant):
        return variant
    rest = [word for word in words if word not in variant]
    expanded = []
    for word in variant:
        if len(word) == 1:
            found = next((w for w in rest if w.startswith(word)), word)
            if found in rest:
                rest.remove(found)
            expanded.append(found)
        else:
            expanded.append(word)
    return tuple(expanded)


def word_score(variant: tuple[str, ...], words: tuple[str, ...]) -> float:
    """How alike two folded names are, 0-1: fuzzy, plus the rules for partial names."""
    score = max(
        fuzz.ratio("".join(variant), "".join(words)),
        fuzz.ratio("".join(sorted(variant)), "".join(sorted(words))),
    )
    best = score / 100
    variant = expand_initials(variant, words)
    given_set, known_set = set(variant), set(words)
    if (len(variant) >= 2 and given_set <= known_set) or (
        len(words) >= 2 and known_set <= given_set
    ):
        best = max(best, SUBSET)  # a middle name left out, or added
    elif variant[0] == words[0] and (len(variant) == 1 or len(words) == 1):
        best = max(best, GIVEN_NAME)  # "Noy" for "Noy Phommachanh", or the roster has "Noy"
    elif len(variant) == 1 and variant[0] in known_set:
        # A family name alone ("Phommachanh" in "Noy Phommachanh") scores high on letters.
        best = OTHER_TOKEN
    return best


def match_participants(network: Network, participants: list[Participant]) -> list[Match]:
    """Every participant's match, in the report's order (2 queries whatever the size)."""
    roster = Roster(network)
    return [roster.match(participant) for participant in participants]
