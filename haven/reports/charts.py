"""Bar charts drawn on the server as SVG: no script, no chart library, no build step.

Each chart is black bars on white with its number written beside each bar, so it reads the same
in greyscale and printed; the page puts the same figures beside it as a table, which is what a
screen reader reads (the picture is named as a chart of the table beside it). A suppressed count
("fewer than 5") draws no bar, so the bar's length cannot give the number away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from haven.reports.rules import Bar, bars

WIDTH = 480
ROW = 48  # a label line above a bar
BAR = 18
BAR_SPACE = 380  # the longest bar; the number is written after it
INK = "#0b0c0c"


@dataclass(frozen=True)
class Chart:
    """A chart and its table: `key` makes the ids, `heading` is what it counts by."""

    key: str
    title: str
    heading: str
    bars: list[Bar]
    unit: str = "Number"
    links: dict[str, str] = field(default_factory=dict)  # bar label -> the cases behind it

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)

    @property
    def svg(self) -> SafeString:
        return draw(self)

    @property
    def printed_svg(self) -> SafeString:
        """Smaller on an A4 page, beside its table's width."""
        return draw(self, width="70%")

    def rows(self) -> list[tuple[Bar, str]]:
        return [(bar, self.links.get(bar.label, "")) for bar in self.bars]


def chart(
    key: str,
    title: str,
    heading: str,
    rows: Iterable[tuple[str, int]],
    *,
    suppress: bool,
    links: dict[str, str] | None = None,
) -> Chart:
    return Chart(key, title, heading, bars(rows, suppress=suppress), links=links or {})


def draw(chart: Chart, *, width: str = "100%") -> SafeString:
    drawn = [b for b in chart.bars if b.shown == str(b.count)]
    longest = max((b.count for b in drawn), default=0) or 1
    height = ROW * len(chart.bars) + 8
    rows = format_html_join(
        "",
        '<text x="0" y="{}" font-size="16" fill="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="16" font-weight="bold" fill="{}">{}</text>',
        (
            (
                ROW * i + 16,
                INK,
                bar.label,
                ROW * i + 22,
                round(BAR_SPACE * bar.count / longest) if bar in drawn else 0,
                BAR,
                INK,
                (round(BAR_SPACE * bar.count / longest) if bar in drawn else 0) + 6,
                ROW * i + 36,
                INK,
                bar.shown,
            )
            for i, bar in enumerate(chart.bars)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" viewBox="0 0 {} {}"'
        ' width="{}" font-family="Arial, sans-serif" class="haven-chart"'
        ' focusable="false">{}</svg>',
        f"Chart of {chart.title.lower()}: the same figures are in the table beside it.",
        WIDTH,
        height,
        width,
        rows,
    )
