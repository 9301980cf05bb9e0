"""Reports from parents, carers and pupils (the public pages call these), and the school's replies.

A public report lands in the same inbox as a staff concern, marked with its source. It has no
reporter account and no pupils until the DSL matches them. The reporter gets a reference and a
secret code, shown once; only a slow hash of the code is kept. A wrong reference and a wrong code
give the same error, so nobody can learn which references exist.

IP addresses are not recorded for public reports: a child reporting anonymously stays anonymous.
"""

import functools
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Action, can
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.concerns import rules
from haven.concerns.models import (
    Concern,
    ConcernAddition,
    ConcernSource,
    PublicReply,
    PublicReport,
)
from haven.concerns.services.recording import (
    ConcernError,
    after_addition,
    new_reference,
    note_on_concern,
    queue_team_alert,
)
from haven.schools.models import School

MAX_PUBLIC_TEXT = 10_000


@functools.cache
def _dummy_hash() -> str:
    """Checked when a reference does not exist, so a miss takes as long as a wrong code."""
    return make_password("not-a-real-code")


class PublicReportNotFound(ConcernError):
    """No report matches that reference and code (the same answer for either being wrong)."""


@dataclass(frozen=True)
class PublicReportReceipt:
    concern: Concern
    reference: str
    # Show once. Empty when the same form was sent again after its receipt was shown.
    secret_code: str
    created: bool = True


@dataclass(frozen=True)
class PublicReplyView:
    sent_at: datetime
    text: str


@dataclass(frozen=True)
class PublicReportView:
    """All a reporter may see: the reference, the status word, and the school's replies."""

    reference: str
    status: str
    replies: list[PublicReplyView]


def new_secret_code() -> str:
    length = rules.SECRET_CODE_GROUPS * rules.SECRET_CODE_GROUP_LENGTH
    return rules.format_code(
        "".join(secrets.choice(rules.REFERENCE_ALPHABET) for _ in range(length))
    )


def _clean(text: str, what: str, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ConcernError(f"Tell us {what}.")
    if len(text) > MAX_PUBLIC_TEXT:
        raise ConcernError(f"Please keep {what} shorter (at most {MAX_PUBLIC_TEXT} characters).")
    return text


# How long the code is held (encrypted) for a resend of the same form, if the receipt page is
# never shown; reports.receipt_shown forgets it as soon as it is.
RECEIPT_HOLD = timedelta(minutes=10)


def sent_with(*, school: School, submission_id: uuid.UUID | None) -> PublicReportReceipt | None:
    """The report this form load already sent, with its code while the code is still held."""
    if submission_id is None:
        return None
    concern = (
        Concern.objects.filter(school=school, submission_id=submission_id, reported_by__isnull=True)
        .select_related("public_report")
        .first()
    )
    if concern is None:
        return None
    code = concern.public_report.receipt_code or ""
    return PublicReportReceipt(concern, concern.reference, code, created=False)


@transaction.atomic
def record_public_report(
    *,
    school: School,
    source: Literal["parent", "pupil"],
    narrative: str,
    child_description: str,
    contact_name: str = "",
    contact_method: str = "",
    contact_detail: str = "",
    anonymous: bool,
    urgent: bool = False,
    submission_id: uuid.UUID | None = None,
    context: AuditContext | None = None,
) -> PublicReportReceipt:
    """Save a parent's or pupil's report and queue the team's alert.

    The same school and submission_id again (a double-click, a resend) saves nothing and returns
    the report already saved (created=False), with its code while that is held.
    Audit: concerns.public_report_received (no actor, no IP). Outbox: concern_recorded.
    """
    if source not in (ConcernSource.PARENT, ConcernSource.PUPIL):
        raise ConcernError("A public report comes from a parent or carer, or from a pupil.")
    if existing := sent_with(school=school, submission_id=submission_id):
        return existing
    narrative = _clean(narrative, "what happened", required=True)
    now = timezone.now()
    code = new_secret_code()
    try:
        with transaction.atomic():
            concern = Concern.objects.create(
                school=school,
                reference=new_reference(),
                source=source,
                submission_id=submission_id,
                urgent=urgent,
                narrative=narrative,
                pupils_unknown=True,
                created_at=now,
            )
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request saved it first.
        if existing := sent_with(school=school, submission_id=submission_id):
            return existing
        raise
    PublicReport.objects.create(
        concern=concern,
        child_description=_clean(child_description, "about the child"),
        anonymous=anonymous,
        contact_name="" if anonymous else _clean(contact_name, "your name"),
        contact_method="" if anonymous else contact_method.strip()[:30],
        contact_detail="" if anonymous else _clean(contact_detail, "how to contact you"),
        secret_code_hash=make_password(rules.normalise_code(code)),
        receipt_code=code if submission_id is not None else None,
    )
    record(
        "concerns.public_report_received",
        actor=None,
        school=school,
        obj=concern,
        data={"reference": concern.reference, "source": source, "urgent": urgent},
    )
    queue_team_alert(concern, now)
    return PublicReportReceipt(concern=concern, reference=concern.reference, secret_code=code)


def forget_receipt_code(*, school: School, reference: str) -> None:
    """The receipt has been shown: from now on only the code's slow hash is kept."""
    PublicReport.objects.filter(
        concern__school=school, concern__reference=reference, receipt_code__isnull=False
    ).update(receipt_code=None)


def forget_held_receipt_codes(*, now: datetime | None = None) -> int:
    """Codes held longer than RECEIPT_HOLD (a receipt page never shown) are forgotten."""
    before = (now or timezone.now()) - RECEIPT_HOLD
    return PublicReport.objects.filter(
        receipt_code__isnull=False, concern__created_at__lt=before
    ).update(receipt_code=None)


def _find(reference: str, secret_code: str, school: School | None = None) -> Concern:
    """The public report with this reference and code (at this school, when given); the same
    error, after the same work, for a wrong reference, a wrong code and another school's report."""
    found = Concern.objects.filter(
        reference=rules.normalise_reference(reference or ""),
        source__in=[ConcernSource.PARENT, ConcernSource.PUPIL],
    )
    if school is not None:
        found = found.filter(school=school)
    concern = found.select_related("public_report", "case", "school").first()
    code = rules.normalise_code(secret_code or "")
    if concern is None:
        check_password(code, _dummy_hash())
        raise PublicReportNotFound("We could not find a report with that reference and code.")
    if not check_password(code, concern.public_report.secret_code_hash):
        raise PublicReportNotFound("We could not find a report with that reference and code.")
    return concern


@transaction.atomic
def add_to_public_report(
    *, reference: str, secret_code: str, text: str, school: School | None = None
) -> Concern:
    """The reporter adds more (appended, never edited); the team is alerted.
    Audit: concerns.information_added (no actor)."""
    concern = _find(reference, secret_code, school)
    text = _clean(text, "what you want to add", required=True)
    addition = ConcernAddition.objects.create(
        concern=concern, added_by=None, text=text, added_at=timezone.now()
    )
    after_addition(concern, addition, None, None)
    return concern


def public_report_status(
    *, reference: str, secret_code: str, school: School | None = None
) -> PublicReportView:
    """What the reporter may see. Audit: concerns.public_report_viewed (no actor), written only
    once the reference, the code and (when given) the school all match."""
    concern = _find(reference, secret_code, school)
    case_closed = concern.case is not None and concern.case.status == "closed"
    replies = [
        PublicReplyView(sent_at=reply.sent_at, text=reply.text)
        for reply in concern.public_replies.all()
    ]
    record("concerns.public_report_viewed", actor=None, school=concern.school, obj=concern)
    return PublicReportView(
        reference=concern.reference,
        status=rules.reporter_status(
            concern.status, case_closed=case_closed, replied=bool(replies)
        ),
        replies=replies,
    )


@transaction.atomic
def reply_to_public_report(
    *, actor: User, concern: Concern, text: str, context: AuditContext | None = None
) -> PublicReply:
    """The team's reply, which the reporter reads with their reference and code.
    Audit: concerns.public_reply_sent. Chronology: public_reply_sent for each linked pupil."""
    if not can(actor, Action.TRIAGE_CONCERN, concern):
        raise ConcernError("Only the safeguarding team can reply to a report.")
    if not concern.is_public:
        raise ConcernError("Only reports from parents, carers and pupils can be replied to here.")
    text = _clean(text, "your reply", required=True)
    reply = PublicReply.objects.create(
        concern=concern, text=text, sent_by=actor, sent_at=timezone.now()
    )
    note_on_concern(
        concern,
        action="concerns.public_reply_sent",
        actor=actor,
        context=context,
        data={"reply": str(reply.pk)},
        kind="public_reply_sent",
        summary=f"Reply sent to the person who made report {concern.reference}",
        at=reply.sent_at,
    )
    return reply
