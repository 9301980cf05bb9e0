"""Referrals to other agencies, help to take imagery down, and asking young people to delete it."""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    AgeInImage,
    Agency,
    Case,
    DeletionRequest,
    Referral,
    ReferralMethod,
    TakedownHelp,
    TakedownOutcome,
    TakedownRoute,
)
from haven.cases.rules import next_working_day, takedown_routes
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


def _not_future(when: datetime, what: str) -> None:
    if when > timezone.now():
        raise CaseError(f"The {what} cannot be in the future.")


@transaction.atomic
def record_referral(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    agency: Agency,
    made_at: datetime,
    method: ReferralMethod,
    shared: str,
    reference_number: str = "",
    made_by: User | None = None,
) -> Referral:
    """Record a referral made to another agency. An acknowledgement is expected by the next
    working day (children's social care acknowledges within one). A referral to children's social
    care or the police answers a required referral. Audit: cases.referral_recorded.
    """
    begin(case, expected_version)
    _not_future(made_at, "time of the referral")
    referral = Referral.objects.create(
        case=case,
        agency=agency,
        made_at=made_at,
        method=method,
        made_by=made_by or actor,
        reference_number=reference_number.strip(),
        shared=required_text(shared, "Say what was shared."),
        recorded_at=timezone.now(),
        acknowledgement_due=next_working_day(timezone.localdate(made_at)),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_recorded",
        summary=f"Referral recorded: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk), "agency": str(agency), "method": str(method)},
        occurred_at=made_at,
    )
    return referral


@transaction.atomic
def record_acknowledgement(
    *,
    actor: User,
    referral: Referral,
    expected_version: int,
    acknowledged_at: datetime,
    reference_number: str = "",
) -> Referral:
    """The agency acknowledged the referral. Audit: cases.referral_acknowledged."""
    case = referral.case
    begin(case, expected_version)
    if referral.acknowledged_at is not None:
        raise CaseError("The acknowledgement is already recorded.")
    _not_future(acknowledged_at, "time of the acknowledgement")
    if acknowledged_at < referral.made_at:
        raise CaseError("The acknowledgement cannot come before the referral.")
    referral.acknowledged_at = acknowledged_at
    if reference_number.strip():
        referral.reference_number = reference_number.strip()
    referral.save(update_fields=["acknowledged_at", "reference_number"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_acknowledged",
        summary=f"Referral acknowledged: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
        occurred_at=acknowledged_at,
    )
    return referral


@transaction.atomic
def record_referral_chase(
    *, actor: User, referral: Referral, expected_version: int, chased_at: datetime, note: str
) -> Referral:
    """No acknowledgement came, and the school chased it: when and how. A chased referral no
    longer stops the case closing; the acknowledgement can still be recorded when it comes.
    Audit: cases.referral_chased."""
    case = referral.case
    begin(case, expected_version)
    if referral.acknowledged_at is not None:
        raise CaseError("The referral is already acknowledged: there is nothing to chase.")
    _not_future(chased_at, "time you chased it")
    if chased_at < referral.made_at:
        raise CaseError("You cannot chase it before the referral was made.")
    referral.chase_note = required_text(note, "Say how you chased it, and what they said.")
    referral.chased_at = chased_at
    referral.save(update_fields=["chased_at", "chase_note"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_chased",
        summary=f"Referral chased: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
        occurred_at=chased_at,
    )
    return referral


@transaction.atomic
def record_referral_outcome(
    *, actor: User, referral: Referral, expected_version: int, outcome: str, feedback: str = ""
) -> Referral:
    """What the agency decided, and any feedback. Audit: cases.referral_outcome_recorded."""
    case = referral.case
    begin(case, expected_version)
    referral.outcome = required_text(outcome, "Say what the agency decided.")
    referral.feedback = feedback.strip()
    referral.outcome_recorded_at = timezone.now()
    referral.save(update_fields=["outcome", "feedback", "outcome_recorded_at"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_outcome_recorded",
        summary=f"Referral outcome recorded: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
    )
    return referral


@transaction.atomic
def record_takedown_help(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupil: Pupil,
    route: TakedownRoute,
    helped_to: str,
    platform: str = "",
    age_in_image: AgeInImage = AgeInImage.NOT_KNOWN,
) -> TakedownHelp:
    """A pupil was offered help to have imagery of them taken down. Staff never upload or view
    it. Which routes suit the imagery depends on whether they were under 18 when it was made
    (StopNCII only when known to be 18 or over in it); Report Remove also needs the young person,
    who reports it themselves, to be under 18 today (`rules.takedown_routes`).
    Audit: cases.takedown_help_offered."""
    begin(case, expected_version)
    check_pupil(case, pupil)
    if route not in TakedownRoute.values:
        raise CaseError("Choose a route.")
    if age_in_image not in AgeInImage.values:
        raise CaseError("Say whether they were under 18 when the image was made.")
    age_now = pupil.age_on(timezone.localdate())
    if route not in takedown_routes(age_in_image):
        raise CaseError(_NOT_OPEN[AgeInImage(age_in_image)])
    if route not in takedown_routes(age_in_image, reporter_age=age_now):
        raise CaseError(
            "Report Remove is for young people under 18 today: Childline checks their age. Offer"
            " Take It Down (for images taken under 18), the platform's own tools, or the police."
        )
    if route == TakedownRoute.PLATFORM and not platform.strip():
        raise CaseError("Name the platform.")
    help_ = TakedownHelp.objects.create(
        case=case,
        pupil=pupil,
        route=route,
        age_in_image=age_in_image,
        platform=platform.strip(),
        helped_to=required_text(helped_to, "Say what they were helped to do."),
        offered_at=timezone.now(),
        offered_by=actor,
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.takedown_help_offered",
        summary=f"Take-down help offered: {help_.get_route_display()}",
        obj=help_,
        pupils=[pupil],
        data={"route": str(route), "age_in_image": str(age_in_image)},
    )
    return help_


@transaction.atomic
def record_takedown_outcome(
    *,
    actor: User,
    help: TakedownHelp,
    expected_version: int,
    outcome: TakedownOutcome,
    note: str = "",
) -> TakedownHelp:
    """What came of take-down help. Audit: cases.takedown_outcome_recorded."""
    case = help.case
    begin(case, expected_version)
    if outcome == TakedownOutcome.OFFERED or outcome not in TakedownOutcome.values:
        raise CaseError("Choose what happened.")
    help.outcome, help.outcome_note, help.outcome_at = outcome, note.strip(), timezone.now()
    help.save(update_fields=["outcome", "outcome_note", "outcome_at"])
    log_step(
        actor=actor,
        case=case,
        action="cases.takedown_outcome_recorded",
        summary=f"Take-down outcome: {help.get_outcome_display()}",
        obj=help,
        pupils=[help.pupil],
        data={"route": help.route, "outcome": str(outcome)},
    )
    return help


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
