"""The cases behind a figure on the safeguarding team's dashboard: the same conditions as the
counts in haven.reports.selectors, as lists of cases (references and dates, never narrative)."""

from datetime import date
from typing import Any

from django.db.models import Exists, Min, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from haven.accounts.permissions import Person
from haven.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    ConfiscatedDevice,
    Custody,
    DeletionRequest,
    FollowUpReview,
    InitialReview,
    Referral,
    ReviewKind,
    SupportAction,
)
from haven.cases.visible import visible_cases_q
from haven.curriculum.rules import term_of
from haven.reports.selectors import STAGES, Period, staged, starts

BEHIND: dict[str, str] = {
    **{f"stage-{code}": f"Open cases: {label.lower()}" for code, label in STAGES},
    "open": "Open cases",
    "overdue-actions": "Open cases with support actions overdue",
    "referrals-waiting": "Open cases with a referral waiting for the agency to acknowledge it",
    "referrals-late": "Open cases with a referral acknowledgement past the day it was due",
    "deletions": "Open cases with a request to delete imagery not yet confirmed",
    "devices": "Cases with a device still held in school",
    "follow-ups": "Open cases with a follow-up review due or overdue",
    "review-this": "Cases whose first concern came this term, with an initial review",
    "review-last": "Cases whose first concern came last term, with an initial review",
    "referral-this": "Cases whose first concern came this term, referred",
    "referral-last": "Cases whose first concern came last term, referred",
}


def _timed(cases: QuerySet[Case], figure: str, today: date) -> QuerySet[Any]:
    """The cases behind a response time: first concern in the term, and reviewed (or referred)."""
    measure, when = figure.split("-")
    now = term_of(today)
    period = Period.of_term(now if when == "this" else now.previous())
    done = (
        InitialReview.objects.filter(case=OuterRef("pk"), kind=ReviewKind.INITIAL)
        if measure == "review"
        else Referral.objects.filter(case=OuterRef("pk"))
    )
    return (
        cases.filter(Exists(done))
        .annotate(began=Coalesce(Min("concerns__created_at"), "opened_at"))
        .filter(began__gte=starts(period.start), began__lt=starts(period.end))
        .order_by("-opened_at")
    )


def cases_behind(
    school_id: int, figure: str, today: date, viewer: Person | None = None
) -> QuerySet[Any]:
    """The cases a dashboard figure counts, newest first (references and dates only); with
    `viewer`, only those they may open (a restricted case is left out for a deputy: the figure
    counts it, the list does not name it)."""
    cases = Case.objects.filter(school_id=school_id)
    if viewer is not None:
        cases = cases.filter(visible_cases_q(viewer))
    opened = cases.filter(status=CaseStatus.OPEN)
    if figure.startswith("stage-"):
        return staged(opened).filter(stage=figure.removeprefix("stage-")).order_by("-opened_at")
    if figure.startswith(("review-", "referral-")):
        return _timed(cases, figure, today)
    # Exists, not a join: a join's "is null" would also match a case with none of them at all.
    in_case = {"case": OuterRef("pk")}
    waiting = Referral.objects.filter(**in_case, acknowledged_at__isnull=True)
    chosen = {
        "open": opened,
        "overdue-actions": opened.filter(
            Exists(
                SupportAction.objects.filter(**in_case, status=ActionStatus.OPEN, due_on__lt=today)
            )
        ),
        "referrals-waiting": opened.filter(Exists(waiting)),
        "referrals-late": opened.filter(Exists(waiting.filter(acknowledgement_due__lt=today))),
        "deletions": opened.filter(
            Exists(
                DeletionRequest.objects.filter(
                    **in_case, confirmed_at__isnull=True, closed_at__isnull=True
                )
            )
        ),
        "devices": cases.filter(
            Exists(ConfiscatedDevice.objects.filter(**in_case, custody=Custody.HELD))
        ),
        "follow-ups": opened.filter(
            Exists(
                FollowUpReview.objects.filter(**in_case, held_at__isnull=True, due_on__lte=today)
            )
        ),
    }[figure]
    return chosen.order_by("-opened_at")
