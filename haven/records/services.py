"""Every change to retention: the school's policy, legal holds, and deleting a record for good.

Deleting removes the words: the pupil, their concerns and cases (with everything written in them)
and their chronology are deleted, their bytes overwritten on SQLite (haven.records.erasure). The
audit log keeps one event per pupil, `records.record_deleted`: by whom, under which rule, and
counts. Audit events never held narrative, so the chain stays whole and verifiable.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.models import Case
from haven.concerns.models import Concern
from haven.lib.errors import Refused
from haven.records import erasure, rules, selectors
from haven.records.models import LegalHold, RetentionPolicy
from haven.schools.models import Pupil, School

MAX_REASON = 2000


class RecordsRefused(Refused):
    """A retention change the rules do not allow; the message says why."""


class RecordNotDeleted(RecordsRefused):
    def __init__(self, blockers: list[str]) -> None:
        super().__init__(" ".join(blockers))
        self.blockers = blockers


@transaction.atomic
def set_retention_years(
    *, actor: User, school: School, years: int, context: AuditContext | None = None
) -> RetentionPolicy:
    if problem := rules.valid_years(years):
        raise RecordsRefused(problem)
    before = selectors.years_of(school)
    policy, _ = RetentionPolicy.objects.update_or_create(
        school=school, defaults={"years_after_birth": years, "changed_by": actor}
    )
    record(
        "records.retention_policy_set",
        actor=actor,
        school=school,
        obj=policy,
        context=context,
        data={"years_after_birth": years, "before": before},
    )
    return policy


@transaction.atomic
def place_hold(
    *, actor: User, pupil: Pupil, reason: str, context: AuditContext | None = None
) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise RecordsRefused("Say why the record must be kept: the inquiry or proceedings.")
    # Lock the pupil row: two people placing a hold at once get one hold and one refusal.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    if selectors.hold_on(pupil) is not None:
        raise RecordsRefused(f"{pupil.display_name}'s record is already under legal hold.")
    hold = LegalHold.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        reason=reason[:MAX_REASON],
        placed_by=actor,
        placed_at=timezone.now(),
    )
    record(
        "records.legal_hold_placed",
        actor=actor,
        school=pupil.school_id,
        pupil=pupil,
        obj=hold,
        context=context,
    )
    return hold


@transaction.atomic
def release_hold(*, actor: User, pupil: Pupil, context: AuditContext | None = None) -> LegalHold:
    hold = (
        LegalHold.objects.select_for_update().filter(pupil=pupil, released_at__isnull=True).first()
    )
    if hold is None:
        raise RecordsRefused(f"{pupil.display_name}'s record is not under legal hold.")
    hold.released_by = actor
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_by", "released_at"])
    record(
        "records.legal_hold_released",
        actor=actor,
        school=pupil.school_id,
        pupil=pupil,
        obj=hold,
        context=context,
    )
    return hold


@dataclass(frozen=True)
class Deleted:
    pupils: int
    cases: int
    concerns: int
    rows: int


@transaction.atomic
def delete_record(
    *,
    actor: User,
    pupil: Pupil,
    confirm_upn: str,
    context: AuditContext | None = None,
    today: date | None = None,
) -> Deleted:
    """Delete the pupil's record for good, with the records it shares a concern or case with
    (each must be due and free of holds), once the UPN typed matches."""
    if confirm_upn.strip().upper() != pupil.upn.upper():
        raise RecordsRefused("Type the pupil's UPN exactly to confirm the deletion.")
    today = today or timezone.localdate()
    years = selectors.years_of(pupil.school)
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    group = selectors.record_group(pupil)
    blockers = [
        reason
        for member in group
        for reason in rules.deletion_blockers(selectors.state_of(member, years), today)
    ]
    if blockers:
        raise RecordNotDeleted(blockers)
    counts = selectors.record_counts(group)
    for member in group:
        record(
            "records.record_deleted",
            actor=actor,
            school=member.school_id,
            pupil=member,
            context=context,
            data={
                "rule": rules.RULE_YEARS_AFTER_BIRTH,
                "years_after_birth": years,
                "review_date": rules.review_date(member.date_of_birth, years).isoformat(),
                "with_pupils": len(group) - 1,
                **counts,
            },
        )
    erasure.overwrite_deleted_rows()
    cases = Case.objects.filter(case_pupils__pupil__in=group).distinct()
    concerns = Concern.objects.filter(Q(concern_pupils__pupil__in=group) | Q(case__in=cases))
    concern_ids = list(concerns.values_list("pk", flat=True).distinct())
    removed = erasure.erase(Case.objects.filter(pk__in=list(cases.values_list("pk", flat=True))))
    erasure.erase(Concern.objects.filter(pk__in=concern_ids), removed)
    erasure.erase(Pupil.objects.filter(pk__in=[member.pk for member in group]), removed)
    transaction.on_commit(erasure.flush_sqlite_log)
    return Deleted(len(group), counts["cases"], counts["concerns"], sum(removed.values()))
