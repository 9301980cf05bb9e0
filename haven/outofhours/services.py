"""Changes to the school's closed days and on-call rota. Each is audited; narrative-free."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import in_team
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.outofhours import rules
from haven.outofhours.calendar_file import Entry
from haven.outofhours.models import ClosureKind, ClosureSource, OnCallShift, SchoolClosure
from haven.schools.models import School


class OutOfHoursError(Refused):
    """A closure or shift that cannot be saved, in words for the DSL."""


def _closure(
    *, actor: User, school: School, entry: Entry, source: str, now: datetime
) -> SchoolClosure:
    if entry.kind not in ClosureKind.values:
        raise OutOfHoursError("Choose what kind of closure it is.")
    if not entry.name.strip():
        raise OutOfHoursError("Give the closure a name, for example “Autumn half term”.")
    try:
        rules.check_closure(entry.starts_on, entry.ends_on)
    except rules.ClosureProblem as problem:
        raise OutOfHoursError(str(problem)) from None
    return SchoolClosure.objects.create(
        school=school,
        kind=entry.kind,
        name=entry.name.strip(),
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
        source=source,
        added_by=actor,
        added_at=now,
    )


@transaction.atomic
def add_closure(
    *, actor: User, school: School, entry: Entry, context: AuditContext | None = None
) -> SchoolClosure:
    """Audit: outofhours.closure_added."""
    closure = _closure(
        actor=actor, school=school, entry=entry, source=ClosureSource.ENTERED, now=timezone.now()
    )
    record(
        "outofhours.closure_added",
        actor=actor,
        school=school,
        obj=closure,
        context=context,
        data={"kind": closure.kind, "days": (closure.ends_on - closure.starts_on).days + 1},
    )
    return closure


@transaction.atomic
def import_closures(
    *, actor: User, school: School, entries: Sequence[Entry], context: AuditContext | None = None
) -> list[SchoolClosure]:
    """All or nothing: one entry that cannot be saved saves none. Entries already held (same
    kind and dates) are not added twice. Audit: outofhours.closures_imported."""
    now = timezone.now()
    held = set(
        SchoolClosure.objects.filter(school=school).values_list("kind", "starts_on", "ends_on")
    )
    saved = [
        _closure(actor=actor, school=school, entry=e, source=ClosureSource.IMPORTED, now=now)
        for e in entries
        if (e.kind, e.starts_on, e.ends_on) not in held
    ]
    record(
        "outofhours.closures_imported",
        actor=actor,
        school=school,
        context=context,
        data={"added": len(saved), "already_held": len(entries) - len(saved)},
    )
    return saved


@transaction.atomic
def remove_closure(
    *, actor: User, closure: SchoolClosure, context: AuditContext | None = None
) -> None:
    """Audit: outofhours.closure_removed."""
    record(
        "outofhours.closure_removed",
        actor=actor,
        school=closure.school_id,
        context=context,
        data={"closure": closure.pk, "kind": closure.kind},
    )
    closure.delete()


@transaction.atomic
def add_shift(
    *,
    actor: User,
    school: School,
    person: User,
    starts_at: datetime,
    ends_at: datetime,
    context: AuditContext | None = None,
) -> OnCallShift:
    """Only someone on the school's safeguarding team can be on call.
    Audit: outofhours.shift_added."""
    if not in_team(person, school.pk):
        raise OutOfHoursError("Only someone on the safeguarding team can be on call.")
    if ends_at <= starts_at:
        raise OutOfHoursError("The shift must end after it starts.")
    shift = OnCallShift.objects.create(
        school=school,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        added_by=actor,
        added_at=timezone.now(),
    )
    record(
        "outofhours.shift_added",
        actor=actor,
        school=school,
        obj=shift,
        context=context,
        data={"person": person.pk},
    )
    return shift


@transaction.atomic
def remove_shift(*, actor: User, shift: OnCallShift, context: AuditContext | None = None) -> None:
    """Audit: outofhours.shift_removed."""
    record(
        "outofhours.shift_removed",
        actor=actor,
        school=shift.school_id,
        context=context,
        data={"shift": shift.pk, "person": shift.person_id},
    )
    shift.delete()
