"""Opening a case, adding pupils, versions, and the one way a step is logged.

Every change to a case goes through `log_step`, which writes in the same transaction the audit
event, a line on the case's timeline and a line on each pupil's chronology.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import is_school_staff
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.models import Case, CaseEvent, CasePupil, Parts, parts_of
from haven.chronology.services import add_entry
from haven.schools.models import Pupil, School

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class CaseError(Exception):
    """A change the guidance or the case's state does not allow; the message says why."""


class StaleCase(CaseError):
    """Someone else changed the case since this page was loaded."""


class CaseBlocked(CaseError):
    """The guidance does not allow this yet; `blockers` says why, one reason each."""

    def __init__(self, blockers: Sequence[str]) -> None:
        self.blockers = list(blockers)
        super().__init__(" ".join(self.blockers))


@dataclass(frozen=True)
class PupilInCase:
    pupil: Pupil
    role: Parts


def parts_given(role: Parts) -> list[str]:
    try:
        return parts_of(role)
    except ValueError:
        raise CaseError("Choose how each pupil is involved.") from None


def new_case_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def pupils_of(case: Case) -> list[Pupil]:
    return [link.pupil for link in case.case_pupils.select_related("pupil").order_by("added_at")]


def log_step(
    *,
    actor: User | None,
    case: Case,
    action: str,
    summary: str,
    obj: Model | None = None,
    pupils: Iterable[Pupil] | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
    kind: str | None = None,
    context: AuditContext | None = None,
) -> None:
    """Record one step of the case: audit event, timeline line, and each pupil's chronology.

    `action` is a stable audit code ("cases.referral_recorded"); its part after the dot is the
    chronology and timeline kind. `summary` is Haven's own words, never narrative. Pupils default
    to every pupil in the case.
    """
    when = occurred_at or timezone.now()
    obj = obj or case
    people = pupils_of(case) if pupils is None else list(pupils)
    record(
        action,
        actor=actor,
        school=case.school_id,
        pupil=people[0] if len(people) == 1 else None,
        obj=obj,
        context=context,
        data={"case": str(case.pk), **(data or {})},
    )
    kind = kind or action.partition(".")[2]
    CaseEvent.objects.create(
        case=case,
        occurred_at=when,
        actor=actor,
        kind=kind,
        summary=summary[:200],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
    )
    add_entry(
        pupils=people,
        kind=kind,
        summary=f"{summary} (case {case.reference})",
        occurred_at=when,
        recorded_by=actor,
        case=case,
        obj=obj,
    )


def bump_version(case: Case, *, expected: int) -> None:
    """Claim the next version of the case, or raise StaleCase if someone changed it meanwhile."""
    updated = Case.objects.filter(pk=case.pk, version=expected).update(version=expected + 1)
    if not updated:
        raise StaleCase(
            "Someone else changed this case while you were working on it. Your changes are "
            "still on the page: check the latest record, then save again."
        )
    case.version = expected + 1


def touch(case: Case) -> None:
    """Move the case to its next version without a check: for changes that come from elsewhere
    (a new concern, a new pupil), so that forms opened before them are refused as stale."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    case.version = Case.objects.values_list("version", flat=True).get(pk=case.pk)


def required_text(text: str, message: str) -> str:
    """The text, trimmed, or CaseError(message) when there is none."""
    if not text or not text.strip():
        raise CaseError(message)
    return text.strip()


def check_pupil(case: Case, pupil: Pupil | None) -> None:
    if pupil is not None and not case.case_pupils.filter(pupil=pupil).exists():
        raise CaseError("Choose a pupil in this case.")


def begin(case: Case, expected_version: int) -> None:
    """The start of every change made from a form: the case must be open and unchanged."""
    bump_version(case, expected=expected_version)
    if not case.is_open:
        raise CaseError("This case is closed. Reopen it to record anything more.")


@transaction.atomic
def open_case(
    *, actor: User, school: School, title: str, pupils: Sequence[PupilInCase], summary: str = ""
) -> Case:
    """Open a case at the actor's school. Audit: cases.case_opened; chronology: case_opened."""
    if any(p.pupil.school_id != school.pk for p in pupils):
        raise CaseError("Every pupil in a case must be at the case's school.")
    now = timezone.now()
    case = Case.objects.create(
        school=school,
        reference=new_case_reference(),
        title=title,
        summary=summary,
        opened_by=actor,
        opened_at=now,
    )
    CasePupil.objects.bulk_create(
        CasePupil(case=case, pupil=p.pupil, roles=parts_given(p.role)) for p in pupils
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.case_opened",
        summary="Case opened",
        pupils=[p.pupil for p in pupils],
        occurred_at=now,
    )
    return case


def staff_at_school(user: User, case: Case, what: str) -> None:
    if not is_school_staff(user, case.school_id):
        raise CaseError(f"The {what} must be a member of staff at this school.")


def not_in_future(when: datetime, what: str) -> None:
    if when > timezone.now():
        raise CaseError(f"The {what} cannot be in the future.")
