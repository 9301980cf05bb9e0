"""Devices held, the support plan, follow-up reviews and the typology for reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    ActionStatus,
    Case,
    SupportAction,
    Typology,
)
from haven.cases.services.core import (
    CaseError,
    begin,
    check_pupil,
    log_step,
    required_text,
    staff_at_school,
)
from haven.cases.services.review import SEXTORTION_FACTS, current_review
from haven.schools.models import Pupil


@transaction.atomic
def add_action(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    description: str,
    owner: User,
    due_on: date,
    pupil: Pupil | None = None,
) -> SupportAction:
    """Add an action to the support plan. Audit: cases.action_added."""
    begin(case, expected_version)
    check_pupil(case, pupil)
    staff_at_school(owner, case, "owner")
    action = SupportAction.objects.create(
        case=case,
        pupil=pupil,
        description=required_text(description, "Say what needs doing."),
        owner=owner,
        due_on=due_on,
        created_by=actor,
        created_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.action_added",
        summary=f"Support action added, due {due_on:%d/%m/%Y}",
        obj=action,
        pupils=[pupil] if pupil else None,
        data={"action": str(action.pk), "owner": owner.pk, "due": due_on.isoformat()},
    )
    return action


@transaction.atomic
def close_action(
    *,
    actor: User,
    action: SupportAction,
    expected_version: int,
    status: ActionStatus,
    note: str = "",
) -> SupportAction:
    """Mark an action done, or cancelled (which needs a note saying why).
    Audit: cases.action_done or cases.action_cancelled."""
    case = action.case
    begin(case, expected_version)
    if not action.is_open:
        raise CaseError("This action is already closed.")
    if status == ActionStatus.CANCELLED:
        note = required_text(note, "Say why the action is cancelled.")
    elif status != ActionStatus.DONE:
        raise CaseError("Choose done or cancelled.")
    action.status, action.closing_note = status, note.strip()
    action.closed_at, action.closed_by = timezone.now(), actor
    action.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    log_step(
        actor=actor,
        case=case,
        action=f"cases.action_{status}",
        summary=f"Support action {action.get_status_display().lower()}",
        obj=action,
        pupils=[action.pupil] if action.pupil else None,
        data={"action": str(action.pk)},
    )
    return action


@transaction.atomic
def record_typology(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    typology: Typology,
    ai_generated: bool,
    sextortion: bool,
) -> Case:
    """The incident's type, for reports. Audit: cases.typology_recorded."""
    begin(case, expected_version)
    if typology not in Typology.values:
        raise CaseError("Choose a type.")
    if sextortion and not case.sextortion:
        _check_sextortion_facts(case)
    case.typology, case.ai_generated, case.sextortion = typology, ai_generated, sextortion
    case.save(update_fields=["typology", "ai_generated", "sextortion"])
    log_step(
        actor=actor,
        case=case,
        action="cases.typology_recorded",
        summary=f"Type recorded: {case.get_typology_display()}",
        data={"typology": str(typology), "ai": ai_generated, "sextortion": sextortion},
    )
    return case


def _check_sextortion_facts(case: Case) -> None:
    """Sextortion reaches the rules through the review's answers (threats or blackmail, money or
    more images demanded): calling a case sextortion that the review does not show would leave the
    rules allowing an override. Say which answers to change."""

    review = current_review(case)
    circumstances = review.facts["circumstances"] if review else {}
    if not any(circumstances.get(key) for key in SEXTORTION_FACTS):
        raise CaseError(
            "You said this is sextortion: first update the initial review, answering yes to"
            " threats or blackmail, or to money or more images demanded, so the rules can see it."
        )
