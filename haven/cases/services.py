"""Changes to cases. Every function takes the acting user, writes its audit event and chronology
entries in the same transaction, and raises a domain error when the guidance does not allow it."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record
from haven.cases.models import Case, CasePupil, PupilRole
from haven.chronology.services import add_entry
from haven.schools.models import Pupil, School

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class CaseError(Exception):
    """A change the guidance or the case's state does not allow; the message says why."""


class StaleCase(CaseError):
    """Someone else changed the case since this page was loaded."""


@dataclass(frozen=True)
class PupilInCase:
    pupil: Pupil
    role: PupilRole


def new_case_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


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
    CasePupil.objects.bulk_create(CasePupil(case=case, pupil=p.pupil, role=p.role) for p in pupils)
    record("cases.case_opened", actor=actor, school=school, obj=case)
    add_entry(
        pupils=[p.pupil for p in pupils],
        kind="case_opened",
        summary=f"Case {case.reference} opened",
        occurred_at=now,
        recorded_by=actor,
        case=case,
        obj=case,
    )
    return case


@transaction.atomic
def add_pupil_to_case(*, actor: User, case: Case, pupil: Pupil, role: PupilRole) -> CasePupil:
    """Audit: cases.pupil_added; chronology: added_to_case."""
    if pupil.school_id != case.school_id:
        raise CaseError("The pupil is not at this case's school.")
    link, created = CasePupil.objects.get_or_create(
        case=case, pupil=pupil, defaults={"role": role}
    )
    if created:
        record("cases.pupil_added", actor=actor, school=case.school_id, pupil=pupil, obj=case)
        add_entry(
            pupils=[pupil],
            kind="added_to_case",
            summary=f"Added to case {case.reference}",
            occurred_at=timezone.now(),
            recorded_by=actor,
            case=case,
            obj=case,
        )
    return link


def bump_version(case: Case, *, expected: int) -> None:
    """Claim the next version of the case, or raise StaleCase if someone changed it meanwhile."""
    updated = Case.objects.filter(pk=case.pk, version=expected).update(version=expected + 1)
    if not updated:
        raise StaleCase(
            "Someone else changed this case while you were working on it. Your changes are "
            "still on the page: check the latest record, then save again."
        )
    case.version = expected + 1
