"""Every report that leaves Haven as a file, made and audited in one place.

Each export records what it held (the period, the format and its figures as whole numbers) in
the audit, never a name or a narrative: the files are de-identified and suppressed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.lib.pdf import render_pdf
from haven.reports import exports
from haven.reports.models import KEPT_FOR, FileStatus, ReportFile, ReportKind
from haven.reports.selectors import Period
from haven.schools.models import School

logger = logging.getLogger(__name__)


@transaction.atomic
def export_governors_report(
    *,
    actor: Any,
    school: School,
    first: date,
    last: date,
    context: AuditContext | None = None,
    progress: Callable[[], None] = lambda: None,
) -> bytes:
    """The governors' report for `first` to `last` (both included), as a PDF. `progress` is
    called once the figures are read. Audit: reports.governors_report_exported."""
    period = Period.inclusive(first, last)
    page, held = exports.governors_report(school, period, timezone.localdate())
    progress()
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
    progress: Callable[[], None] = lambda: None,
) -> bytes:
    """The local authority's annual return for the school year starting in September `year`,
    as CSV or PDF. Audit: reports.la_return_exported."""
    rows, held, period = exports.la_return(school, year)
    progress()
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


# --- Made by the worker, for the page -----------------------------------------------------------


@transaction.atomic
def request_report(
    *,
    actor: Any,
    school: School,
    kind: ReportKind,
    fmt: str,
    params: dict[str, Any],
    context: AuditContext | None = None,
) -> ReportFile:
    """Queue a report for the worker to make. Audit: reports.report_requested."""
    wanted = ReportFile.objects.create(
        school=school,
        requested_by=actor,
        kind=kind,
        fmt=fmt,
        params=params,
        requested_at=timezone.now(),
    )
    record(
        "reports.report_requested",
        actor=actor,
        school=school,
        obj=wanted,
        context=context,
        data={"kind": kind, "format": fmt, **params},
    )
    # Enqueued in this transaction: if it rolls back, no task runs; if it commits, one will.
    build_report.enqueue(str(wanted.pk))
    return wanted


def build_report_file(file_id: str) -> str:
    """Make a queued report (the worker's job). Safe to run twice: a finished one is left alone,
    and one whose worker died part-way starts again. Progress is written as it goes, each step
    in its own short transaction so the page shows it at once."""
    wanted = ReportFile.objects.select_related("school", "requested_by").get(pk=file_id)
    if not wanted.is_active:
        return str(wanted.status)
    _step(wanted, status=FileStatus.BUILDING, step=1)
    try:
        data = _make(wanted, progress=lambda: _step(wanted, step=2))
    except Exception:
        logger.exception("report failed file=%s", wanted.pk)
        _step(wanted, status=FileStatus.FAILED, finished_at=timezone.now())
        raise
    _step(
        wanted,
        status=FileStatus.READY,
        step=ReportFile.STEPS,
        content=data,
        name=_name(wanted),
        finished_at=timezone.now(),
    )
    return str(wanted.status)


@task
def build_report(file_id: str) -> str:
    """The worker's job: make a queued report (build_report_file)."""
    return build_report_file(file_id)


def _make(wanted: ReportFile, *, progress: Callable[[], None]) -> bytes:
    params, actor, school = wanted.params, wanted.requested_by, wanted.school
    if wanted.kind == ReportKind.GOVERNORS:
        return export_governors_report(
            actor=actor,
            school=school,
            first=date.fromisoformat(params["first"]),
            last=date.fromisoformat(params["last"]),
            progress=progress,
        )
    return export_la_return(
        actor=actor, school=school, year=int(params["year"]), fmt=wanted.fmt, progress=progress
    )


def _name(wanted: ReportFile) -> str:
    when = "-".join(str(v) for v in wanted.params.values())
    return f"{wanted.kind.replace('_', '-')}-{wanted.school.slug}-{when}.{wanted.fmt}"


def _step(wanted: ReportFile, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(wanted, name, value)
    with transaction.atomic():
        ReportFile.objects.filter(pk=wanted.pk).update(**fields)


@transaction.atomic
def note_download(*, actor: Any, wanted: ReportFile, context: AuditContext | None = None) -> None:
    """Audit: reports.report_downloaded (what it held was recorded when it was made)."""
    record(
        "reports.report_downloaded",
        actor=actor,
        school=wanted.school_id,
        obj=wanted,
        context=context,
        data={"kind": wanted.kind, "format": wanted.fmt},
    )


def clear_old_files() -> int:
    """Files are kept for a day for the person who asked: then their contents go."""
    cutoff = timezone.now() - KEPT_FOR
    deleted, _ = ReportFile.objects.filter(requested_at__lt=cutoff).delete()
    return deleted
