"""Bar charts as inline SVG, drawn on the server: no JavaScript, no chart library, no style=.

No domain knowledge: callers pass labels already translated and each value's text (a number, a
percentage, or "< 5" on public pages). A chart is a `viewBox` 340 units wide that scales with
the page's width (`.chart` in site.css), so its 13-unit text is about 13 px on a phone and never
under 12 px on a screen wider than 320 px. Colours are presentation attributes (fill=), which a
strict Content-Security-Policy allows. Every chart has `role="img"`, an `aria-label` and a
`<title>`; every bar a `<title>` (the tooltip) with its label and text. The numbers are also
given as text by the page (a table next to the chart), for screen readers and for printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 340
FONT = 13
INK = "#1d2330"
BAR = "#0b5d4b"
OTHER = "#c9822b"  # the second bar of a pair (e.g. the roster against the presenters)
AXIS = "#8a94a3"
LABEL_ROOM = 64  # what a month's label under a column needs ("ມິ.ຖ. 2023")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length shows
    text: str  # what is written beside it ("12", "40 %", "< 5")


@dataclass(frozen=True)
class Pair:
    """Two bars under one label, e.g. the presenters' share against the roster's."""

    label: str
    first: Bar
    second: Bar


def _svg(title: str, height: int, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-label="{label}" font-size="{FONT}" fill="{INK}">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _length(value: float, top: float, room: float) -> float:
    return round(room * value / top, 1) if top > 0 and value > 0 else 0.0


def _row(bar: Bar, *, y: int, top: float, room: float, fill: str, height: int = 14) -> str:
    length = _length(bar.value, top, room)
    tip = escape(f"{bar.label}: {bar.text}")
    return (
        f'<g><title>{tip}</title><rect x="0" y="{y}" width="{length}" height="{height}"'
        f' fill="{fill}"/><text x="{length + 4}" y="{y + height - 2}">{escape(bar.text)}</text></g>'
    )


def bar_chart(title: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, each label on its own line above its bar (long Lao names fit a phone)."""
    top = max((bar.value for bar in bars), default=0)
    room = WIDTH - 50  # the value's text sits after the bar
    body: list[str] = []
    y = 0
    for bar in bars:
        body.append(f'<text x="0" y="{y + 14}">{escape(bar.label)}</text>')
        body.append(_row(bar, y=y + 19, top=top, room=room, fill=BAR))
        y += 40
    return _svg(title, max(y, 20), body)


def pair_chart(title: str, pairs: Sequence[Pair], legend: tuple[str, str]) -> SafeString:
    """Two horizontal bars per label (first dark, second light), with a legend on top."""
    top = max((max(p.first.value, p.second.value) for p in pairs), default=0)
    room = WIDTH - 60
    body = [
        f'<rect x="0" y="4" width="12" height="12" fill="{BAR}"/>'
        f'<text x="16" y="15">{escape(legend[0])}</text>',
        f'<rect x="0" y="22" width="12" height="12" fill="{OTHER}"/>'
        f'<text x="16" y="33">{escape(legend[1])}</text>',
    ]
    y = 44
    for pair in pairs:
        body.append(f'<text x="0" y="{y + 14}">{escape(pair.label)}</text>')
        body.append(_row(pair.first, y=y + 19, top=top, room=room, fill=BAR, height=13))
        body.append(_row(pair.second, y=y + 34, top=top, room=room, fill=OTHER, height=13))
        y += 56
    return _svg(title, y, body)


def column_chart(title: str, columns: Sequence[Bar], *, every: int = 0) -> SafeString:
    """Vertical columns (a trend by month): a column's label under it every `every` columns
    (0: as many as fit), its value above it when there is room, both in its tooltip."""
    count = len(columns)
    plot_top, plot_bottom = 18, 150
    step = (WIDTH - 4) / count if count else WIDTH
    fits = max(1, int(step * count // LABEL_ROOM))
    every = every or max(1, -(-count // fits))
    top = max((column.value for column in columns), default=0)
    body = [f'<line x1="0" y1="{plot_bottom}" x2="{WIDTH}" y2="{plot_bottom}" stroke="{AXIS}"/>']
    for index, column in enumerate(columns):
        height = _length(column.value, top, plot_bottom - plot_top)
        x = round(2 + index * step, 1)
        width = round(max(step - 2, 1), 1)
        tip = escape(f"{column.label}: {column.text}")
        parts = [
            f"<g><title>{tip}</title>",
            f'<rect x="{x}" y="{round(plot_bottom - height, 1)}" width="{width}"'
            f' height="{height}" fill="{BAR}"/>',
        ]
        centre = round(x + width / 2, 1)
        if step >= 24:
            parts.append(
                f'<text x="{centre}" y="{round(plot_bottom - height - 4, 1)}"'
                f' text-anchor="middle">{escape(column.text)}</text>'
            )
        if index % every == 0 and x + LABEL_ROOM <= WIDTH:
            parts.append(
                f'<text x="{x}" y="{plot_bottom + 18}" font-size="12">{escape(column.label)}</text>'
            )
        parts.append("</g>")
        body.append("".join(parts))
    return _svg(title, plot_bottom + 26, body)


def inline_bar(value: float, top: float, *, width: int = 100) -> SafeString:
    """A bar alone, for a table cell beside its number (hidden from screen readers: the
    number is in the next cell). Used by the PDF: WeasyPrint draws SVG text letter by letter,
    which breaks Lao marks, so the PDF keeps every word in HTML and only shapes in SVG."""
    length = _length(value, top, width)
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="inline-bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 12"'
        f' aria-hidden="true"><rect x="0" y="1" width="{length}" height="10" fill="{BAR}"/></svg>'
    )
