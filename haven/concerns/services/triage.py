"""The safeguarding team's first steps on a concern: acknowledge it, then triage it into a new
case, into an open case about the same incident, or to no further action with a reason.

Each step is audited and written to each pupil's chronology in the same transaction.
"""

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import sees_case
from haven.alerts.services import acknowledge_alerts
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.models import Case, CaseStatus
from haven.cases.services import (
    CaseError,
    PupilInCase,
    add_pupil_to_case,
    open_case,
    reassess_case,
)
from haven.chronology.services import add_entry
from haven.concerns.models import Concern, ConcernPupil, ConcernStatus
from haven.concerns.services.recording import ConcernError
from haven.schools.models import Pupil
from haven.schools.parts import Parts, parts_label, parts_of


def _locked(concern: Concern) -> Concern:
    """The concern's row, locked for this transaction, so two people cannot triage it at once."""
    return (
        Concern.objects.select_for_update(of=("self",))
        .select_related("school", "case")
        .get(pk=concern.pk)
    )


def _links(concern: Concern) -> list[ConcernPupil]:
    return list(concern.concern_pupils.select_related("pupil").order_by("added_at", "pk"))


def _pupils(concern: Concern) -> list[Pupil]:
    return [link.pupil for link in _links(concern)]


def _acknowledge(concern: Concern, actor: User) -> bool:
    if concern.status != ConcernStatus.NEW:
        return False
    now = timezone.now()
    concern.status = ConcernStatus.ACKNOWLEDGED
    concern.acknowledged_at, concern.acknowledged_by = now, actor
    concern.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_at"])
    acknowledge_alerts(concern=concern, now=now)
    return True


@transaction.atomic
def acknowledge_concern(
    *, actor: User, concern: Concern, context: AuditContext | None = None
) -> Concern:
    """Say the team has the concern in hand: stops escalation. Doing it twice changes nothing.
    Audit: concerns.concern_acknowledged. Chronology: concern_acknowledged."""
    concern = _locked(concern)
    if _acknowledge(concern, actor):
        record(
            "concerns.concern_acknowledged",
            actor=actor,
            school=concern.school,
            obj=concern,
            context=context,
        )
        add_entry(
            pupils=_pupils(concern),
            kind="concern_acknowledged",
            summary=f"Concern {concern.reference} acknowledged by the safeguarding team",
            occurred_at=concern.acknowledged_at or timezone.now(),
            recorded_by=actor,
            obj=concern,
        )
    return concern


def _untriaged(concern: Concern) -> None:
    if not concern.is_untriaged:
        raise ConcernError("This concern has already been triaged.")


def _finish_triage(
    concern: Concern,
    actor: User,
    *,
    status: ConcernStatus,
    outcome: str,
    summary: str,
    case: Case | None = None,
    context: AuditContext | None,
) -> None:
    _acknowledge(concern, actor)
    concern.status = status
    concern.triaged_at, concern.triaged_by = timezone.now(), actor
    concern.case = case
    concern.save(
        update_fields=[
            "status",
            "triaged_at",
            "triaged_by",
            "case",
            "no_further_action_reason",
            "updated_at",
        ]
    )
    record(
        "concerns.concern_triaged",
        actor=actor,
        school=concern.school,
        obj=concern,
        context=context,
        data={"outcome": outcome, "case": str(case.pk) if case else None},
    )
    add_entry(
        pupils=_pupils(concern),
        kind=f"concern_{outcome}",
        summary=summary,
        occurred_at=concern.triaged_at,
        recorded_by=actor,
        case=case,
        obj=concern,
    )


@transaction.atomic
def open_case_from_concern(
    *, actor: User, concern: Concern, title: str, context: AuditContext | None = None
) -> Case:
    """Open a new case with the concern's pupils (and their parts), and put the concern in it.

    Audit: cases.case_opened (by the case workflow) and concerns.concern_triaged (new_case).
    """
    concern = _locked(concern)
    _untriaged(concern)
    links = _links(concern)
    if not links:
        raise ConcernError("Link the pupils this concern is about before opening a case.")
    if not title.strip():
        raise ConcernError("Give the case a short title.")
    try:
        case = open_case(
            actor=actor,
            school=concern.school,
            title=title.strip()[:120],
            pupils=[PupilInCase(link.pupil, link.parts) for link in links],
        )
    except CaseError as error:
        raise ConcernError(str(error)) from error
    _finish_triage(
        concern,
        actor,
        status=ConcernStatus.IN_CASE,
        outcome="new_case",
        summary=f"Concern {concern.reference}: new case {case.reference} opened",
        case=case,
        context=context,
    )
    return case


@transaction.atomic
def add_concern_to_case(
    *, actor: User, concern: Concern, case: Case, context: AuditContext | None = None
) -> Case:
    """Put the concern in an open case about the same incident, adding any pupil not yet in it.

    The rules run again: the concern may say it happened earlier than the case knew, which can
    change the age a pupil was then (a fact that arrives late).
    Audit: concerns.concern_triaged (existing_case), and cases.pupil_added for each new pupil.
    """
    concern = _locked(concern)
    _untriaged(concern)
    if (
        case.school_id != concern.school_id
        or case.status != CaseStatus.OPEN
        or not sees_case(actor, case)  # restricted, and not theirs to see: as if not there
    ):
        raise ConcernError("Choose an open case at this school.")
    for link in _links(concern):
        add_pupil_to_case(actor=actor, case=case, pupil=link.pupil, role=link.parts)
    _finish_triage(
        concern,
        actor,
        status=ConcernStatus.IN_CASE,
        outcome="existing_case",
        summary=f"Concern {concern.reference} added to case {case.reference}",
        case=case,
        context=context,
    )
    reassess_case(actor=actor, case=case)
    return case


@transaction.atomic
def record_no_further_action(
    *, actor: User, concern: Concern, reason: str, context: AuditContext | None = None
) -> Concern:
    """Close the concern without a case. The reason is required and kept encrypted; the decision
    stays on each pupil's chronology. Audit: concerns.concern_triaged (no_further_action)."""
    concern = _locked(concern)
    _untriaged(concern)
    if not reason.strip():
        raise ConcernError("Say why no further action is needed.")
    concern.no_further_action_reason = reason.strip()
    _finish_triage(
        concern,
        actor,
        status=ConcernStatus.NO_FURTHER_ACTION,
        outcome="no_further_action",
        summary=f"Concern {concern.reference}: no further action (reason recorded)",
        context=context,
    )
    return concern


@transaction.atomic
def link_pupil(
    *,
    actor: User,
    concern: Concern,
    pupil: Pupil,
    role: Parts,
    context: AuditContext | None = None,
) -> ConcernPupil:
    """Say which pupil a concern is about (a parent's or pupil's report, or a pupil staff did not
    name). If the concern is in a case, the pupil joins the case too.

    Audit: concerns.pupil_linked. Chronology: concern_recorded, at the time of the concern.
    """
    concern = _locked(concern)
    if pupil.school_id != concern.school_id:
        raise ConcernError("The pupil is not at this concern's school.")
    link, created = ConcernPupil.objects.get_or_create(
        concern=concern, pupil=pupil, defaults={"roles": parts_of(role), "linked_by": actor}
    )
    if not created:
        return link
    record(
        "concerns.pupil_linked",
        actor=actor,
        school=concern.school,
        pupil=pupil,
        obj=concern,
        context=context,
        data={"roles": parts_of(role)},
    )
    add_entry(
        pupils=[pupil],
        kind="concern_recorded",
        summary=f"Concern {concern.reference} from a {concern.get_source_display().lower()} "
        f"({parts_label(parts_of(role))})",
        occurred_at=concern.created_at,
        recorded_by=actor,
        case=concern.case,
        obj=concern,
    )
    if concern.case is not None and concern.case.status == CaseStatus.OPEN:
        add_pupil_to_case(actor=actor, case=concern.case, pupil=pupil, role=role)
    Concern.objects.filter(pk=concern.pk).update(updated_at=timezone.now())
    return link
