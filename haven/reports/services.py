"""Every report that leaves Haven as a file, made and audited in one place.

Each export records what it held (the period, the format and its figures as whole numbers) in
the audit, never a name or a narrative: the files are de-identified and suppressed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.lib.pdf import render_pdf
from haven.reports import exports
from haven.reports.selectors import Period
from haven.schools.models import School


@transaction.atomic
def export_governors_report(
    *,
    actor: Any,
    school: School,
    first: date,
    last: date,
    context: AuditContext | None = None,
) -> bytes:
    """The governors' report for `first` to `last` (both included), as a PDF.
    Audit: reports.governors_report_exported."""
    period = Period.inclusive(first, last)
    page, held = exports.governors_report(school, period, timezone.localdate())
    data = render_pdf("reports/pdf/governors.html", page)
    record(
        "reports.governors_report_exported",
        actor=actor,
        school=school,
        context=context,
        data=held.data("governors_report", period, "pdf"),
    )
    return data


@transaction.atomic
def export_la_return(
    *,
    actor: Any,
    school: School,
    year: int,
    fmt: str = "csv",
    context: AuditContext | None = None,
) -> bytes:
    """The local authority's annual return for the school year starting in September `year`,
    as CSV or PDF. Audit: reports.la_return_exported."""
    rows, held, period = exports.la_return(school, year)
    if fmt == "pdf":
        page = {"school": school, "period": exports.period_words(period), "rows": rows}
        data = render_pdf("reports/pdf/la_return.html", page)
    else:
        data = exports.la_return_csv(school, rows, period)
    record(
        "reports.la_return_exported",
        actor=actor,
        school=school,
        context=context,
        data=held.data("la_return", period, fmt),
    )
    return data
