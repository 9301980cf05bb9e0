"""Reads of cases, each scoped to what the reader may see, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Person, memberships, team_school_ids
from haven.cases.models import (
    ActionStatus,
    Case,
    CasePupil,
    CaseStatus,
    CaseViewer,
    ConfiscatedDevice,
    Decision,
    DecisionType,
    DeletionRequest,
    FollowUpReview,
    HeadAgreement,
    InitialReview,
    ParentContact,
    Referral,
    SupportAction,
    TakedownHelp,
)
from haven.cases.rules import (
    Assessment,
    CaseProgress,
    Criterion,
    ReferralRequirement,
    RequirementEvent,
    RequirementKind,
    assess,
    is_overdue,
    parse_facts,
    referral_requirement,
)
from haven.schools.models import Role

VIEWER_FRESH_SECONDS = 60  # someone polled within this long is still looking


@dataclass
class CaseRecords:
    """Everything recorded in one case, loaded once (one query per kind of record)."""

    case: Case
    links: list[CasePupil]
    reviews: list[InitialReview]
    decisions: list[Decision]
    parent_contacts: list[ParentContact]
    referrals: list[Referral]
    takedowns: list[TakedownHelp]
    deletions: list[DeletionRequest]
    devices: list[ConfiscatedDevice]
    actions: list[SupportAction]
    follow_ups: list[FollowUpReview]
    today: date = field(default_factory=timezone.localdate)

    @property
    def review(self) -> InitialReview | None:
        replaced = {r.supersedes_id for r in self.reviews}
        current = [r for r in self.reviews if r.pk not in replaced]
        return current[0] if current else None

    @property
    def assessment(self) -> Assessment | None:
        review = self.review
        return None if review is None else assess(parse_facts(review.facts))

    @property
    def replaced_decision_ids(self) -> set[Any]:
        return {d.supersedes_id for d in self.decisions if d.supersedes_id}

    def current_decisions(self) -> list[Decision]:
        replaced = self.replaced_decision_ids
        return [d for d in self.decisions if d.pk not in replaced]

    def current(self, kind: DecisionType) -> Decision | None:
        return next((d for d in self.current_decisions() if d.type == kind), None)

    @property
    def managed_in_school(self) -> Decision | None:
        decision = self.current(DecisionType.MANAGE_IN_SCHOOL)
        return decision if decision is not None and decision.is_agreed else None

    @property
    def requirement(self) -> ReferralRequirement:
        review = self.review
        return referral_requirement(
            self._requirement_events(), criteria_met=bool(review and review.criteria)
        )

    def _requirement_events(self) -> list[RequirementEvent]:
        events = [
            RequirementEvent(r.recorded_at, RequirementKind.CRITERION_MET)
            for r in self.reviews
            if r.new_criteria
        ]
        events += [
            RequirementEvent(r.made_at, RequirementKind.REFERRAL)
            for r in self.referrals
            if r.counts_as_required_referral
        ]
        events += [
            RequirementEvent(d.head_at, RequirementKind.OVERRIDE)
            for d in self.current_decisions()
            if d.type == DecisionType.REFERRAL_OVERRIDE
            and d.head_agreement == HeadAgreement.AGREED
            and d.head_at is not None
        ]
        return events

    def pupils_parents_settled(self) -> set[Any]:
        """Pupils whose parents or carers were told, or not told by a recorded decision."""
        settled = {c.pupil_id for c in self.parent_contacts}
        for decision in self.current_decisions():
            if decision.type == DecisionType.DO_NOT_INFORM_PARENTS:
                if decision.pupil_id is None:
                    return {link.pupil_id for link in self.links}
                settled.add(decision.pupil_id)
        return settled

    def overdue_actions(self) -> list[SupportAction]:
        return [
            a for a in self.actions if is_overdue(a.due_on, today=self.today, settled=not a.is_open)
        ]

    def overdue_acknowledgements(self) -> list[Referral]:
        return [
            r
            for r in self.referrals
            if is_overdue(r.acknowledgement_due, today=self.today, settled=bool(r.acknowledged_at))
        ]

    def overdue_deletions(self) -> list[DeletionRequest]:
        return [
            d
            for d in self.deletions
            if is_overdue(d.deadline, today=self.today, settled=bool(d.confirmed_at))
        ]

    def overdue_follow_ups(self) -> list[FollowUpReview]:
        return [
            f
            for f in self.follow_ups
            if is_overdue(f.due_on, today=self.today, settled=bool(f.held_at))
        ]

    def progress(self) -> CaseProgress:
        review, requirement = self.review, self.requirement
        open_actions = [a for a in self.actions if a.is_open]
        return CaseProgress(
            is_closed=self.case.status == CaseStatus.CLOSED,
            reviewed=review is not None,
            criteria=tuple(Criterion(c) for c in review.criteria) if review else (),
            unanswered=len(review.assessment.get("unanswered", [])) if review else 0,
            referral_outstanding=requirement.outstanding,
            referral_override=requirement.satisfied_by is RequirementKind.OVERRIDE,
            referrals=len(self.referrals),
            acknowledgements_overdue=len(self.overdue_acknowledgements()),
            managed_in_school=self.managed_in_school is not None,
            pupils=len(self.links),
            pupils_parents_settled=len(self.pupils_parents_settled()),
            actions_open=len(open_actions),
            actions_overdue=len(self.overdue_actions()),
            actions_closed=len(self.actions) - len(open_actions),
            takedowns=len(self.takedowns),
            takedowns_pending=sum(1 for t in self.takedowns if not t.is_settled),
            deletions=len(self.deletions),
            deletions_unconfirmed=sum(1 for d in self.deletions if not d.confirmed_at),
            deletions_overdue=len(self.overdue_deletions()),
            devices=len(self.devices),
            devices_held=sum(1 for d in self.devices if d.is_held),
            follow_ups_booked=tuple(f.due_on for f in self.follow_ups if not f.held_at),
            follow_ups_overdue=len(self.overdue_follow_ups()),
            follow_ups_held=sum(1 for f in self.follow_ups if f.held_at),
        )


def load_records(case: Case) -> CaseRecords:
    """Every record of the case, one query per kind, so pages stay constant as cases grow."""
    return CaseRecords(
        case=case,
        links=list(case.case_pupils.select_related("pupil").order_by("added_at", "pk")),
        reviews=list(case.reviews.select_related("recorded_by")),
        decisions=list(case.decisions.select_related("decided_by", "head_by", "pupil")),
        parent_contacts=list(case.parent_contacts.select_related("pupil", "recorded_by")),
        referrals=list(case.referrals.select_related("made_by")),
        takedowns=list(case.takedowns.select_related("pupil", "offered_by")),
        deletions=list(case.deletions.select_related("pupil", "asked_by", "confirmed_by")),
        devices=list(case.devices.select_related("pupil", "confiscated_by", "handed_by")),
        actions=list(case.actions.select_related("pupil", "owner", "closed_by")),
        follow_ups=list(case.follow_ups.select_related("scheduled_by", "held_by")),
    )


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    summary: str
    who: str


def concerns_in(case: Case) -> list[Any]:
    """The concerns in the case (the concerns app's model, reached through its `case` link)."""
    related = getattr(case, "concerns", None)
    if related is None:
        return []
    return list(related.select_related("reported_by").order_by("created_at"))


def timeline(case: Case, concerns: list[Any]) -> list[TimelineEntry]:
    """Everything recorded in the case, newest first: its steps, and the concerns that started it
    or were added to it. Two queries however long the case runs."""
    entries = [
        TimelineEntry(e.occurred_at, e.summary, e.actor.full_name if e.actor else "")
        for e in case.events.select_related("actor")
    ]
    entries += [
        TimelineEntry(
            c.created_at,
            f"Concern {c.reference} recorded ({c.get_source_display().lower()})",
            c.reported_by.full_name if c.reported_by else "",
        )
        for c in concerns
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def others_viewing(case: Case, user: Person) -> list[User]:
    """Other people who have had the case open in the last minute."""
    since = timezone.now() - timedelta(seconds=VIEWER_FRESH_SECONDS)
    rows = CaseViewer.objects.filter(case=case, last_seen_at__gte=since).exclude(user_id=user.pk)
    return [row.user for row in rows.select_related("user").order_by("user__full_name")]


def cases_for(user: Person, *, status: str | None) -> QuerySet[Case]:
    """The cases at the schools where the user is on the safeguarding team, newest first."""
    cases = Case.objects.filter(school_id__in=team_school_ids(user))
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    links = CasePupil.objects.select_related("pupil").order_by("added_at", "pk")
    return (
        cases.select_related("school")
        .prefetch_related(Prefetch("case_pupils", queryset=links))
        .annotate(
            open_actions=Count(
                "actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True
            )
        )
        .order_by("-opened_at")
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
    scope = {"case__school_id__in": team_school_ids(user), "case__status": CaseStatus.OPEN}
    items = [
        OverdueItem(a.case_id, a.case.reference, "Support action", a.due_on)
        for a in SupportAction.objects.filter(
            **scope, status=ActionStatus.OPEN, due_on__lt=today
        ).select_related("case")
    ]
    items += [
        OverdueItem(r.case_id, r.case.reference, "Referral not acknowledged", r.acknowledgement_due)
        for r in Referral.objects.filter(
            **scope, acknowledged_at__isnull=True, acknowledgement_due__lt=today
        ).select_related("case")
    ]
    items += [
        OverdueItem(d.case_id, d.case.reference, "Deletion not confirmed", d.deadline)
        for d in DeletionRequest.objects.filter(
            **scope, confirmed_at__isnull=True, deadline__lt=today
        ).select_related("case")
    ]
    items += [
        OverdueItem(f.case_id, f.case.reference, "Follow-up review", f.due_on)
        for f in FollowUpReview.objects.filter(
            **scope, held_at__isnull=True, due_on__lt=today
        ).select_related("case")
    ]
    return sorted(items, key=lambda item: (item.due, item.reference))


def pending_head_agreements(user: Person) -> QuerySet[Decision]:
    """Decisions waiting for this headteacher's answer, at the schools where they are head."""
    schools = [m.school_id for m in memberships(user) if m.role == Role.HEADTEACHER and m.school_id]
    return (
        Decision.objects.filter(
            case__school_id__in=schools,
            head_agreement=HeadAgreement.PENDING,
            case__status=CaseStatus.OPEN,
            superseded_by__isnull=True,
        )
        .select_related("case", "decided_by")
        .order_by("decided_at")
    )


def schools_with_overdue_work(today: date) -> set[int]:
    """Schools with any overdue action, acknowledgement, deletion or follow-up in an open case."""
    open_cases = {"case__status": CaseStatus.OPEN}
    querysets: list[QuerySet[Any]] = [
        SupportAction.objects.filter(**open_cases, status=ActionStatus.OPEN, due_on__lt=today),
        Referral.objects.filter(
            **open_cases, acknowledged_at__isnull=True, acknowledgement_due__lt=today
        ),
        DeletionRequest.objects.filter(**open_cases, confirmed_at__isnull=True, deadline__lt=today),
        FollowUpReview.objects.filter(**open_cases, held_at__isnull=True, due_on__lt=today),
    ]
    found: set[int] = set()
    for queryset in querysets:
        found.update(queryset.values_list("case__school_id", flat=True).distinct())
    return found
