"""Overdue work in open cases, for the staff home page's panel and the daily digest: support
actions, referral acknowledgements, deletion confirmations, follow-up reviews and the LADO not yet
told. One query per kind, however much is overdue."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from haven.accounts.permissions import Person
from haven.cases.models import (
    ActionStatus,
    Agency,
    CaseStatus,
    DeletionRequest,
    FollowUpReview,
    LadoDuty,
    Referral,
    SupportAction,
)
from haven.cases.visible import visible_cases_q


@dataclass(frozen=True)
class OverdueWork:
    """One kind of work that can be overdue: its model, the date it is due by, what settles it
    (as a filter meaning "not yet settled"), and its name on the page."""

    model: type[Model]
    due: str
    unsettled: dict[str, Any]
    label: str
    settled_by: dict[str, Any] = field(default_factory=dict)  # what, where it exists, settles it

    def overdue(self, today: date, **scope: Any) -> QuerySet[Any]:
        """Past its date, unsettled, in an open case (and within `scope`)."""
        found = self.model._default_manager.filter(
            case__status=CaseStatus.OPEN, **{f"{self.due}__lt": today}, **self.unsettled, **scope
        )
        return found.exclude(**self.settled_by) if self.settled_by else found


OVERDUE_WORK: tuple[OverdueWork, ...] = (
    OverdueWork(SupportAction, "due_on", {"status": ActionStatus.OPEN}, "Support action"),
    OverdueWork(
        Referral,
        "acknowledgement_due",
        {"acknowledged_at__isnull": True},
        "Referral not acknowledged",
    ),
    OverdueWork(
        DeletionRequest,
        "deadline",
        {"confirmed_at__isnull": True, "closed_at__isnull": True},
        "Deletion not confirmed",
    ),
    OverdueWork(FollowUpReview, "due_on", {"held_at__isnull": True}, "Follow-up review"),
    # The LADO is told with a referral to the LADO (haven.cases.rules.lado).
    OverdueWork(
        LadoDuty, "due_on", {}, "LADO not told", settled_by={"case__referrals__agency": Agency.LADO}
    ),
)


@dataclass(frozen=True)
class OverdueItem:
    case_id: Any
    reference: str
    what: str
    due: date


def overdue_for(user: Person, *, today: date | None = None) -> list[OverdueItem]:
    """Overdue work in the user's team's open cases: support actions, referral acknowledgements,
    deletion confirmations and follow-up reviews, oldest first. Four queries however many."""
    today = today or timezone.localdate()
    seen = visible_cases_q(user, "case__")
    items = [
        OverdueItem(row.case_id, row.case.reference, kind.label, getattr(row, kind.due))
        for kind in OVERDUE_WORK
        for row in kind.overdue(today).filter(seen).select_related("case")
    ]
    return sorted(items, key=lambda item: (item.due, item.reference))


def schools_with_overdue_work(today: date) -> set[int]:
    """Schools with any overdue action, acknowledgement, deletion or follow-up in an open case."""
    found: set[int] = set()
    for kind in OVERDUE_WORK:
        found.update(kind.overdue(today).values_list("case__school_id", flat=True).distinct())
    return found
