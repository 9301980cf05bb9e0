"""Incidents for the reports' tests, made through Haven's services, then moved back in time."""

import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from conftest import Cast
from haven.cases.models import Agency, Case, PupilRole, ReferralMethod, Typology
from haven.cases.services import ReviewInput, record_initial_review, record_referral
from haven.cases.tests.facts import ALL_CLEAR
from haven.concerns.models import Concern, ConcernSource
from haven.concerns.services import (
    ConcernDetails,
    PupilInConcern,
    open_case_from_concern,
    record_concern,
)
from haven.schools.models import Pupil

NARRATIVE = "Zebracorn was said on the bus"  # must never reach a report


def concern(
    cast: Cast,
    *,
    days_ago: float = 3,
    platforms: Sequence[str] = ("snapchat",),
    source: str = ConcernSource.STAFF,
    pupil: Pupil | None = None,
) -> Concern:
    recorded = record_concern(
        actor=cast.teacher,
        school=cast.school,
        submission_id=uuid.uuid4(),
        details=ConcernDetails(narrative=NARRATIVE, urgent=False, platforms=list(platforms)),
        pupils=[PupilInConcern(pupil or cast.pupil, PupilRole.PICTURED)],
    )
    created = timezone.now() - timedelta(days=days_ago)
    Concern.objects.filter(pk=recorded.concern.pk).update(created_at=created, source=source)
    recorded.concern.refresh_from_db()
    return recorded.concern


def incident(
    cast: Cast,
    *,
    days_ago: float = 3,
    acknowledged_after: timedelta = timedelta(hours=2),
    reviewed: bool = True,
    referred_after: timedelta | None = None,
    typology: str = "",
    ai: bool = False,
    sextortion: bool = False,
    platforms: Sequence[str] = ("snapchat",),
    source: str = ConcernSource.STAFF,
) -> Case:
    """A concern `days_ago`, acknowledged after `acknowledged_after` as a case; reviewed now (if
    `reviewed`), referred `referred_after` the concern (if given)."""
    found = concern(cast, days_ago=days_ago, platforms=platforms, source=source)
    case = open_case_from_concern(actor=cast.dsl, concern=found, title="An incident")
    acknowledged = found.created_at + acknowledged_after
    Concern.objects.filter(pk=found.pk).update(acknowledged_at=acknowledged)
    Case.objects.filter(pk=case.pk).update(
        opened_at=acknowledged, typology=typology, ai_generated=ai, sextortion=sextortion
    )
    case.refresh_from_db()
    if reviewed:
        record_initial_review(
            actor=cast.dsl,
            case=case,
            expected_version=case.version,
            review=ReviewInput(sections=ALL_CLEAR),
        )
        case.refresh_from_db()
    if referred_after is not None:
        record_referral(
            actor=cast.dsl,
            case=case,
            expected_version=case.version,
            agency=Agency.CSC,
            made_at=found.created_at + referred_after,
            method=ReferralMethod.PHONE,
            shared="The facts",
        )
        case.refresh_from_db()
    return case


__all__ = ["NARRATIVE", "Typology", "concern", "incident"]
