"""Recording a concern and adding to it. Each change writes its audit event, the pupils'
chronology entries and any outbox rows in the same transaction."""

import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.alerts.models import AlertReason, OutboxKind, OutboxMessage
from haven.alerts.people import team_of
from haven.alerts.services import enqueue_delivery, notify
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.chronology.services import add_entry
from haven.concerns import rules
from haven.concerns.attachments import AcceptedDocument
from haven.concerns.models import (
    ActionTaken,
    Concern,
    ConcernAddition,
    ConcernAttachment,
    ConcernPupil,
    ConcernSource,
    Platform,
)
from haven.lib.uploads import MAX_DOCUMENTS
from haven.schools.models import Pupil, School
from haven.schools.parts import Parts, parts_label, parts_of


class ConcernError(Exception):
    """A change that cannot be made; the message says why, in words for the person making it."""


@dataclass(frozen=True)
class PupilInConcern:
    """A pupil the concern is about, in one part or several (`role`, read by `parts_of`)."""

    pupil: Pupil
    role: Parts


@dataclass(frozen=True)
class ConcernDetails:
    """What a member of staff told Haven (narrative fields are encrypted when saved)."""

    narrative: str
    urgent: bool
    occurred_on: date | None = None
    location: str = ""
    platforms: Sequence[str] = field(default_factory=tuple)
    platforms_other: str = ""
    actions_taken: Sequence[str] = field(default_factory=tuple)
    actions_detail: str = ""
    pupils_unknown: bool = False


@dataclass(frozen=True)
class Recorded:
    concern: Concern
    created: bool  # False when the same form was sent again: this is the concern saved first


def new_reference() -> str:
    """A short reference nobody will misread, not yet used by any concern."""
    while True:
        letters = "".join(
            secrets.choice(rules.REFERENCE_ALPHABET) for _ in range(rules.REFERENCE_LENGTH)
        )
        reference = f"{rules.REFERENCE_PREFIX}{letters}"
        if not Concern.objects.filter(reference=reference).exists():
            return reference


def _check(school: School, details: ConcernDetails, pupils: Sequence[PupilInConcern]) -> None:
    if not details.narrative.strip():
        raise ConcernError("Say what you were told or what you saw.")
    if not pupils and not details.pupils_unknown:
        raise ConcernError("Choose the pupils this is about, or say that you do not know.")
    if any(p.pupil.school_id != school.pk for p in pupils):
        raise ConcernError("Every pupil must be at the school the concern is for.")
    if set(details.platforms) - set(Platform.values):
        raise ConcernError("Choose apps and websites from the list.")
    if set(details.actions_taken) - set(ActionTaken.values):
        raise ConcernError("Choose what you have done from the list.")


def _replay(actor: User, submission_id: uuid.UUID) -> Concern | None:
    return Concern.objects.filter(reported_by=actor, submission_id=submission_id).first()


def chronology_by_role(
    *,
    concern: Concern,
    pupils: Sequence[PupilInConcern],
    summary: str,
    kind: str,
    occurred_at: datetime,
    actor: User | None,
) -> None:
    """One chronology line per pupil, naming their part ("received it", "pictured in it")."""
    by_role: dict[str, list[Pupil]] = defaultdict(list)
    for link in pupils:
        by_role[parts_label(parts_of(link.role))].append(link.pupil)
    for role_label, group in by_role.items():
        add_entry(
            pupils=group,
            kind=kind,
            summary=f"{summary} ({role_label})",
            occurred_at=occurred_at,
            recorded_by=actor,
            obj=concern,
        )


@transaction.atomic
def record_concern(
    *,
    actor: User,
    school: School,
    submission_id: uuid.UUID,
    details: ConcernDetails,
    pupils: Sequence[PupilInConcern],
    attachments: Sequence[AcceptedDocument] = (),
    context: AuditContext | None = None,
) -> Recorded:
    """Save a member of staff's concern, and queue the team's alert.

    The same actor and submission_id again returns the concern already saved (created=False).
    Audit: concerns.concern_recorded. Chronology: concern_recorded for each pupil. Outbox:
    concern_recorded (the worker alerts the safeguarding team).
    """
    if existing := _replay(actor, submission_id):
        return Recorded(existing, created=False)
    _check(school, details, pupils)
    if len(attachments) > MAX_DOCUMENTS:
        raise ConcernError(f"Attach at most {MAX_DOCUMENTS} documents.")
    now = timezone.now()
    try:
        with transaction.atomic():
            concern = _create(actor, school, submission_id, details, now)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request saved it first.
        if existing := _replay(actor, submission_id):
            return Recorded(existing, created=False)
        raise
    ConcernPupil.objects.bulk_create(
        ConcernPupil(concern=concern, pupil=p.pupil, roles=parts_of(p.role)) for p in pupils
    )
    _save_attachments(concern, attachments, actor, now)
    record(
        "concerns.concern_recorded",
        actor=actor,
        school=school,
        obj=concern,
        context=context,
        data={
            "reference": concern.reference,
            "source": ConcernSource.STAFF.value,
            "pupils": [str(p.pupil.pk) for p in pupils],
            "urgent": details.urgent,
            "attachments": len(attachments),
        },
    )
    chronology_by_role(
        concern=concern,
        pupils=pupils,
        summary=f"Concern {concern.reference} recorded by a member of staff",
        kind="concern_recorded",
        occurred_at=now,
        actor=actor,
    )
    queue_team_alert(concern, now)
    return Recorded(concern, created=True)


def _create(
    actor: User, school: School, submission_id: uuid.UUID, details: ConcernDetails, now: datetime
) -> Concern:
    return Concern.objects.create(
        school=school,
        reference=new_reference(),
        source=ConcernSource.STAFF,
        reported_by=actor,
        submission_id=submission_id,
        urgent=details.urgent,
        narrative=details.narrative.strip(),
        occurred_on=details.occurred_on,
        location=details.location.strip(),
        platforms=list(details.platforms),
        platforms_other=details.platforms_other.strip()[:200],
        actions_taken=list(details.actions_taken),
        actions_detail=details.actions_detail.strip(),
        pupils_unknown=details.pupils_unknown,
        created_at=now,
    )


def _save_attachments(
    concern: Concern, attachments: Sequence[AcceptedDocument], actor: User, now: datetime
) -> None:
    """Only the documents' words are kept (encrypted), never the files."""
    ConcernAttachment.objects.bulk_create(
        ConcernAttachment(
            concern=concern,
            kind=document.kind.value,
            name=document.name,
            size=document.size,
            pages=document.pages,
            text=document.text,
            uploaded_by=actor,
            uploaded_at=now,
        )
        for document in attachments
    )


def queue_team_alert(concern: Concern, now: datetime) -> None:
    """The outbox row that makes the worker alert the team, and a nudge to deliver it now."""
    OutboxMessage.objects.create(
        kind=OutboxKind.CONCERN_RECORDED, concern=concern, created_at=now, next_attempt_at=now
    )
    transaction.on_commit(enqueue_delivery, robust=True)


@transaction.atomic
def add_to_concern(
    *, actor: User, concern: Concern, text: str, context: AuditContext | None = None
) -> ConcernAddition:
    """Append further information (never an edit). Audit: concerns.information_added.
    Chronology: concern_added_to. Alerts the rest of the team."""
    if not text.strip():
        raise ConcernError("Write the further information you want to add.")
    now = timezone.now()
    addition = ConcernAddition.objects.create(
        concern=concern, added_by=actor, text=text.strip(), added_at=now
    )
    after_addition(concern, addition, actor, context)
    return addition


def note_on_concern(
    concern: Concern,
    *,
    action: str,
    actor: User | None,
    context: AuditContext | None,
    data: dict[str, str],
    kind: str,
    summary: str,
    at: datetime,
) -> None:
    """The trail each addition to a concern leaves, in the caller's transaction: its audit event
    (ids only), the same entry on every linked pupil's chronology, and the concern's time."""
    record(action, actor=actor, school=concern.school_id, obj=concern, context=context, data=data)
    add_entry(
        pupils=list(concern.pupils.all()),
        kind=kind,
        summary=summary,
        occurred_at=at,
        recorded_by=actor,
        case=concern.case,
        obj=concern,
    )
    Concern.objects.filter(pk=concern.pk).update(updated_at=at)


def after_addition(
    concern: Concern, addition: ConcernAddition, actor: User | None, context: AuditContext | None
) -> None:
    note_on_concern(
        concern,
        action="concerns.information_added",
        actor=actor,
        context=context,
        data={"addition": str(addition.pk)},
        kind="concern_added_to",
        summary=f"Further information added to concern {concern.reference}",
        at=addition.added_at,
    )
    notify(
        recipients=[u for u in team_of(concern.school) if actor is None or u.pk != actor.pk],
        school=concern.school,
        reason=AlertReason.NEW_INFORMATION,
        concern=concern,
    )
