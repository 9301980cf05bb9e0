"""Every change to concerns. Import from here: `from haven.concerns.services import ...`."""

from haven.concerns.services.public import (
    PublicReplyView,
    PublicReportNotFound,
    PublicReportReceipt,
    PublicReportView,
    add_to_public_report,
    forget_held_receipt_codes,
    forget_receipt_code,
    public_report_status,
    record_public_report,
    reply_to_public_report,
    sent_with,
)
from haven.concerns.services.recording import (
    ConcernDetails,
    ConcernError,
    PupilInConcern,
    Recorded,
    add_to_concern,
    record_concern,
)
from haven.concerns.services.triage import (
    acknowledge_concern,
    add_concern_to_case,
    link_pupil,
    open_case_from_concern,
    record_no_further_action,
)

__all__ = [
    "ConcernDetails",
    "ConcernError",
    "PublicReplyView",
    "PublicReportNotFound",
    "PublicReportReceipt",
    "PublicReportView",
    "PupilInConcern",
    "Recorded",
    "acknowledge_concern",
    "add_concern_to_case",
    "add_to_concern",
    "add_to_public_report",
    "forget_held_receipt_codes",
    "forget_receipt_code",
    "link_pupil",
    "open_case_from_concern",
    "public_report_status",
    "record_concern",
    "record_no_further_action",
    "record_public_report",
    "reply_to_public_report",
    "sent_with",
]
