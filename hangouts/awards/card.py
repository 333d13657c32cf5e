"""The award's card for Facebook: a 1200×630 PNG with the member's name and the citation.

Pillow lays text out with raqm (HarfBuzz), which stacks Lao tone marks over vowels correctly;
raqm needs Debian `libfribidi0` at run time, and without it Pillow silently falls back to a
layout that overlaps the marks, so we refuse to draw rather than draw wrong (CardError).
Lines wrap at ICU word boundaries (text.words) and spaces; a long citation gets a smaller size,
then an ellipsis.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, features

from hangouts.awards import text
from hangouts.awards.documents import document_language
from hangouts.awards.models import Award

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BRAND = (11, 93, 75)  # site.css --brand
GOLD = (242, 183, 5)
INK = (29, 35, 48)
MUTED = (85, 96, 111)
PAPER = (255, 255, 255)
BAND = 150  # the brand-coloured band at the top
ELLIPSIS = "…"


class CardError(RuntimeError):
    """The card cannot be drawn correctly here (no complex text layout)."""


@lru_cache(maxsize=16)
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    if not features.check("raqm"):
        raise CardError("Pillow has no raqm layout: install Debian libfribidi0.")
    path = text.BOLD if bold else text.REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def line_height(face: ImageFont.FreeTypeFont) -> int:
    ascent, descent = face.getmetrics()
    return ascent + descent


def wrap(value: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy wrap at word boundaries; a word wider than the line is cut by characters."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        line = ""
        for word in text.words(paragraph):
            candidate = line + word
            if face.getlength(candidate, language="lo") <= width or not line.strip():
                line = candidate
                continue
            lines.append(line.rstrip())
            line = word.lstrip()
        lines.append(line.rstrip())
    return [fit_line(line, face, width) for line in lines]


def fit_line(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    while line and face.getlength(line, language="lo") > width:
        line = line[:-2] + ELLIPSIS
    return line


def fitted(
    value: str, *, width: int, max_lines: int, sizes: tuple[int, ...], bold: bool = False
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `value` fits in `max_lines`; else the smallest, cut short."""
    for size in sizes:
        face = font(size, bold=bold)
        lines = wrap(value, face, width)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    lines[-1] = fit_line(lines[-1] + ELLIPSIS, face, width)
    return face, lines


@dataclass(frozen=True)
class CardText:
    network: str
    heading: str
    name: str
    organisation: str
    citation: str


def card_text(award: Award) -> CardText:
    language = document_language(award.network)
    with translation.override(language):
        heading = _("Volunteer of the Month · %(month)s") % {
            "month": text.month_name(award.month, language)
        }
    organisation = award.member.organisation
    return CardText(
        network=award.network.name,
        heading=heading,
        name=award.member.name,
        organisation=organisation.name if organisation else "",
        citation=award.citation,
    )


def draw_card(content: CardText) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, BAND), fill=BRAND)
    draw.rectangle((0, BAND, WIDTH, BAND + 10), fill=GOLD)
    face, lines = fitted(content.network, width=inner, max_lines=1, sizes=(34, 28, 24), bold=True)
    draw.text((MARGIN, 22), lines[0], font=face, fill=PAPER, language="lo")
    face, lines = fitted(content.heading, width=inner, max_lines=1, sizes=(30, 26, 22))
    draw.text((MARGIN, 82), lines[0], font=face, fill=(220, 236, 231), language="lo")

    y = BAND + 40
    face, lines = fitted(content.name, width=inner, max_lines=2, sizes=(64, 54, 46), bold=True)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=INK, language="lo")
        y += line_height(face)
    if content.organisation:
        face, lines = fitted(content.organisation, width=inner, max_lines=1, sizes=(30, 26, 22))
        draw.text((MARGIN, y), lines[0], font=face, fill=MUTED, language="lo")
        y += line_height(face)
    y += 16
    room = HEIGHT - 40 - y
    for size in (36, 32, 28, 24):
        face = font(size)
        max_lines = max(1, room // line_height(face))
        face, lines = fitted(content.citation, width=inner, max_lines=max_lines, sizes=(size,))
        if not lines[-1].endswith(ELLIPSIS) or size == 24:
            break
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=INK, language="lo")
        y += line_height(face)
    return image


def card_png(award: Award, *, preview: bool = False) -> bytes:
    """The card as PNG bytes; the preview (for the share page) is half size in 32 colours,
    about 15 KB instead of 60 KB, so the page keeps to its 30 KB budget on a phone."""
    image = draw_card(card_text(award))
    if preview:
        size = (WIDTH // 2, HEIGHT // 2)
        image = image.convert("RGB").resize(size, Image.Resampling.LANCZOS).quantize(colors=32)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
