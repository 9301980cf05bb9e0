"""Referrals to other agencies, help to take imagery down, and asking young people to delete it."""

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    AgeInImage,
    Case,
    TakedownHelp,
    TakedownOutcome,
    TakedownRoute,
)
from haven.cases.rules import takedown_routes
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
