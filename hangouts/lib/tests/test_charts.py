"""lib/charts: well-formed SVG, escaped text, numbers as text, no style attribute."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hangouts.lib.charts import Bar, Pair, bar_chart, column_chart, inline_bar, pair_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert "style" not in svg
    return root


def test_bar_chart_scales_bars_and_writes_values() -> None:
    root = parse(bar_chart("Provinces <all>", [Bar("ແຂວງ A & B", 10, "10"), Bar("B", 5, "5")]))

    assert root.findtext(f"{NS}title") == "Provinces <all>"
    assert root.get("aria-label") == "Provinces <all>"
    widths = [float(r.get("width", "0")) for r in root.iter(f"{NS}rect")]
    assert widths == [290.0, 145.0]
    assert [t.text for t in root.iter(f"{NS}text")] == ["ແຂວງ A & B", "10", "B", "5"]
    assert [g.findtext(f"{NS}title") for g in root.iter(f"{NS}g")] == ["ແຂວງ A & B: 10", "B: 5"]


def test_bar_chart_of_nothing_is_still_an_image() -> None:
    root = parse(bar_chart("Empty", []))
    assert root.get("viewBox") == "0 0 340 20"


def test_column_chart_labels_fit_and_values_show_when_there_is_room() -> None:
    few = parse(column_chart("Months", [Bar(f"M{i}", i, str(i)) for i in range(4)]))
    many = parse(column_chart("Months", [Bar(f"M{i}", i, str(i)) for i in range(36)]))

    assert [t.text for t in few.iter(f"{NS}text")] == [
        *("0", "M0", "1", "M1", "2", "M2", "3", "M3")
    ]
    labels = [t.text for t in many.iter(f"{NS}text") if t.get("font-size") == "12"]
    assert labels == ["M0", "M8", "M16", "M24"]  # 5 fit; the last would leave the chart
    assert all(float(t.get("x", "0")) + 64 <= 340 for t in many.iter(f"{NS}text"))
    assert len([g for g in many.iter(f"{NS}g")]) == 36  # every month has its tooltip


def test_pair_chart_draws_two_bars_per_label_and_a_legend() -> None:
    root = parse(
        pair_chart(
            "Equity",
            [Pair("Women", Bar("Women presented", 50, "50 %"), Bar("Women roster", 60, "60 %"))],
            ("Presented", "Roster"),
        )
    )
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts == ["Presented", "Roster", "Women", "50 %", "60 %"]


def test_inline_bar_is_hidden_from_screen_readers() -> None:
    root = ET.fromstring(inline_bar(3, 4))  # noqa: S314 - our own output
    assert root.get("aria-hidden") == "true"
    assert [r.get("width") for r in root.iter(f"{NS}rect")] == ["75.0"]
