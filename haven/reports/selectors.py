"""The figures behind every report, read in a fixed number of queries (GROUP BY and aggregates,
never a query per concern or case) and never from narrative: codes, dates and counts only.

Each function takes school ids and answers per school, so the trust's view of many schools reads
no more queries than one school's dashboard. Who may see which school is checked by the views
(haven.accounts.permissions); these functions trust their caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from haven.cases.models import (
    ActionStatus,
    Case,
    CaseClosure,
    CaseOutcome,
    CaseStatus,
    ClosureKind,
    ConfiscatedDevice,
    Custody,
    DeletionRequest,
    FollowUpReview,
    InitialReview,
    Referral,
    ReviewKind,
    SupportAction,
    Typology,
)
from haven.concerns.models import Concern, ConcernPupil, ConcernSource, Platform
from haven.curriculum.rules import SchoolTerm, term_of
from haven.reports.rules import Timing, timing

Counts = list[tuple[str, int]]


def starts(day: date) -> datetime:
    """The first moment of `day` in the school's time zone (Haven's one zone)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Period:
    """From `start` up to, not including, `end`."""

    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @classmethod
    def of_term(cls, term: SchoolTerm) -> Period:
        return cls(term.starts, term.ends)

    @classmethod
    def school_year(cls, today: date) -> Period:
        year = term_of(today).school_year
        return cls(date(year, 9, 1), date(year + 1, 9, 1))

    @classmethod
    def inclusive(cls, first: date, last: date) -> Period:
        return cls(first, last + timedelta(days=1))

    def before(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - (self.end - self.start), self.start)

    def concerns(self, prefix: str = "") -> Q:
        return Q(
            **{f"{prefix}created_at__gte": starts(self.start)},
            **{f"{prefix}created_at__lt": starts(self.end)},
        )


# --- The caseload: what is open and waiting -------------------------------------------------------

STAGES: tuple[tuple[str, str], ...] = (
    ("review", "Initial review to do"),
    ("agency", "Waiting for an agency to acknowledge a referral"),
    ("support", "Support actions or follow-up reviews to do"),
    ("settled", "Nothing waiting (may be ready to close)"),
)


@dataclass
class Caseload:
    stages: Counts = field(default_factory=list)
    open_cases: int = 0
    overdue_actions: int = 0
    referrals_awaiting: int = 0
    referrals_overdue: int = 0
    deletions_outstanding: int = 0
    devices_held: int = 0
    follow_ups_due: int = 0


def staged(cases: QuerySet[Case]) -> QuerySet[Any]:
    """Open cases with their `stage` (STAGES), worked out in the query. (Any: the stubs do not
    follow an annotation through a function's return.)"""
    in_case = {"case": OuterRef("pk")}
    return cases.annotate(
        reviewed=Exists(InitialReview.objects.filter(**in_case)),
        waiting=Exists(Referral.objects.filter(**in_case, acknowledged_at__isnull=True)),
        to_do=Exists(SupportAction.objects.filter(**in_case, status=ActionStatus.OPEN))
        | Exists(FollowUpReview.objects.filter(**in_case, held_at__isnull=True)),
    ).annotate(
        stage=SqlCase(
            When(reviewed=False, then=Value("review")),
            When(waiting=True, then=Value("agency")),
            When(to_do=True, then=Value("support")),
            default=Value("settled"),
            output_field=CharField(),
        )
    )


def caseload(school_ids: Sequence[int], today: date) -> dict[int, Caseload]:
    """Open cases by stage and the work outstanding in them, per school. Six queries."""
    found = {pk: Caseload() for pk in school_ids}
    open_cases = staged(Case.objects.filter(school_id__in=school_ids, status=CaseStatus.OPEN))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in open_cases.values("school_id", "stage").annotate(n=Count("pk")).order_by():
        counts[row["school_id"]][row["stage"]] = row["n"]
    for pk, load in found.items():
        load.stages = [(label, counts[pk].get(code, 0)) for code, label in STAGES]
        load.open_cases = sum(n for _, n in load.stages)
    in_open = {"case__school_id__in": school_ids, "case__status": CaseStatus.OPEN}
    by_school = ("case__school_id",)
    for row in (
        SupportAction.objects.filter(**in_open, status=ActionStatus.OPEN, due_on__lt=today)
        .values(*by_school)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[row["case__school_id"]].overdue_actions = row["n"]
    for row in (
        Referral.objects.filter(**in_open, acknowledged_at__isnull=True)
        .values(*by_school)
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(acknowledgement_due__lt=today)))
        .order_by()
    ):
        found[row["case__school_id"]].referrals_awaiting = row["n"]
        found[row["case__school_id"]].referrals_overdue = row["late"]
    for row in (
        DeletionRequest.objects.filter(**in_open, confirmed_at__isnull=True, closed_at__isnull=True)
        .values(*by_school)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[row["case__school_id"]].deletions_outstanding = row["n"]
    # A device still held matters even once its case is closed: custody must always be known.
    for row in (
        ConfiscatedDevice.objects.filter(case__school_id__in=school_ids, custody=Custody.HELD)
        .values(*by_school)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[row["case__school_id"]].devices_held = row["n"]
    for row in (
        FollowUpReview.objects.filter(**in_open, held_at__isnull=True, due_on__lte=today)
        .values(*by_school)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[row["case__school_id"]].follow_ups_due = row["n"]
    return found


# --- Response times -------------------------------------------------------------------------------

MEASURES: tuple[tuple[str, str], ...] = (
    ("acknowledgement", "From a concern to the team acknowledging it"),
    ("review", "From the first concern to the initial review"),
    ("referral", "From the first concern to a referral"),
)


@dataclass(frozen=True)
class ResponseTime:
    code: str
    label: str
    this_term: Timing
    last_term: Timing


def response_times(school_ids: Sequence[int], today: date) -> dict[int, list[ResponseTime]]:
    """Per school, for this term and the last: concern to acknowledgement (concerns received in
    the term), first concern to initial review and to the first referral (cases whose first
    concern came in the term). Median and slowest. Two queries."""
    now = term_of(today)
    return response_times_between(school_ids, Period.of_term(now), Period.of_term(now.previous()))


def response_times_between(
    school_ids: Sequence[int], this: Period, last: Period
) -> dict[int, list[ResponseTime]]:
    """As `response_times`, for any two periods (`last` before `this`). Two queries."""
    terms = {"this": this, "last": last}
    span = Period(min(last.start, this.start), max(this.end, last.end))
    durations: dict[tuple[int, str, str], list[timedelta]] = defaultdict(list)

    def term_key(moment: datetime) -> str | None:
        day = timezone.localdate(moment)
        for key, period in terms.items():
            if period.start <= day < period.end:
                return key
        return None

    acknowledged = Concern.objects.filter(
        span.concerns(), school_id__in=school_ids, acknowledged_at__isnull=False
    ).values_list("school_id", "created_at", "acknowledged_at")
    for school_id, created, acked in acknowledged:
        if acked is not None and (key := term_key(created)):
            durations[(school_id, "acknowledgement", key)].append(acked - created)
    first_review = InitialReview.objects.filter(case=OuterRef("pk"), kind=ReviewKind.INITIAL)
    first_referral = Referral.objects.filter(case=OuterRef("pk"))
    cases = (
        Case.objects.filter(school_id__in=school_ids)
        .annotate(
            began=Coalesce(Min("concerns__created_at"), "opened_at"),
            reviewed=Subquery(first_review.order_by("recorded_at").values("recorded_at")[:1]),
            referred=Subquery(first_referral.order_by("made_at").values("made_at")[:1]),
        )
        .filter(began__gte=starts(span.start), began__lt=starts(span.end))
        .values_list("school_id", "began", "reviewed", "referred")
    )
    for school_id, began, reviewed, referred in cases:
        if key := term_key(began):
            if reviewed:
                durations[(school_id, "review", key)].append(reviewed - began)
            if referred:
                durations[(school_id, "referral", key)].append(referred - began)
    return {
        pk: [
            ResponseTime(
                code,
                label,
                timing(durations[(pk, code, "this")]),
                timing(durations[(pk, code, "last")]),
            )
            for code, label in MEASURES
        ]
        for pk in school_ids
    }


# --- Trends ---------------------------------------------------------------------------------------


@dataclass
class Trends:
    """One school's incidents in a period, counted several ways. Concerns for when, who told us,
    year group and platform; cases (one incident, however many concerns) for typology and
    outcome."""

    period: Period
    concerns: int = 0
    cases: int = 0
    months: Counts = field(default_factory=list)
    year_groups: Counts = field(default_factory=list)
    typology: Counts = field(default_factory=list)
    kinds: Counts = field(default_factory=list)  # aggravated / experimental / AI / sextortion
    platforms: Counts = field(default_factory=list)
    sources: Counts = field(default_factory=list)
    outcomes: Counts = field(default_factory=list)


def _months(period: Period) -> list[date]:
    first, found = date(period.start.year, period.start.month, 1), []
    while first < period.end:
        found.append(first)
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return found


def trends(school_id: int, period: Period) -> Trends:
    """Seven queries, however many concerns."""
    found = Trends(period)
    concerns = Concern.objects.filter(period.concerns(), school_id=school_id)
    by_month = {
        timezone.localdate(row["month"]).replace(day=1)
        if isinstance(row["month"], datetime)
        else row["month"]: row["n"]
        for row in concerns.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    found.months = [(m.strftime("%B %Y"), by_month.get(m, 0)) for m in _months(period)]
    found.concerns = sum(n for _, n in found.months)
    sources = dict(concerns.values_list("source").annotate(n=Count("pk")).order_by())
    found.sources = [(label, sources.get(code, 0)) for code, label in ConcernSource.choices]
    found.platforms = _platforms(concerns)
    found.year_groups = _year_groups(school_id, period)
    _cases(found, school_id, period)
    return found


def _platforms(concerns: QuerySet[Concern]) -> Counts:
    # The platforms are a JSON list: counted in one aggregate by looking for each code, quoted, in
    # the list's text (the same on SQLite and PostgreSQL), rather than reading every concern.
    listed = concerns.annotate(listed=Cast("platforms", TextField()))
    counts = listed.aggregate(
        **{code: Count("pk", filter=Q(listed__contains=f'"{code}"')) for code in Platform.values}
    )
    return [(label, counts[code]) for code, label in Platform.choices]


def _year_groups(school_id: int, period: Period) -> Counts:
    rows = (
        ConcernPupil.objects.filter(period.concerns("concern__"), concern__school_id=school_id)
        .values("pupil__year_group__name", "pupil__year_group__curriculum_year")
        .annotate(n=Count("concern", distinct=True))
        .order_by("pupil__year_group__curriculum_year")
    )
    return [(row["pupil__year_group__name"] or "No year group", row["n"]) for row in rows]


def _cases(found: Trends, school_id: int, period: Period) -> None:
    """Typology, AI and sextortion, and outcomes of the cases opened in the period."""
    cases = Case.objects.filter(
        school_id=school_id,
        opened_at__gte=starts(period.start),
        opened_at__lt=starts(period.end),
    )
    typology = dict(cases.values_list("typology").annotate(n=Count("pk")).order_by())
    found.typology = [(label, typology.get(code, 0)) for code, label in Typology.choices]
    flags = cases.aggregate(
        all=Count("pk"),
        ai=Count("pk", filter=Q(ai_generated=True)),
        sextortion=Count("pk", filter=Q(sextortion=True)),
    )
    found.cases = flags["all"]
    aggravated = sum(n for code, n in typology.items() if code.startswith("aggravated"))
    experimental = sum(n for code, n in typology.items() if code.startswith("experimental"))
    found.kinds = [
        ("Aggravated", aggravated),
        ("Experimental", experimental),
        ("Made or altered by software (AI)", flags["ai"]),
        ("Sextortion", flags["sextortion"]),
    ]
    latest = CaseClosure.objects.filter(case=OuterRef("pk"), kind=ClosureKind.CLOSED)
    outcomes = dict(
        cases.filter(status=CaseStatus.CLOSED)
        .annotate(outcome=Subquery(latest.order_by("-recorded_at").values("outcome")[:1]))
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found.outcomes = [
        (label, outcomes.get(code, 0) + (outcomes.get(None, 0) if code == "" else 0))
        for code, label in CaseOutcome.choices
    ]
    found.outcomes.append(("Still open", found.cases - sum(outcomes.values())))


# --- Across schools (the trust) ----------------------------------------------------------------


@dataclass(frozen=True)
class SchoolFigures:
    concerns_this_year: int
    open_cases: int
    times: list[ResponseTime]


def headline(school_ids: Sequence[int], today: date) -> dict[int, SchoolFigures]:
    """Each school's concerns this school year, open cases and response times. Four queries."""
    year = Period.school_year(today)
    concerns = dict(
        Concern.objects.filter(year.concerns(), school_id__in=school_ids)
        .values_list("school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_cases = dict(
        Case.objects.filter(school_id__in=school_ids, status=CaseStatus.OPEN)
        .values_list("school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    times = response_times(school_ids, today)
    return {
        pk: SchoolFigures(concerns.get(pk, 0), open_cases.get(pk, 0), times[pk])
        for pk in school_ids
    }


# --- For the local authority's return ---------------------------------------------------------


def referrals_by_agency(school_id: int, period: Period) -> dict[str, int]:
    """Referrals made in the period, by agency code. One query."""
    return dict(
        Referral.objects.filter(
            case__school_id=school_id,
            made_at__gte=starts(period.start),
            made_at__lt=starts(period.end),
        )
        .values_list("agency")
        .annotate(n=Count("pk"))
        .order_by()
    )


def devices_confiscated(school_id: int, period: Period) -> int:
    return ConfiscatedDevice.objects.filter(
        case__school_id=school_id,
        confiscated_at__gte=starts(period.start),
        confiscated_at__lt=starts(period.end),
    ).count()
