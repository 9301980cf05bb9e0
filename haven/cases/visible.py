"""Which cases a reader may see, as a filter every list of cases (or of what is in them) uses:
the case list, the inbox, a pupil's chronology, the lists behind the dashboard's figures."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from haven.accounts.permissions import Person, restricted_case_school_ids, team_school_ids
from haven.cases.models import Case, CasePupil, NamedAccess
from haven.schools.models import Pupil


def visible_cases_q(user: Person, prefix: str = "") -> Q:
    """The cases the user may see, as a filter (`prefix`: the path to a case from another model,
    "case__"): at a school where they are on the safeguarding team and, for a case restricted
    because an adult who works with children is involved, as its DSL or headteacher or named
    (haven.accounts.permissions.sees_case says the same for one case)."""
    named = NamedAccess.objects.filter(user_id=user.pk, removed_at__isnull=True)
    return Q(**{f"{prefix}school_id__in": team_school_ids(user)}) & (
        Q(**{f"{prefix}restricted": False})
        | Q(**{f"{prefix}school_id__in": restricted_case_school_ids(user)})
        | Q(**{f"{prefix}pk__in": named.values("case_id")})
    )


def visible_cases(user: Person) -> QuerySet[Case]:
    return Case.objects.filter(visible_cases_q(user))


@dataclass(frozen=True)
class Hidden:
    """A pupil's cases (and the concerns in them) that a reader may not see, ids as text."""

    cases: list[str]
    concerns: list[str]


def hidden_for(user: Person, pupil: Pupil) -> Hidden:
    """What of this pupil's records the reader may not see: for pages that list events about the
    pupil (who has seen these records), so a restricted case's existence does not show."""
    theirs = CasePupil.objects.filter(pupil=pupil).values("case_id")
    unseen = Case.objects.filter(pk__in=theirs).exclude(visible_cases_q(user))
    hidden = list(unseen.values_list("pk", flat=True))
    if not hidden:  # the usual answer, in one query
        return Hidden(cases=[], concerns=[])
    concerns = unseen.filter(concerns__isnull=False).values_list("concerns__pk", flat=True)
    return Hidden(cases=[str(pk) for pk in hidden], concerns=[str(pk) for pk in concerns])
