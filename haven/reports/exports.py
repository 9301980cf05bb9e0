"""What the governors' report and the local authority's return hold, built from the selectors:
de-identified and suppressed (counts of 1 to 4 are "fewer than 5"), never a name, a reference or
a narrative. The files themselves are made and audited in haven.reports.services.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from haven.cases.models import Agency, CaseOutcome, Typology
from haven.curriculum.rules import TOPIC_LABELS
from haven.curriculum.selectors import lessons_delivered
from haven.reports import pages, selectors
from haven.reports.rules import csv_row, in_words, shown
from haven.reports.selectors import Period
from haven.schools.models import School


def period_words(period: Period) -> str:
    return f"{period.start:%-d %B %Y} to {period.last_day:%-d %B %Y}"


@dataclass
class Held:
    """What an export held, for its audit event: whole numbers and short codes only."""

    figures: dict[str, int] = field(default_factory=dict)

    def data(self, kind: str, period: Period, fmt: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "format": fmt,
            "from": period.start.isoformat(),
            "to": period.last_day.isoformat(),
            "figures": self.figures,
            "suppressed": True,
            "names": False,
        }


def governors_report(school: School, period: Period, today: date) -> tuple[dict[str, Any], Held]:
    """The context of the governors' report template, and what it holds."""
    found = selectors.trends(school.pk, period)
    times = selectors.response_times_between([school.pk], period, period.before())[school.pk]
    load = selectors.caseload([school.pk], today)[school.pk]
    lessons = [
        (row.year_group, TOPIC_LABELS[row.topic], row.count)
        for row in lessons_delivered(school, period.start, period.last_day)
    ]
    held = Held(
        {
            "concerns": found.concerns,
            "cases": found.cases,
            "open_cases": load.open_cases,
            "lessons": sum(n for *_, n in lessons),
        }
    )
    context = {
        "school": school,
        "period": period_words(period),
        "before": period_words(period.before()),
        "made_on": today,
        "concerns": shown(found.concerns),
        "cases": shown(found.cases),
        "open_cases": shown(load.open_cases),
        "times": pages.time_rows(times, suppress=True),
        "charts": pages.trend_charts(found, suppress=True),
        "lessons": lessons,
    }
    return context, held


def school_year(year: int) -> Period:
    """The school year starting in September of `year` (2025: 2025 to 2026)."""
    return Period(date(year, 9, 1), date(year + 1, 9, 1))


def la_return(school: School, year: int) -> tuple[list[tuple[str, str]], Held, Period]:
    """The figures the local authority's annual safeguarding return (section 175 / 157) asks
    about youth-produced imagery, for one school year, suppressed: (question, figure) rows."""
    period = school_year(year)
    found = selectors.trends(school.pk, period)
    referrals = selectors.referrals_by_agency(school.pk, period)
    devices = selectors.devices_confiscated(school.pk, period)
    times = selectors.response_times_between([school.pk], period, period.before())[school.pk]
    typology = dict(found.typology)
    sources = dict(found.sources)
    kinds = [n for _, n in found.kinds]
    outcomes = dict(found.outcomes)
    lessons = sum(row.count for row in lessons_delivered(school, period.start, period.last_day))
    counts: list[tuple[str, str, int]] = [
        ("concerns", "Concerns about nudes and semi-nudes received", found.concerns),
        ("from_staff", "of which raised by staff", sources["Member of staff"]),
        ("from_parents", "of which raised by parents or carers", sources["Parent or carer"]),
        ("from_pupils", "of which raised by pupils", sources["Pupil"]),
        ("cases", "Incidents handled as safeguarding cases", found.cases),
        ("aggravated", "Incidents judged aggravated", kinds[0]),
        ("adult", "of which an adult was involved", typology[Typology.AGGRAVATED_ADULT.label]),
        ("experimental", "Incidents judged experimental", kinds[1]),
        ("ai", "Incidents with imagery made or altered by software (AI)", kinds[2]),
        ("sextortion", "Incidents of sextortion", kinds[3]),
        ("csc", "Referrals to children's social care", referrals.get(Agency.CSC, 0)),
        (
            "police",
            "Referrals to the police (101 or 999)",
            referrals.get(Agency.POLICE_101, 0) + referrals.get(Agency.POLICE_999, 0),
        ),
        ("ceop", "Reports to CEOP", referrals.get(Agency.CEOP, 0)),
        ("lado", "Referrals to the LADO", referrals.get(Agency.LADO, 0)),
        (
            "in_school",
            "Incidents closed as managed in school",
            outcomes[CaseOutcome.MANAGED_IN_SCHOOL.label],
        ),
        ("devices", "Devices taken and kept secure", devices),
        ("lessons", "Online-safety lessons delivered (counted once for each topic)", lessons),
    ]
    rows = [(question, shown(n)) for _, question, n in counts]
    rows += [
        (f"Median time {t.label[0].lower()}{t.label[1:]}", in_words(t.this_term.median))
        for t in times
    ]
    return rows, Held({code: n for code, _, n in counts}), period


def la_return_csv(school: School, rows: list[tuple[str, str]], period: Period) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(["School", school.name]))
    writer.writerow(csv_row(["School year", period_words(period)]))
    writer.writerow(csv_row(["Question", "Figure"]))
    for row in rows:
        writer.writerow(csv_row(row))
    return out.getvalue().encode("utf-8")
