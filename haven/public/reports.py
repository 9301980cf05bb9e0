"""The public pages' side of reports from families and pupils. The reports themselves are
concerns: haven.concerns.services records them, alerts the DSL, and checks references and codes.
This module adapts those calls for the public views, and keeps each report to its own school's
pages.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from haven.audit.context import AuditContext
from haven.concerns import rules as concern_rules
from haven.concerns.models import Concern
from haven.concerns.services import (
    PublicReplyView,
    PublicReportNotFound,
    PublicReportReceipt,
    add_to_public_report,
    forget_receipt_code,
    public_report_status,
    record_public_report,
    sent_with,
)
from haven.schools.models import School

# The one status word a reporter sees (haven.concerns.rules), in words a child understands.
STATUS_TEXT = {
    concern_rules.RECEIVED: "Received. The school has your report and will read it soon.",
    concern_rules.BEING_HANDLED: "Being looked at. The people who keep children safe at school "
    "are dealing with it.",
    concern_rules.CLOSED: "Finished. The school has finished dealing with this. You can still "
    "add more if something new happens.",
}


@dataclass(frozen=True)
class ReportForReporter:
    """All the sender may see: when they sent it, its status, and the school's replies."""

    reference: str
    sent_at: datetime | None
    status_text: str
    replies: list[PublicReplyView]


def send_report(
    *, school: School, context: AuditContext | None, **fields: Any
) -> PublicReportReceipt:
    """Raises haven.concerns.services.ConcernError if the report cannot be saved as given."""
    return record_public_report(school=school, context=context, **fields)


def already_sent(*, school: School, submission_id: uuid.UUID | None) -> PublicReportReceipt | None:
    """The report this form load already sent (a double-click, a resend), if any."""
    return sent_with(school=school, submission_id=submission_id)


def receipt_shown(*, school: School, reference: str) -> None:
    """The sender has seen their code: a resend of the same form shows only the reference now."""
    forget_receipt_code(school=school, reference=reference)


def _sent_at(school: School, reference: str) -> datetime | None:
    """When the report was sent, if it was sent to this school (None: another school's)."""
    return (
        Concern.objects.filter(reference=reference, school=school)
        .values_list("created_at", flat=True)
        .first()
    )


def find_report(*, school: School, reference: str, secret_code: str) -> ReportForReporter | None:
    """The report if the reference and code match a report to this school; None otherwise (the
    same answer for a wrong code and for another school's report)."""
    try:
        view = public_report_status(reference=reference, secret_code=secret_code, school=school)
    except PublicReportNotFound:
        return None
    sent_at = _sent_at(school, view.reference)
    if sent_at is None:
        return None
    return ReportForReporter(
        reference=view.reference,
        sent_at=sent_at,
        status_text=STATUS_TEXT.get(view.status, view.status),
        replies=view.replies,
    )


def add_more(*, school: School, reference: str, secret_code: str, text: str) -> None:
    """Raises ConcernError (PublicReportNotFound included) if it cannot be added."""
    add_to_public_report(reference=reference, secret_code=secret_code, text=text, school=school)
