"""Subject access: what is held about a pupil, for a request from the pupil or a parent.

The DSL (or the headteacher) records the request, chooses what to redact (third parties' names and
details: the other pupils in a shared case are suggested), previews the file with the redactions,
and releases it. Releasing renders the redacted PDF and keeps it, encrypted, as it was released:
what the family was given can always be shown. Each step is audited; the redactions themselves
(names) are encrypted, never in the audit log.
"""

import base64
import hashlib
import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.lib.pdf import render_pdf
from haven.records import rules, transfer
from haven.records.models import Requester, SubjectAccessRequest
from haven.schools.models import Pupil

MAX_REQUESTER = 200


class SubjectAccessRefused(Refused):
    """A subject access step the rules do not allow; the message says why."""


def _audit(
    code: str,
    actor: User,
    sar: SubjectAccessRequest,
    context: AuditContext | None,
    **data: object,
) -> None:
    record(
        code,
        actor=actor,
        school=sar.school_id,
        pupil=sar.pupil_id,
        obj=sar,
        context=context,
        data=data or None,
    )


@transaction.atomic
def start_request(
    *,
    actor: User,
    pupil: Pupil,
    requester_kind: str,
    requester: str,
    received_on: date,
    context: AuditContext | None = None,
) -> SubjectAccessRequest:
    if requester_kind not in Requester.values:
        raise SubjectAccessRefused("Say whether the pupil or a parent or carer asked.")
    if not requester.strip():
        raise SubjectAccessRefused("Say who asked.")
    sar = SubjectAccessRequest.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        requester_kind=requester_kind,
        requester=requester.strip()[:MAX_REQUESTER],
        received_on=received_on,
        started_by=actor,
        started_at=timezone.now(),
    )
    _audit("records.subject_access_started", actor, sar, context, requester=requester_kind)
    return sar


def redactions_of(sar: SubjectAccessRequest) -> list[str]:
    return list(json.loads(sar.redactions or "[]"))


@transaction.atomic
def set_redactions(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    phrases: list[str],
    context: AuditContext | None = None,
) -> SubjectAccessRequest:
    locked = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if locked.released:
        raise SubjectAccessRefused("This file has been released: its redactions cannot change.")
    chosen = rules.redaction_list(phrases)
    locked.redactions = json.dumps(chosen, ensure_ascii=False)
    locked.save(update_fields=["redactions"])
    _audit("records.subject_access_redacted", actor, locked, context, redactions=len(chosen))
    return locked


def preview(sar: SubjectAccessRequest) -> dict[str, Any]:
    """The file with the redactions applied, as it would be released (no change, no audit:
    the page that shows it records the viewing)."""
    file = transfer.build(
        sar.pupil, to_school="", package_id=str(sar.pk), installation=transfer.installation()
    )
    redacted = rules.redact(file, redactions_of(sar))
    return {"file": redacted, "timeline": transfer.timeline(redacted), "sar": sar}


@transaction.atomic
def release(
    *, actor: User, sar: SubjectAccessRequest, context: AuditContext | None = None
) -> SubjectAccessRequest:
    """Render the redacted PDF and keep it, encrypted, exactly as released."""
    locked = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if locked.released:
        raise SubjectAccessRefused("This file has been released already.")
    pdf = render_pdf("records/pdf/subject_access.html", preview(locked))
    locked.pdf = base64.b64encode(pdf).decode()
    locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    locked.released_by, locked.released_at = actor, timezone.now()
    locked.save(update_fields=["pdf", "pdf_sha256", "released_by", "released_at"])
    _audit(
        "records.subject_access_released",
        actor,
        locked,
        context,
        redactions=len(redactions_of(locked)),
        pdf_sha256=locked.pdf_sha256,
    )
    return locked


def released_pdf(sar: SubjectAccessRequest) -> bytes:
    if not sar.released:
        raise SubjectAccessRefused("This file has not been released.")
    return base64.b64decode(sar.pdf)
