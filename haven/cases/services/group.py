"""Steps recorded for a group of pupils at once, with per-pupil exceptions: an incident with 12
or 30 pupils is recorded in one step, not the same form 12 or 30 times ("all but Sam: not told
because ...")."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.cases.models import (
    Case,
    ContactMethod,
    GroupException,
    GroupStep,
    ParentContact,
    SupportAction,
)
from haven.cases.services.core import (
    CaseError,
    begin,
    log_step,
    pupils_of,
    required_text,
    staff_at_school,
)
from haven.schools.models import Pupil


@transaction.atomic
def record_parents_told_for_group(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupils: Sequence[Pupil],
    who: str,
    told_at: datetime,
    method: ContactMethod,
    exceptions: Mapping[Pupil, str] | None = None,
    context: AuditContext | None = None,
) -> list[ParentContact]:
    """The parents or carers of several pupils were told, the same way at the same time; each
    pupil left out has their reason recorded and stays to do.

    Audit: cases.parents_told_group (and cases.parents_not_yet_told for each exception); one line
    on each pupil's chronology.
    """
    begin(case, expected_version)
    exceptions = dict(exceptions or {})
    in_case = {p.pk for p in pupils_of(case)}
    if not pupils:
        raise CaseError("Choose at least one pupil whose parents or carers were told.")
    if any(p.pk not in in_case for p in [*pupils, *exceptions]):
        raise CaseError("Choose pupils in this case.")
    if {p.pk for p in pupils} & {p.pk for p in exceptions}:
        raise CaseError("A pupil cannot be both told and not told.")
    if told_at > timezone.now():
        raise CaseError("The time they were told cannot be in the future.")
    who = required_text(who, "Say who was told.")
    reasons = {
        pupil: required_text(
            reason, f"Say why {pupil.display_name}'s parents or carers were not told."
        )
        for pupil, reason in exceptions.items()
    }
    now = timezone.now()
    contacts = [
        ParentContact.objects.create(
            case=case,
            pupil=pupil,
            who=who,
            told_at=told_at,
            method=method,
            recorded_by=actor,
            recorded_at=now,
        )
        for pupil in pupils
    ]
    log_step(
        actor=actor,
        case=case,
        action="cases.parents_told_group",
        summary="Parents or carers told",
        obj=contacts[0],
        pupils=pupils,
        data={"method": str(method), "told": len(contacts), "not_told": len(reasons)},
        occurred_at=told_at,
        kind="parents_told",
        context=context,
    )
    for pupil, reason in reasons.items():
        exception = GroupException.objects.create(
            case=case,
            pupil=pupil,
            step=GroupStep.PARENTS_TOLD,
            reason=reason,
            recorded_by=actor,
            recorded_at=now,
        )
        log_step(
            actor=actor,
            case=case,
            action="cases.parents_not_yet_told",
            summary="Parents or carers not told yet, reason recorded",
            obj=exception,
            pupils=[pupil],
            context=context,
        )
    return contacts


@transaction.atomic
def add_action_for_group(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupils: Sequence[Pupil],
    description: str,
    owner: User,
    due_on: date,
    context: AuditContext | None = None,
) -> list[SupportAction]:
    """The same support action for several pupils at once (a session with each pupil who received
    the image): one action each, so each is done or cancelled on its own.

    Audit: cases.actions_added_group; one line on each pupil's chronology.
    """
    begin(case, expected_version)
    in_case = {p.pk for p in pupils_of(case)}
    if not pupils:
        raise CaseError("Choose at least one pupil.")
    if any(p.pk not in in_case for p in pupils):
        raise CaseError("Choose pupils in this case.")
    staff_at_school(owner, case, "owner")
    what = required_text(description, "Say what needs doing.")
    now = timezone.now()
    actions = [
        SupportAction.objects.create(
            case=case,
            pupil=pupil,
            description=what,
            owner=owner,
            due_on=due_on,
            created_by=actor,
            created_at=now,
        )
        for pupil in pupils
    ]
    log_step(
        actor=actor,
        case=case,
        action="cases.actions_added_group",
        summary=f"Support action added for {len(actions)} pupils, due {due_on:%d/%m/%Y}",
        obj=actions[0],
        pupils=pupils,
        data={"actions": len(actions), "owner": owner.pk, "due": due_on.isoformat()},
        kind="action_added",
        context=context,
    )
    return actions
