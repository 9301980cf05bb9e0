"""The LADO and restricted cases: when a review first records an adult who works with children,
the LADO must be told within one working day and the case is restricted to the DSL and the
headteacher; the DSL (or head) may name someone else on the team to see it, with a reason."""

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Action, can, in_team, sees_case
from haven.audit.context import AuditContext
from haven.cases.models import Case, InitialReview, LadoDuty, NamedAccess
from haven.cases.rules import parse_facts
from haven.cases.rules.lado import adult_who_works_with_children, lado_due
from haven.cases.services.core import CaseError, bump_version, log_step, required_text


def on_review(*, actor: User | None, case: Case, review: InitialReview) -> LadoDuty | None:
    """After a review (or reassessment) is stored: the first that records an adult who works
    with children starts the LADO's one working day and restricts the case. Later reviews change
    nothing (the restriction stays: what the team was told cannot be untold).
    Audit: cases.lado_required."""
    if not adult_who_works_with_children(parse_facts(review.facts)):
        return None
    if LadoDuty.objects.filter(case=case).exists():
        return None
    learned_on = timezone.localdate(review.recorded_at)
    duty = LadoDuty.objects.create(
        case=case, learned_on=learned_on, due_on=lado_due(learned_on), recorded_at=timezone.now()
    )
    if not case.restricted:
        case.restricted = True
        case.save(update_fields=["restricted"])
    log_step(
        actor=actor,
        case=case,
        action="cases.lado_required",
        summary="An adult who works with children is involved: the LADO must be told, and the "
        "case is now seen only by the DSL and the headteacher",
        obj=duty,
        data={"due_on": duty.due_on.isoformat()},
    )
    return duty


@transaction.atomic
def name_for_case(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    user: User,
    reason: str,
    context: AuditContext | None = None,
) -> NamedAccess:
    """The DSL (or the head) names a member of the safeguarding team to see a restricted case,
    and says why. Audit: cases.named_for_case."""
    if not can(actor, Action.NAME_FOR_RESTRICTED_CASE, case):
        raise CaseError("Only the DSL or the headteacher may name who else sees this case.")
    if not case.restricted:
        raise CaseError("This case is not restricted: the whole safeguarding team sees it.")
    if not in_team(user, case.school_id):
        raise CaseError("Choose a member of this school's safeguarding team.")
    if sees_case(user, case):
        raise CaseError(f"{user.full_name} already sees this case.")
    why = required_text(reason, "Say why they need to see this case.")
    bump_version(case, expected=expected_version)
    access = NamedAccess.objects.create(
        case=case, user=user, reason=why, added_by=actor, added_at=timezone.now()
    )
    case.__dict__.pop("_haven_named", None)  # who is named has changed (permissions.named_for)
    log_step(
        actor=actor,
        case=case,
        action="cases.named_for_case",
        summary=f"Named to see this case: {user.full_name}",
        obj=access,
        data={"user": str(user.pk)},
        context=context,
    )
    return access


@transaction.atomic
def remove_named_access(
    *,
    actor: User,
    access: NamedAccess,
    expected_version: int,
    context: AuditContext | None = None,
) -> NamedAccess:
    """No longer sees the restricted case (the row stays, with who took it away and when).
    Audit: cases.named_access_removed."""
    case = access.case
    if not can(actor, Action.NAME_FOR_RESTRICTED_CASE, case):
        raise CaseError("Only the DSL or the headteacher may change who sees this case.")
    if not access.is_current:
        raise CaseError("They no longer see this case already.")
    bump_version(case, expected=expected_version)
    access.removed_at = timezone.now()
    access.removed_by = actor
    access.save(update_fields=["removed_at", "removed_by"])
    case.__dict__.pop("_haven_named", None)  # who is named has changed (permissions.named_for)
    log_step(
        actor=actor,
        case=case,
        action="cases.named_access_removed",
        summary=f"No longer sees this case: {access.user.full_name}",
        obj=access,
        data={"user": str(access.user_id)},
        context=context,
    )
    return access
