"""Devices held, the support plan, follow-up reviews and the typology for reports."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import roles_at
from haven.cases.models import (
    ActionStatus,
    Case,
    ConfiscatedDevice,
    Custody,
    FollowUpReview,
    SupportAction,
    Typology,
)
from haven.cases.services.core import CaseError, begin, check_pupil, log_step, required_text
from haven.schools.models import Pupil, Role


def _staff_at(user: User, case: Case, what: str) -> None:
    if not roles_at(user, case.school_id) - {Role.SCHOOL_ADMIN}:
        raise CaseError(f"The {what} must be a member of staff at this school.")


@transaction.atomic
def record_confiscation(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    description: str,
    confiscated_at: datetime,
    switched_off: bool,
    stored_where: str,
    pupil: Pupil | None = None,
    owner: str = "",
    confiscated_by: User | None = None,
) -> ConfiscatedDevice:
    """A device believed to hold imagery was confiscated: nobody looks at what is on it; it is
    switched off and kept secure. Audit: cases.device_confiscated."""
    begin(case, expected_version)
    check_pupil(case, pupil)
    if pupil is None and not owner.strip():
        raise CaseError("Say whose device it is.")
    if confiscated_at > timezone.now():
        raise CaseError("The time it was taken cannot be in the future.")
    taker = confiscated_by or actor
    _staff_at(taker, case, "person who took it")
    device = ConfiscatedDevice.objects.create(
        case=case,
        pupil=pupil,
        owner=owner.strip(),
        description=required_text(description, "Describe the device."),
        confiscated_at=confiscated_at,
        confiscated_by=taker,
        switched_off=switched_off,
        stored_where=required_text(stored_where, "Say where it is kept."),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.device_confiscated",
        summary="Device confiscated and held in school",
        obj=device,
        pupils=[pupil] if pupil else None,
        data={"device": str(device.pk), "switched_off": switched_off},
        occurred_at=confiscated_at,
    )
    return device


@transaction.atomic
def record_device_handover(
    *,
    actor: User,
    device: ConfiscatedDevice,
    expected_version: int,
    custody: Custody,
    handed_to: str,
    handed_at: datetime,
) -> ConfiscatedDevice:
    """The device left the school's keeping: given to the police, or returned. Audit:
    cases.device_handed_over."""
    case = device.case
    begin(case, expected_version)
    if not device.is_held:
        raise CaseError("This device has already been handed over.")
    if custody == Custody.HELD or custody not in Custody.values:
        raise CaseError("Say where the device went.")
    if handed_at > timezone.now() or handed_at < device.confiscated_at:
        raise CaseError("The handover time must be after it was taken and not in the future.")
    device.custody, device.handed_at, device.handed_by = custody, handed_at, actor
    device.handed_to = required_text(handed_to, "Say who it was handed to.")
    device.save(update_fields=["custody", "handed_to", "handed_at", "handed_by"])
    log_step(
        actor=actor,
        case=case,
        action="cases.device_handed_over",
        summary=f"Device: {device.get_custody_display()}",
        obj=device,
        pupils=[device.pupil] if device.pupil else None,
        data={"device": str(device.pk), "custody": str(custody)},
        occurred_at=handed_at,
    )
    return device


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
    _staff_at(owner, case, "owner")
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
def schedule_follow_up(
    *, actor: User, case: Case, expected_version: int, due_on: date
) -> FollowUpReview:
    """Book a follow-up review of the case. Audit: cases.follow_up_booked."""
    begin(case, expected_version)
    if due_on < timezone.localdate():
        raise CaseError("The review date cannot be in the past.")
    review = FollowUpReview.objects.create(case=case, due_on=due_on, scheduled_by=actor)
    log_step(
        actor=actor,
        case=case,
        action="cases.follow_up_booked",
        summary=f"Follow-up review booked for {due_on:%d/%m/%Y}",
        obj=review,
        data={"due": due_on.isoformat()},
    )
    return review


@transaction.atomic
def record_follow_up_held(
    *, actor: User, review: FollowUpReview, expected_version: int, notes: str
) -> FollowUpReview:
    """The follow-up review was held: what it found. Audit: cases.follow_up_held."""
    case = review.case
    begin(case, expected_version)
    if review.held_at is not None:
        raise CaseError("This review is already recorded.")
    review.notes = required_text(notes, "Say what the review found.")
    review.held_at, review.held_by = timezone.now(), actor
    review.save(update_fields=["notes", "held_at", "held_by"])
    log_step(
        actor=actor,
        case=case,
        action="cases.follow_up_held",
        summary="Follow-up review held",
        obj=review,
    )
    return review


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
    from haven.cases.services.review import SEXTORTION_FACTS, current_review

    review = current_review(case)
    circumstances = review.facts["circumstances"] if review else {}
    if not any(circumstances.get(key) for key in SEXTORTION_FACTS):
        raise CaseError(
            "You said this is sextortion: first update the initial review, answering yes to"
            " threats or blackmail, or to money or more images demanded, so the rules can see it."
        )
