"""Search keys for text with Lao in it (lao.md §3.5–3.6). No domain knowledge.

Lao has no spaces between words, so search is by substring of a normalised key, the same on
SQLite and PostgreSQL. The key (`normalize_for_search`) folds the spellings people type for
the same word:

- NFKC: ໜ (U+0EDC) and ຫນ meet as ຫນ, ໝ and ຫມ as ຫມ; ຳ (U+0EB3) and the two-key ໍ+າ meet as
  ໍ+າ (NFKC decomposes ຳ, so no further replacement is needed: 'ທຳອິດ' and 'ທໍາອິດ' give the
  same key); Latin ligatures and full-width forms become plain letters;
- ຫລ → ຫຼ (a spelling variant NFKC leaves alone);
- a tone mark typed before the vowel sign above or below it is put after it (both orders look
  the same on screen);
- zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF, soft hyphen) are removed;
- case is folded (Latin: "CLIMATE" finds "climate") and runs of white space become one space.

`fold_lao` is the Lao part alone; participation/matching.py builds its name key on it.
Always display the original text, never the key.
"""

from __future__ import annotations

import re
import unicodedata

# Removed before anything else: zero-width space/joiners, word joiner, BOM, soft hyphen.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# A Lao tone mark typed before the vowel sign above or below it (both orders look the same).
TONE_FIRST = re.compile("([\u0ec8-\u0ecb])([\u0eb1\u0eb4-\u0eb9\u0ebb\u0ebc\u0ecd]+)")
LO_LO = "\u0eab\u0ea5"  # ຫລ, typed as two letters
HO_LO = "\u0eab\u0ebc"  # ຫຼ, with the subscript lo
# A query is cut to this many terms (each one a substring condition).
MAX_TERMS = 8


def fold_lao(text: str) -> str:
    """The Lao spelling fold (no case folding): no zero-width characters, NFKC, ຫລ→ຫຼ, tone
    marks after their vowel sign."""
    text = unicodedata.normalize("NFKC", (text or "").translate(ZERO_WIDTH))
    return TONE_FIRST.sub(r"\2\1", text.replace(LO_LO, HO_LO))


def normalize_for_search(*texts: str) -> str:
    """The search key of one or more texts (joined by a space)."""
    folded = fold_lao(" ".join(t for t in texts if t)).casefold()
    return " ".join(folded.split())


def search_terms(query: str) -> list[str]:
    """The distinct terms of a query, in order, at most MAX_TERMS: every one must match."""
    terms: list[str] = []
    for term in normalize_for_search(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]
