"""How cases alert people: a thin adapter over the concerns app's alerts.

`haven.concerns.alerts.notify(*, recipients, school, reason, case=None, concern=None)` writes an
in-Haven alert and queues an e-mail that holds no details (just that something needs attention,
and a link). Until that module exists this adapter finds recipients itself and logs, by id only,
that an alert could not be sent, so cases work (and their tests run) either way.

`reason` is one of the alerts app's codes, or a short sentence with no names or details: it may
be e-mailed.
"""

import logging
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from django.db.models import Q

from haven.accounts.models import User
from haven.cases.models import Case
from haven.schools.models import SAFEGUARDING_TEAM, Role, School

logger = logging.getLogger(__name__)

# Codes the alerts app knows (its AlertReason), and short sentences for the rest.
CRITERION_MET = "new_criterion_met"
HEAD_AGREEMENT_REQUESTED = "head_agreement_requested"
HEAD_ANSWERED = "The headteacher has answered a request on a case."
OVERDUE_DIGEST = "Some safeguarding actions or acknowledgements are overdue."


def _alerts() -> ModuleType | None:
    try:
        from haven.concerns import alerts  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    return alerts if hasattr(alerts, "notify") else None


def _members(school: School, roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(
            Q(memberships__school=school, memberships__role__in=list(roles)),
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def team_of(school: School) -> list[User]:
    alerts = _alerts()
    if alerts is not None and hasattr(alerts, "team_of"):
        return list(alerts.team_of(school))
    return _members(school, SAFEGUARDING_TEAM)


def heads_of(school: School) -> list[User]:
    alerts = _alerts()
    if alerts is not None and hasattr(alerts, "heads_of"):
        return list(alerts.heads_of(school))
    return _members(school, [Role.HEADTEACHER])


def dsls_of(school: School) -> list[User]:
    """The DSL and deputies: who the daily digest of overdue work goes to."""
    return _members(school, [Role.DSL, Role.DEPUTY_DSL])


def send(*, recipients: Sequence[User], school: School, reason: str, case: Case | None) -> None:
    """The one call out of this app. Tests replace it to see what would be sent."""
    alerts = _alerts()
    if not recipients:
        return
    if alerts is None:
        logger.warning(
            "alerts unavailable school=%s case=%s recipients=%s",
            school.pk,
            getattr(case, "pk", None),
            ",".join(str(r.pk) for r in recipients),
        )
        return
    kwargs: dict[str, Any] = {"recipients": list(recipients), "school": school, "reason": reason}
    alerts.notify(**kwargs, case=case)


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
