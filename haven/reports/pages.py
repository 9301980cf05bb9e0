"""What the reports' pages and PDFs show, built from the selectors: charts, tables and words.

`suppress=True` everywhere a figure leaves the safeguarding team (the trust, governors, the local
authority): counts of 1 to 4 become "fewer than 5" (haven.reports.rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from haven.reports import selectors
from haven.reports.charts import Chart, chart
from haven.reports.rules import in_words, shown

__all__ = ["shown"]  # the views show counts the same way
from haven.reports.selectors import ResponseTime, Trends


def trend_charts(found: Trends, *, suppress: bool) -> list[Chart]:
    return [
        chart("months", "Concerns by month", "Month", found.months, suppress=suppress),
        chart(
            "year-groups",
            "Concerns by year group of the pupils involved",
            "Year group",
            found.year_groups,
            suppress=suppress,
        ),
        chart("kinds", "Cases by kind of incident", "Kind", found.kinds, suppress=suppress),
        chart("typology", "Cases by typology", "Typology", found.typology[1:], suppress=suppress),
        chart("platforms", "Concerns by platform", "Platform", found.platforms, suppress=suppress),
        chart(
            "sources", "Concerns by who told the school", "Who", found.sources, suppress=suppress
        ),
        chart("outcomes", "Cases by outcome", "Outcome", found.outcomes, suppress=suppress),
    ]


@dataclass(frozen=True)
class TimeRow:
    label: str
    this_count: str
    this_median: str
    this_slowest: str
    last_count: str
    last_median: str
    last_slowest: str
    this_link: str = ""
    last_link: str = ""


def time_rows(
    times: list[ResponseTime], *, suppress: bool, links: dict[str, tuple[str, str]] | None = None
) -> list[TimeRow]:
    """`links`: measure code -> the cases behind this term's and last term's figure."""
    links = links or {}
    return [
        TimeRow(
            t.label,
            shown(t.this_term.count, suppress=suppress),
            in_words(t.this_term.median),
            in_words(t.this_term.slowest),
            shown(t.last_term.count, suppress=suppress),
            in_words(t.last_term.median),
            in_words(t.last_term.slowest),
            *(links.get(t.code, ("", ""))),
        )
        for t in times
    ]


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    shown: str
    link: str = ""


def caseload_figures(
    load: selectors.Caseload, *, suppress: bool, links: dict[str, str] | None = None
) -> list[Figure]:
    links = links or {}
    rows = [
        ("Open cases", load.open_cases),
        ("Support actions overdue", load.overdue_actions),
        ("Referrals waiting for the agency to acknowledge them", load.referrals_awaiting),
        ("of which past the day they were due", load.referrals_overdue),
        ("Requests to delete imagery not yet confirmed", load.deletions_outstanding),
        ("Devices still held in school", load.devices_held),
        ("Follow-up reviews due or overdue", load.follow_ups_due),
    ]
    return [
        Figure(label, n, shown(n, suppress=suppress), links.get(label, "")) for label, n in rows
    ]


def school_year_label(today: date) -> str:
    period = selectors.Period.school_year(today)
    return f"{period.start:%-d %B %Y} to {period.last_day:%-d %B %Y}"
