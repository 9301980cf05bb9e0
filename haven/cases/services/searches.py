"""Searching a device: recorded beside the device's custody, never the imagery."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import is_head, works_at
from haven.audit.context import AuditContext
from haven.cases.models import (
    Agency,
    Case,
    ConfiscatedDevice,
    DeviceSearch,
    SearchOutcome,
)
from haven.cases.rules.searches import SearchAuthority, search_refusals
from haven.cases.selectors import load_records
from haven.cases.services.core import (
    CaseBlocked,
    CaseError,
    begin,
    check_pupil,
    log_step,
    not_in_future,
    required_text,
)
from haven.schools.models import Pupil

POLICE = frozenset({Agency.POLICE_101, Agency.POLICE_999, Agency.CEOP})


@transaction.atomic
def record_device_search(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    authorised_by: User,
    searched_by: User,
    searched_at: datetime,
    reason: str,
    what_searched: str,
    found: str,
    outcome: SearchOutcome,
    staff_saw_imagery: bool,
    heads_authority: bool = False,
    device: ConfiscatedDevice | None = None,
    pupil: Pupil | None = None,
    context: AuditContext | None = None,
) -> DeviceSearch:
    """Record a search of a device: who authorised it (the headteacher, or staff the head has
    authorised), who searched, why, what was searched, what was found in words, and what was
    done. Evidence is kept for the police, never deleted. Audit: cases.device_searched.
    """
    begin(case, expected_version)
    check_pupil(case, pupil)
    if device is not None and device.case_id != case.pk:
        raise CaseError("Choose a device logged in this case.")
    if outcome not in SearchOutcome.values:
        raise CaseError("Say what was done with what was found.")
    not_in_future(searched_at, "time of the search")
    records = load_records(case)
    school = case.school_id
    refusals = search_refusals(
        SearchAuthority(
            authoriser_is_staff=works_at(authorised_by, school),
            authoriser_is_head=is_head(authorised_by, school),
            authoriser_has_heads_authority=heads_authority,
            searcher_is_staff=works_at(searched_by, school),
        ),
        deleting=outcome == SearchOutcome.DELETED,
        police_involved=any(r.agency in POLICE for r in records.referrals),
        criteria_met=bool(records.criteria),
    )
    if refusals:
        raise CaseBlocked(refusals)
    search = DeviceSearch.objects.create(
        case=case,
        device=device,
        pupil=pupil or (device.pupil if device else None),
        authorised_by=authorised_by,
        heads_authority=heads_authority and not is_head(authorised_by, school),
        searched_by=searched_by,
        searched_at=searched_at,
        reason=required_text(reason, "Say why the device was searched."),
        what_searched=required_text(what_searched, "Say what was searched."),
        found=required_text(found, "Say what was found, in words (or that nothing was)."),
        outcome=outcome,
        staff_saw_imagery=staff_saw_imagery,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.device_searched",
        summary="Search of a device recorded",
        obj=search,
        pupils=[search.pupil] if search.pupil else None,
        data={
            "authorised_by": authorised_by.pk,
            "searched_by": searched_by.pk,
            "outcome": str(outcome),
            "staff_saw_imagery": staff_saw_imagery,
        },
        occurred_at=searched_at,
        context=context,
    )
    return search
