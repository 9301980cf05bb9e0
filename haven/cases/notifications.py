"""How cases alert people: a thin adapter over the alerts app.

`haven.alerts.services.notify(*, recipients, school, reason, case=None, concern=None)` writes an
in-Haven alert and queues an e-mail that holds no details (just that something needs attention,
and a link). It is imported directly: an alert that cannot be sent must fail loudly, never be
dropped.

`reason` is one of the alerts app's codes, or a short sentence with no names or details: it may
be e-mailed.
"""

from collections.abc import Iterable, Sequence

from haven.accounts.models import User
from haven.alerts import people as alert_people
from haven.alerts import services
from haven.cases.models import Case
from haven.schools.models import School

# Codes the alerts app knows (its AlertReason), and short sentences for the rest.
CRITERION_MET = "new_criterion_met"
HEAD_AGREEMENT_REQUESTED = "head_agreement_requested"
HEAD_ANSWERED = "The headteacher has answered a request on a case."
OVERDUE_DIGEST = "Some safeguarding actions or acknowledgements are overdue."


def team_of(school: School) -> list[User]:
    return alert_people.team_of(school)


def heads_of(school: School) -> list[User]:
    return alert_people.heads_of(school)


def dsls_of(school: School) -> list[User]:
    """The DSL and deputies: who the daily digest of overdue work goes to."""
    people = {p.pk: p for p in [*alert_people.dsls_of(school), *alert_people.deputies_of(school)]}
    return list(people.values())


def send(*, recipients: Sequence[User], school: School, reason: str, case: Case | None) -> None:
    """The one call out of this app. Tests replace it to see what would be sent."""
    if recipients:
        services.notify(recipients=list(recipients), school=school, reason=reason, case=case)


def _without(people: Iterable[User], actor: User | None) -> list[User]:
    return [p for p in people if actor is None or p.pk != actor.pk]


def criterion_met(*, case: Case, actor: User | None) -> None:
    """The team hears at once that a referral is now required (the actor already knows)."""
    send(
        recipients=_without(team_of(case.school), actor),
        school=case.school,
        reason=CRITERION_MET,
        case=case,
    )


def head_agreement_requested(*, case: Case, actor: User) -> None:
    send(
        recipients=_without(heads_of(case.school), actor),
        school=case.school,
        reason=HEAD_AGREEMENT_REQUESTED,
        case=case,
    )


def head_answered(*, case: Case, decided_by: User, head: User) -> None:
    send(
        recipients=_without([decided_by], head), school=case.school, reason=HEAD_ANSWERED, case=case
    )


def overdue_digest(*, school: School, recipient: User) -> None:
    send(recipients=[recipient], school=school, reason=OVERDUE_DIGEST, case=None)
