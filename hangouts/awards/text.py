"""Lao text for PDFs and images: word boundaries, the shipped font, the month's name.

Lao has no spaces between words. Pango (WeasyPrint) does not find Lao word boundaries, so a
long line of Lao overflows its box; we insert U+200B ZERO WIDTH SPACE at the word boundaries
ICU finds (its Lao dictionary), and Pango breaks there. Browsers need none of this.
"""

from __future__ import annotations

import itertools
import threading
from datetime import date
from pathlib import Path

import icu  # PyICU
from babel import dates as babel_dates

from hangouts.lib.dates import babel_locale

ZWSP = "\u200b"
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "NotoSansLao-Regular.ttf"
BOLD = FONTS / "NotoSansLao-Bold.ttf"


def _is_lao(char: str) -> bool:
    return "\u0e80" <= char <= "\u0eff"


_thread = threading.local()


def _word_iterator() -> icu.BreakIterator:
    """One iterator per thread (an ICU iterator holds its text: not shareable)."""
    iterator = getattr(_thread, "iterator", None)
    if iterator is None:
        iterator = _thread.iterator = icu.BreakIterator.createWordInstance(icu.Locale("lo_LA"))
    return iterator


def words(text: str) -> list[str]:
    """The text cut at ICU's word boundaries (spaces and punctuation are pieces of their own)."""
    if not text:
        return []
    iterator = _word_iterator()
    iterator.setText(text)
    # ICU counts UTF-16 code units: the same as Python's indexes unless the text has characters
    # beyond the BMP (emoji), in which case cut the UTF-16 form.
    if all(ord(char) < 0x10000 for char in text):
        bounds = [0, *iterator]
        return [text[start:end] for start, end in itertools.pairwise(bounds)]
    encoded = text.encode("utf-16-le")
    bounds = [0, *iterator]
    return [
        encoded[start * 2 : end * 2].decode("utf-16-le")
        for start, end in itertools.pairwise(bounds)
    ]


def with_word_breaks(text: str) -> str:
    """`text` with U+200B between two Lao words that touch, so that Pango can wrap there."""
    pieces = words(text)
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] and _is_lao(out[-1][-1]) and _is_lao(piece[0]):
            out.append(ZWSP)
        out.append(piece)
    return "".join(out)


def month_name(month: date, language: str) -> str:
    """ "ມີນາ 2026", "March 2026" (CLDR's stand-alone month and year)."""
    return babel_dates.format_skeleton("yMMMM", month, locale=babel_locale(language))
