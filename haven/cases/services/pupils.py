"""Opening a case, adding pupils, versions, and the one way a step is logged.

Every change to a case goes through `log_step`, which writes in the same transaction the audit
event, a line on the case's timeline and a line on each pupil's chronology.
"""

from django.db import transaction

from haven.accounts.models import User
from haven.cases.models import Case, CasePupil, Parts
from haven.cases.services.core import CaseError, log_step, parts_given, touch
from haven.cases.services.review import reassess_case
from haven.schools.models import Pupil

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@transaction.atomic
def add_pupil_to_case(*, actor: User, case: Case, pupil: Pupil, role: Parts) -> CasePupil:
    """Add a pupil in one part or several (`role`). Audit: cases.pupil_added; chronology:
    pupil_added. Re-runs the rules: a new person may meet a criterion (an adult, a child under
    13)."""

    if pupil.school_id != case.school_id:
        raise CaseError("The pupil is not at this case's school.")
    roles = parts_given(role)
    link, created = CasePupil.objects.get_or_create(
        case=case, pupil=pupil, defaults={"roles": roles}
    )
    if created:
        touch(case)
        log_step(
            actor=actor,
            case=case,
            action="cases.pupil_added",
            summary="Added to the case",
            kind="added_to_case",
            pupils=[pupil],
            data={"pupil": str(pupil.pk), "roles": roles},
        )
        reassess_case(actor=actor, case=case)
    return link
