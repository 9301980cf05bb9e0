"""Referrals to other agencies, help to take imagery down, and asking young people to delete it."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    AgeInImage,
    Case,
    DeletionRequest,
)
from haven.cases.services.core import CaseError, begin, check_pupil, log_step, required_text
from haven.schools.models import Pupil

# Why a route is not open, by the age in the image (`rules.takedown_routes`).
_NOT_OPEN = {
    AgeInImage.UNDER_18: "StopNCII is only for images of someone 18 or over.",
    AgeInImage.ADULT: "Report Remove and Take It Down are only for images of someone under 18.",
    AgeInImage.NOT_KNOWN: (
        "StopNCII is only for images of someone 18 or over: while their age in the image is not"
        " known, offer a route for under-18s."
    ),
}


@transaction.atomic
def ask_to_delete(
    *, actor: User, case: Case, expected_version: int, pupils: Sequence[Pupil], deadline: date
) -> list[DeletionRequest]:
    """The young people were asked to delete the imagery from every device, cloud store and
    account, and to confirm by the deadline. Audit: cases.deletion_requested (one per pupil)."""
    begin(case, expected_version)
    if not pupils:
        raise CaseError("Choose who was asked to delete it.")
    if deadline < timezone.localdate():
        raise CaseError("The deadline cannot be in the past.")
    requests = []
    for pupil in pupils:
        check_pupil(case, pupil)
        request = DeletionRequest.objects.create(
            case=case, pupil=pupil, asked_at=timezone.now(), asked_by=actor, deadline=deadline
        )
        log_step(
            actor=actor,
            case=case,
            action="cases.deletion_requested",
            summary=f"Asked to delete the imagery by {deadline:%d/%m/%Y}",
            obj=request,
            pupils=[pupil],
            data={"deadline": deadline.isoformat()},
        )
        requests.append(request)
    return requests


@transaction.atomic
def confirm_deletion(
    *, actor: User, request: DeletionRequest, expected_version: int, note: str = ""
) -> DeletionRequest:
    """The young person confirmed they deleted it. Audit: cases.deletion_confirmed."""
    case = request.case
    begin(case, expected_version)
    if request.confirmed_at is not None:
        raise CaseError("This is already confirmed.")
    if request.closed_at is not None:
        raise CaseError("This request was closed without confirmation.")
    request.confirmed_at, request.confirmed_by, request.note = timezone.now(), actor, note.strip()
    request.save(update_fields=["confirmed_at", "confirmed_by", "note"])
    log_step(
        actor=actor,
        case=case,
        action="cases.deletion_confirmed",
        summary="Deletion of the imagery confirmed",
        obj=request,
        pupils=[request.pupil],
        data={"late": request.confirmed_at.date() > request.deadline},
    )
    return request


@transaction.atomic
def close_deletion_unconfirmed(
    *, actor: User, request: DeletionRequest, expected_version: int, reason: str
) -> DeletionRequest:
    """Close a request to delete the imagery that was never confirmed, with the reason (the
    young person left the school; the police took the device). Audit: cases.deletion_closed."""
    case = request.case
    begin(case, expected_version)
    if request.is_settled:
        raise CaseError("This request is already confirmed or closed.")
    request.closed_reason = required_text(reason, "Say why it is closed without confirmation.")
    request.closed_at, request.closed_by = timezone.now(), actor
    request.save(update_fields=["closed_reason", "closed_at", "closed_by"])
    log_step(
        actor=actor,
        case=case,
        action="cases.deletion_closed",
        summary="Request to delete the imagery closed without confirmation",
        obj=request,
        pupils=[request.pupil],
    )
    return request
