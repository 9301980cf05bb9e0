"""Reads of cases, each scoped to what the reader may see, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Person, head_school_ids
from haven.cases.models import (
    ActionStatus,
    Agency,
    Case,
    CaseClosure,
    CasePupil,
    CaseStatus,
    CaseViewer,
    ConfiscatedDevice,
    Decision,
    DecisionType,
    DeletionRequest,
    DeviceSearch,
    EarlyHelp,
    FollowUpReview,
    HeadAgreement,
    InitialReview,
    LadoDuty,
    NamedAccess,
    ParentContact,
    PartnerOutcome,
    PupilConversation,
    Referral,
    SupportAction,
    TakedownHelp,
    UnavoidableViewing,
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
    override_blockers,
    parse_facts,
    referral_requirement,
)
from haven.cases.rules.lado import lado_overdue
from haven.cases.visible import visible_cases
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
    lado_duty: LadoDuty | None = None
    named: list[NamedAccess] = field(default_factory=list)
    partner_outcomes: list[PartnerOutcome] = field(default_factory=list)
    early_help: list[EarlyHelp] = field(default_factory=list)
    unavoidable_viewings: list[UnavoidableViewing] = field(default_factory=list)
    searches: list[DeviceSearch] = field(default_factory=list)
    conversations: list[PupilConversation] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    def lado_referrals(self) -> list[Referral]:
        return [r for r in self.referrals if r.agency == Agency.LADO]

    def current_named(self) -> list[NamedAccess]:
        return [n for n in self.named if n.is_current]

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
    def criteria(self) -> list[str]:
        """The immediate-referral criteria the review in force meets (codes)."""
        review = self.review
        return review.criteria if review else []

    @property
    def override_refused(self) -> tuple[str, ...]:
        """Why no override may waive the referral on today's facts (`never_overridden_because`)."""
        assessment = self.assessment
        return assessment.never_overridden_because if assessment else ()

    @property
    def requirement(self) -> ReferralRequirement:
        # An override agreed on facts that now allow none (sextortion found later) answers nothing.
        return referral_requirement(
            self._requirement_events(),
            criteria=self.criteria,
            override_allowed=not self.override_refused,
        )

    def _requirement_events(self) -> list[RequirementEvent]:
        events = [
            RequirementEvent(
                r.recorded_at, RequirementKind.CRITERION_MET, frozenset(r.new_criteria)
            )
            for r in self.reviews
            if r.new_criteria
        ]
        events += [
            RequirementEvent(r.made_at, RequirementKind.REFERRAL)
            for r in self.referrals
            if r.counts_as_required_referral
        ]
        # An override counts from the head's agreement, for the criteria it was asked for only.
        events += [
            RequirementEvent(
                d.head_at, RequirementKind.OVERRIDE, frozenset(d.criteria_when_decided)
            )
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

    def pupils_not_heard(self) -> tuple[tuple[str, str], ...]:
        """The pupils with no conversation recorded yet: (id, name), in the case's order."""
        heard = {c.pupil_id for c in self.conversations}
        return tuple(
            (str(link.pupil_id), link.pupil.display_name)
            for link in self.links
            if link.pupil_id not in heard
        )

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
            if is_overdue(d.deadline, today=self.today, settled=d.is_settled)
        ]

    def overdue_follow_ups(self) -> list[FollowUpReview]:
        return [
            f
            for f in self.follow_ups
            if is_overdue(f.due_on, today=self.today, settled=bool(f.held_at))
        ]

    def pending_head(self, *, ignore: Any = None) -> list[Decision]:
        """Decisions in force waiting for the headteacher's answer (`ignore`: one decision's id
        to leave out, when asking whether that very decision may be agreed)."""
        return [
            d
            for d in self.current_decisions()
            if d.head_agreement == HeadAgreement.PENDING and d.pk != ignore
        ]

    @property
    def unfinished_decision(self) -> Decision | None:
        """The "close with work not finished" decision in force, if any (shown on the case)."""
        return self.current(DecisionType.CLOSE_UNFINISHED)

    def unfinished_agreed(self) -> frozenset[str]:
        """What an agreed "close with work not finished" decision in force covers."""
        decision = self.current(DecisionType.CLOSE_UNFINISHED)
        if decision is None or not decision.is_agreed:
            return frozenset()
        # Used once: a case closed over it and reopened needs the head to agree again. (One
        # query, only on the rare case that has such a decision.)
        if CaseClosure.objects.filter(unfinished_decision=decision).exists():
            return frozenset()
        return frozenset(decision.unfinished_when_decided)

    def progress(self, *, ignore_decision: Any = None) -> CaseProgress:
        review, requirement = self.review, self.requirement
        open_actions = [a for a in self.actions if a.is_open]
        partnered = [r for r in self.referrals if r.has_partner_outcomes]
        # The LADO's acknowledgement is chased like a required referral's.
        statutory = [
            r for r in self.referrals if r.counts_as_required_referral or r.agency == Agency.LADO
        ]
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
            deletions_unconfirmed=sum(1 for d in self.deletions if not d.is_settled),
            deletions_overdue=len(self.overdue_deletions()),
            devices=len(self.devices),
            devices_held=sum(1 for d in self.devices if d.is_held),
            follow_ups_booked=tuple(f.due_on for f in self.follow_ups if not f.held_at),
            follow_ups_overdue=len(self.overdue_follow_ups()),
            follow_ups_held=sum(1 for f in self.follow_ups if f.held_at),
            staff_seen=len(self.unavoidable_viewings),
            staff_seen_without_support=sum(
                1 for v in self.unavoidable_viewings if v.support_id is None
            ),
            searches_imagery_seen=sum(1 for s in self.searches if s.staff_saw_imagery),
            pupils_not_heard=self.pupils_not_heard(),
            decisions_pending_head=tuple(
                d.get_type_display() for d in self.pending_head(ignore=ignore_decision)
            ),
            referrals_unanswered=tuple(
                r.get_agency_display() for r in statutory if not r.is_answered
            ),
            deletions_unsettled=sum(1 for d in self.deletions if not d.is_settled),
            typology_recorded=bool(self.case.typology),
            unfinished_agreed=self.unfinished_agreed(),
            partner_referrals=len(partnered),
            partner_referrals_decided=len(
                {o.referral_id for o in self.partner_outcomes} & {r.pk for r in partnered}
            ),
            early_help=len(self.early_help),
            lado_due=self.lado_duty.due_on if self.lado_duty else None,
            lado_told=bool(self.lado_referrals()),
            lado_answered=any(r.is_answered for r in self.lado_referrals()),
            lado_overdue=self.lado_duty is not None
            and lado_overdue(
                self.lado_duty.due_on, today=self.today, told=bool(self.lado_referrals())
            ),
        )


def load_records(case: Case) -> CaseRecords:
    """Every record of the case, one query per kind, so pages stay constant as cases grow."""
    return CaseRecords(
        case=case,
        # The page shows each pupil's year group: read with them, not one query per pupil.
        links=list(case.case_pupils.select_related("pupil__year_group").order_by("added_at", "pk")),
        reviews=list(case.reviews.select_related("recorded_by")),
        decisions=list(case.decisions.select_related("decided_by", "head_by", "pupil")),
        parent_contacts=list(case.parent_contacts.select_related("pupil", "recorded_by")),
        referrals=list(case.referrals.select_related("made_by")),
        takedowns=list(case.takedowns.select_related("pupil", "offered_by")),
        deletions=list(case.deletions.select_related("pupil", "asked_by", "confirmed_by")),
        devices=list(case.devices.select_related("pupil", "confiscated_by", "handed_by")),
        actions=list(case.actions.select_related("pupil", "owner", "closed_by")),
        follow_ups=list(case.follow_ups.select_related("scheduled_by", "held_by")),
        lado_duty=LadoDuty.objects.filter(case=case).first(),
        named=list(case.named_access.select_related("user", "added_by", "removed_by")),
        partner_outcomes=list(case.partner_outcomes.all()),
        early_help=list(case.early_help.select_related("pupil")),
        unavoidable_viewings=list(case.unavoidable_viewings.all()),
        searches=list(case.searches.all()),
        conversations=list(case.conversations.all()),
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
    """The cases the user may see (`visible_cases_q`), newest first."""
    cases = visible_cases(user)
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


def pending_head_agreements(user: Person) -> QuerySet[Decision]:
    """Decisions waiting for this headteacher's answer, at the schools where they are head: not
    their own decisions, which another headteacher must answer."""
    schools = head_school_ids(user)
    return (
        Decision.objects.filter(
            case__school_id__in=schools,
            head_agreement=HeadAgreement.PENDING,
            case__status=CaseStatus.OPEN,
            superseded_by__isnull=True,
        )
        .exclude(decided_by_id=user.pk)
        .select_related("case", "decided_by")
        .order_by("decided_at")
    )


NO_HEAD_TO_AGREE = (
    "There is no other headteacher at this school to agree, and nobody may agree to their own"
    " decision: {then}"
)


def no_head_to_agree(case: Case, decided_by: Person, *, then: str) -> list[str]:
    """Empty when a headteacher other than `decided_by` can agree to their decision; otherwise
    why not, in words, ending with `then` (what to do instead)."""
    return [] if heads_who_may_agree(case, decided_by) else [NO_HEAD_TO_AGREE.format(then=then)]


def override_refusals(case: Case, user: Person) -> list[str]:
    """Why `user` may not ask to override the case's required referral, in words (empty: they
    may): an adult involved or a child at immediate risk, or no other head to agree. For the
    referrals page, which offers the override only when this is empty. Two queries."""
    review = case.reviews.filter(superseded_by__isnull=True).first()
    criteria = review.criteria if review else []
    refused = assess(parse_facts(review.facts)).never_overridden_because if review else ()
    return override_blockers(criteria=criteria, refused=refused) or no_head_to_agree(
        case, user, then="make the referral."
    )


def heads_who_may_agree(case: Case, decided_by: Person) -> list[User]:
    """The headteachers at the case's school who may agree to a decision: anyone holding the
    role there, active, except the person who made the decision (nobody agrees to their own)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__school_id=case.school_id,
            memberships__role=Role.HEADTEACHER,
            memberships__is_active=True,
        )
        .exclude(pk=decided_by.pk)
        .distinct()
        .order_by("full_name", "pk")
    )
